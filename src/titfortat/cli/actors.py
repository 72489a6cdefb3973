"""`titfortat actors resolve|validate`: try the actor resolver, check dictionary files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from titfortat.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("actors", help="resolve actor mentions, validate actor dictionaries")
    asub = p.add_subparsers(dest="actors_command", metavar="SUBCOMMAND")
    r = asub.add_parser("resolve", help="resolve one mention and show why")
    r.add_argument("text", help='the mention, e.g. "Iraqi police" or "the US and France"')
    r.add_argument("--date", help="event date YYYY-MM-DD (offices and sectors follow it)")
    r.add_argument("--context", help="the sentence or story, for the default country")
    r.add_argument("--country", help="default country (alpha-3) for generic agents")
    r.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="extra actor dictionary (repeatable); adds to the `actors` setting")
    r.add_argument("--json", action="store_true", help="one JSON object on stdout")
    r.set_defaults(func=run_resolve)
    v = asub.add_parser("validate", help="check actor dictionary files (file:line errors)")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--strict", action="store_true", help="duplicate aliases are errors")
    v.set_defaults(func=run_validate)
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), 2)[1])


def run_resolve(args: argparse.Namespace) -> int:
    from titfortat.actors.component import setting_files
    from titfortat.actors.resolver import ActorResolver

    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise UsageError(f"--date {args.date!r}: use YYYY-MM-DD") from exc
    resolver = ActorResolver.load([*setting_files(), *args.actors])
    res = resolver.resolve(args.text, date=date, context=args.context,
                           default_country=args.country)
    if args.json:
        json.dump({"text": args.text, "entities": [e.to_dict() for e in res.entities],
                   "reason": res.reason}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for e in res.entities:
        ident = f"  {e.identifier_id} ({e.identifier_text})" if e.identifier_id else ""
        extra = "  " + " ".join(f"{k}={v}" for k, v in e.attributes) if e.attributes else ""
        print(f"{e.entity_text}: code={e.code or '-'} sector={e.sector or '-'}{ident}{extra}")
    print(f"reason: {res.reason}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from titfortat.actors.validate import validate

    report = validate(args.files, strict=args.strict)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in report.errors:
        print(f"error: {e}", file=sys.stderr)
    status = "ok" if report.ok else "FAILED"
    print(f"{status}: {report.entries} entries, {len(report.errors)} errors, "
          f"{len(report.warnings)} warnings", file=sys.stderr)
    return 0 if report.ok else 1
