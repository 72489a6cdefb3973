"""The gazetteer: names, variants, countries, provinces, the cache, and the overlay errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from titfortat.errors import DataFileError
from titfortat.geo import tables
from titfortat.geo.choose import geocode
from titfortat.geo.gazetteer import Gazetteer
from titfortat.geo.names import admin_key, fold, key


@pytest.mark.parametrize(("a", "b"), [
    ("al-Anbar", "Anbar"), ("Al Anbar", "ANBAR"), ("Tal 'Afar", "Tal Afar"), ("Diyālá", "Diyala"),
    ("Deir ez-Zor", "Deir ez Zor"), ("U.S.", "US"),
])
def test_key_folds_spelling_variants(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_admin_key_drops_kind_words() -> None:
    assert admin_key("Anbar province") == admin_key("al-Anbar Governorate") == "anbar"
    assert fold("Ta‘izz") == "taizz"


@pytest.mark.parametrize(("name", "resolved", "kind", "country"), [
    ("Ninawa", "Nineveh", "province", "IQ"), ("Ninewa", "Nineveh", "province", "IQ"),
    ("Salah al-Din", "Salahuddin", "province", "IQ"), ("Salahuddin", "Salahuddin", "province", "IQ"),
    ("Duhok", "Dahuk", "province", "IQ"), ("Anbar", "Anbar", "province", "IQ"),
    ("Karma", "Al Karmah", "city", "IQ"), ("Kiev", "Kyiv", "city", "UA"),
    ("Green Zone", "Green Zone", "place", "IQ"), ("Britain", "United Kingdom", "country", "GB"),
    ("DRC", "Democratic Republic of the Congo", "country", "CD"),
])
def test_lookup_knows_variants(gaz: Gazetteer, name: str, resolved: str, kind: str, country: str) -> None:
    found = [(c.name, c.kind, c.country) for c in gaz.lookup(name)]
    assert (resolved, kind, country) in found


def test_lookup_filters_by_country_in_any_spelling(gaz: Gazetteer) -> None:
    for code in ("LB", "LBN", "Lebanon"):
        cands = gaz.lookup("Tripoli", code)
        assert cands and {c.country for c in cands} == {"LB"}
    assert gaz.lookup("Tripoli")[0].country == "LY"  # most populous first


def test_city_candidate_carries_province_and_coordinates(gaz: Gazetteer) -> None:
    mosul = next(c for c in gaz.lookup("Mosul") if c.kind == "city")
    assert mosul.province == "Nineveh" and mosul.geonameid == 99072
    assert 36 < (mosul.lat or 0) < 37 and 43 < (mosul.lon or 0) < 44


def test_country_codes(gaz: Gazetteer) -> None:
    assert gaz.alpha3("IQ") == "IRQ"
    assert gaz.country_code("IRQ") == gaz.country_code("Iraq") == "IQ"
    assert gaz.country_code("Atlantis") is None
    assert gaz.demonym("Iraqi") == "IQ"
    assert "PS" in gaz.neighbours("IL")


def test_unknown_name_has_no_candidates(gaz: Gazetteer) -> None:
    assert gaz.lookup("Zarqawiyya Abu Tareq") == []
    assert geocode("Zarqawiyya Abu Tareq") is None


@pytest.mark.parametrize(("name", "story", "resolved", "code", "resolution"), [
    ("Baghdad", None, "Baghdad", "IRQ", "city"),  # the city, not the province of that name
    ("Geneva", None, "Geneva", "CHE", "city"),
    ("Lebanon", None, "Lebanon", "LBN", "country"),  # the country before Lebanon, Tennessee
    ("Tahrir Square", "IRQ", "Tahrir Square", "IRQ", "place"),
    ("Tahrir Square", "Egypt", "Tahrir Square", "EGY", "place"),
    ("Karma", "IRQ", "Al Karmah", "IRQ", "city"),
    ("Cairo", "USA", "Cairo", "USA", "city"),
    ("Dili", None, "Dili", "TLS", "city"),  # an exact name beats a variant of Delhi
])
def test_geocode(name: str, story: str | None, resolved: str, code: str, resolution: str) -> None:
    loc = geocode(name, story)
    assert loc is not None
    assert (loc.resolved_place, loc.country_code, loc.resolution) == (resolved, code, resolution)


def test_small_foreign_town_is_not_a_guess() -> None:
    loc = geocode("Karma")  # a town in India, in Iraq and in Belarus: no story country
    assert loc is not None and loc.resolved_place is None and loc.lat is None


def test_cache_is_written_and_read_back(tmp_path: Path) -> None:
    """Load speed is measured by benchmarks/places_speed.py; here: the cache round-trips."""
    first = tables.load_tables(tmp_path)  # builds and writes the cache
    assert list(tmp_path.glob("gazetteer-*.marshal"))
    again = tables.load_tables(tmp_path)
    assert again == first  # read back from the cache file, equal to the built tables
    assert Gazetteer(again).lookup("Basra")


def test_unwritable_cache_dir_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    t = tables.load_tables(blocker / "cache")
    assert "IQ" in t["countries"]


def test_overlay_error_names_file_and_line(tmp_path: Path, gaz: Gazetteer) -> None:
    bad = tmp_path / "places.yaml"
    bad.write_text("provinces:\n  - {country: IQ, code: \"99\", name: Nowhere}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"places.yaml:2: unknown province IQ.99"):
        Gazetteer(tables.load_tables(), overlay_path=bad)


def test_overlay_town_missing_from_geonames_needs_coordinates(tmp_path: Path) -> None:
    bad = tmp_path / "places.yaml"
    bad.write_text("cities:\n  - {name: Qqqzzz, country: IQ}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"places.yaml:2: town 'Qqqzzz' not in GeoNames"):
        Gazetteer(tables.load_tables(), overlay_path=bad)
