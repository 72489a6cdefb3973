"""Golden cases (tests/golden/*.jsonl): each sentence's expected events must be coded.

Cases the coder is known to get wrong are listed in tests/golden/known_failures.txt with a
reason; they run as strict xfails, so fixing one makes the suite say so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.golden_match import check_case, describe, event_types
from titfortat.api import code_text

GOLDEN = Path(__file__).parent / "golden"


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for f in sorted(GOLDEN.glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                case["_where"] = f"{f.name}:{n}"
                cases.append(case)
    return cases


def known_failures() -> dict[str, str]:
    path = GOLDEN / "known_failures.txt"
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cid, _, reason = line.partition(" ")
                out[cid] = reason.strip()
    return out


CASES = load_cases()
KNOWN = known_failures()


def _param(case: dict[str, Any]) -> Any:
    marks = []
    if case["id"] in KNOWN:
        marks.append(pytest.mark.xfail(reason=KNOWN[case["id"]], strict=True))
    return pytest.param(case, id=case["id"], marks=marks)


def test_enough_cases() -> None:
    assert len(CASES) >= 150
    types = {t for c in CASES for e in c.get("expected", []) for t in event_types(e)}
    assert len(types) == 16, sorted(types)


def test_known_failures_are_a_minority() -> None:
    assert len(KNOWN) <= len(CASES) // 3


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_golden(case: dict[str, Any], nlp: Any) -> None:
    events = code_text(case["text"], date=case.get("date"), story_id=case["id"], nlp=nlp)
    problems = check_case(case, events)
    got = "\n  ".join(describe(e) for e in events) or "(no events)"
    assert not problems, f"{case['_where']}: {case['text']}\n  " + "\n  ".join(problems) + f"\n got:\n  {got}"
