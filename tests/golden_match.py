"""Matching coded events against golden expectations (shared by tests and benchmarks)."""

from __future__ import annotations

from typing import Any

from titfortat.model import Entity, Event


def entity_matches(expected: dict[str, Any], got: Entity) -> bool:
    if "code" in expected and expected["code"] != got.code:
        return False
    if "sector" in expected and expected["sector"] != got.sector:
        return False
    return not ("identifier_id" in expected and expected["identifier_id"] != got.identifier_id)


def entities_match(expected: list[dict[str, Any]], got: tuple[Entity, ...]) -> bool:
    if not expected:
        return not got
    return all(any(entity_matches(x, g) for g in got) for x in expected)


def event_matches(expected: dict[str, Any], ev: Event) -> bool:
    if expected["event"] != ev.event:
        return False
    if "mode" in expected and expected["mode"] is not None and expected["mode"] != ev.mode:
        return False
    if "modality" in expected and expected["modality"] != ev.modality:
        return False
    if "actor" in expected and not entities_match(expected["actor"], ev.actor):
        return False
    return not ("recipient" in expected and not entities_match(expected["recipient"], ev.recipient))


def describe(ev: Event) -> str:
    def ents(es: tuple[Entity, ...]) -> str:
        return ",".join(f"{e.entity_text}={e.code}:{e.sector}" for e in es) or "-"
    return f"{ev.event}/{ev.mode} {ev.modality} A[{ents(ev.actor)}] R[{ents(ev.recipient)}] '{ev.event_text}'"


def check_case(case: dict[str, Any], events: list[Event]) -> list[str]:
    """Problems with the coded events for one golden case (empty when it passes)."""
    problems = []
    for exp in case.get("expected", []):
        if not any(event_matches(exp, ev) for ev in events):
            problems.append(f"missing {exp}")
    for absent in case.get("absent", []):
        if any(ev.event == absent for ev in events):
            problems.append(f"unexpected {absent}")
    if case.get("exact") and len(events) != len(case.get("expected", [])):
        problems.append(f"expected exactly {len(case.get('expected', []))} events, got {len(events)}")
    return problems
