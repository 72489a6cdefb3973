"""Where groups act: armed groups, security forces, peace missions and parties named in a story
point to the country its events happen in (`data/geo/groups.yaml`).

    >>> Theatres.load().countries_in("Koglweogo members beat a suspected thief.")
    [('Koglweogo', ('BF',))]

This is not the actor dictionary's nationality of a group ("UPDF" is Ugandan, yet fights in the
Central African Republic), but the countries a group's events are placed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from titfortat.actors.dictionary import read_yaml
from titfortat.datafiles import data_path, line_of
from titfortat.errors import DataFileError
from titfortat.geo.names import fold


@dataclass(frozen=True)
class Theatres:
    """Folded group name -> the alpha-2 countries the group acts in."""

    countries: dict[str, tuple[str, ...]]
    pattern: re.Pattern[str] | None

    @classmethod
    def load(cls, path: Path | None = None) -> Theatres:
        """The packaged table (read once), or the file at `path`."""
        return _load(str(path) if path else "")

    def countries_in(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(name as folded, countries) of each group named in `text`, in order."""
        if self.pattern is None:
            return []
        return [(m.group(1), self.countries[m.group(1)]) for m in self.pattern.finditer(fold(text))]


def read_theatres(path: Path, known: frozenset[str]) -> Theatres:
    """Read and check a groups file; `known` are the valid alpha-2 codes. Errors name file:line."""
    data = read_yaml(path) or {}
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise DataFileError(str(path), None, "expected a top-level 'groups' list")
    table: dict[str, tuple[str, ...]] = {}
    for item in groups:
        line = line_of(item)
        if not isinstance(item, dict) or not isinstance(item.get("names"), list) \
                or not isinstance(item.get("countries"), list) or not item["countries"]:
            raise DataFileError(str(path), line, "each group needs a 'names' list and a 'countries' list")
        codes = tuple(str(c) for c in item["countries"])
        bad = [c for c in codes if c not in known]
        if bad:
            raise DataFileError(str(path), line, f"unknown country code {bad[0]!r} (use ISO alpha-2)")
        for name in item["names"]:
            k = fold(str(name))
            if len(k) < 2:
                raise DataFileError(str(path), line, f"group name {name!r} is too short")
            table[k] = tuple(dict.fromkeys((*table.get(k, ()), *codes)))
    if not table:
        return Theatres({}, None)
    names = sorted(table, key=len, reverse=True)  # the longest name first: "ex seleka" before "seleka"
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(n) for n in names) + r")(?![a-z0-9])")
    return Theatres(table, pattern)


@lru_cache(maxsize=4)
def _load(path: str) -> Theatres:
    import pycountry

    known = frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}
    return read_theatres(Path(path) if path else data_path("geo", "groups.yaml"), known)
