"""The draft event: what titfortat components write on `doc._.tft_events`.

The trigger component creates drafts; later components (roles, modality, actors, dates,
places, contexts, discard) fill or veto them; `coding.build` freezes them into Events.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from titfortat.coding.evidence import Evidence
from titfortat.coding.lexicon import LexEntry
from titfortat.model import Entity, Location, Story


@dataclass
class Draft:
    """A mutable event under construction inside one Doc."""

    trigger: Span  # the trigger words (verb, phrasal verb, noun or multi-word expression)
    head: Token  # the syntactic head of the trigger
    entry: LexEntry  # the lexicon entry that fired
    kind: str  # "verb" or "noun"
    actor_spans: list[Span] = field(default_factory=list)
    recipient_spans: list[Span] = field(default_factory=list)
    actors: list[Entity] = field(default_factory=list)
    recipients: list[Entity] = field(default_factory=list)
    modality: str = "asserted"
    date: dt.date | None = None
    date_precision: str | None = None
    date_text: str | None = None
    location: Location | None = None
    contexts: list[str] = field(default_factory=list)
    size: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.5
    discarded: str | None = None  # reason, when a discard rule vetoed the draft
    notes: list[str] = field(default_factory=list)  # explanation of decisions taken
    # what stages know about the event's type, for the one place that decides it
    evidence: list[Evidence] = field(default_factory=list)
    # the ACLED (type, sub-type) decided from the evidence (titfortat.coding.decide); None
    # until decided
    acled: tuple[str | None, str | None] | None = None
    # the event this one is about ("X claimed that Y attacked": the attack), whose final
    # actors an accusation without named doers takes as its recipients
    about: Draft | None = field(default=None, repr=False, compare=False)
    # (head index, its sentence): every stage asks for the sentence, and spaCy finds it by
    # walking the tokens each time
    _sent: tuple[int, Span] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def sent(self) -> Span:
        """The sentence of the head (remembered while the head stays the same)."""
        if self._sent is None or self._sent[0] != self.head.i:
            self._sent = (self.head.i, self.head.sent)
        return self._sent[1]


def register_extensions() -> None:
    """Declare the Doc attributes titfortat uses (idempotent)."""
    if not Doc.has_extension("tft_story"):
        Doc.set_extension("tft_story", default=None)
    if not Doc.has_extension("tft_events"):
        Doc.set_extension("tft_events", default=None)
    if not Doc.has_extension("tft_memory"):
        # story-level state shared by stages (actor coreference, timeline, main country)
        Doc.set_extension("tft_memory", default=None)


def story_of(doc: Doc) -> Story | None:
    story: Story | None = doc._.tft_story
    return story


def drafts(doc: Doc) -> list[Draft]:
    """The drafts of a Doc, creating the list on first use."""
    if doc._.tft_events is None:
        doc._.tft_events = []
    out: list[Draft] = doc._.tft_events
    return out


def memory(doc: Doc) -> dict[str, object]:
    """Story-level scratch space shared by components."""
    if doc._.tft_memory is None:
        doc._.tft_memory = {}
    out: dict[str, object] = doc._.tft_memory
    return out


def doc_lemmas(doc: Doc) -> list[str]:
    """Lowercase lemmas of every token, kept in the Doc's memory: several stages read them."""
    mem = memory(doc)
    found = mem.get("lemmas")
    if not isinstance(found, list):
        found = mem["lemmas"] = [t.lemma_.lower() for t in doc]
    return found


def doc_text(doc: Doc) -> str:
    """The Doc's text, kept in its memory: spaCy rebuilds `doc.text` from every token on each
    access, and several stages read the whole story."""
    mem = memory(doc)
    text = mem.get("text")
    if not isinstance(text, str):
        text = mem["text"] = doc.text
    return text


def doc_noun_chunks(doc: Doc) -> list[Span]:
    """The Doc's noun chunks, kept in its memory: spaCy finds them by walking the whole Doc
    on each access, even for one sentence's (`Span.noun_chunks` filters the Doc's). Raises
    ValueError, as spaCy does, when the Doc has no parse."""
    mem = memory(doc)
    found = mem.get("noun_chunks")
    if not isinstance(found, list):
        found = mem["noun_chunks"] = list(doc.noun_chunks)
        mem["noun_chunks.starts"] = [c.start for c in found]
    return found


def span_noun_chunks(span: Span) -> list[Span]:
    """The noun chunks inside `span` (`span.noun_chunks`, read from `doc_noun_chunks`)."""
    chunks = doc_noun_chunks(span.doc)
    starts: list[int] = memory(span.doc)["noun_chunks.starts"]  # type: ignore[assignment]
    inside = []
    for chunk in chunks[bisect_left(starts, span.start):]:
        if chunk.start >= span.end:
            break
        if chunk.end <= span.end:
            inside.append(chunk)
    return inside


def publication_date(doc: Doc) -> dt.date | None:
    story = story_of(doc)
    return story.date if story else None
