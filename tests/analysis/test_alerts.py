"""Escalation alerts on a planted surge."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from titfortat.analysis import alerts, events_to_frame

A, B = "IRQ:PRM", "IRQ:GOV"


@pytest.fixture(scope="module")
def surge():
    """30 quiet weeks (one or two attacks a week), then 6 weeks of 6 to 9 attacks."""
    from tests.analysis.conftest import make_event

    rng = np.random.default_rng(3)
    counts = [*rng.integers(1, 3, 30), 6, 8, 7, 9, 8, 6]
    day0 = dt.date(2023, 1, 2)
    events = [make_event("clash", A, B, (day0 + dt.timedelta(weeks=w, days=i % 5)).isoformat(),
                         f"w{w}n{i}") for w, n in enumerate(counts) for i in range(int(n))]
    events.append(make_event("visit", A, B, "2023-03-01"))     # cooperation adds nothing
    return events_to_frame(events), counts


def test_trend_alerts_flag_the_surge_week_with_its_events(surge):
    frame, counts = surge
    found = alerts(frame)
    trend = found[found["kind"] == "trend"]
    first = trend[trend["week"] == dt.date(2023, 7, 31)]           # week 30
    assert set(first["window"]) == {"4-week", "52-week"}
    assert set(first["level"]) == {"doubling"}
    row = first[first["window"] == "4-week"].iloc[0]
    assert row["value"] == 60.0 and row["events"] == 6
    assert len(row["event_ids"]) == 6 and all(i.startswith("w30n") for i in row["event_ids"])
    assert row["change_pct"] == pytest.approx((60 / row["baseline"] - 1) * 100, abs=0.01)
    rises = trend[trend["level"].isin(["rise", "doubling", "onset"])]
    assert rises["week"].min() == dt.date(2023, 7, 31)              # nothing before the surge


def test_change_point_at_the_surge(surge):
    frame, _ = surge
    cps = alerts(frame)
    cps = cps[cps["kind"] == "change point"]
    assert len(cps) == 1
    row = cps.iloc[0]
    assert row["week"] == dt.date(2023, 7, 31) and row["level"] == "rise"
    assert (row["source"], row["target"]) == (A, B)
    assert row["value"] > 3 * row["baseline"]
    assert row["events"] == 6 + 8 + 7 + 9                             # first four weeks of the new segment
    assert len(row["event_ids"]) == 30


def test_drop_alert_when_fighting_stops(ev):
    day0 = dt.date(2023, 1, 2)
    events = [ev("clash", A, B, (day0 + dt.timedelta(weeks=w)).isoformat())
              for w in range(8) for _ in range(3)]
    events.append(ev("clash", A, B, (day0 + dt.timedelta(weeks=8)).isoformat()))
    found = alerts(events_to_frame(events), min_weeks=100)
    assert list(found["kind"]) == ["trend", "trend"]
    assert list(found["level"]) == ["drop", "drop"]
    assert found["week"].iloc[0] == dt.date(2023, 2, 27)
    assert found["change_pct"].iloc[0] == pytest.approx(-66.67)


def test_no_events_no_alerts(ev):
    assert alerts(events_to_frame([ev("visit", A, B, "2023-01-01")])).empty
