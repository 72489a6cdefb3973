"""The place of an event, one readable case a line in place_cases.jsonl.

Each case: `text` (the story), `trigger` (the trigger word, `nth` occurrence), and the
expected `place` (extracted name, null for no location), `country` (alpha-3, null when the
name must stay unresolved), and optionally `province`, `resolution`, `resolved`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CASES = [json.loads(line) for line in (Path(__file__).parent / "place_cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_place_case(case: dict[str, Any], run_places: Any) -> None:
    draft, _ = run_places(case["text"], case["trigger"], case.get("nth", 0))
    loc = draft.location
    if case["place"] is None:
        assert loc is None, f"expected no place, got {loc} ({draft.notes})"
        return
    assert loc is not None, f"no place found ({draft.notes})"
    assert loc.extracted_place == case["place"], draft.notes
    assert loc.country_code == case["country"], loc
    if case["country"] is None:
        assert loc.lat is None and loc.lon is None and loc.resolution is None
    else:
        assert loc.lat is not None and loc.lon is not None
    for field in ("province", "resolution", "resolved"):
        if field in case:
            attr = "resolved_place" if field == "resolved" else field
            assert getattr(loc, attr) == case[field], loc


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 510
    assert len({c["id"] for c in CASES}) == len(CASES)
