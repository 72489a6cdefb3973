"""Escalation alerts on a dyad's weekly conflict intensity.

Intensity is the sum of |Goldstein| over a week's conflict events (quad class 3 and 4),
weighted by cluster size. Two kinds of alert, each with the ids of the events behind it:

- ``trend``: a week against the average of the previous 4 weeks and of the previous 52
  weeks (the weeks available since the dyad's first conflict event, at least 4), as conflict
  monitors do: ``rise`` at +25 %, ``doubling`` at x2, ``drop`` at -25 %, ``onset`` when the
  baseline is zero. A rise needs at least `min_events` events in the week, a drop an
  average of at least `min_events` in the baseline, so that one stray report raises nothing.
- ``change point``: the weeks where ruptures (PELT, l2 cost from cumulative sums, penalty 2 sigma^2 log n with a
  robust noise estimate) splits the series into segments of different mean; the alert
  compares the new segment's mean with the previous one. Run on the `max_dyads` most
  intense dyads with at least `min_weeks` weeks; its evidence is the events of the first
  `EVIDENCE_WEEKS` weeks of the new segment.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from titfortat.model import Event

from .dyads import period_start
from .frame import DEFAULT_LEVEL, as_frame, with_dyads

ALERT_COLUMNS: tuple[str, ...] = ("kind", "source", "target", "week", "level", "window", "value",
                                  "baseline", "change_pct", "events", "event_ids")
WINDOWS: tuple[int, ...] = (4, 52)
EVIDENCE_WEEKS = 4  # a change point's evidence: the first weeks of the new segment


def weekly_intensity(data: pd.DataFrame | Iterable[Event],
                     level: str = DEFAULT_LEVEL) -> tuple[pd.DataFrame, list[tuple[str, str]], pd.Timestamp]:
    """Conflict rows as (`id`, `dyad` number, `week` number, `intensity`), the dyads' keys
    (source, target) by number, and the Monday of week 0."""
    df = with_dyads(as_frame(data), level)
    df = df.loc[df["quad_code"] >= 3, ["id", "source", "target", "date", "goldstein", "weight"]]
    week = period_start(df["date"], "week")
    start = week.min() if len(df) else pd.Timestamp("1970-01-05")
    groups = df.groupby(["source", "target"], sort=True, observed=True)
    keys = [(str(s), str(t)) for s, t in groups.size().index] if len(df) else []
    out = pd.DataFrame({"id": df["id"].to_numpy(), "dyad": groups.ngroup().to_numpy(dtype="int64"),
                        "week": ((week - start).dt.days // 7).to_numpy(dtype="int64"),
                        "intensity": (df["goldstein"].abs() * df["weight"]).to_numpy()})
    return out, keys, start


def _matrices(w: pd.DataFrame, dyads: np.ndarray, n_weeks: int) -> tuple[np.ndarray, np.ndarray]:
    pos = {int(d): i for i, d in enumerate(dyads)}
    rows = w[w["dyad"].isin(pos)]
    cell = rows["dyad"].map(pos).to_numpy() * n_weeks + rows["week"].to_numpy()
    size = len(dyads) * n_weeks
    value = np.bincount(cell, weights=rows["intensity"].to_numpy(), minlength=size)
    count = np.bincount(cell, minlength=size).astype("float64")
    return value.reshape(len(dyads), n_weeks), count.reshape(len(dyads), n_weeks)


def _trend_cells(value: np.ndarray, count: np.ndarray, first: np.ndarray, window: int,
                 min_events: float) -> pd.DataFrame:
    n_dyads, n_weeks = value.shape
    t = np.arange(n_weeks)
    history = t[None, :] - first[:, None]
    k = np.clip(np.minimum(history, window), 1, None)
    cv = np.concatenate([np.zeros((n_dyads, 1)), np.cumsum(value, axis=1)], axis=1)
    cc = np.concatenate([np.zeros((n_dyads, 1)), np.cumsum(count, axis=1)], axis=1)
    lo = np.clip(t[None, :] - k, 0, None)
    rows = np.arange(n_dyads)[:, None]
    base = (cv[:, :-1] - cv[rows, lo]) / k
    base_n = (cc[:, :-1] - cc[rows, lo]) / k
    ok = history >= 4
    ratio = np.divide(value, base, out=np.full_like(value, np.inf), where=base > 0)
    rise = ok & (count >= min_events)
    conditions = [rise & (base == 0), rise & (ratio >= 2), rise & (ratio >= 1.25),
                  ok & (base_n >= min_events) & (ratio <= 0.75)]
    labels = np.select(conditions, ["onset", "doubling", "rise", "drop"], default="")
    d, week = np.nonzero(labels != "")
    pct = np.where(base[d, week] > 0, (value[d, week] / np.where(base[d, week] > 0, base[d, week], 1) - 1) * 100, np.nan)
    return pd.DataFrame({"d": d, "week": week, "level": labels[d, week], "window": f"{window}-week",
                         "value": value[d, week], "baseline": base[d, week], "change_pct": pct,
                         "events": count[d, week].astype("int64")})


def _noise_var(x: np.ndarray) -> float:
    mad = float(np.median(np.abs(np.diff(x)))) / 0.6745 / np.sqrt(2)
    return mad * mad if mad > 0 else float(np.var(x)) or 1.0


@functools.cache
def _fast_l2() -> Any:
    """ruptures' l2 cost computed from cumulative sums: O(1) per segment instead of O(length)."""
    from ruptures.base import BaseCost  # heavy import, kept out of import time

    class CostL2Cumsum(BaseCost):  # type: ignore[misc]
        model = "l2-cumsum"
        min_size = 2

        def fit(self, signal: np.ndarray) -> CostL2Cumsum:
            x = np.asarray(signal, dtype="float64").ravel()
            self.signal = x.reshape(-1, 1)
            self.s1 = np.r_[0.0, np.cumsum(x)]
            self.s2 = np.r_[0.0, np.cumsum(x * x)]
            return self

        def error(self, start: int, end: int) -> float:
            total = self.s1[end] - self.s1[start]
            return float(self.s2[end] - self.s2[start] - total * total / (end - start))

    return CostL2Cumsum


