"""Does A's behaviour toward B predict B's behaviour toward A? VAR and Granger tests.

The two series are a dyad's Goldstein sums per period in each direction (negative is
hostile), zero in periods without events, over the span where either side acts. A VAR is
fitted (lag order by AIC, at least 1), each direction is tested for Granger causality (F
test) and the impulse response says which way the effect goes, so that the result can be
said in plain words: "IRQ:PRM's hostility toward IRQ:GOV rises in the week after
IRQ:GOV's hostility toward IRQ:PRM (p = 0.010)".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from titfortat.errors import AnalysisError
from titfortat.model import Event

from .dyads import dyad_series, fill_series
from .frame import DEFAULT_LEVEL, as_frame, normalise_key

MIN_PERIODS = 20
MIN_ACTIVE = 8  # periods with events, in each direction: fewer is a handful of events, not a series
ALPHA = 0.05


@dataclass(frozen=True)
class Direction:
    """One Granger test: does `cause` (a directed dyad) predict `effect`?"""

    cause: tuple[str, str]
    effect: tuple[str, str]
    f_stat: float
    p_value: float
    irf: tuple[float, ...]  # effect's response to a unit impulse in cause, horizons 0..n
    sentence: str

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA


@dataclass(frozen=True)
class GrangerResult:
    """Both directions of a dyad, with the fitted lag order and sample size."""

    a: str
    b: str
    period: str
    lags: int
    periods: int
    start: str
    end: str
    directions: tuple[Direction, ...] = field(default=())

    def sentences(self) -> list[str]:
        return [d.sentence for d in self.directions]


def _sentence(cause: tuple[str, str], effect: tuple[str, str], p: float, step: float,
              period: str) -> str:
    x, y = cause
    if p >= ALPHA:
        return (f"No evidence that {x}'s acts toward {y} change {y}'s acts toward {x} "
                f"(p = {p:.3f}).")
    if step >= 0:
        what = f"{y}'s hostility toward {x} rises"
    else:
        what = f"{y} turns more cooperative toward {x}"
    return f"{what} in the {period} after {x}'s hostility toward {y} (p = {p:.3f})."


def dyad_pair_series(data: pd.DataFrame | Iterable[Event], a: str, b: str,
                     level: str = DEFAULT_LEVEL, period: str = "week") -> pd.DataFrame:
    """Columns ``a->b`` and ``b->a``: Goldstein sums per period over the dyad's span."""
    a, b = normalise_key(a, level), normalise_key(b, level)
    series = dyad_series(as_frame(data), level, period)
    both = series[((series["source"] == a) & (series["target"] == b))
                  | ((series["source"] == b) & (series["target"] == a))]
    if both.empty:
        raise AnalysisError(f"no events between {a} and {b} at level {level!r}; "
                            "check the keys with `titfortat dyads`")
    start, end = both["period"].min(), both["period"].max()
    return pd.DataFrame({
        f"{a}->{b}": fill_series(series, a, b, period, start, end),
        f"{b}->{a}": fill_series(series, b, a, period, start, end),
    })


def granger(data: pd.DataFrame | Iterable[Event], a: str, b: str, level: str = DEFAULT_LEVEL,
            period: str = "week", maxlags: int = 4, min_periods: int = MIN_PERIODS,
            min_active: int = MIN_ACTIVE, horizon: int = 8) -> GrangerResult:
    """Fit a VAR on the two directions of the a-b dyad and test Granger causality both ways.

    Raises AnalysisError when there are fewer than `min_periods` periods, when a direction
    has events in fewer than `min_active` periods, or when a direction is constant.
    """
    from statsmodels.tsa.api import VAR  # heavy import, kept out of import time

    frame = dyad_pair_series(data, a, b, level, period)
    a, b = normalise_key(a, level), normalise_key(b, level)
    n = len(frame)
    span = f"{frame.index.min().date()} to {frame.index.max().date()}"
    if n < min_periods:
        raise AnalysisError(
            f"{a} and {b} have {n} {period}s of data ({span}); a VAR/Granger test needs at least "
            f"{min_periods}. Use more data or a shorter --period.")
    for col in frame.columns:
        active = int((frame[col] != 0).sum())
        if 0 < active < min_active:
            raise AnalysisError(
                f"{col} has events in only {active} of {n} {period}s ({span}); a Granger test needs "
                f"events in at least {min_active} {period}s in each direction.")
        if float(frame[col].std()) == 0.0:
            raise AnalysisError(
                f"the {period}ly Goldstein series {col} is constant over {span} "
                f"(value {frame[col].iloc[0]:g}); there is nothing to test.")
    maxlags = max(1, min(maxlags, (n - 2) // 4))
    model = VAR(frame.to_numpy(dtype="float64"))
    try:
        order = model.select_order(maxlags).selected_orders.get("aic") or 1
        res = model.fit(max(1, int(order)))
    except (np.linalg.LinAlgError, ValueError) as exc:
        raise AnalysisError(f"the VAR for {a} and {b} cannot be fitted: {exc}") from exc
    irfs = res.irf(horizon).irfs
    keys = ((a, b), (b, a))
    directions = []
    for cause_i, effect_i in ((0, 1), (1, 0)):
        test = res.test_causality(effect_i, [cause_i], kind="f")
        p = float(test.pvalue)
        path = tuple(round(float(v), 4) for v in irfs[:, effect_i, cause_i])
        step = float(sum(path[1:]))
        directions.append(Direction(
            cause=keys[cause_i], effect=keys[effect_i], f_stat=round(float(test.test_statistic), 4),
            p_value=p, irf=path, sentence=_sentence(keys[cause_i], keys[effect_i], p, step, period)))
    return GrangerResult(a=a, b=b, period=period, lags=int(res.k_ar), periods=n,
                         start=str(frame.index.min().date()), end=str(frame.index.max().date()),
                         directions=tuple(directions))
