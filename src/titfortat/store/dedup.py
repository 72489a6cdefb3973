"""Duplicate merging: which event reports are one real event (see docs/dedup.md).

Pure code: the store loads the candidate clusters, this module decides, the store writes.
Two reports are *compatible* when they have the same dedup key (PLOVER type, factual or not,
first actor's and first recipient's code and sector), their date periods are at most
``days`` apart, and their places agree (within ``km`` when both are precise, else the same
province or country). A report joins a cluster only when it is compatible with *every*
member (complete linkage), so clusters cannot chain a month of daily strikes into one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

PRECISE = frozenset({"place", "city"})
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}


@dataclass(frozen=True)
class Member:
    """What merging needs to know about one event."""

    id: str
    story_id: str
    source_key: str
    dedup_key: str
    event: str
    confidence: float
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    lat: float | None = None
    lon: float | None = None
    province: str | None = None
    country_code: str | None = None
    resolution: str | None = None
    place: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> Member:
        """From an events row (mapping with the events-table column names)."""
        return cls(
            id=row["id"], story_id=row["story_id"], source_key=row["source_key"],
            dedup_key=row["dedup_key"], event=row["event"], confidence=row["confidence"],
            date_start=row["date_start"], date_end=row["date_end"],
            date_precision=row["date_precision"], lat=row["loc_lat"], lon=row["loc_lon"],
            province=row["loc_province"], country_code=row["loc_country_code"],
            resolution=row["loc_resolution"], place=row["loc_place"],
        )

    @property
    def has_place(self) -> bool:
        return any(v is not None for v in (self.lat, self.province, self.country_code, self.place))


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def dates_compatible(a: Member, b: Member, days: int) -> bool:
    """The two date periods are at most `days` apart; undated reports never merge."""
    if a.date_start is None or a.date_end is None or b.date_start is None or b.date_end is None:
        return False
    gap = max((b.date_start - a.date_end).days, (a.date_start - b.date_end).days, 0)
    return gap <= days


def places_compatible(a: Member, b: Member, km: float) -> bool:
    """Same place: within `km` when both are precise, else same province, else same country.

    A report without a place does not contradict one with a place.
    """
    if not a.has_place or not b.has_place:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    precise = a.resolution in PRECISE and b.resolution in PRECISE
    if precise and None not in (a.lat, a.lon, b.lat, b.lon):
        return km_between(a.lat, a.lon, b.lat, b.lon) <= km  # type: ignore[arg-type]
    if a.resolution == "country" or b.resolution == "country":
        return bool(a.country_code) and a.country_code == b.country_code
    if a.province and b.province:
        return a.province == b.province
    return (a.place or "").lower() == (b.place or "").lower()


def compatible(a: Member, b: Member, days: int, km: float) -> bool:
    """Could `a` and `b` be reports of the same real event?"""
    return a.dedup_key == b.dedup_key and dates_compatible(a, b, days) and places_compatible(a, b, km)


class Clustering:
    """Clusters being updated: assign new reports, rename orphaned clusters, summarise.

    Invariant: a cluster's id is the id of one of its members (the first report, or after
    that report was deleted, the smallest remaining id), so ids are unique and stable.
    """

    def __init__(self, days: int, km: float) -> None:
        self.days = days
        self.km = km
        self.members: dict[str, list[Member]] = {}
        self.touched: set[str] = set()
        self.dropped: set[str] = set()  # cluster ids that no longer exist
        self.by_key: dict[str, set[str]] = {}  # dedup key -> cluster ids, for assign()

    def load(self, cluster_id: str, members: list[Member]) -> None:
        """Add an existing cluster (all its members) as a candidate."""
        self.members.setdefault(cluster_id, []).extend(members)
        for m in members:
            self.by_key.setdefault(m.dedup_key, set()).add(cluster_id)

    def after_delete(self, cluster_id: str, deleted: set[str]) -> None:
        """A cluster lost members: drop it when empty, rename it when its id was deleted."""
        self.members.setdefault(cluster_id, [])
        self.touched.add(cluster_id)
        ms = self.members[cluster_id]
        if not ms or cluster_id in deleted:
            self.dropped.add(cluster_id)
            self.touched.discard(cluster_id)
            del self.members[cluster_id]
            if ms:
                new_id = min(m.id for m in ms)
                self.members[new_id] = ms
                self.touched.add(new_id)
                self.by_key.setdefault(ms[0].dedup_key, set()).add(new_id)

    def assign(self, new: Member) -> str:
        """Put a report in the closest cluster it is compatible with, else a new one."""
        best: tuple[int, str] | None = None
        for cid in self.by_key.get(new.dedup_key, ()):
            ms = self.members.get(cid)
            if not ms:
                continue
            if all(compatible(new, m, self.days, self.km) for m in ms):
                gap = min(abs((m.date_start - new.date_start).days) for m in ms)  # type: ignore[operator]
                if best is None or (gap, cid) < best:
                    best = (gap, cid)
        cid = best[1] if best else new.id
        self.dropped.discard(cid)
        self.members.setdefault(cid, []).append(new)
        self.by_key.setdefault(new.dedup_key, set()).add(cid)
        self.touched.add(cid)
        return cid

    def summary(self, cluster_id: str) -> dict[str, Any] | None:
        """The clusters-table row of a cluster, or None when it has no members left."""
        ms = self.members.get(cluster_id) or []
        if not ms:
            return None
        rep = representative(ms)
        starts = [m.date_start or dt.date.min for m in ms]
        ends = [m.date_end or dt.date.max for m in ms]
        return {
            "id": cluster_id, "event": rep.event, "dedup_key": rep.dedup_key,
            "representative_id": rep.id, "min_start": min(starts), "max_start": max(starts),
            "min_end": min(ends), "max_end": max(ends), "n_events": len(ms),
            "n_stories": len({m.story_id for m in ms}), "n_sources": len({m.source_key for m in ms}),
            "confidence": cluster_confidence(ms),
        }


def representative(members: list[Member]) -> Member:
    """The most confident report, then the most precise date, then the smallest id."""
    return min(members, key=lambda m: (-m.confidence, _PRECISION_RANK.get(m.date_precision or "day", 5),
                                       m.id))


def cluster_confidence(members: list[Member]) -> float:
    """1 - prod(1 - c) over independent sources (each source counts with its best report).

    One source at 0.6 gives 0.6; two independent sources at 0.6 give 0.84.
    """
    best: dict[str, float] = {}
    for m in members:
        best[m.source_key] = max(best.get(m.source_key, 0.0), m.confidence)
    doubt = 1.0
    for c in best.values():
        doubt *= 1.0 - max(0.0, min(1.0, c))
    return round(1.0 - doubt, 4)
