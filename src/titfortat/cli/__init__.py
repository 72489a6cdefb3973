"""The `titfortat` command line: thin wrappers, one module per command group.

Each module in COMMAND_MODULES has `register(subparsers)`, which adds its subcommands and
sets `func` (taking the parsed args, returning an exit status) on each of them.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from titfortat import __version__
from titfortat.errors import TitForTatError, UsageError

COMMAND_MODULES: tuple[str, ...] = (
    "titfortat.cli.code",
    "titfortat.cli.info",
    "titfortat.cli.analysis",
    "titfortat.cli.store",
    "titfortat.cli.actors",
    "titfortat.cli.learn",
    "titfortat.cli.serve",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"titfortat: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="titfortat",
        description="Turn English news into political event data and show who is answering whom.",
    )
    parser.add_argument("--version", action="version", version=f"titfortat {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


NEGATIVE_OK = ("--bbox",)  # options whose value may start with a minus sign


def _glue_negative_values(argv: Sequence[str]) -> list[str]:
    """`--bbox -10,30,5,40` as `--bbox=-10,30,5,40`: argparse takes a value starting with '-'
    (other than one plain number) for an option."""
    out: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        if args[i] in NEGATIVE_OK and i + 1 < len(args) and re.match(r"-[\d.]", args[i + 1]):
            out.append(f"{args[i]}={args[i + 1]}")
            i += 2
            continue
        out.append(args[i])
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_glue_negative_values(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = args.func(args)
        return status
    except UsageError as exc:
        print(f"titfortat: error: {exc}", file=sys.stderr)
        return 2
    except TitForTatError as exc:
        print(f"titfortat: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("titfortat: interrupted", file=sys.stderr)
        return 130
