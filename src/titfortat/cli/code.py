"""`titfortat code`: stories in, event records out (the contract in docs/output.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from titfortat.cli.output import (
    console,
    counts_table,
    csv_row,
    csv_writer,
    default_format,
    events_table,
    write_jsonl,
)
from titfortat.errors import RejectedStory, UsageError
from titfortat.ingest.countries import country_hint
from titfortat.ingest.readers import FORMATS, read_paths
from titfortat.model import Event


def iso_date(value: str) -> dt.date:
    """A date option (--date, --since, --until): YYYY-MM-DD within the supported range."""
    from titfortat.errors import RejectedStory
    from titfortat.ingest.dates import parse_date

    try:
        day = parse_date(value, "")
    except RejectedStory as exc:
        raise argparse.ArgumentTypeError(exc.reason) from exc
    if day is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)")
    return day


def add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", default=["-"],
                   help="story files, folders (recursive) or - for stdin (default)")
    p.add_argument("--input-format", choices=FORMATS, help="override the format chosen by file extension")
    p.add_argument("--date", type=iso_date, help="publication date for stories that carry none (YYYY-MM-DD)")
    p.add_argument("--model", help="spaCy model name (default: setting TITFORTAT_MODEL or the best installed)")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="extra actor dictionary file (repeatable)")
    p.add_argument("--country", type=country_option, metavar="ISO3",
                   help="the country stories are about when their text names none, e.g. IRQ for a regional "
                        "feed (default: setting TITFORTAT_COUNTRY; a story's own 'country' field wins)")
    add_classifier_option(p)


def country_option(value: str) -> str:
    """An argparse type: a country code or name, as its alpha-3 code."""
    try:
        return country_hint(value, "--country")
    except RejectedStory as exc:
        raise argparse.ArgumentTypeError(exc.reason) from exc


def add_classifier_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--classifier", metavar="DIR",
                   help="trained classifier folder whose evidence joins the rules "
                        "(default: setting TITFORTAT_CLASSIFIER; see docs/learning.md)")


def add_scale_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="code on N processes, 0 = all cores (default 1; with --ray: one per CPU of "
                        "the cluster); same output, same order")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress with stories/s on stderr (default: only when stderr is a terminal)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("code", help="code stories into event records",
                       description="Read stories and write one event record per event.")
    add_input_options(p)
    add_scale_options(p)
    p.add_argument("--format", choices=("jsonl", "table", "csv"),
                   help="output format (default: jsonl when stdout is not a terminal, else table)")
    p.add_argument("--quiet", "-q", action="store_true", help="no warnings or summary on stderr")
    p.set_defaults(func=run)


def apply_common_settings(args: argparse.Namespace) -> None:
    """Options that map to settings are passed through the environment the stages read."""
    import os

    if getattr(args, "model", None):
        os.environ["TITFORTAT_MODEL"] = args.model
    if getattr(args, "country", None):
        os.environ["TITFORTAT_COUNTRY"] = args.country
    if getattr(args, "classifier", None):
        os.environ["TITFORTAT_CLASSIFIER"] = args.classifier
    if getattr(args, "actors", None):
        existing = [p for p in os.environ.get("TITFORTAT_ACTORS", "").split(os.pathsep) if p]
        os.environ["TITFORTAT_ACTORS"] = os.pathsep.join(existing + list(args.actors))


def run(args: argparse.Namespace) -> int:
    from titfortat.api import load
    from titfortat.cli.progress import Progress
    from titfortat.parallel import code_parallel, resolve_workers

    apply_common_settings(args)
    workers = resolve_workers(1 if args.workers is None else args.workers)
    fmt = args.format or default_format(sys.stdout)
    if args.paths == ["-"] and sys.stdin.isatty():
        raise UsageError("no input: give story files or folders, or pipe stories to stdin")
    items = read_paths(args.paths, args.input_format, args.date)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    load()  # load time is not coding time: the rate below leaves it out
    progress = Progress(bool(show) and not args.quiet, "code")
    started = time.perf_counter()
    n_stories = n_events = n_skipped = 0
    collected: list[Event] = []
    writer = csv_writer(sys.stdout) if fmt == "csv" else None
    for result in code_parallel(items, workers=workers):
        progress.update(n_stories, n_events, n_skipped)
        if result.error is not None:
            n_skipped += 1
            print(f"{progress.clear()}titfortat: skipped {result.error}", file=sys.stderr)
            continue
        n_stories += 1
        n_events += len(result.events)
        if not args.quiet:
            for w in result.warnings:
                print(f"{progress.clear()}titfortat: warning: {w}", file=sys.stderr)
        if fmt == "jsonl":
            write_jsonl(result.events, sys.stdout)
            sys.stdout.flush()
        elif writer is not None:
            for e in result.events:
                writer.writerow(csv_row(e))
        else:
            collected.extend(result.events)
    if fmt == "table":
        out = console()
        out.print(events_table(collected, title=f"{n_events} events from {n_stories} stories"))
        out.print(counts_table(collected))
    progress.update(n_stories, n_events, n_skipped, final=True)
    elapsed = time.perf_counter() - started
    if not args.quiet or n_skipped:
        rate = n_stories / elapsed if elapsed > 0 else 0.0
        print(f"titfortat: coded {n_stories} stories, {n_events} events, {n_skipped} skipped "
              f"({rate:.1f} stories/s)", file=sys.stderr)
    return 1 if n_skipped else 0
