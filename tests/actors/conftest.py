"""Fixtures for actor tests: a parsed Doc with hand-built drafts, run through the stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from titfortat.actors.component import ActorsComponent
from titfortat.coding.lexicon import default_lexicon
from titfortat.model import Story
from titfortat.nlp.draft import Draft, drafts, register_extensions

Event = tuple[str, str, list[str], list[str]]  # trigger word, PLOVER type, actor texts, recipient texts


def _span(doc: Doc, text: str, after: int) -> tuple[int, int]:
    start = doc.text.index(text, after)
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    assert span is not None, text
    return span.start, span.end


@pytest.fixture(scope="session")
def code_story(nlp: Language) -> Callable[..., list[Draft]]:
    """Parse `text`, add one Draft per event (spans found by their text after the previous
    event's trigger), run the actor stage alone, return the drafts."""
    register_extensions()
    entry = default_lexicon().entries[0]
    base = [(n, p) for n, p in nlp.pipeline if not n.startswith("titfortat_")]

    def run(text: str, events: list[Event], date: dt.date | None = dt.date(2021, 3, 1),
            component: ActorsComponent | None = None) -> list[Draft]:
        doc = nlp.make_doc(text)
        for _, proc in base:
            doc = proc(doc)
        doc._.tft_story = Story(id="t", text=text, date=date)
        pos = 0
        for trigger, event, actors, recipients in events:
            t0, t1 = _span(doc, trigger, pos)
            sent_start = doc[t0].sent.start_char
            spans = [[doc[slice(*_span(doc, a, sent_start))] for a in group] for group in (actors, recipients)]
            drafts(doc).append(Draft(trigger=doc[t0:t1], head=doc[t0], entry=replace(entry, event=event),
                                     kind="verb", actor_spans=spans[0], recipient_spans=spans[1]))
            pos = doc[t1 - 1].idx + 1
        (component or ActorsComponent())(doc)
        return drafts(doc)

    return run
