"""Chains: the exchanges between two actors read as a dated story.

A chain links each act to its response, and that response to its own response, and so on
(the connected pieces of the act -> response graph restricted to the two actors). Each step
after the first is labelled by how it answered the latest earlier act of the other side in
its chain; an act that answers nothing is a ``continued`` step of its own side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .exchanges import NO_RESPONSE

OPENING = "opening act"
CONTINUED = "continued"
CHAIN_COLUMNS: tuple[str, ...] = ("chain", "step", "date", "source", "target", "event", "mode",
                                  "goldstein", "classification", "lag_days", "answers", "id",
                                  "text")


def _components(nodes: np.ndarray, links: list[tuple[int, int]]) -> dict[int, int]:
    """Union-find: each node's component root."""
    parent = {int(n): int(n) for n in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in links:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    return {n: find(n) for n in parent}


def pair_exchanges(exchanges: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The rows of `exchanges` between `a` and `b`, both directions."""
    mask = ((exchanges["source"] == a) & (exchanges["target"] == b)) | (
        (exchanges["source"] == b) & (exchanges["target"] == a))
    return exchanges.loc[mask]


def chains(exchanges: pd.DataFrame, a: str, b: str, min_steps: int = 2) -> pd.DataFrame:
    """The chains of exchanges between `a` and `b`, one row per step, in date order.

    Chains shorter than `min_steps` (by default: acts nobody answered and that answer
    nothing) are left out. Columns: CHAIN_COLUMNS.
    """
    ex = pair_exchanges(exchanges, a, b)
    if ex.empty:
        return pd.DataFrame(columns=list(CHAIN_COLUMNS))
    answered = ex[ex["classification"] != NO_RESPONSE]
    links = [(int(s), int(r)) for s, r in zip(answered["act"], answered["response_act"], strict=True)]
    root = _components(ex["act"].to_numpy(), links)
    ex = ex.assign(root=ex["act"].map(root))
    # Each response's latest stimulus gives its label.
    by_act = ex.set_index("act")
    latest = (answered.sort_values(["date", "act"]).drop_duplicates("response_act", keep="last")
              .set_index("response_act"))
    rows = []
    for chain_no, (_, group) in enumerate(ex.groupby("root", sort=True), start=1):
        if len(group) < min_steps:
            continue
        for step, act in enumerate(group["act"], start=1):
            row = by_act.loc[act]
            if act in latest.index:
                stim = latest.loc[act]
                label, lag, answers = stim["classification"], stim["lag_days"], stim["id"]
            else:
                label, lag, answers = (OPENING if step == 1 else CONTINUED), pd.NA, None
            rows.append({"chain": chain_no, "step": step, "date": row["date"].date(),
                         "source": row["source"], "target": row["target"], "event": row["event"],
                         "mode": row["mode"], "goldstein": row["goldstein"],
                         "classification": label, "lag_days": lag, "answers": answers,
                         "id": row["id"], "text": row["text"]})
    out = pd.DataFrame(rows, columns=list(CHAIN_COLUMNS))
    if not out.empty:
        out["chain"] = out.groupby("chain", sort=True).ngroup() + 1
    return out
