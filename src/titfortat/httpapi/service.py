"""What the routes serve: the Store's readers and the tit-for-tat analyses, as plain JSON.

Analyses of a pair of actors read only the events naming both (an act's answer is always
the other side's act toward it, so nothing else matters); analyses of the whole database
(dyads, alerts, network, actors) are refused above `serve_max_analysis_events` events.
Results are kept until the store changes (`cache`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from titfortat import analysis, settings
from titfortat.analysis.exchanges import NO_RESPONSE
from titfortat.analysis.frame import STATE_SECTORS, UNKNOWN_CODE, cluster_sizes_from_explanations
from titfortat.errors import AnalysisError
from titfortat.httpapi import pairs
from titfortat.httpapi.cache import ChangeMarker, ResultCache
from titfortat.httpapi.params import ApiError
from titfortat.model import Event
from titfortat.store import Filters, Store
from titfortat.store.serving import Party, pair_ids, party_ids
from titfortat.web import labels

ITEM_BYTES = 400  # about what an act or a table row takes in memory
# The actor list (two full scans of the links on a large store) may be up to this old while
# the store changes, so that a steady ingest does not make every first view rescan them.
ACTORS_SECONDS = 600.0
FRAMES_KEPT = 2
PAIR_LIMIT = 5000  # a pair view reads at most the latest PAIR_LIMIT events naming both actors
# How the dashboard names each class of answer (analysis.CLASSES).
ANSWER_NAMES = {NO_RESPONSE: "unanswered"}


def plain(value: Any) -> Any:
    """A JSON-ready value: no NaN, numpy scalars or timestamps."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    return value


def rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): plain(v) for k, v in r.items()} for r in table.to_dict(orient="records")]


