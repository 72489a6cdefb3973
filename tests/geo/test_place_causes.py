"""The ACLED places benchmark puts each row down to what its note offers (benchmarks/_place_causes.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from titfortat.geo.gazetteer import Gazetteer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _place_causes import classify  # noqa: E402


def row(notes: str, location: str, admin2: str, admin1: str, country: str, lat: float, lon: float,
        precision: str = "1") -> dict[str, str]:
    return {"notes": notes, "location": location, "admin2": admin2, "admin1": admin1, "country": country,
            "latitude": str(lat), "longitude": str(lon), "geo_precision": precision}


@pytest.mark.parametrize("notes,evidence,expected", [
    ("Protesters blocked a road in Nasiriyah over power cuts.", (), "a"),  # a town the gazetteer has
    ("Gunmen burned houses in Bzzvwq village, Dhi Qar province.", (), "b"),  # unknown village, province named
    ("Gunmen burned houses in a village in Iraq.", (), "b"),  # only the country named
    ("Iraqi police arrested three men.", ("IQ",), "c"),  # a demonym only
    ("Police arrested three men.", (), "d"),  # nothing
])
def test_what_a_note_offers(notes: str, evidence: tuple[str, ...], expected: str, gaz: Gazetteer) -> None:
    r = row(notes, "Nasiriyah", "Nasiriyah", "Dhi Qar", "Iraq", 31.0439, 46.2576)
    assert classify(r, gaz, evidence) == expected


def test_a_named_place_must_be_near_the_gold_point(gaz: Gazetteer) -> None:
    far = row("Protesters blocked a road in Nasiriyah.", "Nasiriyah", "", "Dhi Qar", "Iraq", 36.0, 43.0)
    assert classify(far, gaz, ()) == "b"  # the gazetteer's Nasiriyah is not ACLED's point