def _change_cells(value: np.ndarray, count: np.ndarray, first: np.ndarray, last: np.ndarray,
                  min_weeks: int) -> pd.DataFrame:
    import ruptures as rpt  # heavy import, kept out of import time

    out = []
    for d in range(value.shape[0]):
        x = value[d, first[d]:last[d] + 1]
        if len(x) < min_weeks:
            continue
        pen = 2.0 * _noise_var(x) * np.log(len(x))
        bkps = rpt.Pelt(custom_cost=_fast_l2()(), min_size=2, jump=1).fit(x).predict(pen=pen)
        edges = [0, *bkps]
        for i in range(1, len(edges) - 1):
            before = float(x[edges[i - 1]:edges[i]].mean())
            after = float(x[edges[i]:edges[i + 1]].mean())
            week = first[d] + edges[i]
            pct = (after / before - 1) * 100 if before > 0 else np.nan
            weeks = min(EVIDENCE_WEEKS, edges[i + 1] - edges[i])
            out.append({"d": d, "week": week, "level": "rise" if after > before else "fall",
                        "window": "segment", "value": after, "baseline": before, "change_pct": pct,
                        "events": int(count[d, week:week + weeks].sum()), "weeks": weeks})
    return pd.DataFrame(out, columns=["d", "week", "level", "window", "value", "baseline",
                                      "change_pct", "events", "weeks"])


def _evidence(w: pd.DataFrame, cells: pd.DataFrame, max_ids: int) -> list[list[str]]:
    """The ids of the events in each alert's weeks (its own week, or a segment's first weeks)."""
    span = cells["weeks"].fillna(1).astype("int64").to_numpy()
    cell = np.repeat(np.arange(len(cells)), span)
    offset = np.arange(len(cell)) - np.repeat(np.cumsum(span) - span, span)
    wanted = pd.DataFrame({"cell": cell, "dyad": cells["dyad"].to_numpy()[cell],
                           "week": cells["week"].to_numpy()[cell] + offset})
    hits = wanted.merge(w[["dyad", "week", "id"]], on=["dyad", "week"]).sort_values(["cell", "id"])
    ids = hits["id"].to_numpy(dtype=object)
    bounds = np.searchsorted(hits["cell"].to_numpy(), np.arange(len(cells) + 1))
    return [list(ids[lo:min(hi, lo + max_ids)]) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def alerts(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL, min_events: int = 3,
           max_dyads: int = 20, min_weeks: int = 12, chunk: int = 2000,
           max_ids: int = 50) -> pd.DataFrame:
    """Trend and change-point alerts for every dyad, oldest first (columns ALERT_COLUMNS)."""
    w, keys, start = weekly_intensity(data, level)
    if w.empty:
        return pd.DataFrame(columns=list(ALERT_COLUMNS))
    n_weeks = int(w["week"].max()) + 1
    span = w.groupby("dyad")["week"].agg(["min", "max"])
    total = w.groupby("dyad")["intensity"].sum()
    found = []
    for lo in range(0, len(span), chunk):
        dyads = span.index.to_numpy()[lo:lo + chunk]
        value, count = _matrices(w, dyads, n_weeks)
        first = span.loc[dyads, "min"].to_numpy()
        for window in WINDOWS:
            cells = _trend_cells(value, count, first, window, min_events)
            found.append(cells.assign(kind="trend", weeks=1, dyad=dyads[cells["d"].to_numpy()]))
    top = total[(span["max"] - span["min"] + 1) >= min_weeks].sort_values(ascending=False, kind="stable")
    dyads = np.sort(top.index.to_numpy()[:max_dyads])
    if len(dyads):
        value, count = _matrices(w, dyads, n_weeks)
        cells = _change_cells(value, count, span.loc[dyads, "min"].to_numpy(),
                              span.loc[dyads, "max"].to_numpy(), min_weeks)
        found.append(cells.assign(kind="change point", dyad=dyads[cells["d"].to_numpy().astype(int)]))
    out = pd.concat(found, ignore_index=True).drop(columns="d")
    if out.empty:
        return pd.DataFrame(columns=list(ALERT_COLUMNS))
    out["event_ids"] = _evidence(w, out, max_ids)
    out["source"] = [keys[d][0] for d in out["dyad"]]
    out["target"] = [keys[d][1] for d in out["dyad"]]
    out["week"] = (start + pd.to_timedelta(out["week"] * 7, unit="D")).dt.date
    for col in ("value", "baseline", "change_pct"):
        out[col] = out[col].astype("float64").round(2)
    out = out.sort_values(["week", "source", "target", "kind", "window"], kind="stable")
    return out[list(ALERT_COLUMNS)].reset_index(drop=True)
