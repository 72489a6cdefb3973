"""Needed-word tests may only skip a pattern that cannot match (titfortat.nlp.prefilter)."""

from __future__ import annotations

import re

import pytest

from titfortat.coding.finalize import _SIZE_PATTERNS, sizes
from titfortat.nlp.prefilter import casefold_for_regex, has_words


@pytest.mark.parametrize(("char", "letter"), [("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k")])
def test_case_twins_read_as_the_letter_they_match(char: str, letter: str) -> None:
    assert re.fullmatch(letter, char, re.IGNORECASE)
    assert casefold_for_regex(char) == letter


def test_no_groups_need_nothing() -> None:
    assert has_words("", ())
    assert not has_words("two were killed", (("killed",), ("wounded", "injured")))


@pytest.mark.parametrize("text", [
    "The blast killed 12 people and wounded 30 others.", "At least three soldiers were killed.",
    "Police arrested 45 protesters.", "Two men were stabbed to death.", "Gunmen shot dead four guards.",
    "The death toll rose to 31.", "Dozens were hurt.", "Troops detained hundreds.",
    "THREE WERE KILLED", "12 were arreſted",
])
def test_size_patterns_need_their_words(text: str) -> None:
    matched = False
    for _key, pattern, needs in _SIZE_PATTERNS:
        for m in pattern.finditer(text):
            matched = True
            assert has_words(casefold_for_regex(m.group(0)), needs), (pattern.pattern, text)
    assert matched and sizes(text)
