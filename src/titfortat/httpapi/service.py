"""What the routes serve: the Store's readers and the tit-for-tat analyses, as plain JSON.

Analyses of a pair of actors read only the events naming both (an act's answer is always
the other side's act toward it, so nothing else matters); analyses of the whole database
(dyads, alerts, network, actors) are refused above `serve_max_analysis_events` events and
kept in a small cache that a write through the API clears.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from titfortat import analysis, settings
from titfortat.analysis.exchanges import NO_RESPONSE
from titfortat.analysis.frame import STATE_SECTORS, UNKNOWN_CODE, cluster_sizes_from_explanations
from titfortat.errors import AnalysisError
from titfortat.httpapi.params import ApiError
from titfortat.store import Filters, Store
from titfortat.store.serving import party_ids
from titfortat.web import labels

CACHE_SECONDS = 60.0
ACTORS_SECONDS = 600.0  # the actor list is two full scans of the links on a large store
CACHE_SIZE = 256
FRAMES_KEPT = 8
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
        self._cache: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any], seconds: float = CACHE_SECONDS) -> Any:
        """`compute()`, remembered for `seconds` (a write through the API forgets everything).

        Data frames are big, so at most FRAMES_KEPT of them stay; results are small."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and now - hit[0] < seconds:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._cache[key] = (now, value)
            frames = [k for k, v in self._cache.items() if isinstance(v[1], pd.DataFrame)]
            for old in frames[:max(0, len(frames) - FRAMES_KEPT)]:
                del self._cache[old]
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

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
        return self.cached(("frame", since, until), build)

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

    def pair_frame(self, a: str, b: str, level: str, since: dt.date | None, until: dt.date | None) -> pd.DataFrame:
        def build() -> pd.DataFrame:
            events = self.store.pair_events(_condition(a, level), _condition(b, level), since=since,
                                            until=until, limit=PAIR_LIMIT)
            frame = analysis.events_to_frame(events, cluster_sizes_from_explanations(events))
            frame = analysis.with_dyads(frame, level)
            keep = ((frame["source"] == a) & (frame["target"] == b)) | ((frame["source"] == b) & (frame["target"] == a))
            return frame.loc[keep.to_numpy()].reset_index(drop=True)
        return self.cached(("pair", *sorted((a, b)), level, since, until), build)

    def exchanges(self, a: str, b: str, level: str, window: int | None, since: dt.date | None,
                  until: dt.date | None) -> dict[str, Any]:
        """Every act between A and B in time order, what it answers and how it was answered."""
        a, b = analysis.normalise_key(a, level), analysis.normalise_key(b, level)
        out: dict[str, Any] = {"a": a, "b": b, "a_label": labels.key_label(a), "b_label": labels.key_label(b),
                               "level": level, "window_days": window if window is not None else settings.get("response_days"),
                               "acts": self.cached(("exchanges", *sorted((a, b)), level, window, since, until),
                                                   lambda: self._acts(a, b, level, window, since, until))}
        return out

    def _acts(self, a: str, b: str, level: str, window: int | None, since: dt.date | None,
              until: dt.date | None) -> list[dict[str, Any]]:
        frame = self.pair_frame(a, b, level, since, until)
        acts: list[dict[str, Any]] = []
        if frame.empty:
            return acts
        ex = analysis.find_exchanges(frame, level, window)
        ids = ex["id"].to_numpy()
        by_act = dict(zip(ex["act"], ids, strict=True))
        # What each act answers: the latest earlier act of the other side that it responds to
        # (the rule of analysis.chains, without building the chains).
        answered = ex[ex["classification"] != NO_RESPONSE].sort_values(["date", "act"], kind="stable")
        latest = answered.drop_duplicates("response_act", keep="last")
        answers = {int(r): (i, c) for r, i, c in zip(latest["response_act"], latest["id"], latest["classification"],
                                                     strict=True)}
        for row in ex.to_dict(orient="records"):
            answered_row = row["classification"] != NO_RESPONSE
            stimulus = answers.get(int(row["act"]))
            acts.append({k: plain(v) for k, v in {
                "id": row["id"], "date": row["date"], "source": row["source"], "target": row["target"],
                "source_label": labels.key_label(str(row["source"])), "target_label": labels.key_label(str(row["target"])),
                "event": row["event"], "mode": row["mode"], "quad_code": row["quad_code"],
                "goldstein": row["goldstein"], "text": row["text"],
                "answers": stimulus[0] if stimulus else None,
                "answers_as": stimulus[1] if stimulus else None,
                "response": by_act.get(int(row["response_act"])) if answered_row else None,
                "response_class": ANSWER_NAMES.get(row["classification"], row["classification"]),
                "lag_days": row["lag_days"] if answered_row else None,
            }.items()})
        return acts

    def series(self, a: str, b: str, level: str, period: str, since: dt.date | None,
               until: dt.date | None) -> pd.DataFrame:
        a, b = analysis.normalise_key(a, level), analysis.normalise_key(b, level)
        frame = self.pair_frame(a, b, level, since, until)
        if frame.empty:
            return pd.DataFrame(columns=["source", "target", "period", "events"])
        table = analysis.dyad_series(frame, level, period)
        table = table[table["source"].isin([a, b]) & table["target"].isin([a, b])]
        return table.reset_index(drop=True)

    def reciprocity(self, a: str, b: str, level: str, window: int | None, period: str,
                    since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
        a, b = analysis.normalise_key(a, level), analysis.normalise_key(b, level)
        frame = self.pair_frame(a, b, level, since, until)
        if frame.empty:
            return {"a": a, "b": b, "directions": [], "granger": None, "granger_note": "no events between them"}
        plain_frame = frame
        rec = analysis.reciprocity(analysis.find_exchanges(plain_frame, level, window))
        out: dict[str, Any] = {"a": a, "b": b, "directions": rows(rec), "granger": None, "granger_note": None}
        try:
            result = analysis.granger(plain_frame, a, b, level, period)
            out["granger"] = {"lags": result.lags, "periods": result.periods, "start": plain(result.start),
                              "end": plain(result.end), "sentences": list(result.sentences())}
        except AnalysisError as exc:
            out["granger_note"] = f"not tested: {exc}"
        return out


def warm_up() -> None:
    """Import what the first analysis request would import (statsmodels for Granger tests,
    ruptures for alerts), so that a user's first view does not wait for it."""
    import ruptures  # noqa: F401
    import statsmodels.tsa.api  # noqa: F401


def _condition(key: str, level: str) -> Any:
    """The events that can hold a dyad key, as SQL: a superset the frame then narrows exactly
    (`analysis.frame`: at side level the state's sectors, or none, are the government side)."""
    code, _, sector = key.partition(":")
    if level == "identifier" and not sector and labels.country_name(code) is None and code != UNKNOWN_CODE:
        return party_ids(code, identifier=key)
    country = None if code == UNKNOWN_CODE else code
    if level == "side" and sector == "GOV":
        return party_ids(country, tuple(sorted(STATE_SECTORS)), no_sector=True)
    if level == "side" and not sector and country is None:  # XXX: no code, no known sector
        return party_ids(None, ("UNK",), no_sector=True)
    if level in ("side", "sector") and sector:
        return party_ids(country, (sector,))
    return party_ids(country)


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
