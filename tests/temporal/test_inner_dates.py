"""An expression inside an event's phrase that dates another event does not date it."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from titfortat.api import code_text


@pytest.mark.parametrize(("text", "event", "date"), [
    # a relative clause dates the journalist's killing, not the march
    ("Hundreds of mourners marched through Koudougou to the grave of a reporter who was killed in 1998.",
     "PROTEST", dt.date(2021, 4, 21)),
    # the arrest is an event of another kind than the protest
    ("Students protested on Tuesday against the arrest of their union leader last week.",
     "PROTEST", dt.date(2021, 4, 20)),
    # an event noun of the same kind is the same event: the date stands
    ("Two soldiers were killed in an ambush on Sunday near the border.", "ASSAULT", dt.date(2021, 4, 18)),
])
def test_inner_event_dates(nlp: Language, text: str, event: str, date: dt.date) -> None:
    ev = next(e for e in code_text(text, "2021-04-21", nlp=nlp) if e.event == event)
    assert ev.date == date
