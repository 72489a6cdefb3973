"""Tit-for-tat analysis: pure functions over events (no database or web code).

    >>> from titfortat.analysis import events_to_frame, find_exchanges, chains
    >>> frame = events_to_frame(events)
    >>> ex = find_exchanges(frame)                    # every act with its answer and class
    >>> chains(ex, "IRQ:GOV", "IRQ:PRM")              # the dated story between two actors

Modules: `frame` (events to a DataFrame, dyad keys by level), `dyads` (dyad tables and
series), `exchanges` (responses and their classes, reciprocity), `chains`, `stats` (VAR and
Granger), `alerts` (trend and change-point alerts), `network` (networkx actor graph).
"""

from __future__ import annotations

from .alerts import alerts, weekly_intensity
from .chains import chains, pair_exchanges
from .dyads import dyad_series, dyad_table, fill_series, most_active_pair, top_pairs
from .exchanges import CLASSES, classify, find_exchanges, reciprocity
from .frame import DEFAULT_LEVEL, LEVELS, events_to_frame, normalise_key, with_dyads
from .network import actor_graph, edge_table, node_table, write_graph
from .stats import GrangerResult, dyad_pair_series, granger

__all__ = [
    "CLASSES", "DEFAULT_LEVEL", "LEVELS", "GrangerResult", "actor_graph", "alerts", "chains",
    "classify", "dyad_pair_series", "dyad_series", "dyad_table", "edge_table", "events_to_frame",
    "fill_series", "find_exchanges", "granger", "most_active_pair", "node_table", "normalise_key",
    "pair_exchanges", "reciprocity", "top_pairs", "weekly_intensity", "with_dyads", "write_graph",
]
