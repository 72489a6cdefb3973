"""Score titfortat against ACLED's own coding of real event notes (issue 11).

    .venv/bin/python benchmarks/acled_dev.py [--split test|train] [--country X] [--limit N]
        [--every K] [--loco] [--json OUT] [--errors N] [--strict] [--data DIR]

Each `notes` of `../shared/data/acled/acled_dev.csv` is coded as a story dated `event_date`
(batched through titfortat.api.code_stories). The story's *top event* is the event with an
ACLED type and the highest `confidence` (ties: the first in the text); the first event with
an ACLED type is also scored for event and sub-event type ("first" columns), so the two
choices can be compared. A story with no ACLED-typed event predicts "none". Scored on the
rows of one split (default `test`):

- event type and sub-event type: accuracy, per-class precision/recall/F1, weighted F1, and
  the confusion table of event types;
- actor class: the ACLED `inter` of the top event's ACLED actor1 (its first actor; in a
  protest or riot where the state acts on a crowd, the crowd, as ACLED orders them) equals
  `inter1` (rows with `inter1` > 0; no actor is a miss); also on the rows whose sub-type is
  right, which separates the actor's own errors from those of a wrong event type;
- no actor: share of rows naming `actor1` whose top event has no actor (or there is none);
- actor country: the first actor's code equals the country in `actor1` ("Military Forces of
  Kenya", "Protesters (Kenya)"; rows whose `actor1` names no country are skipped);
- date: the top event's date equals `event_date` (rows with `time_precision` 1);
- place: the top event's place is within 25 km of `latitude`/`longitude` (`geo_precision`
  1-2), and its province equals `admin1`.

`--loco` adds a per-country table for the countries with at least 100 rows in the split, and
the spread (best minus worst) of each figure: the rules are not fitted per country, so this
is how far a country the rules were not tuned on may fall. The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import DEFAULT_DATA, Ratio, Verdicts, table, write_json

EVENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence", "Protests",
               "Riots", "Strategic developments")
NONE = "none"
LOCO_MIN_ROWS = 100

# (metric, minimum, source); "no_actor" is lower-is-better.
TARGETS: tuple[tuple[str, float, str], ...] = (
    ("sub_weighted_f1", 0.80, "issue 11"),
    ("type_accuracy", 0.88, "issue 11"),
    ("actor_class", 0.85, "issue 11"),
    ("no_actor", 0.05, "issue 11"),
    ("date", 0.97, "issue 11"),
)


@dataclass(frozen=True)
class AcledGold:
    id: str
    text: str
    date: dt.date
    time_precision: int
    event_type: str
    sub: str
    actor1: str
    inter1: int
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    geo_precision: int


@dataclass(frozen=True)
class AcledPred:
    """The scorers' view of one predicted event."""

    type: str | None
    sub: str | None
    confidence: float = 0.5
    inter: int | None = None
    actor_code: str | None = None
    has_actor: bool = False
    date: dt.date | None = None
    lat: float | None = None
    lon: float | None = None
    province: str | None = None
    describe: str = ""


def _num(v: str) -> float | None:
    try:
        return float(v)
    except ValueError:
        return None


def golds_from_rows(rows: Iterable[dict[str, str]], split: str, country: str | None = None) -> list[AcledGold]:
    out = []
    for r in rows:
        if r.get("split") != split or (country and r["country"].casefold() != country.casefold()):
            continue
        out.append(AcledGold(
            id=r["event_id_cnty"], text=r["notes"], date=dt.date.fromisoformat(r["event_date"]),
            time_precision=int(r["time_precision"] or 3), event_type=r["event_type"],
            sub=r["sub_event_type"], actor1=r["actor1"], inter1=int(r["inter1"] or 0),
            country=r["country"], admin1=r["admin1"], lat=_num(r["latitude"]), lon=_num(r["longitude"]),
            geo_precision=int(r["geo_precision"] or 3)))
    return out


