"""Story-level actor memory: the main country and who was mentioned where.

Built once per Doc (kept in `memory(doc)["actors"]`) from the story's named noun chunks
(resolved lazily, see `StoryMemory`), so a later "he", "Kadhimi", "the prime minister" or
"the militias" can be linked to the full mention that came before it. Links are made only when unambiguous: a pronoun takes the
latest fitting mention before it; a bare role ("the militias") the latest mention with the
same role noun; an unknown surname the latest person whose name ends with it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.attrs import ENT_TYPE, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc

from titfortat.actors.resolver import ActorResolver, Mention
from titfortat.model import Entity
from titfortat.nlp.draft import doc_noun_chunks, doc_text


def _remembered(mention: Mention) -> bool:
    """Only mentions that say who (a sector or a dictionary identity) can be antecedents."""
    return mention.entity.sector not in (None, "UNK") or bool(mention.entity.identifier_id)


@dataclass
class StoryMemory:
    """Mentions of one story in text order, plus its main country.

    The story's named noun chunks are resolved lazily. Most event mentions resolve on their
    own ("Iraqi police", a dictionary name) and never ask for an antecedent; one that does
    takes the latest fitting mention before it, so the chunks are read backwards from it
    and only until one fits. Each chunk is read at most once, and a query sees the same
    mentions in the same order as if every chunk had been read up front."""

    main_country: str | None
    chunks: list[tuple[int, str]] = field(default_factory=list)  # (offset, text) of named chunks, in order
    resolver: ActorResolver | None = None  # resolves the chunks
    date: dt.date | None = None  # the date chunks are resolved on (publication date)
    _known: dict[str, list[Mention]] = field(default_factory=dict)  # chunk text -> its mentions
    _added: list[tuple[int, Mention]] = field(default_factory=list)  # event mentions, as added

    def add(self, offset: int, mention: Mention) -> None:
        if _remembered(mention):
            self._added.append((offset, mention))

    def _chunk_mentions(self, k: int) -> list[Mention]:
        """The remembered mentions of chunk `k` (a text repeated in the story is resolved
        once)."""
        text = self.chunks[k][1]
        if text not in self._known:
            self._known[text] = self._resolve_chunk(text)
        return self._known[text]

    def _resolve_chunk(self, text: str) -> list[Mention]:
        if self.resolver is None:
            return []
        res = self.resolver.resolve(text, date=self.date, default_country=self.main_country)
        return [m for m in res.mentions
                if m.pronoun is None and (m.entry_id or m.person or m.head or m.entity.code) and _remembered(m)]

    def _earlier(self, offset: int) -> Iterator[Mention]:
        """Mentions before `offset`, latest first: the chunks before it, backwards, merged
        with the event mentions added so far. At one offset event mentions come before the
        chunk's (reading all chunks up front put them after it), the last added first."""
        events = sorted(((o, k) for k, (o, _) in enumerate(self._added) if o < offset), reverse=True)
        e = 0
        for k in range(bisect_left(self.chunks, (offset,)) - 1, -1, -1):
            while e < len(events) and events[e][0] >= self.chunks[k][0]:
                yield self._added[events[e][1]][1]
                e += 1
            yield from reversed(self._chunk_mentions(k))
        for _, j in events[e:]:
            yield self._added[j][1]

    def antecedent(self, mention: Mention, offset: int) -> Mention | None:
        """The earlier mention this one refers to, if there is exactly one good candidate."""
        earlier = self._earlier(offset)
        if mention.pronoun == "person":
            return next((m for m in earlier if m.person and not m.plural), None)
        if mention.pronoun == "group":
            return next((m for m in earlier if m.plural or (m.entry_id and not m.person)), None)
        if mention.pronoun == "thing":
            return next((m for m in earlier if not m.person and not m.plural), None)
        if mention.names and not mention.entity.identifier_id:
            last = mention.names[-1]
            return next((m for m in earlier if m.names and m.names[-1] == last), None)
        if mention.head and not mention.entity.identifier_id and not mention.names:
            same = next((m for m in earlier if (m.head == mention.head or
                                                (mention.office and m.office == mention.office))
                         and m.plural == mention.plural), None)
            if same and (mention.entity.code is None or same.entity.code == mention.entity.code):
                return same
        return None


def story_memory(doc: Doc, resolver: ActorResolver, date: dt.date | None,
                 store: dict[str, object]) -> StoryMemory:
    """The memory of `doc`, built on first use and cached in the Doc's shared memory."""
    cached = store.get("actors")
    if isinstance(cached, StoryMemory):
        return cached
    # generic mentions enter the memory when an event resolves them
    names = _name_tokens(doc)
    named = [c for c in _chunks(doc) if not names.isdisjoint(range(c.start, c.end))]
    mem = StoryMemory(main_country=resolver.main_country(doc_text(doc)),
                      chunks=sorted((c.start_char, c.text) for c in named), resolver=resolver, date=date)
    store["actors"] = mem
    store["actors.main_country"] = mem.main_country
    return mem


def _name_tokens(doc: Doc) -> set[int]:
    """Indices of the proper nouns and entity tokens, read in one pass over the Doc's
    arrays (Token objects are costly to make, and every chunk would make its own)."""
    rows = doc.to_array([POS, ENT_TYPE]).tolist()
    return {i for i, (pos, ent) in enumerate(rows) if pos == PROPN or ent}


def _chunks(doc: Doc) -> list:  # type: ignore[type-arg]
    try:
        return doc_noun_chunks(doc)
    except ValueError:  # no parser: fall back to named entities
        return list(doc.ents)


def linked(mention: Mention, antecedent: Mention) -> Entity:
    """The antecedent's entity under this mention's text."""
    return replace(antecedent.entity, entity_text=mention.entity.entity_text)
