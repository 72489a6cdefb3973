"""The plain API: finding expressions in text and resolving them without a pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from titfortat.errors import DataFileError
from titfortat.temporal import DateValue, find_time_expressions, resolve_expression
from titfortat.temporal import calendar as cal
from titfortat.temporal.references import event_nouns, same_word

PUB = dt.date(2024, 3, 5)  # a Tuesday


@pytest.mark.parametrize(("text", "found"), [
    ("Gunmen struck on 31 December 2020 and again on Sunday.", ["31 December 2020", "Sunday"]),
    ("Two days before the attempted assassination, he fled.", ["Two days before the attempted assassination"]),
    ("Within hours of the attack, troops arrived.", ["Within hours of the attack"]),
    ("The march in May may go ahead, officials said.", ["May"]),
    ("Protesters march on parliament as activists may strike.", []),
    ("The fall of Mosul shocked the Arab Spring generation.", []),
    ("He spent two days in custody.", []),
])
def test_find_time_expressions(text: str, found: list[str]) -> None:
    assert [e.text for e in find_time_expressions(text)] == found


@pytest.mark.parametrize("text", [
    "last summer", "in the spring of 2019", "yesterday morning", "TONIGHT", "later today",
    "last week", "earlier in the month", "three days ago", "in recent weeks", "the past two years",
    "two days later", "48 hours after the vote", "the day before", "the following week",
    "that same night", "later that day", "within hours of", "shortly after", "moments before",
    # characters a case-insensitive pattern reads as ASCII letters
    "yeſterday", "tonİght", "tonıght", "the weeK before",
])
def test_needed_words_are_in_every_match(text: str) -> None:
    """A rule is skipped when the text lacks its needed words, so every match must hold them."""
    from titfortat.nlp.prefilter import casefold_for_regex, has_words
    from titfortat.temporal.expressions import grammar

    matched = False
    for pattern, _core, _handler, needs in grammar():
        for m in pattern.finditer(text):
            matched = matched or bool(needs)
            assert has_words(casefold_for_regex(m.group(0)), needs), (pattern.pattern, text)
    assert matched, f"no rule with needed words matches {text!r}"
    assert find_time_expressions(text)


def test_offset_reference_is_a_date() -> None:
    (e,) = find_time_expressions("released two days after 3 March")
    assert e.anchored and e.ref_expr is not None and e.ref_expr.day == 3


@pytest.mark.parametrize(("text", "future", "expected"), [
    ("Sunday", False, DateValue(dt.date(2024, 3, 3), "day", "Sunday")),
    ("Tuesday", False, DateValue(dt.date(2024, 3, 5), "day", "Tuesday")),
    ("Tuesday", True, DateValue(dt.date(2024, 3, 5), "day", "Tuesday")),
    ("on Monday", True, DateValue(dt.date(2024, 3, 11), "day", "Monday")),
    ("in April", False, DateValue(dt.date(2023, 4, 1), "month", "April")),
    ("in April", True, DateValue(dt.date(2024, 4, 1), "month", "April")),
    ("on March 10", False, DateValue(dt.date(2023, 3, 10), "day", "March 10")),
    ("over the summer", False, DateValue(dt.date(2023, 6, 1), "season", "the summer")),
    ("over the summer", True, DateValue(dt.date(2024, 6, 1), "season", "the summer")),
])
def test_resolve_expression_tense(text: str, future: bool, expected: DateValue) -> None:
    assert resolve_expression(text, PUB, future=future) == expected


def test_resolve_expression_needs_what_it_needs() -> None:
    assert resolve_expression("yesterday", None) is None
    assert resolve_expression("two days later", PUB) is None
    assert resolve_expression("in 2019", None) == DateValue(dt.date(2019, 1, 1), "year", "2019")
    assert resolve_expression("nothing to see", PUB) is None
    assert resolve_expression("on 31 February 2021", PUB) is None


def test_resolve_expression_with_anchor_widens() -> None:
    day = DateValue(dt.date(2024, 2, 10), "day", "10 February")
    month = DateValue(dt.date(2024, 2, 1), "month", "February")
    assert resolve_expression("two days later", PUB, anchor=day) == DateValue(
        dt.date(2024, 2, 12), "day", "two days later")
    assert resolve_expression("two days later", PUB, anchor=month) == DateValue(
        dt.date(2024, 2, 1), "month", "two days later")
    assert resolve_expression("a year earlier", PUB, anchor=day) == DateValue(
        dt.date(2023, 1, 1), "year", "a year earlier")


def test_calendar_helpers() -> None:
    assert cal.add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert cal.season_containing(dt.date(2024, 1, 15)) == dt.date(2023, 12, 1)
    assert cal.season_near("winter", dt.date(2024, 7, 1), future=True) == dt.date(2024, 12, 1)
    assert cal.infer_year(12, 31, dt.date(2024, 1, 2), future=False) == 2023
    assert cal.infer_year(1, 5, dt.date(2023, 12, 20), future=True) == 2024
    # a day just after publication is this year's, not last year's (a story dated the day before)
    assert cal.infer_year(11, 29, dt.date(2018, 11, 28), future=False) == 2018
    assert cal.infer_year(11, 30, dt.date(2018, 11, 28), future=False) == 2017
    assert cal.weekday_near(6, dt.date(2024, 7, 14), future=False, strict=True) == dt.date(2024, 7, 7)


def test_same_word() -> None:
    assert same_word("bombing", "bomb") and same_word("assassination", "assassinate")
    assert not same_word("attack", "arrest")


def test_event_nouns_data_and_errors(tmp_path: Path) -> None:
    assert "ASSAULT" in event_nouns()["attack"]
    bad = tmp_path / "nouns.yaml"
    bad.write_text("ASSAULT: [attack]\nATTACKS: [raid]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown PLOVER event type 'ATTACKS'"):
        event_nouns.__wrapped__(bad)
