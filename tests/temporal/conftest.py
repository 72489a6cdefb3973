"""Fixtures for the date tests: the bare spaCy model and hand-built drafts.

The date stage only needs drafts with a trigger, a head and a modality, so the tests build
them directly on a parsed Doc, independent of the trigger lexicon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from titfortat.coding.lexicon import LexEntry
from titfortat.model import Story
from titfortat.nlp import pipeline
from titfortat.nlp.draft import Draft, register_extensions
from titfortat.temporal.component import DateStage

DateRunner = Callable[..., tuple[Doc, list[Draft]]]


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    """The bare spaCy model, loaded once."""
    register_extensions()
    return pipeline.load_base()


def entry(lemma: str, pos: str, event: str = "ASSAULT") -> LexEntry:
    """A minimal lexicon entry; the date stage reads only its event type."""
    return LexEntry(pattern=lemma, pos=pos, lemma=lemma, particle=None, objects=(), modifiers=(),
                    event=event, mode=None, cameo="190", goldstein=-10.0, event_scale=-9.0,
                    quad_code=4, contexts=(), acled_type=None, acled_sub=None, confidence=0.5,
                    needs_recipient=False, roles="normal", source="test:1")


def default_trigger(doc: Doc) -> int:
    """The root of the last sentence: the event of a single-event case."""
    return list(doc.sents)[-1].root.i


@pytest.fixture(scope="session")
def run_dates(base_nlp: Language) -> DateRunner:
    """Parse `text`, put drafts on the given trigger words (default: the last sentence's
    root), run the date stage, and return the doc and its drafts in trigger order."""

    def run(text: str, pub: str | None, triggers: list[str] | None = None,
            modality: str = "asserted") -> tuple[Doc, list[Draft]]:
        doc = base_nlp(text)
        date = dt.date.fromisoformat(pub) if pub else None
        doc._.tft_story = Story(id="t", text=text, date=date)
        if triggers:
            indexes = [_find(doc, word) for word in triggers]
        else:
            indexes = [default_trigger(doc)]
        events = [w.partition(":")[2] or "ASSAULT" for w in triggers or [""]]
        made = []
        for i, event in zip(indexes, events, strict=True):
            tok = doc[i]
            kind = "noun" if tok.pos_ in ("NOUN", "PROPN") else "verb"
            made.append(Draft(trigger=doc[i:i + 1], head=tok, entry=entry(tok.lemma_, kind, event),
                              kind=kind, modality=modality))
        doc._.tft_events = list(made)
        DateStage()(doc)
        return doc, made

    return run


def _find(doc: Doc, word: str) -> int:
    """Index of a trigger word; "word#2" is its second occurrence, "word:CONSULT" its type."""
    text, _, nth = word.partition(":")[0].partition("#")
    hits = [t.i for t in doc if t.text == text]
    if not hits:
        raise AssertionError(f"trigger {text!r} not in {doc.text!r}")
    return hits[int(nth or 1) - 1]
