"""The pandas API of the Store: events, clusters, stories and dyad counts as DataFrames."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import sqlalchemy as sa

from titfortat.store import queries, schema
from titfortat.store.queries import Filters

_DATES = ("date", "min_start", "max_end", "pub_date")
_INTS = ("quad_code", "size_dead", "size_injured", "size_arrested", "n_events", "n_stories",
         "n_sources", "n_events")


def _frame(columns: list[str], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """A typed frame: dates as datetime64, counts as nullable integers, flags as bool."""
    df = pd.DataFrame(rows, columns=columns)
    for c in df.columns:
        if c in _DATES:
            df[c] = pd.to_datetime(df[c])
        elif c in _INTS:
            df[c] = df[c].astype("Int64")
        elif c == "is_rep":
            df[c] = df[c].astype(bool)
    return df


class FramesMixin:
    """DataFrame readers; the Store provides `_query`."""

    def _query(self, sel: sa.Select[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        raise NotImplementedError

    def events_frame(self, *, clusters: bool = True, actor: str | None = None,
                     recipient: str | None = None, type: str | None = None,
                     since: dt.date | None = None, until: dt.date | None = None,
                     place: str | None = None,
                     bbox: tuple[float, float, float, float] | None = None) -> pd.DataFrame:
        """One row per event (clusters=True: per cluster representative), flat columns.

        Actor and recipient columns describe the first entity; `cluster_id` groups reports.
        """
        f = Filters(clusters, actor, recipient, type, since, until, place, bbox)
        return _frame(*self._query(queries.event_table(f)))

    def clusters_frame(self, *, actor: str | None = None, recipient: str | None = None,
                       type: str | None = None, since: dt.date | None = None,
                       until: dt.date | None = None, place: str | None = None,
                       bbox: tuple[float, float, float, float] | None = None) -> pd.DataFrame:
        """One row per cluster: size, independent sources, confidence, and its representative's
        dyad, date and place. Filters apply to the representative."""
        f = Filters(True, actor, recipient, type, since, until, place, bbox)
        return _frame(*self._query(queries.cluster_table(f)))

    def stories_frame(self) -> pd.DataFrame:
        """One row per stored story (without its text, which the store does not keep)."""
        st = schema.stories
        cols = [c for c in st.columns if c.name != "warnings"]
        return _frame(*self._query(sa.select(*cols).order_by(st.c.id)))

    def dyad_counts(self, actor: str, recipient: str, *, freq: str = "W", clusters: bool = True,
                    type: str | None = None, since: dt.date | None = None,
                    until: dt.date | None = None) -> pd.Series:
        """Number of events (or clusters) from `actor` to `recipient` per period.

        `freq` is a pandas period frequency ("W" weeks starting Monday, "M", "D"); periods
        without events appear with 0 between the first and the last event.
        """
        f = Filters(clusters, actor, recipient, type, since, until)
        _cols, rows = self._query(queries.dyad_dates(f))
        dates = pd.to_datetime(pd.Series([r[0] for r in rows], dtype="object"))
        if dates.empty:
            return pd.Series([], dtype="int64", name="events", index=pd.PeriodIndex([], freq=freq))
        counts = dates.dt.to_period(freq).value_counts().sort_index()
        full = pd.period_range(counts.index.min(), counts.index.max(), freq=freq)
        return counts.reindex(full, fill_value=0).rename("events").astype("int64")
