"""`titfortat info`: version, spaCy model, pipeline stages and data files in use."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("info", help="show version, model and data files")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--model", help="spaCy model name to report on")
    p.set_defaults(func=run)


def collect(model: str | None = None) -> dict[str, Any]:
    import spacy

    from titfortat import __version__, settings
    from titfortat.coding.lexicon import default_lexicon
    from titfortat.datafiles import data_path
    from titfortat.nlp import pipeline

    nlp = pipeline.load(model)
    lex = default_lexicon()
    data_root = data_path()
    files = sorted(str(p.relative_to(data_root)) for p in data_root.rglob("*") if p.is_file()
                   and p.suffix in (".yaml", ".yml", ".csv", ".jsonl", ".json", ".txt"))
    return {
        "version": __version__,
        "spacy_version": spacy.__version__,
        "model": {"name": nlp.meta.get("name") and f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}",
                  "package": model or pipeline.model_name(),
                  "version": nlp.meta.get("version")},
        "pipeline": nlp.pipe_names,
        "triggers": len(lex.entries),
        "data_dir": str(data_root),
        "data_files": files,
        "settings": {s.name: settings.get(s.name) for s in settings.SETTINGS},
    }


def run(args: argparse.Namespace) -> int:
    info = collect(args.model)
    if args.json:
        json.dump(info, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in info.items():
            if isinstance(value, list):
                value = ", ".join(map(str, value))
            print(f"{key:12} {value}")
    return 0
