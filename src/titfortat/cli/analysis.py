"""`titfortat dyads | exchanges | reciprocity | alerts | network | report`: the tit-for-tat analysis.

Each command reads events from the store (`--db URL`) or from a file of event records
(`--events FILE.jsonl`, as `titfortat code` writes them) and calls one function of
`titfortat.analysis` (or `titfortat.report`).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from titfortat import settings
from titfortat.errors import AnalysisError, ReadError, UsageError
from titfortat.model import Event
from titfortat.temporal.calendar import EARLIEST, LATEST, in_range

FORMATS = ("table", "jsonl", "csv")


def read_events_file(path: str) -> list[Event]:
    """Event records, one JSON object per line; a bad line (not UTF-8, binary, not an event
    record) is an error naming file:line."""
    events = []
    try:
        handle = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if b"\x00" in raw:
                raise ReadError(where, "binary data (NUL bytes), not event records")
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ReadError(where, f"invalid UTF-8 at byte {exc.start}: not event records") from exc
            if not line.strip():
                continue
            try:
                event = Event.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ReadError(where, f"not an event record ({_one_line(exc)})") from exc
            if event.date is not None and not in_range(event.date):
                raise ReadError(where, f"event date {event.date.isoformat()} is out of range "
                                f"({EARLIEST.isoformat()} to {LATEST.isoformat()})")
            events.append(event)
    return events


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:117] + "..."


def load_frame(args: argparse.Namespace) -> pd.DataFrame:
    """The analysis frame from --events or the store (imported here only)."""
    from titfortat.analysis import events_to_frame
    from titfortat.analysis.frame import cluster_sizes_from_explanations

    if args.events:
        events = read_events_file(args.events)
    else:
        from titfortat.store import Store  # the store is optional for the analysis

        with Store.open(args.db, create=False) as store:
            events = list(store.iter_events(clusters=True))
    return events_to_frame(events, cluster_sizes_from_explanations(events))


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


def emit(table: pd.DataFrame, fmt: str, title: str | None = None) -> None:
    """Print a frame as a rich table, JSON lines or CSV (deterministic)."""
    if fmt == "jsonl":
        for record in table.to_dict(orient="records"):
            print(json.dumps({k: _jsonable(v) for k, v in record.items()}, ensure_ascii=False))
    elif fmt == "csv":
        table.map(_cell).to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console(width=None if sys.stdout.isatty() else 160, highlight=False,
                          color_system="auto" if sys.stdout.isatty() else None)
        out = Table(title=title, title_justify="left")
        for col in table.columns:
            out.add_column(str(col), overflow="fold")
        for row in table.itertuples(index=False):
            out.add_row(*(_cell(v) for v in row))
        console.print(out)


def _pair(args: argparse.Namespace, frame: pd.DataFrame) -> tuple[str, str]:
    from titfortat.analysis import most_active_pair, normalise_key

    if getattr(args, "most_active", False):
        return most_active_pair(frame, args.level)
    if not args.a or not args.b:
        raise UsageError("give two actors (for example IRQ:GOV IRQ:PRM) or --most-active")
    return normalise_key(args.a, args.level), normalise_key(args.b, args.level)


def cmd_dyads(args: argparse.Namespace) -> int:
    from titfortat.analysis import dyad_series, dyad_table

    frame = load_frame(args)
    if args.series:
        emit(dyad_series(frame, args.level, args.period), args.format, f"Dyad series per {args.period}")
    else:
        emit(dyad_table(frame, args.level), args.format, "Dyads, most active first")
    return 0


def cmd_exchanges(args: argparse.Namespace) -> int:
    from titfortat.analysis import chains, find_exchanges

    frame = load_frame(args)
    a, b = _pair(args, frame)
    ex = find_exchanges(frame, args.level, args.window)
    steps = chains(ex, a, b, min_steps=1 if args.all else 2)
    if steps.empty:
        raise AnalysisError(f"no exchanges between {a} and {b} at level {args.level!r}")
    if args.format != "table":
        emit(steps, args.format)
        return 0
    window = args.window if args.window is not None else settings.get("response_days")
    print(f"Exchanges between {a} and {b} (level {args.level}, response window {window} days)")
    cols = ["step", "date", "source", "target", "event", "mode", "goldstein", "classification",
            "lag_days", "text"]
    for number, chain in steps.groupby("chain", sort=True):
        emit(chain[cols], "table", f"Chain {number}: {chain['date'].min()} to {chain['date'].max()}")
    return 0


def cmd_reciprocity(args: argparse.Namespace) -> int:
    from titfortat.analysis import find_exchanges, granger, reciprocity

    frame = load_frame(args)
    a, b = _pair(args, frame)
    rec = reciprocity(find_exchanges(frame, args.level, args.window))
    rec = rec[((rec["source"] == a) & (rec["target"] == b)) | ((rec["source"] == b) & (rec["target"] == a))]
    if rec.empty:
        raise AnalysisError(f"no exchanges between {a} and {b} at level {args.level!r}")
    try:
        result = granger(frame, a, b, args.level, args.period)
        notes = {d.cause: (d.p_value, d.sentence) for d in result.directions}
        rec = rec.assign(granger_p=[round(notes[(s, t)][0], 4) for s, t in zip(rec["source"], rec["target"], strict=True)],
                         granger=[notes[(s, t)][1] for s, t in zip(rec["source"], rec["target"], strict=True)])
        summary = [f"VAR({result.lags}) on {result.periods} {args.period}s, {result.start} to {result.end}:",
                   *result.sentences()]
    except AnalysisError as exc:
        rec = rec.assign(granger_p=None, granger=f"not tested: {exc}")
        summary = [f"Granger test not run: {exc}"]
    if args.format == "table":  # the Granger sentences follow the table
        emit(rec.drop(columns=["granger"]).reset_index(drop=True), "table", f"Reciprocity between {a} and {b}")
        print("\n".join(summary))
    else:
        emit(rec.reset_index(drop=True), args.format)
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from titfortat.analysis import alerts

    table = alerts(load_frame(args), args.level, min_events=args.min_events, max_dyads=args.max_dyads)
    emit(table, args.format, "Escalation alerts")
    return 0


def cmd_network(args: argparse.Namespace) -> int:
    from titfortat.analysis import actor_graph, node_table, write_graph

    graph = actor_graph(load_frame(args), args.level)
    out = write_graph(graph, args.out)
    emit(node_table(graph), args.format, f"Actors ({graph.number_of_nodes()} nodes, "
                                         f"{graph.number_of_edges()} edges) written to {out}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from titfortat.report import write_report

    out = write_report(load_frame(args), args.out, level=args.level, window_days=args.window,
                       top=args.top)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _common(p: argparse.ArgumentParser, tabular: bool = True) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--db", default=settings.get("db"), help="database: SQLite path or postgresql:// URL")
    src.add_argument("--events", metavar="FILE.jsonl", help="read event records from a file (- for stdin)")
    p.add_argument("--level", default="side", choices=("country", "side", "sector", "identifier"),
                   help="dyad granularity (default: side, country+sector with state sectors as GOV)")
    if tabular:
        p.add_argument("--format", choices=FORMATS, default="table",
                       help="output format (default: table)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the analysis subcommands."""
    p = sub.add_parser("dyads", help="directed actor pairs, or their series per period")
    _common(p)
    p.add_argument("--series", action="store_true", help="counts per period instead of totals")
    p.add_argument("--period", choices=("day", "week", "month"), default="week")
    p.set_defaults(func=cmd_dyads)

    for name, func, text in (("exchanges", cmd_exchanges, "the dated chains of exchanges between A and B"),
                             ("reciprocity", cmd_reciprocity, "reciprocity rates, lags and Granger tests")):
        p = sub.add_parser(name, help=text)
        _common(p)
        p.add_argument("a", nargs="?", metavar="A", help="actor key, e.g. IRQ:GOV")
        p.add_argument("b", nargs="?", metavar="B", help="actor key, e.g. IRQ:PRM")
        p.add_argument("--most-active", action="store_true", help="pick the most active pair")
        p.add_argument("--window", type=int, default=None, help="response window in days (default: response_days)")
        p.set_defaults(func=func)
    sub.choices["exchanges"].add_argument("--all", action="store_true", help="also list acts in no chain")
    sub.choices["reciprocity"].add_argument("--period", choices=("day", "week", "month"), default="week")

    p = sub.add_parser("alerts", help="escalation alerts: trends and change points")
    _common(p)
    p.add_argument("--min-events", type=int, default=3, help="events a week needs to raise a rise alert")
    p.add_argument("--max-dyads", type=int, default=20, help="dyads searched for change points")
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser("network", help="the actor network, written as GraphML or JSON")
    _common(p)
    p.add_argument("--out", required=True, type=Path, help="FILE.graphml or FILE.json")
    p.set_defaults(func=cmd_network)

    p = sub.add_parser("report", help="one self-contained HTML report (works offline)")
    _common(p, tabular=False)
    p.add_argument("--out", type=Path, default=Path("report.html"))
    p.add_argument("--window", type=int, default=None, help="response window in days")
    p.add_argument("--top", type=int, default=6, help="dyad pairs shown")
    p.set_defaults(func=cmd_report)
