"""Fixtures of the places tests: the bare spaCy model, the gazetteer, and a helper that runs
the places stage on one draft built by hand on a parsed text (no trigger stage needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from titfortat.coding.lexicon import LexEntry
from titfortat.geo.component import PlacesComponent
from titfortat.geo.gazetteer import Gazetteer
from titfortat.nlp.draft import Draft, drafts, register_extensions
from titfortat.nlp.pipeline import load_base

ENTRY = LexEntry(pattern="test", pos="verb", lemma="test", particle=None, objects=(), modifiers=(),
                 event="ASSAULT", mode=None, cameo="190", goldstein=-10.0, event_scale=-9.0,
                 quad_code=4, contexts=(), acled_type=None, acled_sub=None, confidence=1.0,
                 needs_recipient=False, roles="normal", source="tests/geo")


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    register_extensions()
    return load_base()


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def run_places(base_nlp: Language, gaz: Gazetteer) -> Callable[[str, str, int], tuple[Draft, Doc]]:
    """Parse `text`, put a draft on the `nth` token spelled `trigger`, run the places stage."""
    stage = PlacesComponent(gaz)

    def run(text: str, trigger: str, nth: int = 0) -> tuple[Draft, Doc]:
        doc = base_nlp(text)
        tok = [t for t in doc if t.text == trigger][nth]
        kind = "noun" if tok.pos_ in ("NOUN", "PROPN") else "verb"
        draft = Draft(trigger=doc[tok.i: tok.i + 1], head=tok, entry=ENTRY, kind=kind)
        drafts(doc).append(draft)
        stage(doc)
        return draft, doc

    return run
