"""The actor network: who acts toward whom, weighted by events and Goldstein.

A directed networkx graph whose nodes are actor keys at a level and whose edges carry
`events` (clusters), `reports`, `goldstein_sum`, `goldstein_mean` and `conflict` (events
of quad class 3 and 4). Centrality (weighted degree, PageRank, betweenness) and
communities (Louvain on the undirected event counts, fixed seed) are node attributes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from titfortat.errors import AnalysisError
from titfortat.model import Event

from .frame import DEFAULT_LEVEL, as_frame, with_dyads

NODE_COLUMNS: tuple[str, ...] = ("node", "community", "events_out", "events_in", "goldstein_out",
                                 "goldstein_in", "pagerank", "betweenness")


def edge_table(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL) -> pd.DataFrame:
    """One row per directed dyad with the edge attributes."""
    df = with_dyads(as_frame(data), level)
    df = df.assign(gw=df["goldstein"] * df["weight"], conflict=(df["quad_code"] >= 3).astype("int64"))
    g = df.groupby(["source", "target"], sort=True, observed=True)
    out = pd.DataFrame({"events": g.size(), "reports": g["weight"].sum(),
                        "goldstein_sum": g["gw"].sum().round(3), "conflict": g["conflict"].sum()})
    out["goldstein_mean"] = (out["goldstein_sum"] / out["reports"]).round(3)
    return out.reset_index()


def actor_graph(data: pd.DataFrame | Iterable[Event], level: str = DEFAULT_LEVEL,
                betweenness_sample: int = 500, seed: int = 0) -> nx.DiGraph:
    """The actor graph with centrality and community attributes on the nodes.

    Betweenness is estimated from `betweenness_sample` source nodes on larger graphs.
    """
    edges = edge_table(data, level)
    graph: nx.DiGraph = nx.DiGraph(level=level)
    for row in edges.itertuples(index=False):
        graph.add_edge(row.source, row.target, events=int(row.events), reports=int(row.reports),
                       goldstein_sum=float(row.goldstein_sum), goldstein_mean=float(row.goldstein_mean),
                       conflict=int(row.conflict))
    if graph.number_of_nodes() == 0:
        return graph
    for node in graph.nodes:
        attrs = graph.nodes[node]
        attrs["events_out"] = int(graph.out_degree(node, weight="events"))
        attrs["events_in"] = int(graph.in_degree(node, weight="events"))
        attrs["goldstein_out"] = round(float(graph.out_degree(node, weight="goldstein_sum")), 3)
        attrs["goldstein_in"] = round(float(graph.in_degree(node, weight="goldstein_sum")), 3)
    pagerank = nx.pagerank(graph, weight="events")
    k = betweenness_sample if graph.number_of_nodes() > betweenness_sample else None
    betweenness = nx.betweenness_centrality(graph, k=k, seed=seed)
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for u, v, d in graph.edges(data=True):
        w = undirected.get_edge_data(u, v, {"events": 0})["events"] + d["events"]
        undirected.add_edge(u, v, events=w)
    communities = nx.community.louvain_communities(undirected, weight="events", seed=seed)
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    for number, members in enumerate(ordered, start=1):
        for node in members:
            graph.nodes[node]["community"] = number
    for node in graph.nodes:
        graph.nodes[node]["pagerank"] = round(float(pagerank[node]), 6)
        graph.nodes[node]["betweenness"] = round(float(betweenness[node]), 6)
    return graph


def node_table(graph: nx.DiGraph) -> pd.DataFrame:
    """The nodes with their attributes, most central (PageRank) first."""
    rows = [{"node": n, **{c: graph.nodes[n].get(c) for c in NODE_COLUMNS[1:]}} for n in graph.nodes]
    table = pd.DataFrame(rows, columns=list(NODE_COLUMNS))
    return table.sort_values(["pagerank", "node"], ascending=[False, True], kind="stable").reset_index(drop=True)


def graph_to_json(graph: nx.DiGraph) -> dict[str, Any]:
    """Nodes and links as plain JSON (networkx's node-link layout, links under "links")."""
    data: dict[str, Any] = nx.node_link_data(graph, edges="links")
    return data


def write_graph(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write GraphML (``.graphml``) or JSON (``.json``), chosen by the file's extension."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(graph, out)
    elif suffix == ".json":
        out.write_text(json.dumps(graph_to_json(graph), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    else:
        raise AnalysisError(f"cannot write a graph to {out.name!r}: use a .graphml or .json file name")
    return out
