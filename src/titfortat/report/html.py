"""Assemble the report: analysis results as HTML tables and plotly figures in one file."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from titfortat import analysis
from titfortat.errors import AnalysisError
from titfortat.model import Event
from titfortat.web import labels
from titfortat.web.labels import UNKNOWN

from . import figures

KEY_COLUMNS = frozenset({"source", "target", "node", "a", "b"})

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1200px;color:#222}
h1{margin-bottom:0}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}
th,td{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}.hostile{color:#b03a2e}.coop{color:#1f618d}.muted{color:#777}
.cls{font-weight:600;white-space:nowrap}.note{background:#f8f8f0;padding:.5em 1em;border-left:3px solid #ccb}
"""
CLASS_COLOURS = {
    "escalation": "#b03a2e", "reciprocated hostility": "#ca6f1e", "concession under pressure": "#7d3c98",
    "de-escalation": "#1e8449", "reciprocated cooperation": "#1f618d", "no response": "#777",
}


def _table(df: pd.DataFrame, columns: list[str] | None = None) -> str:
    cols = columns or [str(c) for c in df.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = []
    for record in df[cols].to_dict(orient="records"):
        cells = []
        for c in cols:
            v = record[c]
            text = "" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)
            if isinstance(v, list):
                text = ", ".join(map(str, v))
            if c in KEY_COLUMNS and text:  # actor keys in words, never a bare XXX
                text = labels.key_label(text) + ("" if text.startswith(UNKNOWN) else f" ({text})")
            style = f' class="cls" style="color:{CLASS_COLOURS[text]}"' if text in CLASS_COLOURS else ""
            cells.append(f"<td{style}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Figures:
    """Render figures; the first one carries plotly.js, embedded (never a CDN link)."""

    def __init__(self) -> None:
        self.first = True

    def __call__(self, fig: Any) -> str:
        out: str = fig.to_html(full_html=False, include_plotlyjs=self.first,
                               config={"displaylogo": False, "responsive": True})
        self.first = False
        return out


def _pair_section(frame: pd.DataFrame, acts: pd.DataFrame, exchanges: pd.DataFrame, a: str, b: str,
                  level: str, render: _Figures) -> str:
    parts = [f"<h3>{html.escape(a)} ↔ {html.escape(b)}</h3>",
             render(figures.timeline(acts, a, b))]
    rec = analysis.reciprocity(analysis.pair_exchanges(exchanges, a, b))
    parts.append(_table(rec))
    try:
        result = analysis.granger(frame, a, b, level)
        parts.append(f'<p class="note">VAR({result.lags}) on {result.periods} weeks, {result.start} '
                     f"to {result.end}: " + " ".join(html.escape(s) for s in result.sentences()) + "</p>")
    except AnalysisError as exc:
        parts.append(f'<p class="note muted">Granger test not run: {html.escape(str(exc))}</p>')
    steps = analysis.chains(exchanges, a, b)
    if steps.empty:
        parts.append('<p class="muted">No chain of exchanges (no act was answered).</p>')
    for number, chain in steps.groupby("chain", sort=True):
        parts.append(f"<h4>Chain {number}: {chain['date'].min()} to {chain['date'].max()}</h4>")
        parts.append(_table(chain, ["step", "date", "source", "target", "event", "mode", "goldstein",
                                    "classification", "lag_days", "text"]))
    return "\n".join(parts)


def build_report(data: pd.DataFrame | Iterable[Event], level: str = analysis.DEFAULT_LEVEL,
                 window_days: int | None = None, top: int = 6, title: str = "titfortat report") -> str:
    """The report as one HTML string."""
    frame = analysis.with_dyads(analysis.frame.as_frame(data), level)
    if frame.empty:
        raise AnalysisError("no events with both an actor and a recipient; nothing to report")
    render = _Figures()
    exchanges = analysis.find_exchanges(frame, level, window_days)
    acts = analysis.exchanges.acts(frame, level)
    pairs = analysis.top_pairs(frame, level, top)
    alerts = analysis.alerts(frame, level)
    texts = dict(zip(frame["id"], frame["text"], strict=False))
    alerts = alerts.assign(evidence=[" | ".join(texts.get(i, i) for i in ids[:5]) for ids in alerts["event_ids"]])
    graph = analysis.actor_graph(frame, level)
    span = f"{frame['date'].min().date()} to {frame['date'].max().date()}"
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="muted">{frame["id"].nunique()} events between {span}; level <b>{level}</b>; '
        f"generated {dt.date.today().isoformat()} by titfortat.</p>",
        "<h2>Most active dyads</h2>", _table(analysis.dyad_table(frame, level).head(20)),
        "<h2>Exchanges</h2>",
        "<p>Each act of A toward B is answered by B's next act toward A within the response window. "
        "Colours: red hostile, blue cooperative (Goldstein scale).</p>",
        *(_pair_section(frame, acts, exchanges, str(p.a), str(p.b), level, render) for p in pairs.itertuples()),
        "<h2>Escalation alerts</h2>",
        _table(alerts, ["week", "kind", "source", "target", "level", "window", "value", "baseline",
                        "change_pct", "events", "evidence"]) if len(alerts) else "<p>No alerts.</p>",
        "<h2>Actor network</h2>", render(figures.network(graph)),
        _table(analysis.node_table(graph).head(40)),
    ]
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f"</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def write_report(data: pd.DataFrame | Iterable[Event], out: str | Path, level: str = analysis.DEFAULT_LEVEL,
                 window_days: int | None = None, top: int = 6) -> Path:
    """Write the report to `out` and return its path."""
    path = Path(out)
    path.write_text(build_report(data, level, window_days, top), encoding="utf-8")
    return path
