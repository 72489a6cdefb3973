"""Choosing among a name's candidate places, and turning the choice into a `Location`.

Evidence, strongest first: the country the name is tied to in the text ("Bam, Iran"), the
story's country, the provinces named nearby ("Karma district ... Anbar province"), the kind
word next to the name ("province", "district", "town"), the distance to the story's other
places, then population. A reading matched only on the spelling skeleton ("Nassiriya") counts
only inside the story's country. A name with no convincing candidate stays unresolved: a
`Location` with only `extracted_place`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from titfortat.geo.gazetteer import Candidate, Gazetteer, distance_km
from titfortat.geo.names import display
from titfortat.geo.words import DISTRICT_WORDS, PROVINCE_WORDS, TOWN_WORDS
from titfortat.model import Location

SMALL_TOWN = 50_000  # a foreign town below this size is not believed against the story's country
UNKNOWN_STORY_TOWN = 100_000  # nor a town below this size when the story's country is unknown
FAR_CITY = 1_000_000  # nor a town below this size on another continent than the story's evidence
FAMOUS_CITY = 1_000_000  # nor, then, a town known by another name only ("Bombay" is; "Nola" is not)


@dataclass(frozen=True)
class Evidence:
    """What the text says around a name."""

    story_country: str | None = None  # alpha-2
    tied_country: str | None = None  # alpha-2 of a country written next to the name
    provinces: tuple[tuple[str, str], ...] = ()  # (alpha-2, admin1) named nearby
    feature: str | None = None  # the kind word written with the name
    neighbours: frozenset[str] = frozenset()  # alpha-2 neighbours of the expected country
    anchors: tuple[tuple[float, float], ...] = ()  # (lat, lon) of the story's other places
    # alpha-2 countries on the continents the story's countries, demonyms, actors and groups
    # point to; empty when nothing does. A town elsewhere must be a big city to be believed.
    region: frozenset[str] = frozenset()


def score(c: Candidate, ev: Evidence) -> float:
    """Higher is better; see the module docstring for the order of evidence."""
    s = 4.0 * math.log10(max(c.population, 1000))
    if ev.tied_country:
        s += 150 if c.country == ev.tied_country else -50
    if ev.story_country and c.country == ev.story_country:
        s += 100
    if c.admin1 and (c.country, c.admin1) in ev.provinces and c.kind != "province":
        s += 40
    if ev.feature in PROVINCE_WORDS:
        s += 30 if c.kind == "province" else -30
    elif ev.feature in DISTRICT_WORDS:
        s += {"district": 30, "city": 10}.get(c.kind, -30)
    elif ev.feature in TOWN_WORDS:
        s += 30 if c.kind in ("city", "place") else -30
    if ev.anchors and c.country == ev.story_country and c.lat is not None and c.lon is not None \
            and c.kind != "country":  # the anchors are places of the story's country
        near = min(distance_km((c.lat, c.lon), a) for a in ev.anchors)
        s += 20 if near <= 100 else 10 if near <= 300 else 0
    s += {"country": 25.0, "place": 10.0}.get(c.kind, 0.0)
    return s + (12 if c.exact else 0) - (40 if c.fuzzy else 0)


def best(cands: Sequence[Candidate], ev: Evidence) -> Candidate | None:
    """The most likely candidate, or None when the evidence does not support any."""
    if not cands:
        return None
    ranked = sorted(cands, key=lambda c: (-score(c, ev), -c.population, c.name))
    top = ranked[0]
    if top.kind == "province" and ev.feature not in PROVINCE_WORDS:
        # "Baghdad" is a city and a province: without "province" it means the city.
        town = next((c for c in ranked if c.kind == "city" and c.country == top.country
                     and c.admin1 == top.admin1), None)
        if town is not None and town.population * 20 >= top.population:
            top = town
    if top.kind == "district" and ev.feature not in DISTRICT_WORDS:
        # "Bozoum" is a town and its sub-prefecture: without "district" it means the town
        town = next((c for c in ranked if c.kind == "city" and c.country == top.country
                     and c.admin1 == top.admin1 and c.fuzzy == top.fuzzy), None)
        if town is not None:
            top = town
    if _believable(top, cands, ev):
        return top
    # another reading, but never another name of a big city over a place's own name ("Po" is
    # Pô in Burkina Faso or nothing, not Bozhou, China, which GeoNames also calls "Po")
    return next((c for c in ranked if c is not top and (c.exact or not top.exact)
                 and _believable(c, cands, ev)), None)


def clear(cands: Sequence[Candidate], ev: Evidence, margin: float = 10.0) -> bool:
    """True when the best reading of a name is clearly ahead of any reading in another country
    ("Tahrir Square" alone is not: Cairo or Baghdad)."""
    if not cands:
        return False
    ranked = sorted(cands, key=lambda c: -score(c, ev))
    top = ranked[0]
    rival = next((c for c in ranked[1:] if c.country != top.country), None)
    return rival is None or score(top, ev) - score(rival, ev) >= margin or (
        top.exact and not top.fuzzy and rival.population * 10 <= top.population)  # "Taji": no namesake near its size


def _believable(top: Candidate, cands: Sequence[Candidate], ev: Evidence) -> bool:
    expected = ev.tied_country or ev.story_country
    if top.fuzzy:
        return expected is not None and top.country == expected
    if top.kind == "country":
        return True
    if top.kind == "place":  # a landmark: "Independence Square" is Kyiv's only in a story about Ukraine
        return not expected or top.country == expected or not any(c.country == expected for c in cands) \
            and top.country in ev.neighbours
    if ev.feature in PROVINCE_WORDS and top.kind != "province" \
            and (top.kind != "district" or any(c.kind == "province" for c in cands)):
        return False  # "in Shabwa province" is no town of that name; Burkina's provinces are districts
    if top.admin1 and (top.country, top.admin1) in ev.provinces:
        return True
    if ev.region and top.country not in ev.region and top.kind in ("city", "district") \
            and (top.population < FAR_CITY or not top.exact or top.variant) and top.country != ev.tied_country:
        return False  # "Lossa" in a story with Burkinabe soldiers is no German village
    if expected and top.country != expected:
        # a large foreign city is still a fair reading ("talks in Geneva"); a hamlet is not,
        # nor a foreign town known by another name only ("Namanga" is no Namangan)
        if any(c.country == expected for c in cands) or not top.exact:
            return False
        if top.variant:  # a spelling variant counts only at home or next door: "Pensa" is no Penza
            return top.country in ev.neighbours
        return top.population >= SMALL_TOWN or top.country in ev.neighbours
    if not expected and not top.exact and top.kind in ("city", "district") and top.population < FAMOUS_CITY:
        return False  # "Nola", "Obo": other names of New Orleans and Obihiro, not places of their own
    if not expected and top.kind in ("city", "district") and top.population < UNKNOWN_STORY_TOWN:
        # with nothing to say which country, a town only when no namesake abroad comes near
        # its size ("Haditha": a town in Iraq, a hamlet in Israel)
        # (another name of a city abroad is no namesake: "Obo" is Obo, not Obihiro)
        # (a district is as big as the largest town of its name there: "Sinjar district")
        size = max([top.population] + [c.population for c in cands if c.country == top.country and c.exact
                                        and c.admin1 == top.admin1 and top.kind == "district"])
        return all(c.population * 10 <= size for c in cands if c.country != top.country and c.exact)
    return True


def to_location(extracted: str, cand: Candidate | None, gaz: Gazetteer) -> Location:
    """The Location record of a choice; only `extracted_place` when there is none."""
    if cand is None:
        return Location(extracted_place=extracted)
    country = gaz.country(cand.country) if cand.kind != "country" else cand
    # a district (ADM2) is reported at the province level of the output contract
    resolution = "province" if cand.kind in ("province", "district") else cand.kind
    return Location(
        extracted_place=extracted,
        resolved_place=display(cand.name),
        geonameid=cand.geonameid,
        lat=cand.lat,
        lon=cand.lon,
        province=display(cand.province) if cand.province and cand.kind != "country" else None,
        country=country.name,
        country_code=gaz.alpha3(cand.country),
        resolution=resolution,
    )


def geocode(name: str, story_country: str | None = None, gazetteer: Gazetteer | None = None,
            feature: str | None = None, provinces: Iterable[tuple[str, str]] = ()) -> Location | None:
    """Geocode one name; `story_country` may be alpha-2, alpha-3 or a name. None if unknown."""
    gaz = gazetteer or Gazetteer.load()
    cc = gaz.country_code(story_country) if story_country else None
    cands = gaz.lookup(name)
    if not cands:
        return None
    choice = best(cands, Evidence(story_country=cc, feature=feature, provinces=tuple(provinces)))
    return to_location(name, choice, gaz)
