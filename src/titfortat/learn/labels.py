"""The 25 ACLED sub-event types, read from data/acled_subtypes.csv.

Each row gives a sub-event type, its ACLED event type, and the PLOVER event types a record
with that sub-type may carry (so a classifier's sub-type never contradicts the PLOVER type).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from titfortat.datafiles import data_path, read_csv
from titfortat.errors import DataFileError
from titfortat.model import EVENT_TYPES


@dataclass(frozen=True)
class SubType:
    name: str
    event_type: str
    plover_events: frozenset[str]


@lru_cache(maxsize=1)
def subtypes() -> dict[str, SubType]:
    """Sub-event type name -> SubType, in file order."""
    path = data_path("acled_subtypes.csv")
    out: dict[str, SubType] = {}
    for line, row in read_csv(path):
        name = (row.get("sub_event_type") or "").strip()
        events = frozenset((row.get("plover_events") or "").split())
        unknown = events - set(EVENT_TYPES)
        if not name or not row.get("event_type"):
            raise DataFileError(str(path), line, "sub_event_type and event_type are required")
        if unknown:
            raise DataFileError(str(path), line, f"unknown PLOVER event type(s) {sorted(unknown)}")
        if name in out:
            raise DataFileError(str(path), line, f"duplicate sub-event type {name!r}")
        out[name] = SubType(name, row["event_type"].strip(), events)
    return out


@lru_cache(maxsize=1)
def _by_folded() -> dict[str, str]:
    return {name.casefold(): name for name in subtypes()}


def canonical(label: str) -> str | None:
    """The sub-event type as ACLED spells it, ignoring case and surrounding spaces; None if
    the label is not one of the 25."""
    return _by_folded().get(" ".join(label.split()).casefold())


def event_type_of(sub: str) -> str:
    return subtypes()[sub].event_type
