"""Checking dictionary files: schema errors with `file:line`, duplicate aliases.

A duplicate alias (two entries answering to the same words) is a warning: the resolver
picks the entry valid on the event date, and a user file wins over the shipped data, but
the author should know. `strict=True` makes duplicates errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from titfortat.actors import dictionary
from titfortat.actors.schema import ActorEntry
from titfortat.actors.text import is_acronym, key_of
from titfortat.errors import DataFileError


@dataclass
class Report:
    """What `validate` found: errors make the file unusable, warnings do not."""

    entries: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _aliases(e: ActorEntry) -> set[tuple[str, ...]]:
    return {key_of(a, exact=e.exact_case or is_acronym(a)) for a in (e.name, *e.aliases)}


def validate(paths: list[str], strict: bool = False, against_shipped: bool = True) -> Report:
    """Check `paths`; duplicates are looked for within them and against shipped entries."""
    report = Report()
    shipped = dictionary.load()
    codes = frozenset(shipped.country_names)
    mine = {str(Path(p).resolve()) for p in paths}
    others = [e for e in shipped.entries.values()
              if str(Path(e.source.rsplit(":", 1)[0]).resolve()) not in mine] if against_shipped else []
    seen: dict[tuple[str, ...], ActorEntry] = {}
    ids: dict[str, ActorEntry] = {}
    for e in others:
        for key in _aliases(e):
            seen.setdefault(key, e)
    shipped_ids = {e.id for e in others}
    for path in paths:
        if Path(path).name in dictionary.TABLE_FILES and Path(path).resolve().parent == \
                dictionary.data_path("actors").resolve():
            continue  # the country and agent tables are checked when loading
        try:
            entries = dictionary.read_entries(Path(path), codes)
        except DataFileError as exc:
            report.errors.append(str(exc))
            continue
        report.entries += len(entries)
        for e in entries:
            if e.id in ids:
                report.errors.append(f"{e.source}: duplicate id {e.id!r} (first at {ids[e.id].source})")
            ids[e.id] = e
            if e.id in shipped_ids:
                report.warnings.append(f"{e.source}: {e.id!r} overrides the shipped entry")
            for key in _aliases(e):
                other = seen.get(key)
                if other is not None and other.id != e.id:
                    msg = (f"{e.source}: duplicate alias {' '.join(key)!r} of {e.id!r}, "
                           f"also {other.id!r} at {other.source}")
                    (report.errors if strict else report.warnings).append(msg)
                seen[key] = e
    return report
