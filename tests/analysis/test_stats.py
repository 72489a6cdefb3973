"""VAR and Granger: planted one-way reciprocity is found in the right direction only."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from titfortat.analysis import events_to_frame, granger
from titfortat.errors import AnalysisError

A, B = "IRQ:GOV", "IRQ:PRM"


def _weekly(ev, counts_ab, counts_ba, start="2020-01-06"):
    day0 = dt.date.fromisoformat(start)
    events = []
    for week, (x, y) in enumerate(zip(counts_ab, counts_ba, strict=True)):
        day = (day0 + dt.timedelta(weeks=week)).isoformat()
        events += [ev("arrest", A, B, day) for _ in range(int(x))]
        events += [ev("arrest", B, A, day) for _ in range(int(y))]
    return events_to_frame(events)


@pytest.fixture(scope="module")
def planted():
    """B answers A's hostility the next week; A ignores B."""
    from tests.analysis.conftest import make_event

    rng = np.random.default_rng(7)
    x = rng.poisson(2.0, 160)
    y = rng.poisson(0.3 + 0.9 * np.r_[0, x[:-1]])
    return _weekly(make_event, x, y)


def test_planted_direction_is_found_and_not_the_reverse(planted):
    result = granger(planted, A, B)
    forward, backward = result.directions
    assert forward.cause == (A, B) and forward.effect == (B, A)
    assert forward.p_value < 0.001
    assert backward.p_value > 0.05
    assert forward.sentence.startswith(f"{B}'s hostility toward {A} rises in the week after "
                                       f"{A}'s hostility toward {B} (p = ")
    assert backward.sentence.startswith(f"No evidence that {B}'s acts toward {A} change")
    assert forward.irf[1] > 0.5          # one more Goldstein point from A -> about 0.9 from B
    assert result.periods == 160 and result.lags >= 1


def test_keys_are_normalised(planted):
    assert granger(planted, "IRQ:COP", "IRQ:PRM").a == A


def test_too_short_is_refused(ev):
    frame = _weekly(ev, [1, 2, 0, 3, 1], [0, 1, 2, 0, 1])
    with pytest.raises(AnalysisError, match=r"have 5 weeks of data \(2020-01-06 to 2020-02-03\); "
                                            r"a VAR/Granger test needs at least 20"):
        granger(frame, A, B)


def test_constant_series_is_refused(ev):
    frame = _weekly(ev, [1, 2, 0, 3] * 10, [1] * 40)
    with pytest.raises(AnalysisError, match=f"the weekly Goldstein series {B}->{A} is constant"):
        granger(frame, A, B)


def test_a_handful_of_events_is_refused(ev):
    frame = _weekly(ev, [1, 2, 0, 3] * 10, [0] * 36 + [1, 0, 2, 0])
    with pytest.raises(AnalysisError, match=f"{B}->{A} has events in only 2 of 40 weeks"):
        granger(frame, A, B)


def test_unknown_pair_is_refused(planted):
    with pytest.raises(AnalysisError, match="no events between USA:GOV and IRQ:PRM"):
        granger(planted, "USA", B)