class Service:
    """The data behind the API; thread-safe (each call opens its own connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.max_events: int = settings.get("serve_max_analysis_events")
        marker = ChangeMarker(store.engine)
        budget = int(float(settings.get("serve_cache_mb")) * 1_000_000)
        # results (pair acts, analyses) 60 %, answers as sent (routes.kept) 40 %
        self.results = ResultCache(marker, budget * 3 // 5)
        self.responses = ResultCache(marker, budget * 2 // 5)
        self.frames = ResultCache(marker, max_entries=FRAMES_KEPT if budget else 0)  # whole-store frames: big

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any], stale_seconds: float = 0.0) -> Any:
        """`compute()`, kept until the store changes (`cache.ResultCache`), counted at
        ITEM_BYTES an item when it is a list or a tuple of a list and a flag."""
        return self.results.cached(key, compute, _size, stale_seconds)

    def clear(self) -> None:
        """Forget every result (after a write through the API; other processes see the
        store's change marker move)."""
        for cache in (self.results, self.responses, self.frames):
            cache.clear()

    # Whole-database analyses -----------------------------------------------------------

    def frame(self, since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
        def build() -> pd.DataFrame:
            f = Filters(True, since=since, until=until)
            n = self.store.count_matching(f)
            if n > self.max_events:
                raise ApiError(422, f"{n} events match, over the analysis limit of {self.max_events}: "
                                    "narrow since/until (or raise serve_max_analysis_events)")
            events = list(self.store.iter_events(clusters=True, since=since, until=until))
            return analysis.events_to_frame(events, cluster_sizes_from_explanations(events))
        return self.frames.cached(("frame", since, until), build)

    def dyads(self, level: str, since: dt.date | None, until: dt.date | None) -> pd.DataFrame:
        table = analysis.dyad_table(self.frame(since, until), level)
        return with_labels(table, "source", "target")

    def alerts(self, level: str, since: dt.date | None, until: dt.date | None) -> list[dict[str, Any]]:
        def build() -> list[dict[str, Any]]:
            frame = self.frame(since, until)
            table = analysis.alerts(frame, level)
            found = rows(with_labels(table, "source", "target"))
            info = frame.drop_duplicates("id").set_index("id")
            for alert in found:
                alert["events"] = [{"id": i, "date": plain(info.at[i, "date"]), "event": info.at[i, "event"],
                                    "goldstein": plain(info.at[i, "goldstein"]), "text": info.at[i, "text"]}
                                   for i in alert.pop("event_ids") if i in info.index]
            return found
        return list(self.cached(("alerts", level, since, until), build))

    def network(self, level: str, since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            graph = analysis.actor_graph(self.frame(since, until), level)
            nodes = rows(analysis.node_table(graph))
            for node in nodes:
                node["label"] = labels.key_label(str(node["node"]))
            edges = rows(with_labels(analysis.edge_table(self.frame(since, until), level), "source", "target"))
            return {"level": level, "nodes": nodes, "edges": edges}
        return dict(self.cached(("network", level, since, until), build))

    def actors(self) -> list[dict[str, Any]]:
        """Actor keys at side level with readable names and a few of the words used for them."""
        def build() -> list[dict[str, Any]]:
            merged: dict[str, dict[str, Any]] = {}
            names = self.store.entity_names()
            for row in self.store.actor_counts():
                code, sector = row["code"], row["sector"]
                if code is None and (sector is None or sector == "UNK"):
                    key = UNKNOWN_CODE
                else:
                    side = "GOV" if sector is None or sector in STATE_SECTORS else sector
                    key = f"{code or UNKNOWN_CODE}:{side}"
                entry = merged.setdefault(key, {"key": key, "label": labels.key_label(key), "events": 0,
                                                "names": []})
                entry["events"] += int(row["events"])
                for name in names.get((code, sector), []):
                    if len(entry["names"]) < 3 and name not in entry["names"]:
                        entry["names"].append(name)
            return sorted(merged.values(), key=lambda e: (-e["events"], e["key"]))
        return list(self.cached(("actors",), build, ACTORS_SECONDS))

    # One pair of actors ------------------------------------------------------------------

    def pair_events(self, a: str, b: str, level: str, since: dt.date | None,
                    until: dt.date | None) -> list[Event]:
        """The latest PAIR_LIMIT events that can hold the pair (one index range, then the
        events by id), each with the store's note of its cluster's size."""
        return self.store.pair_events(pair_condition(a, b, level), since=since, until=until, limit=PAIR_LIMIT)

    def pair_acts(self, a: str, b: str, level: str, since: dt.date | None,
                  until: dt.date | None) -> tuple[list[pairs.Act], bool]:
        """The pair's rows (`pairs.pair_acts`) from its latest PAIR_LIMIT events, and whether
        older events were left out."""
        def build() -> tuple[list[pairs.Act], bool]:
            found, parties = self.store.pair_rows(pair_condition(a, b, level), since=since, until=until,
                                                  limit=PAIR_LIMIT, identifiers=level == "identifier")
            return pairs.pair_acts(pairs.from_rows(found, parties), a, b, level), len(found) >= PAIR_LIMIT
        acts, truncated = self.cached(("pair", *sorted((a, b)), level, since, until), build)
        return list(acts), bool(truncated)

    def exchanges(self, a: str, b: str, level: str, window: int | None, since: dt.date | None,
                  until: dt.date | None) -> dict[str, Any]:
        """Every act between A and B in time order, what it answers and how it was answered."""
        a, b = normalise(a, level), normalise(b, level)
        rows, truncated = self.pair_acts(a, b, level, since, until)

        def build() -> list[dict[str, Any]]:
            acts = pairs.exchanges(pairs.distinct(rows), window)
            for act in acts:
                act["response_class"] = ANSWER_NAMES.get(act["response_class"], act["response_class"])
            return labelled(acts, "source", "target", together=True)

        return {"a": a, "b": b, "a_label": labels.key_label(a), "b_label": labels.key_label(b), "level": level,
                "window_days": window if window is not None else settings.get("response_days"),
                "truncated": truncated, "event_limit": PAIR_LIMIT,
                "acts": self.cached(("exchanges", *sorted((a, b)), level, window, since, until), build)}

    def series(self, a: str, b: str, level: str, period: str, since: dt.date | None,
               until: dt.date | None) -> tuple[list[dict[str, Any]], bool]:
        """The pair's counts per period, both directions (`analysis.dyad_series`), and whether
        events older than the latest PAIR_LIMIT were left out."""
        a, b = normalise(a, level), normalise(b, level)
        rows, truncated = self.pair_acts(a, b, level, since, until)
        return labelled(pairs.series(rows, period), "source", "target"), truncated

    def pair_frame(self, a: str, b: str, level: str, since: dt.date | None, until: dt.date | None) -> pd.DataFrame:
        """The pair's rows of the analysis frame (for the reciprocity table and Granger test)."""
        events = self.pair_events(a, b, level, since, until)
        frame = analysis.with_dyads(analysis.events_to_frame(events, cluster_sizes_from_explanations(events)), level)
        keep = ((frame["source"] == a) & (frame["target"] == b)) | ((frame["source"] == b) & (frame["target"] == a))
        return frame.loc[keep.to_numpy()].reset_index(drop=True)

    def reciprocity(self, a: str, b: str, level: str, window: int | None, period: str,
                    since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
        a, b = normalise(a, level), normalise(b, level)

        def build() -> dict[str, Any]:
            frame = self.pair_frame(a, b, level, since, until)
            if frame.empty:
                return {"a": a, "b": b, "directions": [], "granger": None, "granger_note": "no events between them"}
            rec = analysis.reciprocity(analysis.find_exchanges(frame, level, window))
            out: dict[str, Any] = {"a": a, "b": b, "directions": rows(rec), "granger": None, "granger_note": None}
            try:
                result = analysis.granger(frame, a, b, level, period)
                out["granger"] = {"lags": result.lags, "periods": result.periods, "start": plain(result.start),
                                  "end": plain(result.end), "sentences": list(result.sentences())}
            except AnalysisError as exc:
                out["granger_note"] = f"not tested: {exc}"
            return out

        return dict(self.cached(("reciprocity", *sorted((a, b)), level, window, period, since, until), build))


def _size(value: Any) -> int:
    items = value[0] if isinstance(value, tuple) and value and isinstance(value[0], list) else value
    return 1000 + ITEM_BYTES * len(items) if isinstance(items, list) else 1000


def warm_up() -> None:
    """Import what the first analysis request would import (statsmodels for Granger tests,
    ruptures for alerts), so that a user's first view does not wait for it."""
    import ruptures  # noqa: F401
    import statsmodels.tsa.api  # noqa: F401


def normalise(key: str, level: str) -> str:
    """`analysis.normalise_key`, except that the unknown party `XXX` stays itself (it is a key
    at every level, not a country whose government side is meant)."""
    return key if key == UNKNOWN_CODE else analysis.normalise_key(key, level)


def pair_condition(a: str, b: str, level: str) -> Any:
    """The events that can hold the dyad of keys `a` and `b`, as SQL: a superset the frame
    then narrows exactly (`analysis.frame`: at side level the state's sectors, or none, are
    the government side). A resolved identifier is looked up through the entities."""
    sides = [_party(key, level) for key in (a, b)]
    if sides[0] is None or sides[1] is None:
        return sa.intersect(*(party_ids(p.code, p.sectors, no_sector=p.no_sector) if p is not None else
                              party_ids(key, identifier=key) for p, key in zip(sides, (a, b), strict=True)))
    return pair_ids(sides[0], sides[1])


def _party(key: str, level: str) -> Party | None:
    """A dyad key as stored links; None for an identifier (`Q...`, not a country code)."""
    code, _, sector = key.partition(":")
    if level == "identifier" and not sector and labels.country_name(code) is None and code != UNKNOWN_CODE:
        return None
    country = None if code == UNKNOWN_CODE else code
    if level == "side" and sector == "GOV":
        return Party(country, tuple(sorted(STATE_SECTORS)), no_sector=True)
    if level == "side" and not sector and country is None:  # XXX: no code, no known sector
        return Party(None, ("UNK",), no_sector=True)
    if level in ("side", "sector") and sector:
        return Party(country, (sector,))
    return Party(country)


def labelled(items: list[dict[str, Any]], *columns: str, together: bool = False) -> list[dict[str, Any]]:
    """`items` with a readable `<column>_label` after each key column (`together`: all of
    them after the last key column, as the exchanges table has them)."""
    names: dict[str, str] = {}

    def label(key: Any) -> str:
        return names[key] if key in names else names.setdefault(key, labels.key_label(str(key)))

    out = []
    for item in items:
        row: dict[str, Any] = {}
        for k, v in item.items():
            row[k] = v
            if k == columns[-1] and together:
                row.update((f"{c}_label", label(item[c])) for c in columns)
            elif k in columns and not together:
                row[f"{k}_label"] = label(v)
        out.append(row)
    return out


def with_labels(table: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """`table` with a readable `<column>_label` after each key column."""
    out = table.copy()
    for col in columns:
        if col in out.columns:
            out.insert(out.columns.get_loc(col) + 1, f"{col}_label",
                       [labels.key_label(str(k)) for k in out[col]])
    return out


def check_pair(a: str, b: str) -> None:
    if a == b:
        raise ApiError(400, f"a and b are the same actor ({a}); pick two different actors")
