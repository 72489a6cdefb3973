"""Reference matcher for the golden-case schema described in tests/golden/README.md.

`check_case(case, events)` returns a list of problems (empty when the case passes). It
works on any event objects with the attributes of `titfortat.model.Event` (or on dicts
shaped like the JSON record), so tests and benchmarks can share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_SCALARS = ("event", "mode", "modality", "date", "date_precision", "acled_event_type", "acled_sub_event_type")


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(key)
    value = getattr(obj, key, None)
    if key == "date" and value is not None and not isinstance(value, str):
        return value.isoformat()
    if key == "size" and isinstance(value, tuple):
        return dict(value)
    return value


def _ok(expected: Any, got: Any) -> bool:
    """A list in the expectation means 'any of these'."""
    return got in expected if isinstance(expected, list) else got == expected


def entity_matches(exp: dict[str, Any], got: Any) -> bool:
    return all(_ok(exp[k], _get(got, k)) for k in ("code", "sector", "acled_inter") if k in exp)


def _assign(exps: Sequence[dict[str, Any]], pool: Sequence[Any], used: frozenset[int],
            match: Any) -> bool:
    """True when every expectation matches a distinct item of pool (small backtracking)."""
    if not exps:
        return True
    head, rest = exps[0], exps[1:]
    for i, item in enumerate(pool):
        if i not in used and match(head, item) and _assign(rest, pool, used | {i}, match):
            return True
    return False


def entities_match(exp: list[dict[str, Any]], got: Sequence[Any]) -> bool:
    if not exp:
        return not got
    return _assign(exp, list(got), frozenset(), entity_matches)


def event_matches(exp: dict[str, Any], ev: Any) -> bool:
    if "any_of" in exp:
        return any(event_matches(alt, ev) for alt in exp["any_of"])
    for key in _SCALARS:
        if key in exp and not _ok(exp[key], _get(ev, key)):
            return False
    for role in ("actor", "recipient"):
        if role in exp and not entities_match(exp[role], list(_get(ev, role) or ())):
            return False
    if "participants" in exp:
        pool = list(_get(ev, "actor") or ()) + list(_get(ev, "recipient") or ())
        if not _assign(exp["participants"], pool, frozenset(), entity_matches):
            return False
    if "size" in exp:
        size = _get(ev, "size") or {}
        if any(size.get(k) != v for k, v in exp["size"].items()):
            return False
    return True


def event_types(exp: dict[str, Any]) -> set[str]:
    """The event types an expectation can be satisfied by (for coverage counts)."""
    if "any_of" in exp:
        return set().union(*(event_types(a) for a in exp["any_of"]))
    return set(exp["event"]) if isinstance(exp["event"], list) else {exp["event"]}


def _matching(expected: list[dict[str, Any]], events: Sequence[Any]) -> list[int] | None:
    """Indexes of distinct events matching each expectation in order, or None."""
    def go(i: int, used: tuple[int, ...]) -> list[int] | None:
        if i == len(expected):
            return list(used)
        for j, ev in enumerate(events):
            if j not in used and event_matches(expected[i], ev):
                found = go(i + 1, (*used, j))
                if found is not None:
                    return found
        return None
    return go(0, ())


def check_case(case: dict[str, Any], events: Sequence[Any]) -> list[str]:
    expected = case.get("expected", [])
    problems: list[str] = []
    used = _matching(expected, events)
    if used is None:
        # Report each expectation that has no candidate at all, else the assignment failure.
        missing = [e for e in expected if not any(event_matches(e, ev) for ev in events)]
        problems += [f"missing {e}" for e in missing] or ["expected events need distinct matches"]
        used = []
    for j, ev in enumerate(events):
        if j in used:
            continue
        if _get(ev, "event") in case.get("absent", []):
            problems.append(f"unexpected {_get(ev, 'event')} ({_get(ev, 'modality')})")
        elif case.get("exact"):
            problems.append(f"unexpected extra {_get(ev, 'event')} (case is exact)")
    return problems
