"""Shared helpers for the benchmark scripts: paths, gold-data readers, code and sector
normalisation, the scoring record for a predicted event, and table printing.

Nothing here imports spaCy or the coder, so the scoring functions can be tested on tiny
hand-made inputs without loading a model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data"

# Old PLOVER labels in the gold file (v0.5b1) mapped to current PLOVER types
# (see ../shared/data/README.md).
PLOVER_LABELS: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

PLOVER_SECTORS: frozenset[str] = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
})

# Gold sector spellings that are not PLOVER sectors: "CIV" is a typo for CVL; the religion
# codes of CAMEO (MOS, CHR, ...) used as a sector mean a religious actor (REL).
_SECTOR_FIXES: dict[str, str] = {"CIV": "CVL", "MOS": "REL", "CHR": "REL", "JEW": "REL",
                                 "HIN": "REL", "BUD": "REL"}

# Gold country codes that are misspellings of ISO 3166 alpha-3 codes.
_CODE_FIXES: dict[str, str] = {"ITL": "ITA", "JAP": "JPN", "VTN": "VNM"}

# International organisations: the gold files code every IGO as "IGO", while current PLOVER
# gives the UN and the EU their own codes (UNO, EUR). A gold "IGO" therefore matches any of
# these predicted codes.
IGO_FAMILY: frozenset[str] = frozenset({"IGO", "UNO", "EUR"})


def norm_code(code: object) -> str | None:
    """The 3-letter country (or special actor) code of a gold or predicted code, or None.

    "USAGOV" gives "USA"; "---", "***", "" and None give None.
    """
    if not isinstance(code, str):
        return None
    c = code.strip().upper()[:3]
    if len(c) < 3 or not c.isalpha():
        return None
    return _CODE_FIXES.get(c, c)


def norm_sector(sector: object) -> str | None:
    """The PLOVER sector of a gold or predicted sector, or None when unknown or absent.

    Gold sectors may carry an ethnic or religious suffix ("CVLalb", "REBMOS"): the first three
    letters are the sector. "***" (unknown) gives None.
    """
    if not isinstance(sector, str):
        return None
    s = sector.strip()[:3].upper()
    if len(s) < 3 or not s.isalpha():
        return None
    return _SECTOR_FIXES.get(s, s)


def codes_match(gold: str | None, pred: str | None) -> bool:
    """Do a normalised gold code and a normalised predicted code name the same actor?"""
    if gold is None or pred is None:
        return False
    if gold == pred:
        return True
    return gold in IGO_FAMILY and pred in IGO_FAMILY


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Party:
    """One predicted actor or recipient, as the scorers see it."""

    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True)
class Pred:
    """One predicted event, as the scorers see it (built from titfortat.model.Event)."""

    event: str
    cameo: str = ""
    actors: tuple[Party, ...] = ()
    recipients: tuple[Party, ...] = ()
    trigger: str = ""
    modality: str = ""
    # Directed (source, target, CAMEO code) pairs as titfortat.dyads expands them; when
    # empty, every actor toward every recipient with the event's own code.
    dyads: tuple[tuple[Party | None, Party | None, str], ...] = ()

    def pairs(self) -> tuple[tuple[Party | None, Party | None, str], ...]:
        if self.dyads:
            return self.dyads
        return tuple((a, r, self.cameo) for a in (self.actors or (None,))
                     for r in (self.recipients or (None,)))

    def describe(self) -> str:
        def parties(ps: tuple[Party, ...]) -> str:
            return ", ".join(f"{p.text!r}={p.code or '-'}/{p.sector or '-'}" for p in ps) or "-"

        return (f"{self.event}({self.cameo}) trig={self.trigger!r} {self.modality} "
                f"actor=[{parties(self.actors)}] recip=[{parties(self.recipients)}]")


def party(text: str, code: object = None, sector: object = None) -> Party:
    return Party(text=text, code=norm_code(code), sector=norm_sector(sector))


def pred_from_event(ev: Any) -> Pred:
    """A Pred from a titfortat.model.Event, with its CAMEO dyads (titfortat.dyads)."""
    from titfortat.dyads import dyads

    def one(e: Any) -> Party | None:
        return None if e is None else party(e.entity_text, e.code, e.sector)

    return Pred(
        event=str(ev.event),
        cameo=str(ev.cameo_code or ""),
        actors=tuple(party(e.entity_text, e.code, e.sector) for e in ev.actor),
        recipients=tuple(party(e.entity_text, e.code, e.sector) for e in ev.recipient),
        trigger=str(ev.event_text or ""),
        modality=str(ev.modality or ""),
        dyads=tuple((one(d.source), one(d.target), d.cameo_code) for d in dyads(ev)),
    )


# --------------------------------------------------------------------------- gold: PLOVER


@dataclass(frozen=True)
class PloverGold:
    id: str
    text: str
    event: str  # current PLOVER label
    raw_event: str  # label as written in the gold file
    sources: tuple[Party, ...] = ()
    targets: tuple[Party, ...] = ()
    mode: str | None = None


def _gold_parties(value: object) -> tuple[Party, ...]:
    """Gold source/target: a list of {actorText, code, sector}; None, "" or junk give ()."""
    if not isinstance(value, list):
        return ()
    return tuple(party(str(v.get("actorText") or ""), v.get("code"), v.get("sector"))
                 for v in value if isinstance(v, dict))


def plover_from_records(records: Iterable[dict[str, Any]]) -> list[PloverGold]:
    out = []
    for r in records:
        raw = str(r.get("event") or "")
        if raw == "DOCUMENT" or not r.get("text"):
            continue
        out.append(PloverGold(
            id=str(r.get("id")),
            text=str(r["text"]),
            event=PLOVER_LABELS.get(raw, raw),
            raw_event=raw,
            sources=_gold_parties(r.get("source")),
            targets=_gold_parties(r.get("target")),
            mode=r.get("mode"),
        ))
    return out


def _need(path: Path) -> Path:
    if not path.is_file():
        raise SystemExit(f"benchmark data not found: {path} (use --data DIR, the folder holding "
                         f"plover/ and petrarch/)")
    return path


def load_plover(data_dir: Path) -> list[PloverGold]:
    path = _need(data_dir / "plover" / "PLOVER_GSR_CAMEO.json")
    return plover_from_records(json.loads(path.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- gold: PETRARCH


@dataclass(frozen=True)
class Triple:
    eventcode: str
    source: str
    target: str


@dataclass(frozen=True)
class PetrarchGold:
    id: str
    text: str
    date: dt.date | None
    evaluate: bool
    triples: tuple[Triple, ...] = ()
    noevents: bool = False


_SENTENCE = re.compile(r"<Sentence\b([^>]*?)/?>(.*?)</Sentence>", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PARSE = re.compile(r"<Parse>(.*?)</Parse>", re.S)


def _text_from_parse(parse: str) -> str:
    """Rebuild a sentence from its CoNLL-U lines (FORM column, SpaceAfter=No honoured)."""
    out = []
    for line in parse.splitlines():
        cols = line.split("\t")
        if len(cols) < 10 or not cols[0].isdigit():
            continue
        out.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(out).strip()


def _date(raw: str | None) -> dt.date | None:
    if raw and len(raw) == 8 and raw.isdigit():
        try:
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            return None
    return None


def petrarch_from_text(doc: str) -> list[PetrarchGold]:
    """Parse the (not quite XML) PETRARCH-2 validation file: `#` comment lines, XML comments."""
    doc = "\n".join(line for line in doc.splitlines() if not line.lstrip().startswith("#"))
    doc = _COMMENT.sub("", doc)
    out: list[PetrarchGold] = []
    for m in _SENTENCE.finditer(doc):
        attrs = dict(_ATTR.findall(m.group(1)))
        body = m.group(2)
        tm = _TEXT.search(body)
        text = " ".join(html.unescape(tm.group(1)).split()) if tm else ""
        if not text and (pm := _PARSE.search(body)):
            text = _text_from_parse(pm.group(1))  # one record has an empty <Text> but a parse
        triples = []
        noevents = False
        for cm in _CODING.finditer(body):
            ca = dict(_ATTR.findall(cm.group(1)))
            if ca.get("noevents", "").lower() == "true":
                noevents = True
            elif "eventcode" in ca:
                triples.append(Triple(ca["eventcode"], ca.get("sourcecode", ""), ca.get("targetcode", "")))
        out.append(PetrarchGold(
            id=attrs.get("id", f"s{len(out)}"),
            text=text,
            date=_date(attrs.get("date")),
            evaluate=attrs.get("evaluate", "").lower() == "true",
            triples=tuple(triples),
            noevents=noevents and not triples,
        ))
    return out


def load_petrarch(data_dir: Path) -> list[PetrarchGold]:
    path = _need(data_dir / "petrarch" / "PETR2_GSR_validation.xml")
    return petrarch_from_text(path.read_text(encoding="utf-8", errors="replace"))


# --------------------------------------------------------------------------- numbers, tables


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += int(hit)

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def fmt(self) -> str:
        v = self.value
        return "n/a" if v is None else f"{v:.3f}"

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "value": self.value}


@dataclass
class Verdicts:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    failed: bool = False

    def check(self, label: str, value: float | None, minimum: float, source: str,
              higher_is_better: bool = True) -> None:
        if value is None:
            verdict = "n/a"
        elif (value >= minimum) if higher_is_better else (value <= minimum):
            verdict = "PASS"
        else:
            verdict = "FAIL"
            self.failed = True
        sign = ">=" if higher_is_better else "<="
        shown = "n/a" if value is None else f"{value:.3f}"
        self.rows.append((label, shown, f"{sign} {minimum:g} ({source})", verdict))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], title: str | None = None) -> str:
    """A plain aligned text table (first column left-aligned, the rest right-aligned)."""
    body = [[str(c) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in body:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells))

    out = []
    if title:
        out.append(title)
    out.append(line(list(headers)))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r) for r in body)
    return "\n".join(out)


def print_preds(preds: Sequence[Pred]) -> None:
    """The predicted events of one missed sentence, one line each, for `--errors`."""
    if not preds:
        print("  pred:   (no event)")
    for p in preds:
        print(f"  pred:   {p.describe()}")


def add_common_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"reference data folder (default: {DEFAULT_DATA})")
    parser.add_argument("--json", metavar="OUT", type=Path, help="write the numbers as JSON to OUT")
    parser.add_argument("--errors", metavar="N", type=int, default=0,
                        help="print the first N misses with gold and predicted values")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N gold records")
    parser.add_argument("--model", default=None, help="spaCy model (default: the titfortat setting)")


def write_json(path: Path | None, payload: dict[str, Any]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")


def finish(args: argparse.Namespace, scores: Any, elapsed: float, text: str, verdicts: Any) -> int:
    """Print the report, write the JSON payload, and return the exit status (1 only with
    --strict and a missed target). `verdicts` has `rows` and `failed`; `scores` has `to_dict`."""
    print(text)
    payload = scores.to_dict()
    payload["targets"] = [dict(zip(("target", "score", "needed", "verdict"), r, strict=True))
                          for r in verdicts.rows]
    payload["seconds"] = elapsed
    write_json(args.json, payload)
    return 1 if (args.strict and verdicts.failed) else 0
