"""Reading the knowledge files (YAML/CSV) with `file:line` in every error.

Shared by the lexicon, the actor dictionaries and the gazetteer's editable tables.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from titfortat.errors import DataFileError

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the 1-based line of every mapping under LINE_KEY."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def data_path(*parts: str) -> Path:
    """Path of a file shipped in titfortat/data."""
    return Path(str(resources.files("titfortat").joinpath("data", *parts)))


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; mappings carry their line under LINE_KEY."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except FileNotFoundError as exc:
        raise DataFileError(str(path), None, "file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, f"not UTF-8: {exc}") from exc


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with a header, as (line number, row)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                yield reader.line_num, row
    except FileNotFoundError as exc:
        raise DataFileError(str(path), None, "file not found") from exc


def line_of(item: Any) -> int | None:
    return item.get(LINE_KEY) if isinstance(item, dict) else None
