"""Dates through the whole coder: `titfortat.api.code_text` with the real trigger stage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from spacy.language import Language

from titfortat.api import code_text

D = dt.date


def by_trigger(events: list[Any]) -> dict[str, Any]:
    return {e.event_text: e for e in events}


def test_pipeline_runs_the_date_stage(nlp: Language) -> None:
    assert "titfortat_dates" in nlp.pipe_names


@pytest.mark.parametrize(("text", "trigger", "date", "precision", "date_text"), [
    ("Gunmen attacked a police checkpoint near Mosul on 31 December 2020.", "attacked",
     D(2020, 12, 31), "day", "31 December 2020"),
    ("Iraqi police arrested a militia commander in Baghdad on Sunday.", "arrested",
     D(2024, 3, 3), "day", "Sunday"),
    ("Iraqi police arrested a militia commander in Baghdad.", "arrested", D(2024, 3, 5), "day", None),
    ("The foreign minister will visit Tehran next month.", "visit", D(2024, 4, 1), "month", "next month"),
])
def test_code_text_dates(nlp: Language, text: str, trigger: str, date: dt.date, precision: str,
                         date_text: str | None) -> None:
    event = by_trigger(code_text(text, date="2024-03-05", nlp=nlp))[trigger]
    assert (event.date, event.date_precision, event.date_text) == (date, precision, date_text)


def test_code_text_anchoring_across_sentences(nlp: Language) -> None:
    text = ("Gunmen attacked a police checkpoint in Kirkuk on 1 March 2024. "
            "Barely 48 hours later, police arrested two suspects.")
    events = by_trigger(code_text(text, date="2024-03-05", nlp=nlp))
    assert events["arrested"].date == D(2024, 3, 3)
    assert events["arrested"].date_text == "Barely 48 hours later"


def test_code_text_without_publication_date(nlp: Language) -> None:
    events = by_trigger(code_text("Police arrested the mayor yesterday.", nlp=nlp))
    assert events["arrested"].date is None and events["arrested"].date_text == "yesterday"
