"""Which date belongs to which event, across sentences: parse attachment, narrative time,
anchoring offsets to the event they name, and widening when the anchor is imprecise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

D = dt.date


def dates(made: list[Any]) -> list[tuple[dt.date | None, str | None]]:
    return [(d.date, d.date_precision) for d in made]


def test_trigger_attachment_beats_sentence(run_dates: Callable[..., Any]) -> None:
    _, made = run_dates("Police arrested three men on Monday after the bombing on Sunday.",
                        "2024-03-05", ["arrested", "bombing"])
    assert dates(made) == [(D(2024, 3, 4), "day"), (D(2024, 3, 3), "day")]


def test_noun_attachment_and_sentence_fallback(run_dates: Callable[..., Any]) -> None:
    _, made = run_dates("The bombing on 20 February killed nine people.", "2024-03-05",
                        ["bombing", "killed"])
    assert dates(made) == [(D(2024, 2, 20), "day")] * 2
    assert "attached to the trigger" in made[0].notes[-1]
    assert "in the sentence" in made[1].notes[-1]


def test_narrative_time_carries_to_later_sentences(run_dates: Callable[..., Any]) -> None:
    # A background reference ("last week") dates its own sentence; later undated sentences
    # return to the story's last day-precise date (the lede's Monday).
    text = ("On Monday gunmen attacked a checkpoint in Kirkuk. Police arrested two suspects. "
            "Last week the army shelled the village. Officials condemned the shelling.")
    _, made = run_dates(text, "2024-03-05", ["attacked", "arrested", "shelled", "condemned"])
    assert dates(made) == [(D(2024, 3, 4), "day"), (D(2024, 3, 4), "day"),
                           (D(2024, 2, 26), "week"), (D(2024, 3, 4), "day")]
    assert made[1].date_text == "Monday"


def test_publication_date_when_nothing_stated(run_dates: Callable[..., Any]) -> None:
    _, made = run_dates("Gunmen attacked a checkpoint. Police arrested two men.", "2024-03-05",
                        ["attacked", "arrested"])
    assert [(d.date, d.date_precision, d.date_text) for d in made] == [(D(2024, 3, 5), "day", None)] * 2


def test_offset_anchors_to_named_event_not_narrative(run_dates: Callable[..., Any]) -> None:
    text = ("Gunmen tried to assassinate the governor on 10 February. "
            "On 20 February police arrested a cleric. "
            "Two days before the assassination attempt, the governor had met tribal leaders.")
    _, made = run_dates(text, "2024-03-05", ["assassinate", "arrested:COERCE", "met:CONSULT"])
    assert made[2].date == D(2024, 2, 8)
    assert "'assassinate'" in made[2].notes[-1]


def test_offset_without_matching_word_uses_lead_event_of_type(run_dates: Callable[..., Any]) -> None:
    text = ("The governor survived an assassination attempt on Sunday. Two days later the cabinet met "
            "in Baghdad. Within hours of the attack, the army had launched airstrikes.")
    _, made = run_dates(text, "2024-03-05", ["attempt", "met:CONSULT", "airstrikes"])
    assert dates(made) == [(D(2024, 3, 3), "day"), (D(2024, 3, 5), "day"), (D(2024, 3, 3), "day")]


def test_referenced_event_is_not_dated_by_its_own_offset(run_dates: Callable[..., Any]) -> None:
    text = "Two days before the assassination, the governor met tribal leaders."
    _, made = run_dates(text, "2024-03-05", ["assassination", "met:CONSULT"])
    assert dates(made) == [(D(2024, 3, 5), "day"), (D(2024, 3, 3), "day")]
    assert made[0].date_text is None


def test_offset_widens_to_imprecise_anchor(run_dates: Callable[..., Any]) -> None:
    text = "The militia seized the town in March 2023. Two days later, the army shelled it."
    _, made = run_dates(text, "2024-03-05", ["seized", "shelled"])
    assert dates(made) == [(D(2023, 3, 1), "month"), (D(2023, 3, 1), "month")]


def test_offset_from_a_date(run_dates: Callable[..., Any]) -> None:
    _, made = run_dates("He was released three days after 28 February.", "2024-03-05", ["released"])
    assert dates(made) == [(D(2024, 3, 2), "day")]


def test_chain_of_offsets(run_dates: Callable[..., Any]) -> None:
    text = ("Rebels shelled the port on 1 February. A week later, the navy blockaded it. "
            "Barely 48 hours later, the rebels attacked the navy.")
    _, made = run_dates(text, "2024-03-05", ["shelled", "blockaded", "attacked"])
    assert dates(made) == [(D(2024, 2, 1), "day"), (D(2024, 2, 8), "week"), (D(2024, 2, 10), "week")]


def test_future_event_keeps_stated_date_and_modality(run_dates: Callable[..., Any]) -> None:
    _, made = run_dates("The two presidents will meet in Doha on Dec. 2.", "2024-03-05", ["meet"],
                        modality="future")
    assert dates(made) == [(D(2024, 12, 2), "day")]
    assert made[0].modality == "future"


def test_no_publication_date_leaves_relative_unresolved(run_dates: Callable[..., Any]) -> None:
    text = "Gunmen attacked a base on 3 March 2024. Two days later, police arrested a man on Friday."
    _, made = run_dates(text, None, ["attacked", "arrested"])
    assert dates(made)[0] == (D(2024, 3, 3), "day")
    assert made[1].date is None and made[1].date_text == "Friday"


def test_events_in_a_referenced_clause_are_not_dated_by_it(run_dates: Callable[..., Any]) -> None:
    text = ("The prime minister resigned on Tuesday, a day after students blocked a bridge and "
            "a student was injured in an attack.")
    _, made = run_dates(text, "2025-01-28", ["resigned:RETREAT", "blocked:PROTEST", "injured"])
    assert [d.date_text for d in made] == ["Tuesday"] * 3
