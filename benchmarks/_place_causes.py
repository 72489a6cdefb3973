"""What an ACLED note offers a geocoder, so a miss can be put down to its cause.

Each row falls in the first class that fits:

  a  named place   the note names ACLED's location and the gazetteer has it within 25 km
                   (or names the ADM2 district ACLED gives and the gazetteer has that): a miss
                   here is a wrong pick among places we have
  b  admin named   the note names ACLED's location (unknown to the gazetteer), its admin1 or
                   admin2, or its country: a miss here is a fallback not taken
  c  evidence      no such name, but country evidence for ACLED's country: a demonym
                   ("Kenyan police"), an actor or group of that country, a currency
  d  nothing       none of these: no geocoder reading the note alone can place it

Only the gazetteer and the text are read; the coder is not, so the classes are the same for
every version of the places stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from titfortat.geo.gazetteer import Gazetteer, distance_km
from titfortat.geo.names import admin_key, fold, key

CLASSES: dict[str, str] = {
    "a": "names a place the gazetteer has",
    "b": "names a place we lack, or only its admin area / country",
    "c": "names no place, has country evidence",
    "d": "nothing to place it by",
}
NEAR_KM = 25.0


def _named(name: str, text: str) -> bool:
    """The (folded) name appears as whole words in the (folded) text."""
    for k in {key(name), admin_key(name), fold(name)}:
        if len(k) > 2 and re.search(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])", text):
            return True
    return False


@lru_cache(maxsize=256)
def _country_names(gaz: Gazetteer, cc: str) -> tuple[str, ...]:
    """Every name of a country in the gazetteer's index ("Burkina Faso", "Burkina")."""
    index = gaz._country_index  # noqa: SLF001  a benchmark may read the index directly
    return tuple(k for k, codes in index.items() if cc in codes)


def _gazetteer_has(gaz: Gazetteer, name: str, cc: str, lat: float, lon: float) -> bool:
    return any(c.lat is not None and c.lon is not None and c.kind != "country"
               and distance_km((c.lat, c.lon), (lat, lon)) <= NEAR_KM for c in gaz.lookup(name, cc))


def classify(row: dict[str, str], gaz: Gazetteer, evidence: Iterable[str]) -> str:
    """The class of a row (see the module docstring); `evidence` are the alpha-2 countries the
    note's demonyms and actors point to."""
    text = fold(row["notes"])
    cc = gaz.country_code(row["country"]) or ""
    lat, lon = float(row["latitude"]), float(row["longitude"])
    location, admin2, admin1 = row["location"], row["admin2"], row["admin1"]
    if location and _named(location, text) and _gazetteer_has(gaz, location, cc, lat, lon):
        return "a"
    if admin2 and _named(admin2, text) and row["geo_precision"] != "1" \
            and any(c.kind == "district" for c in gaz.lookup(admin2, cc)):
        return "a"
    if any(n and _named(n, text) for n in (location, admin2, admin1)):
        return "b"
    if any(_named(n, text) for n in _country_names(gaz, cc)):
        return "b"
    if cc and cc in set(evidence):
        return "c"
    return "d"


def note_evidence(doc: object, gaz: Gazetteer, actor_countries: Iterable[str]) -> set[str]:
    """Alpha-2 countries of a coded note's demonyms and actors."""
    out = {cc for tok in doc if tok.is_title and (cc := gaz.demonym(tok.text))}  # type: ignore[attr-defined]
    out |= {cc for code in actor_countries if (cc := gaz.country_code(code))}
    return out
