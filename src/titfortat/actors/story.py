"""Story-level actor memory: the main country and who was mentioned where.

Built once per Doc (kept in `memory(doc)["actors"]`) from the story's noun chunks, so a
later "he", "Kadhimi", "the prime minister" or "the militias" can be linked to the full
mention that came before it. Links are made only when unambiguous: a pronoun takes the
latest fitting mention before it; a bare role ("the militias") the latest mention with the
same role noun; an unknown surname the latest person whose name ends with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from titfortat.actors.resolver import ActorResolver, Mention
from titfortat.model import Entity


@dataclass
class StoryMemory:
    """Mentions of one story in text order, plus its main country."""

    main_country: str | None
    mentions: list[tuple[int, Mention]] = field(default_factory=list)

    def add(self, offset: int, mention: Mention) -> None:
        if mention.entity.sector in (None, "UNK") and not mention.entity.identifier_id:
            return
        self.mentions.append((offset, mention))
        self.mentions.sort(key=lambda om: om[0])

    def _before(self, offset: int) -> list[Mention]:
        return [m for o, m in reversed(self.mentions) if o < offset]

    def antecedent(self, mention: Mention, offset: int) -> Mention | None:
        """The earlier mention this one refers to, if there is exactly one good candidate."""
        earlier = self._before(offset)
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
            same = [m for m in earlier if (m.head == mention.head or
                                           (mention.office and m.office == mention.office))
                    and m.plural == mention.plural]
            if same and (mention.entity.code is None or same[0].entity.code == mention.entity.code):
                return same[0]
        return None


def story_memory(doc: Doc, resolver: ActorResolver, date: dt.date | None,
                 store: dict[str, object]) -> StoryMemory:
    """The memory of `doc`, built on first use and cached in the Doc's shared memory."""
    cached = store.get("actors")
    if isinstance(cached, StoryMemory):
        return cached
    mem = StoryMemory(main_country=resolver.main_country(doc.text))
    for chunk in _chunks(doc):
        if not any(t.pos_ == "PROPN" or t.ent_type_ for t in chunk):
            continue  # generic mentions enter the memory when an event resolves them
        res = resolver.resolve(chunk.text, date=date, default_country=mem.main_country)
        for m in res.mentions:
            if m.pronoun is None and (m.entry_id or m.person or m.head or m.entity.code):
                mem.add(chunk.start_char, m)
    store["actors"] = mem
    store["actors.main_country"] = mem.main_country
    return mem


def _chunks(doc: Doc) -> list:  # type: ignore[type-arg]
    try:
        return list(doc.noun_chunks)
    except ValueError:  # no parser: fall back to named entities
        return list(doc.ents)


def linked(mention: Mention, antecedent: Mention) -> Entity:
    """The antecedent's entity under this mention's text."""
    return replace(antecedent.entity, entity_text=mention.entity.entity_text)
