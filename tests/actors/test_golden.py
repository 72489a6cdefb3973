"""Golden resolution cases: one line of golden_actors.jsonl per case (text, date, context,
expected entities with code, sector, identifier and attributes)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from titfortat.actors import ActorResolver

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "golden_actors.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


def test_enough_cases() -> None:
    assert len(CASES) >= 250


@pytest.mark.parametrize("case", CASES, ids=[f"{c['text']}@{c.get('date', '')}" for c in CASES])
def test_golden(resolver: ActorResolver, case: dict[str, Any]) -> None:
    date = dt.date.fromisoformat(case["date"]) if case.get("date") else None
    res = resolver.resolve(case["text"], date=date, context=case.get("context"))
    got = [{"code": e.code, "sector": e.sector, "id": e.identifier_id} for e in res.entities]
    for g, e, exp in zip(got, res.entities, case["expected"], strict=False):
        if "attributes" in exp:  # compare the attributes the case names; null: absent
            g["attributes"] = {k: dict(e.attributes).get(k) for k in exp["attributes"]}
    assert got == case["expected"], res.reason
