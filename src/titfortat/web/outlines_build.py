"""Regenerate `web/static/world.json`, the offline base map of the dashboard.

A maintainer's tool, not used at run time. The outlines are Natural Earth's 1:110m admin-0
countries (public domain), as the `pyogrio` wheel ships them among its test fixtures
(`pyogrio/tests/fixtures/naturalearth_lowres/`); this reads the shapefile with the standard
library only, rounds coordinates to 0.1 degree and drops points closer than `STEP` degrees
to the last one kept.

    pip download --no-deps pyogrio && unzip pyogrio-*.whl 'pyogrio/tests/fixtures/*'
    python -m titfortat.web.outlines_build pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp

Output: {"source": ..., "countries": [{"iso": "IRQ", "name": "Iraq", "rings": [[lon, lat, ...]]}]}.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

STEP = 0.35
OUT = Path(__file__).parent / "static" / "world.json"


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The attribute rows of a dBase III file, as strings."""
    data = path.read_bytes()
    n_rows, header_len, row_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(n_rows):
        start = header_len + i * row_len + 1  # skip the deletion flag
        row, offset = {}, start
        for name, width in fields:
            row[name] = data[offset:offset + width].decode("utf-8", "replace").strip()
            offset += width
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each shape's rings as (lon, lat) lists (polygon shapes only)."""
    data = path.read_bytes()
    pos = 100
    shapes: list[list[list[tuple[float, float]]]] = []
    while pos < len(data):
        _number, length = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (kind,) = struct.unpack("<i", body[:4])
        if kind != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        points = [struct.unpack("<dd", body[base + 16 * k:base + 16 * k + 16]) for k in range(n_points)]
        bounds = [*parts, n_points]
        shapes.append([points[bounds[j]:bounds[j + 1]] for j in range(n_parts)])
    return shapes


def simplify(ring: list[tuple[float, float]], step: float = STEP) -> list[float]:
    """A flat [lon, lat, ...] list, rounded, without points closer than `step` to the last."""
    kept: list[tuple[float, float]] = []
    for lon, lat in ring:
        if kept and abs(lon - kept[-1][0]) < step and abs(lat - kept[-1][1]) < step:
            continue
        kept.append((round(lon, 1), round(lat, 1)))
    return [c for point in kept for c in point] if len(kept) >= 4 else []


def build(shp: Path) -> dict[str, object]:
    rows = read_dbf(shp.with_suffix(".dbf"))
    countries = []
    for row, rings in zip(rows, read_polygons(shp), strict=True):
        flat = [r for r in (simplify(ring) for ring in rings) if r]
        if flat:
            countries.append({"iso": row.get("iso_a3", ""), "name": row.get("name", ""), "rings": flat})
    countries.sort(key=lambda c: (str(c["iso"]), str(c["name"])))
    return {"source": "Natural Earth 1:110m admin-0 countries (public domain), simplified",
            "countries": countries}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    OUT.write_text(json.dumps(build(Path(argv[0])), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
