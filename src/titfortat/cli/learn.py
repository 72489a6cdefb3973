"""`titfortat train` and `titfortat review`: learning from labelled events (docs/learning.md)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from titfortat.errors import UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("train", help="train a sub-event type classifier on ACLED exports and corrections",
                       description="Train a classifier for ACLED's 25 sub-event types on ACLED-format "
                                   "exports (notes, sub_event_type) and review files an analyst corrected.")
    p.add_argument("files", nargs="+", metavar="FILE", help="ACLED export CSV, or a corrected review file (CSV/JSONL)")
    p.add_argument("--out", required=True, metavar="DIR", help="the classifier folder to write")
    p.add_argument("--holdout", type=float, default=0.1, metavar="F",
                   help="share of rows held back for the scores at the end (default 0.1; 0: none)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    p.set_defaults(func=train_cmd)

    r = sub.add_parser("review", help="export the records the coder is least sure of, for correction",
                       description="Write the least confident event records with their sentence and codes; "
                                   "fill the sub_event_type column and pass the file to `titfortat train`.")
    src = r.add_mutually_exclusive_group()
    src.add_argument("--db", metavar="URL", default=None,
                     help="database to read (default: setting TITFORTAT_DB)")
    src.add_argument("--events", metavar="FILE", help="event records (JSONL from `titfortat code`)")
    r.add_argument("--limit", type=int, default=200, metavar="N", help="at most N records (default 200)")
    r.add_argument("--format", choices=("csv", "jsonl"), help="default: by --out extension, else csv")
    r.add_argument("--out", metavar="FILE", help="file to write (default: stdout)")
    r.set_defaults(func=review_cmd)


def train_cmd(args: argparse.Namespace) -> int:
    from titfortat.learn.train import train

    if not 0 <= args.holdout < 1:
        raise UsageError("--holdout must be at least 0 and below 1")
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"titfortat: [{time.perf_counter() - started:5.0f}s] {message}", file=sys.stderr, flush=True)

    manifest = train(args.files, args.out, holdout=args.holdout, progress=progress)
    s = manifest["held_back_scores"]
    if s:
        print(f"titfortat: held-back scores on {s['rows']} rows: sub-event type weighted F1 "
              f"{s['sub_event_type_weighted_f1']:.3f}, accuracy {s['sub_event_type_accuracy']:.3f}; "
              f"event type accuracy {s['event_type_accuracy']:.3f}", file=sys.stderr)
    print(f"titfortat: wrote {args.out} ({manifest['rows']['fit']} rows, {len(manifest['labels'])} labels, "
          f"{manifest['training_seconds']:.0f}s)", file=sys.stderr)
    return 0


def review_cmd(args: argparse.Namespace) -> int:
    from titfortat.learn.review import least_sure, read_events, write_review

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    fmt = args.format or ("jsonl" if args.out and args.out.endswith(".jsonl") else "csv")

    def warn(message: str) -> None:
        print(f"titfortat: warning: {message}", file=sys.stderr)

    if args.events:
        chosen = least_sure(read_events(args.events, warn), args.limit)
    else:
        from titfortat.store import Store

        with Store.open(args.db) as store:
            chosen = least_sure(store.iter_events(clusters=False), args.limit)
    if args.out:
        out = Path(args.out)
        if not out.parent.exists():
            raise UsageError(f"cannot write {out}: folder {out.parent} does not exist")
        with open(out, "w", encoding="utf-8", newline="") as fh:
            n = write_review(chosen, fh, fmt)
    else:
        n = write_review(chosen, sys.stdout, fmt)
    print(f"titfortat: {n} records to review{' in ' + args.out if args.out else ''}; "
          "fill the sub_event_type column, then pass the file to `titfortat train`", file=sys.stderr)
    return 0
