"""`titfortat ingest | events | export | skipped`: the event store on the command line.

Each command opens the store (`--db URL`, default: setting "db") and calls one Store method.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from titfortat import settings
from titfortat.cli.code import add_classifier_option, add_scale_options, iso_date
from titfortat.errors import UsageError

EVENT_FORMATS = ("table", "jsonl", "csv")
EXPORT_FORMATS = ("plover-jsonl", "phoenix-tsv", "acled-csv", "parquet")
INPUT_FORMATS = ("txt", "jsonl", "html")


_date = iso_date  # one parser for date options across commands


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", default=None,
                   help="SQLite path or postgresql://user:pass@host:port/db (default: TITFORTAT_DB "
                        f"or {settings.get('db')})")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", metavar="CODE[:SECTOR]", help="an actor entity, e.g. IRQ or IRQ:GOV or :MIL")
    p.add_argument("--recipient", metavar="CODE[:SECTOR]", help="a recipient entity, same syntax")
    p.add_argument("--type", metavar="T", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--since", type=_date, metavar="D", help="events on or after this date")
    p.add_argument("--until", type=_date, metavar="D", help="events on or before this date")
    p.add_argument("--place", metavar="NAME", help="place, province or country name")
    p.add_argument("--bbox", metavar="W,S,E,N", help="bounding box in degrees")
    p.add_argument("--clusters", action="store_true",
                   help="one row per cluster of merged reports (default: every report)")


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="code stories and store them (idempotent, resumable)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory (recursive) or - for stdin")
    _db(p)
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for stories that carry none")
    p.add_argument("--input-format", choices=INPUT_FORMATS, help="default: by file extension")
    add_scale_options(p)
    p.add_argument("--ray", nargs="?", const="auto", default=None, metavar="ADDRESS",
                   help="code on a Ray cluster: its address (host:port), or auto (default) for "
                        "a local one; the driver writes to the database (docs/scale.md)")
    p.add_argument("--quiet", action="store_true", help="no progress, no summary line")
    p.add_argument("--model", help="spaCy model name (default: setting TITFORTAT_MODEL or the best installed)")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="extra actor dictionary file (repeatable)")
    add_classifier_option(p)
    p.set_defaults(func=ingest_cmd)

    p = sub.add_parser("events", help="list stored events (filters, --clusters)")
    _db(p)
    _filters(p)
    p.add_argument("--format", choices=EVENT_FORMATS, default=None,
                   help="default: table on a terminal, else jsonl")
    p.set_defaults(func=events_cmd)

    p = sub.add_parser("export", help="write stored events to a file in a standard format")
    _db(p)
    _filters(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=export_cmd)

    p = sub.add_parser("skipped", help="list stories that could not be read or coded, with the reason")
    _db(p)
    p.set_defaults(func=skipped_cmd)


def ingest_cmd(args: argparse.Namespace) -> int:
    from titfortat.cli.code import apply_common_settings
    from titfortat.cli.progress import Progress
    from titfortat.errors import StoryError
    from titfortat.ingest.readers import read_paths
    from titfortat.model import Story
    from titfortat.parallel import code_parallel, resolve_workers
    from titfortat.store import Store

    apply_common_settings(args)
    workers = resolve_workers(args.workers)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(bool(show) and not args.quiet, "ingest")
    counts = {"stories": 0, "events": 0, "skipped": 0, "unchanged": 0}

    def report(results: Iterable[Any]) -> Iterator[Any]:
        for r in results:
            if r.error is not None:
                counts["skipped"] += 1
                print(f"{progress.clear()}titfortat: skipped {r.error}", file=sys.stderr)
            else:
                counts["stories"] += 1
                counts["events"] += len(r.events)
                for w in r.warnings:
                    if not args.quiet:
                        print(f"{progress.clear()}titfortat: warning: {w}", file=sys.stderr)
            progress.update(counts["stories"], counts["events"], counts["skipped"])
            yield r

    def pending(items: Iterable[Story | StoryError]) -> Iterator[Story | StoryError]:
        for item in items:  # stories stored exactly as they are need no coding
            if isinstance(item, Story) and store.is_known(item):
                counts["unchanged"] += 1
                continue
            yield item

    with Store.open(args.db) as store:
        items: Iterable[Story | StoryError] = read_paths(args.paths, args.input_format, args.date)
        if args.ray is not None:
            from titfortat.parallel.ray_coder import code_on_ray

            coded = code_on_ray(pending(items), address=args.ray, workers=args.workers)
        else:
            coded = code_parallel(pending(items), workers=workers)
        stats = store.ingest(report(coded))
    progress.update(counts["stories"], counts["events"], counts["skipped"], final=True)
    if not args.quiet:
        unchanged = stats.unchanged + counts["unchanged"]
        note = f" ({unchanged} unchanged)" if unchanged else ""
        print(f"ingested {stats.stories + counts['unchanged']} stories, {stats.events} events, "
              f"{stats.skipped} skipped{note}", file=sys.stderr)
    return 1 if stats.skipped else 0


def _filter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    from titfortat.store.queries import parse_bbox, parse_party

    for value in (args.actor, args.recipient):
        if value:
            parse_party(value)  # a bad value is a usage error before the database is opened
    return {"clusters": args.clusters, "actor": args.actor, "recipient": args.recipient,
            "type": args.type, "since": args.since, "until": args.until, "place": args.place,
            "bbox": parse_bbox(args.bbox) if args.bbox else None}


def events_cmd(args: argparse.Namespace) -> int:
    from titfortat.store import Store

    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    kw = _filter_kwargs(args)
    unit = "clusters" if args.clusters else "events"
    with Store.open(args.db, create=False) as store:
        if fmt == "jsonl":
            n = sum(sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n") > 0
                    for e in store.iter_events(**kw))
        elif fmt == "csv":
            frame = store.events_frame(**kw)
            frame.to_csv(sys.stdout, index=False, lineterminator="\n")
            n = len(frame)
        else:
            n = _table(store.events_frame(**kw), unit)
    print(f"{n} {unit}", file=sys.stderr)
    return 0


def _table(frame: Any, unit: str) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(frame)} {unit}")
    cols = ("id", "date", "event", "actor", "recipient", "place", "confidence")
    for c in cols:
        table.add_column(c)
    for r in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        actor = f"{r.actor_text or ''} [{r.actor_code or '?'}:{r.actor_sector or '?'}]"
        recipient = f"{r.recipient_text} [{r.recipient_code or '?'}:{r.recipient_sector or '?'}]" \
            if r.recipient_text else ""
        date = r.date.date().isoformat() if r.date is not None else ""
        table.add_row(r.id, date, r.event, actor, recipient, r.loc_place or "", f"{r.confidence:.2f}")
    Console(soft_wrap=False).print(table)
    return len(frame)


def export_cmd(args: argparse.Namespace) -> int:
    from titfortat.store import Filters, Store
    from titfortat.store.export import export

    filters = Filters(**_filter_kwargs(args))
    out = Path(args.out)
    if not out.parent.exists():
        raise UsageError(f"cannot write {out}: folder {out.parent} does not exist")
    with Store.open(args.db, create=False) as store:
        n = export(store, args.format, out, filters)
    unit = "clusters" if args.clusters else "events"
    print(f"exported {n} {unit} to {out} ({args.format})", file=sys.stderr)
    return 0


def skipped_cmd(args: argparse.Namespace) -> int:
    from titfortat.store import Store

    with Store.open(args.db, create=False) as store:
        rows = store.skipped()
    for r in rows:
        print(f"{r['origin']}: {r['reason']}")
    print(f"{len(rows)} skipped", file=sys.stderr)
    return 0