def load_golds(data_dir: Path, split: str, country: str | None = None) -> list[AcledGold]:
    path = data_dir / "acled" / "acled_dev.csv"
    if not path.is_file():
        raise SystemExit(f"benchmark data not found: {path} (use --data DIR, the folder holding acled/)")
    with path.open(encoding="utf-8", newline="") as fh:
        return golds_from_rows(csv.DictReader(fh), split, country)


def top_event(preds: Sequence[AcledPred], rule: str = "confident") -> AcledPred | None:
    """The story's main event: the highest-confidence one with an ACLED type ("confident"),
    or the first with an ACLED type ("first"); None when no event has one."""
    typed = [p for p in preds if p.type]
    if not typed:
        return None
    if rule == "first":
        return typed[0]
    return max(typed, key=lambda p: p.confidence)  # max keeps the first of equals


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("-", " ").strip()


def admin_match(gold: str, pred: str | None) -> bool:
    g, p = fold(gold), fold(pred)
    if not g or not p:
        return False
    for suffix in (" province", " county", " prefecture", " region", " state", " division", " governorate"):
        g, p = g.removesuffix(suffix), p.removesuffix(suffix)
    return g == p


@dataclass
class ClassScores:
    """Per-class precision/recall/F1 from (gold, predicted) label pairs."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, gold: str, pred: str) -> None:
        self.pairs.append((gold, pred))

    def accuracy(self) -> float | None:
        return sum(g == p for g, p in self.pairs) / len(self.pairs) if self.pairs else None

    def per_class(self) -> dict[str, dict[str, float]]:
        tp: Counter[str] = Counter()
        gold_n: Counter[str] = Counter()
        pred_n: Counter[str] = Counter()
        for g, p in self.pairs:
            gold_n[g] += 1
            pred_n[p] += 1
            tp[g] += int(g == p)
        out = {}
        for c in sorted(set(gold_n) | set(pred_n)):
            prec = tp[c] / pred_n[c] if pred_n[c] else 0.0
            rec = tp[c] / gold_n[c] if gold_n[c] else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            out[c] = {"precision": prec, "recall": rec, "f1": f1, "support": gold_n[c], "predicted": pred_n[c]}
        return out

    def weighted_f1(self) -> float | None:
        if not self.pairs:
            return None
        pc = self.per_class()
        return sum(v["f1"] * v["support"] for v in pc.values()) / len(self.pairs)

    def confusion(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for g, p in self.pairs:
            out[g][p] += 1
        return out


@dataclass
class AcledScore:
    type: ClassScores = field(default_factory=ClassScores)
    sub: ClassScores = field(default_factory=ClassScores)
    type_first: ClassScores = field(default_factory=ClassScores)
    sub_first: ClassScores = field(default_factory=ClassScores)
    actor_class: Ratio = field(default_factory=Ratio)
    actor_class_right_sub: Ratio = field(default_factory=Ratio)  # on rows whose sub-type is right
    no_actor: Ratio = field(default_factory=Ratio)
    actor_country: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    geo_25km: Ratio = field(default_factory=Ratio)
    admin1: Ratio = field(default_factory=Ratio)
    misses: list[tuple[AcledGold, AcledPred | None, list[AcledPred]]] = field(default_factory=list)
    # (gold inter1, predicted class of the top event's first actor; 0 = none)
    inter_pairs: Counter[tuple[int, int]] = field(default_factory=Counter)

    def figures(self) -> dict[str, float | None]:
        return {
            "type_accuracy": self.type.accuracy(), "sub_accuracy": self.sub.accuracy(),
            "sub_weighted_f1": self.sub.weighted_f1(), "type_weighted_f1": self.type.weighted_f1(),
            "type_accuracy_first": self.type_first.accuracy(), "sub_weighted_f1_first": self.sub_first.weighted_f1(),
            "actor_class": self.actor_class.value, "actor_class_right_sub": self.actor_class_right_sub.value,
            "no_actor": self.no_actor.value,
            "actor_country": self.actor_country.value, "date": self.date.value,
            "geo_25km": self.geo_25km.value, "admin1": self.admin1.value,
        }

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rows": len(self.sub.pairs), "figures": self.figures()}
        out["sub_per_class"] = self.sub.per_class()
        out["type_confusion"] = {g: dict(c) for g, c in self.type.confusion().items()}
        return out


def score_acled(golds: Sequence[AcledGold], preds: Sequence[Sequence[AcledPred]],
                gold_actor_code: Any = lambda name: None) -> AcledScore:
    """Score each gold row against its story's predicted events. `gold_actor_code` maps an
    ACLED actor name to an alpha-3 country code (or None when the name names no country)."""
    s = AcledScore()
    for g, ps in zip(golds, preds, strict=True):
        top = top_event(ps)
        first = top_event(ps, "first")
        s.type.add(g.event_type, top.type or NONE if top else NONE)
        s.sub.add(g.sub, top.sub or NONE if top else NONE)
        s.type_first.add(g.event_type, first.type or NONE if first else NONE)
        s.sub_first.add(g.sub, first.sub or NONE if first else NONE)
        if g.inter1 > 0:
            s.actor_class.add(top is not None and top.inter == g.inter1)
            if top is not None and top.sub == g.sub:
                s.actor_class_right_sub.add(top.inter == g.inter1)
            s.inter_pairs[(g.inter1, (top.inter or 0) if top else 0)] += 1
        if g.actor1:
            s.no_actor.add(top is None or not top.has_actor)
            code = gold_actor_code(g.actor1)
            if code:
                s.actor_country.add(top is not None and top.actor_code == code)
        if g.time_precision == 1:
            s.date.add(top is not None and top.date == g.date)
        if g.geo_precision in (1, 2) and g.lat is not None and g.lon is not None:
            s.geo_25km.add(top is not None and top.lat is not None and top.lon is not None
                           and km(g.lat, g.lon, top.lat, top.lon) <= 25.0)
        if g.admin1:
            s.admin1.add(top is not None and admin_match(g.admin1, top.province))
        if top is None or top.sub != g.sub:
            s.misses.append((g, top, list(ps)))
    return s


def pred_from_event(ev: Any) -> AcledPred:
    from titfortat.coding.acled_inter import acled_sides
    from titfortat.store.export import acled_inter_of

    side1, _side2 = acled_sides(ev)  # ACLED's actor1: the crowd of a protest or riot
    a = side1[0] if side1 else None
    loc = ev.event_loc
    return AcledPred(
        type=ev.acled_event_type, sub=ev.acled_sub_event_type, confidence=float(ev.confidence),
        inter=acled_inter_of(side1, ev, True) if a else None, actor_code=a.code if a else None,
        has_actor=a is not None, date=ev.date, lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        province=loc.province if loc else None,
        describe=(f"{ev.event}/{ev.mode} {ev.acled_sub_event_type} conf={ev.confidence} trig={ev.event_text!r} "
                  f"actor=[{', '.join(f'{e.entity_text}={e.code}/{e.sector}' for e in ev.actor)}] "
                  f"recip=[{', '.join(f'{e.entity_text}={e.code}/{e.sector}' for e in ev.recipient)}]"))


def actor_country_reader() -> Any:
    """ACLED actor name -> alpha-3 country ("Police Forces of Kenya (2022-)", "Rioters
    (Kenya)"), through the gazetteer's country names; None when none is named."""
    import re

    from titfortat.geo.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    paren = re.compile(r"\(([^()]*)\)")
    of = re.compile(r"\bof ([A-Z][\w' -]+?)\s*(?:\(|$)")

    def code(name: str) -> str | None:
        for m in [*paren.finditer(name), *of.finditer(name)]:
            cc = gaz.country_code(m.group(1).strip())
            if cc:
                return gaz.alpha3(cc)
        return None

    return code


def _f(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def report(s: AcledScore, elapsed: float, n_golds: int) -> tuple[str, Verdicts]:
    f = s.figures()
    out = [f"ACLED dev: {n_golds} notes coded in {elapsed:.1f} s ({n_golds / max(elapsed, 1e-9):.1f} notes/s)", ""]
    rows = [
        ("event type accuracy (top = most confident)", _f(f["type_accuracy"]), len(s.type.pairs)),
        ("event type accuracy (top = first typed)", _f(f["type_accuracy_first"]), len(s.type.pairs)),
        ("sub-event type accuracy", _f(f["sub_accuracy"]), len(s.sub.pairs)),
        ("sub-event type weighted F1 (most confident)", _f(f["sub_weighted_f1"]), len(s.sub.pairs)),
        ("sub-event type weighted F1 (first typed)", _f(f["sub_weighted_f1_first"]), len(s.sub.pairs)),
        ("actor class (inter1)", s.actor_class.fmt(), s.actor_class.total),
        ("actor class on rows with the right sub-type", s.actor_class_right_sub.fmt(), s.actor_class_right_sub.total),
        ("no actor where ACLED names actor1", s.no_actor.fmt(), s.no_actor.total),
        ("actor country", s.actor_country.fmt(), s.actor_country.total),
        ("date (time_precision 1)", s.date.fmt(), s.date.total),
        ("within 25 km (geo_precision 1-2)", s.geo_25km.fmt(), s.geo_25km.total),
        ("admin1", s.admin1.fmt(), s.admin1.total),
    ]
    out.append(table(("metric", "score", "rows"), rows))
    pc = s.sub.per_class()
    out.append("")
    out.append(table(("sub-event type", "P", "R", "F1", "gold", "pred"),
                     [(c, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", int(v["support"]),
                       int(v["predicted"])) for c, v in sorted(pc.items(), key=lambda kv: -kv[1]["support"])],
                     title="Per sub-event type (top event):"))
    conf = s.type.confusion()
    cols = [*EVENT_TYPES, NONE]
    short = ["Bat", "VAC", "ERV", "Pro", "Rio", "SD", "none"]
    out.append("")
    out.append(table(("gold \\ predicted", *short),
                     [(g, *(conf.get(g, Counter())[p] for p in cols)) for g in EVENT_TYPES],
                     title="Event type confusion (rows gold, columns predicted):"))
    out.append("")
    out.append(table(("gold inter1 \\ predicted", *(str(i) for i in range(9))),
                     [(str(g), *(s.inter_pairs[(g, p)] for p in range(9))) for g in range(1, 9)],
                     title="Actor class confusion (0: no actor or no event):"))
    sub_conf = Counter((g, p) for g, p in s.sub.pairs if g != p)
    out.append("")
    out.append(table(("gold sub-event type", "predicted", "n"),
                     [(g, p, n) for (g, p), n in sub_conf.most_common(15)], title="Largest sub-event confusions:"))
    v = Verdicts()
    for metric, minimum, source in TARGETS:
        v.check(metric, f[metric], minimum, source, higher_is_better=metric != "no_actor")
    out.append("")
    out.append(table(("target", "score", "needed", "verdict"), v.rows))
    return "\n".join(out), v


def loco_table(golds: Sequence[AcledGold], preds: Sequence[Sequence[AcledPred]], code_of: Any) -> tuple[str, dict[str, Any]]:
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(golds):
        by_country[g.country].append(i)
    keys = ("type_accuracy", "sub_weighted_f1", "actor_class", "no_actor", "date")
    rows, data = [], {}
    for country, idx in sorted(by_country.items(), key=lambda kv: -len(kv[1])):
        if len(idx) < LOCO_MIN_ROWS:
            continue
        f = score_acled([golds[i] for i in idx], [preds[i] for i in idx], code_of).figures()
        data[country] = {k: f[k] for k in keys} | {"rows": len(idx)}
        rows.append((country, len(idx), *(_f(f[k]) for k in keys)))
    spread = {}
    for k in keys:
        vals = [d[k] for d in data.values() if d[k] is not None]
        spread[k] = (max(vals) - min(vals)) if vals else None
    rows.append(("spread (max - min)", "", *(_f(spread[k]) for k in keys)))
    text = table(("country", "rows", "type acc", "sub wF1", "actor class", "no actor", "date"), rows,
                 title=f"Per country (countries with >= {LOCO_MIN_ROWS} rows; the rules are not fitted per country):")
    return text, {"countries": data, "spread": spread}


def print_errors(s: AcledScore, n: int) -> None:
    print(f"\nFirst {min(n, len(s.misses))} of {len(s.misses)} sub-event misses:")
    for g, top, ps in s.misses[:n]:
        print(f"\n[{g.id}] gold: {g.event_type} / {g.sub}; actor1={g.actor1!r} inter1={g.inter1}")
        print(f"  text:   {g.text}")
        if not ps:
            print("  pred:   (no event)")
        for p in ps:
            print(f"  {'top' if p is top else 'pred'}:   {p.describe}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"reference data folder (default: {DEFAULT_DATA})")
    parser.add_argument("--split", choices=("test", "train"), default="test", help="rows to score (default: test)")
    parser.add_argument("--country", default=None, help="only rows of this country (ACLED's name)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N rows")
    parser.add_argument("--every", type=int, default=1, metavar="K",
                        help="score every K-th row only (a spread-out sample, for quick runs)")
    parser.add_argument("--loco", action="store_true", help="per-country figures and their spread")
    parser.add_argument("--json", metavar="OUT", type=Path, help="write the numbers as JSON to OUT")
    parser.add_argument("--errors", metavar="N", type=int, default=0, help="print the first N sub-event misses")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--model", default=None, help="spaCy model (default: the titfortat setting)")
    args = parser.parse_args(argv)

    golds = load_golds(args.data, args.split, args.country)[:: max(1, args.every)]
    if args.limit:
        golds = golds[: args.limit]

    from titfortat import api
    from titfortat.model import Story

    nlp = api.load(args.model)
    stories = [Story(id=g.id, text=g.text, date=g.date, origin=g.id) for g in golds]
    t0 = time.perf_counter()
    preds = [[pred_from_event(e) for e in res.events] for res in api.code_stories(stories, nlp=nlp)]
    elapsed = time.perf_counter() - t0

    code_of = actor_country_reader()
    s = score_acled(golds, preds, code_of)
    text, verdicts = report(s, elapsed, len(golds))
    print(text)
    payload = s.to_dict() | {"split": args.split, "country": args.country, "seconds": elapsed}
    payload["targets"] = [dict(zip(("target", "score", "needed", "verdict"), r, strict=True)) for r in verdicts.rows]
    if args.loco:
        loco_text, loco = loco_table(golds, preds, code_of)
        print("\n" + loco_text)
        payload["loco"] = loco
    if args.errors:
        print_errors(s, args.errors)
    write_json(args.json, payload)
    f = s.figures()
    print(f"\nacled_dev {args.split}{' ' + args.country if args.country else ''}: n={len(golds)} "
          f"type_acc={_f(f['type_accuracy'])} sub_wF1={_f(f['sub_weighted_f1'])} "
          f"actor_class={_f(f['actor_class'])} no_actor={_f(f['no_actor'])} actor_country={_f(f['actor_country'])} "
          f"date={_f(f['date'])} geo25={_f(f['geo_25km'])} admin1={_f(f['admin1'])}")
    return 1 if (args.strict and verdicts.failed) else 0


if __name__ == "__main__":
    sys.exit(main())
