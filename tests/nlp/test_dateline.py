"""Datelines are cut off the lede, whichever wire style writes them."""

from __future__ import annotations

import pytest

from titfortat.nlp.dateline import dateline_end


@pytest.mark.parametrize("text, body", [
    ("BAGHDAD, Feb 11 (Reuters) - Police arrested a commander.", "Police arrested a commander."),
    ("ADDIS ABABA — The army said it had retaken the town.", "The army said it had retaken the town."),
    ("KHARTOUM, Sudan: Two men were killed.", "Two men were killed."),
    ("LYON: Interpol will send a team.", "Interpol will send a team."),
])
def test_dateline_is_cut(text: str, body: str) -> None:
    end = dateline_end(text)
    assert end is not None and text[end:] == body


@pytest.mark.parametrize("text", [
    "Police arrested a commander in Baghdad: he was later freed.",
    "The UN said: no aid has arrived.",
])
def test_ordinary_sentences_have_no_dateline(text: str) -> None:
    assert dateline_end(text) is None
