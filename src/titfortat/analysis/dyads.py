"""Dyads and their series: who acts toward whom, how often and how hostile, per period.

A dyad is a directed pair (source, target) at a level (see `frame`). Counts use the `weight`
column, so a frame of duplicate clusters counts each cluster once while `reports` sums the
reports merged into them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from titfortat.errors import AnalysisError
from titfortat.model import Event

from .frame import DEFAULT_LEVEL, UNKNOWN_CODE, as_frame, with_dyads

PERIODS: dict[str, str] = {"day": "D", "week": "W", "month": "M"}
QUADS: dict[int, str] = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}


def period_start(dates: pd.Series, period: str) -> pd.Series:
    """The first day of each date's period (weeks start on Monday)."""
    if period == "day":
        return dates.dt.normalize()
    if period == "week":
        return (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    if period == "month":
        return dates.dt.to_period("M").dt.start_time
    raise AnalysisError(f"unknown period {period!r}; use one of: {', '.join(PERIODS)}")


def dyad_table(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL) -> pd.DataFrame:
    """One row per directed dyad: events, reports, first and last date, Goldstein sum and mean,
    conflict share; most active first (ties by key, so the order is stable)."""
    df = with_dyads(as_frame(data), level)
    if df.empty:
        return pd.DataFrame(columns=["source", "target", "events", "reports", "first", "last",
                                     "goldstein_sum", "goldstein_mean", "conflict_share"])
    df = df.assign(conflict=(df["quad_code"] >= 3).astype("int64"),
                   gw=df["goldstein"] * df["weight"])
    g = df.groupby(["source", "target"], sort=True, observed=True)
    out = pd.DataFrame({
        "events": g.size(),
        "reports": g["weight"].sum(),
        "first": g["date"].min().dt.date,
        "last": g["date"].max().dt.date,
        "goldstein_sum": g["gw"].sum().round(2),
        "goldstein_mean": (g["gw"].sum() / g["weight"].sum()).round(2),
        "conflict_share": g["conflict"].mean().round(3),
    }).reset_index()
    return out.sort_values(["events", "source", "target"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def top_pairs(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL,
              n: int | None = None) -> pd.DataFrame:
    """Undirected actor pairs (a < b) by activity: pairs where both sides act first, then by
    events in both directions together; ties go to the smaller keys. Pairs with an unknown
    actor (``XXX``) are not power centres and are left out."""
    table = dyad_table(data, level)
    known = ~(table["source"].astype(str).str.startswith(UNKNOWN_CODE)
              | table["target"].astype(str).str.startswith(UNKNOWN_CODE))
    table = table[known]
    if table.empty:
        return pd.DataFrame(columns=["a", "b", "events", "directions"])
    a = table[["source", "target"]].min(axis=1)
    b = table[["source", "target"]].max(axis=1)
    pairs = table.assign(a=a, b=b).groupby(["a", "b"], sort=True, observed=True).agg(
        events=("events", "sum"), directions=("events", "size")).reset_index()
    pairs = pairs.sort_values(["directions", "events", "a", "b"], ascending=[False, False, True, True],
                              kind="stable").reset_index(drop=True)
    return pairs if n is None else pairs.head(n)


def most_active_pair(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL) -> tuple[str, str]:
    """The most active pair of `top_pairs`; AnalysisError when no event has both sides."""
    pairs = top_pairs(data, level, 1)
    if pairs.empty:
        raise AnalysisError("no events with both an actor and a recipient; nothing to pair")
    return str(pairs.iloc[0]["a"]), str(pairs.iloc[0]["b"])


def dyad_series(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL,
                period: str = "week") -> pd.DataFrame:
    """Per dyad and period: events, reports, counts per quad class, Goldstein sum and mean.

    Only periods with events appear; `fill_series` adds the empty ones for one dyad.
    """
    df = with_dyads(as_frame(data), level)
    df = df.assign(period=period_start(df["date"], period), gw=df["goldstein"] * df["weight"])
    for q, name in QUADS.items():
        df[name] = (df["quad_code"] == q).astype("int64")
    g = df.groupby(["source", "target", "period"], sort=True, observed=True)
    agg = g[["weight", "gw", *QUADS.values()]].sum()
    out = pd.DataFrame({
        "events": g.size(),
        "reports": agg["weight"],
        **{name: agg[name] for name in QUADS.values()},
        "goldstein_sum": agg["gw"].round(3),
        "goldstein_mean": (agg["gw"] / agg["weight"]).round(3),
    })
    return out.reset_index()


def fill_series(series: pd.DataFrame, source: str, target: str, period: str = "week",
                start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                column: str = "goldstein_sum") -> pd.Series:
    """One dyad's `column` as a regular series, zero in periods without events."""
    rows = series[(series["source"] == source) & (series["target"] == target)]
    values = rows.set_index("period")[column]
    lo = start if start is not None else (values.index.min() if len(values) else None)
    hi = end if end is not None else (values.index.max() if len(values) else None)
    if lo is None or hi is None:
        return pd.Series(dtype="float64")
    freq = {"day": "D", "week": "W-MON", "month": "MS"}[period]
    index = pd.date_range(lo, hi, freq=freq)
    return values.reindex(index, fill_value=0).astype("float64")
