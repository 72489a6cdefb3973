"""The date cases of date_cases.jsonl, each run through the date stage on a parsed Doc.

A line: text, pub (publication date or null), date and precision expected for the event
(the trigger word, default the root of the last sentence), and optionally date_text,
trigger, modality. `date_text_null` asserts the date defaulted to the publication date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CASES: list[dict[str, Any]] = [
    json.loads(line) for line in (Path(__file__).parent / "date_cases.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def test_enough_cases() -> None:
    assert len(CASES) >= 120


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_date_case(case: dict[str, Any], run_dates: Callable[..., Any]) -> None:
    triggers = [case["trigger"]] if "trigger" in case else None
    _, made = run_dates(case["text"], case["pub"], triggers, modality=case.get("modality", "asserted"))
    draft = made[-1]
    expected = dt.date.fromisoformat(case["date"]) if case["date"] else None
    assert (draft.date, draft.date_precision) == (expected, case["precision"]), draft.notes
    if "date_text" in case:
        assert draft.date_text == case["date_text"]
    if case.get("date_text_null"):
        assert draft.date_text is None
