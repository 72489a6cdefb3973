"""Plotly figures for the report: dyad timelines and the actor network."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

GOLDSTEIN_SCALE = "RdBu"  # red is hostile (-10), blue cooperative (+10)


def timeline(acts: pd.DataFrame, a: str, b: str) -> Any:
    """Events between a and b over time, y and colour by Goldstein, the sentence on hover."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for (src, tgt), symbol in (((a, b), "circle"), ((b, a), "diamond")):
        rows = acts[(acts["source"] == src) & (acts["target"] == tgt)]
        if rows.empty:
            continue
        hover = [f"{d.date()} {e} {m or ''}<br>{_wrap(t)}" for d, e, m, t in
                 zip(rows["date"], rows["event"], rows["mode"], rows["text"], strict=True)]
        fig.add_trace(go.Scatter(
            x=rows["date"], y=rows["goldstein"], mode="markers", name=f"{src} → {tgt}",
            text=hover, hoverinfo="text",
            marker={"symbol": symbol, "size": 11, "color": rows["goldstein"], "cmin": -10, "cmax": 10,
                    "colorscale": GOLDSTEIN_SCALE, "line": {"width": 1, "color": "#333"},
                    "colorbar": {"title": "Goldstein"} if src == a else None}))
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_layout(title=f"{a} ↔ {b}", height=340, margin={"l": 40, "r": 20, "t": 40, "b": 30},
                      yaxis={"title": "Goldstein", "range": [-10.5, 10.5]},
                      legend={"orientation": "h", "y": -0.15}, template="plotly_white")
    return fig


def _wrap(text: str, width: int = 80) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def network(graph: nx.DiGraph, max_nodes: int = 60) -> Any:
    """The actor graph: node size by events, edge colour by mean Goldstein (fixed layout seed)."""
    import plotly.graph_objects as go

    if graph.number_of_nodes() > max_nodes:
        keep = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("pagerank", 0), n))[:max_nodes]
        graph = graph.subgraph(keep).copy()
    pos = nx.spring_layout(graph.to_undirected(), weight="events", seed=0)
    fig = go.Figure()
    for u, v, d in sorted(graph.edges(data=True)):
        g = d.get("goldstein_mean", 0.0)
        colour = "#c0392b" if g < 0 else "#2471a3"
        fig.add_trace(go.Scatter(
            x=[pos[u][0], pos[v][0]], y=[pos[u][1], pos[v][1]], mode="lines", showlegend=False,
            hoverinfo="text", text=f"{u} → {v}: {d['events']} events, mean Goldstein {g:+.1f}",
            line={"width": 1 + min(d["events"], 20) / 4, "color": colour}, opacity=0.6))
    nodes = sorted(graph.nodes)
    sizes = [12 + min(graph.nodes[n]["events_out"] + graph.nodes[n]["events_in"], 60) for n in nodes]
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
        text=nodes, textposition="top center", showlegend=False, hoverinfo="text",
        hovertext=[f"{n}: community {graph.nodes[n]['community']}, PageRank "
                   f"{graph.nodes[n]['pagerank']:.3f}" for n in nodes],
        marker={"size": sizes, "color": [graph.nodes[n]["community"] for n in nodes],
                "colorscale": "Viridis", "line": {"width": 1, "color": "#333"}}))
    fig.update_layout(title="Actor network (red: hostile on average, blue: cooperative)", height=520,
                      xaxis={"visible": False}, yaxis={"visible": False}, template="plotly_white",
                      margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig
