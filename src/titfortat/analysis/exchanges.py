"""Exchanges: each act of A toward B, B's answer, and what kind of answer it was.

The response to an act A -> B on day d is B's first act toward A after it: on a later day
within the window (default `response_days`, 30), or on the same day when the same story
tells it in a later sentence. Acts on the same day in different stories are not ordered and
never answer each other.

Classification (hostile = quad class 3 or 4; `tolerance` is in Goldstein points):

===========================  ==============================================================
no response                  B does not act toward A within the window
concession under pressure    a hostile act answered by the *target of the pressure* with
                             RETREAT or CONCEDE (a militia's show of force toward the
                             government, answered by the government releasing its commander)
escalation                   hostile answered by an act more hostile by more than `tolerance`
                             (an accusation answered by an attack); cooperation answered by
                             hostility
de-escalation                hostile answered by cooperation, or by an act less hostile by
                             more than `tolerance` (an attack answered by an accusation)
reciprocated hostility       hostile answered by hostility of about the same intensity
reciprocated cooperation     cooperation answered by cooperation
===========================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from titfortat import settings
from titfortat.model import Event

from .frame import DEFAULT_LEVEL, as_frame, with_dyads

NO_RESPONSE = "no response"
CONCESSION = "concession under pressure"
ESCALATION = "escalation"
DEESCALATION = "de-escalation"
RECIPROCATED_HOSTILITY = "reciprocated hostility"
RECIPROCATED_COOPERATION = "reciprocated cooperation"
CLASSES: tuple[str, ...] = (RECIPROCATED_HOSTILITY, RECIPROCATED_COOPERATION, ESCALATION,
                            DEESCALATION, CONCESSION, NO_RESPONSE)
CONCESSION_EVENTS: tuple[str, ...] = ("RETREAT", "CONCEDE")
ACT_COLUMNS: tuple[str, ...] = ("id", "story_id", "date", "source", "target", "event", "mode",
                                "quad_code", "goldstein", "text", "sequence")
RESPONSE_COLUMNS: tuple[str, ...] = ("act", "id", "date", "event", "mode", "quad_code", "goldstein")


def acts(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL) -> pd.DataFrame:
    """One row per (event, source, target) at `level`, in time order, with an `act` number.

    Within a day, acts keep the frame's order (`events_to_frame` sorts by story and sentence).
    """
    df = with_dyads(as_frame(data), level)
    repeated = df["id"].duplicated(keep=False).to_numpy()
    if repeated.any():  # compound actors that fall into one key at this level
        df = df.loc[~repeated | ~df.duplicated(["id", "source", "target"]).to_numpy()]
    df = df[list(ACT_COLUMNS)]
    if not df["date"].is_monotonic_increasing:
        df = df.sort_values("date", kind="stable")
    df = df.reset_index(drop=True)
    df.insert(0, "act", np.arange(len(df), dtype="int64"))
    return df


def _pair_codes(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    source, target = df["source"], df["target"]
    if isinstance(source.dtype, pd.CategoricalDtype) and source.dtype == target.dtype:
        return source.cat.codes.to_numpy("int64"), target.cat.codes.to_numpy("int64")
    codes, _ = pd.factorize(pd.concat([source.astype(str), target.astype(str)], ignore_index=True))
    n = len(df)
    return codes[:n].astype("int64"), codes[n:].astype("int64")


def _next_response(a: pd.DataFrame, window_days: int) -> pd.Series:
    """For each act, the `act` number of its response, or -1."""
    src, tgt = _pair_codes(a)
    width = int(max(src.max(initial=0), tgt.max(initial=0))) + 1
    day = (a["date"].to_numpy("datetime64[D]").astype("int64"))
    left = pd.DataFrame({"act": a["act"].to_numpy(), "pair": src * width + tgt, "day": day})
    right = pd.DataFrame({"r_act": a["act"].to_numpy(), "pair": tgt * width + src, "r_day": day})
    later = pd.merge_asof(left, right.sort_values("r_day", kind="stable"), left_on="day",
                          right_on="r_day", by="pair", direction="forward",
                          allow_exact_matches=False, tolerance=window_days)
    response = later["r_act"].fillna(-1).astype("int64").to_numpy().copy()
    # Same day, same story, later sentence: an answer told in the same report.
    story = pd.factorize(a["story_id"])[0]
    left = left.assign(story=story, seq=a["sequence"].to_numpy())
    right = right.assign(story=story, r_seq=a["sequence"].to_numpy())
    same = left.merge(right, left_on=["pair", "day", "story"], right_on=["pair", "r_day", "story"])
    same = same[same["r_seq"] > same["seq"]].sort_values(["act", "r_seq", "r_act"])
    first = same.drop_duplicates("act")
    response[first["act"].to_numpy()] = first["r_act"].to_numpy()
    return pd.Series(response, index=a.index)


def classify(stim_quad: np.ndarray, stim_g: np.ndarray, resp_event: np.ndarray,
             resp_quad: np.ndarray, resp_g: np.ndarray, answered: np.ndarray,
             tolerance: float = 2.0) -> np.ndarray:
    """The class of each (act, response) pair, vectorised; see the module docstring."""
    s_host = stim_quad >= 3
    r_host = resp_quad >= 3
    conditions = [
        ~answered,
        s_host & np.isin(resp_event, CONCESSION_EVENTS),
        s_host & r_host & (resp_g < stim_g - tolerance),
        s_host & r_host & (resp_g > stim_g + tolerance),
        s_host & r_host,
        s_host & ~r_host,
        ~s_host & r_host,
    ]
    choices = [NO_RESPONSE, CONCESSION, ESCALATION, DEESCALATION, RECIPROCATED_HOSTILITY,
               DEESCALATION, ESCALATION]
    return np.select(conditions, choices, default=RECIPROCATED_COOPERATION)


def find_exchanges(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL,
                   window_days: int | None = None, tolerance: float = 2.0) -> pd.DataFrame:
    """Every act with its response (columns prefixed ``response_``), lag, change and class.

    `change` is the response's Goldstein score minus the act's (negative: more hostile).
    """
    window = int(settings.get("response_days") if window_days is None else window_days)
    a = acts(data, level)
    resp = _next_response(a, window).to_numpy() if len(a) else np.zeros(0, dtype="int64")
    answered = resp >= 0
    take = np.where(answered, resp, 0)
    out = a.copy()
    mask = pd.Series(answered, index=out.index)
    for col in RESPONSE_COLUMNS:
        out["response_" + col] = a[col].take(take).set_axis(out.index).where(mask)
    out["response_act"] = out["response_act"].astype("Int64")
    out["response_quad_code"] = out["response_quad_code"].astype("Int64")
    out["lag_days"] = (out["response_date"] - out["date"]).dt.days.astype("Int64")
    out["change"] = (out["response_goldstein"] - out["goldstein"]).round(2)
    classes = classify(a["quad_code"].to_numpy(), a["goldstein"].to_numpy(), a["event"].to_numpy()[take],
                       a["quad_code"].to_numpy()[take], a["goldstein"].to_numpy()[take], answered, tolerance)
    out["classification"] = pd.Categorical(classes, categories=list(CLASSES))
    return out


def reciprocity(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Per directed dyad: acts, answered, reciprocity rate, median lag, count per class."""
    if exchanges.empty:
        return pd.DataFrame(columns=["source", "target", "acts", "answered", "rate",
                                     "median_lag_days", *CLASSES])
    ex = exchanges.assign(answered=exchanges["classification"] != NO_RESPONSE,
                          lag=exchanges["lag_days"].astype("float64"))
    g = ex.groupby(["source", "target"], sort=True, observed=True)
    out = pd.DataFrame({"acts": g.size(), "answered": g["answered"].sum(),
                        "median_lag_days": g["lag"].median()})
    out["rate"] = (out["answered"] / out["acts"]).round(3)
    counts = pd.crosstab([ex["source"], ex["target"]], ex["classification"])
    out = out.join(counts.reindex(columns=list(CLASSES), fill_value=0)).fillna(
        {c: 0 for c in CLASSES})
    out[list(CLASSES)] = out[list(CLASSES)].astype("int64")
    cols = ["acts", "answered", "rate", "median_lag_days", *CLASSES]
    return out[cols].reset_index()
