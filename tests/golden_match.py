"""Matching coded events against golden expectations: the schema lives in tests/golden/schema.py
(documented in tests/golden/README.md); this module adds a readable description of events."""

from __future__ import annotations

from tests.golden.schema import check_case, event_types
from titfortat.model import Entity, Event

__all__ = ["check_case", "describe", "event_types"]


def describe(ev: Event) -> str:
    def ents(es: tuple[Entity, ...]) -> str:
        return ",".join(f"{e.entity_text}={e.code}:{e.sector}:{e.acled_inter}" for e in es) or "-"
    return (f"{ev.event}/{ev.mode} {ev.modality} A[{ents(ev.actor)}] R[{ents(ev.recipient)}] "
            f"'{ev.event_text}' {ev.date} {dict(ev.size)} ACLED {ev.acled_sub_event_type}")
