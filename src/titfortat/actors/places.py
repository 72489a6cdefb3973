"""Country of a place name bound to a mention ("police in Kunar province", "Samarra").

Uses the project's gazetteer (`titfortat.geo`), loaded lazily and shared with the places
stage; without it the resolver simply does not use towns and provinces.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_POPULATION = 20_000  # a bare unknown name is read as a town only above this


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    try:
        from titfortat.geo.gazetteer import Gazetteer
    except ImportError:  # the geo package is optional for the resolver
        return None
    return Gazetteer.load()


@lru_cache(maxsize=4096)
def is_place_name(name: str) -> bool:
    """The gazetteer knows a town or province by this very name."""
    gaz = _gazetteer()
    return gaz is not None and any(c.exact for c in gaz.lookup(name))


@lru_cache(maxsize=4096)
def place_country(name: str, story_country: str | None = None, bare: bool = False) -> str | None:
    """The alpha-3 country of a town or province called `name`, if it is clear: the only
    country with such a place, the story's country among them, or a clearly larger place.
    `bare` (the whole mention is the name) asks for a sizeable town or a province."""
    gaz = _gazetteer()
    if gaz is None or not name or not name[:1].isupper():
        return None
    cands = [c for c in gaz.lookup(name) if c.exact and c.kind in ("city", "province", "place")]
    if bare:
        cands = [c for c in cands if c.kind == "province" or c.population >= MIN_POPULATION]
    if not cands:
        return None
    codes = {gaz.alpha3(c.country) for c in cands}
    if story_country in codes:
        return story_country
    if len(codes) == 1:
        return codes.pop()
    ranked = sorted(cands, key=lambda c: -c.population)
    if ranked[0].population >= 10 * max(1, ranked[1].population):
        return str(gaz.alpha3(ranked[0].country))
    return None
