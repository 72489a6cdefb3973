"""Score titfortat against the PLOVER gold standard records (issue 2 "Measured", issue 3).

    .venv/bin/python benchmarks/plover_gsr.py [--data DIR] [--json OUT] [--errors N] [--strict]

Per gold sentence (the DOCUMENT header is skipped) the text is coded as a one-sentence story
(batched through titfortat.api.code_stories). Metrics:

- event type found: some emitted event has the gold type (old labels mapped: DEMAND->REQUEST,
  DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT).
- source code: the chosen event (the first emitted event of the gold type, else the first
  event) has an actor whose country code equals a gold source code; counted over records with
  a gold source code. "IGO" in the gold matches IGO, UNO or EUR.
- source sector: the same with sectors; gold sectors absent or "***" are skipped; suffixes
  ("CVLalb") are cut to the PLOVER sector.
- target code, target sector: likewise with the recipients.
A sentence with no emitted event misses every metric it is counted in.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from _common import (
    Party,
    PloverGold,
    Pred,
    Ratio,
    Verdicts,
    add_common_args,
    codes_match,
    finish,
    load_plover,
    pred_from_event,
    print_preds,
    table,
)

METRICS = ("type", "source_code", "source_sector", "target_code", "target_sector")

# (metric, minimum, issue)
TARGETS: tuple[tuple[str, float, str], ...] = (
    ("type", 0.85, "issue 2"),
    ("source_code", 0.75, "issue 2"),
    ("source_code", 0.85, "issue 3"),
    ("source_sector", 0.65, "issue 2"),
    ("source_sector", 0.75, "issue 3"),
    ("target_code", 0.80, "issue 3"),
    ("target_sector", 0.70, "issue 3"),
)


@dataclass
class Miss:
    gold: PloverGold
    preds: list[Pred]
    failed: list[str]


@dataclass
class PloverScore:
    ratios: dict[str, Ratio] = field(default_factory=lambda: {m: Ratio() for m in METRICS})
    # Diagnostics: the gold code appears on the right side of any event (role/choice errors
    # versus resolution errors), and the gold code appears on any side of any event.
    source_code_any_event: Ratio = field(default_factory=Ratio)
    target_code_any_event: Ratio = field(default_factory=Ratio)
    source_code_any_role: Ratio = field(default_factory=Ratio)
    # Role attribution regardless of code resolution: a gold party's words overlap the text
    # of an actor (recipient) of the scored event.
    source_text: Ratio = field(default_factory=Ratio)
    target_text: Ratio = field(default_factory=Ratio)
    per_type: dict[str, Ratio] = field(default_factory=dict)
    type_confusion: dict[str, Counter[str]] = field(default_factory=dict)
    sector_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    target_sector_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    sentences: int = 0
    events: int = 0
    no_event_sentences: int = 0
    type_precision: Ratio = field(default_factory=Ratio)  # emitted events with the gold type
    misses: list[Miss] = field(default_factory=list)

    def value(self, metric: str) -> float | None:
        return self.ratios[metric].value

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "metrics": {m: r.to_dict() for m, r in self.ratios.items()},
            "diagnostics": {
                "source_code_any_event": self.source_code_any_event.to_dict(),
                "target_code_any_event": self.target_code_any_event.to_dict(),
                "source_code_any_role": self.source_code_any_role.to_dict(),
                "source_text_on_scored_event": self.source_text.to_dict(),
                "target_text_on_scored_event": self.target_text.to_dict(),
                "events_per_sentence": self.events / self.sentences if self.sentences else None,
                "sentences_without_event": self.no_event_sentences,
                "type_precision": self.type_precision.to_dict(),
            },
            "per_type": {t: r.to_dict() for t, r in sorted(self.per_type.items())},
            "type_confusion": {t: dict(c) for t, c in sorted(self.type_confusion.items())},
            "source_sector_confusion": [
                {"gold": g, "pred": p, "n": n} for (g, p), n in sorted(self.sector_confusion.items())
            ],
            "target_sector_confusion": [
                {"gold": g, "pred": p, "n": n} for (g, p), n in sorted(self.target_sector_confusion.items())
            ],
        }


def choose(gold_event: str, preds: Sequence[Pred]) -> Pred | None:
    """The event scored for actors: the first of the gold type, else the first event."""
    for p in preds:
        if p.event == gold_event:
            return p
    return preds[0] if preds else None


def _code_hit(gold: tuple[Party, ...], parties: tuple[Party, ...]) -> bool:
    return any(codes_match(g.code, p.code) for g in gold for p in parties)


def _sector_hit(gold: tuple[Party, ...], parties: tuple[Party, ...]) -> bool:
    wanted = {g.sector for g in gold if g.sector}
    return any(p.sector in wanted for p in parties)


_STOP = frozenset({"the", "a", "an", "of", "in", "and", "its", "his", "her", "their", "s", "to", "for", "on"})


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def text_hit(gold: tuple[Party, ...], parties: tuple[Party, ...]) -> bool:
    """Does the text of some predicted party share a content word with a gold party's text?"""
    wanted = set().union(*(_words(g.text) for g in gold)) if gold else set()
    return any(_words(p.text) & wanted for p in parties)


def _predicted_sector(g: Party, chosen: Pred | None, parties: tuple[Party, ...]) -> str:
    """The predicted sector compared with gold party g in the confusion table."""
    if chosen is None:
        return "(no event)"
    if not parties:
        return "(no party)"
    same = [p for p in parties if codes_match(g.code, p.code)]
    p = same[0] if same else parties[0]
    return p.sector or "(null)"


def score_plover(golds: Sequence[PloverGold], preds: Sequence[Sequence[Pred]]) -> PloverScore:
    """Score predictions (one list of Preds per gold record, in the same order)."""
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold records but {len(preds)} prediction lists")
    s = PloverScore()
    for gold, plist in zip(golds, preds, strict=True):
        plist = list(plist)
        s.sentences += 1
        s.events += len(plist)
        s.no_event_sentences += int(not plist)
        failed: list[str] = []

        found = any(p.event == gold.event for p in plist)
        s.ratios["type"].add(found)
        s.per_type.setdefault(gold.event, Ratio()).add(found)
        for p in plist:
            s.type_precision.add(p.event == gold.event)
        if not found:
            failed.append("type")
            got = sorted({p.event for p in plist}) or ["(none)"]
            conf = s.type_confusion.setdefault(gold.event, Counter())
            for t in got:
                conf[t] += 1

        chosen = choose(gold.event, plist)
        actors = chosen.actors if chosen else ()
        recips = chosen.recipients if chosen else ()
        for side, gparties, parties, any_attr in (
            ("source", gold.sources, actors, "actors"),
            ("target", gold.targets, recips, "recipients"),
        ):
            if any(g.text for g in gparties):
                (s.source_text if side == "source" else s.target_text).add(text_hit(gparties, parties))
            if any(g.code for g in gparties):
                hit = _code_hit(gparties, parties)
                s.ratios[f"{side}_code"].add(hit)
                if not hit:
                    failed.append(f"{side}_code")
                everywhere = tuple(q for p in plist for q in getattr(p, any_attr))
                diag = s.source_code_any_event if side == "source" else s.target_code_any_event
                diag.add(_code_hit(gparties, everywhere))
                if side == "source":
                    all_parties = tuple(q for p in plist for q in p.actors + p.recipients)
                    s.source_code_any_role.add(_code_hit(gparties, all_parties))
            if any(g.sector for g in gparties):
                hit = _sector_hit(gparties, parties)
                s.ratios[f"{side}_sector"].add(hit)
                if not hit:
                    failed.append(f"{side}_sector")
                conf_table = s.sector_confusion if side == "source" else s.target_sector_confusion
                for g in gparties:
                    if g.sector:
                        conf_table[(g.sector, _predicted_sector(g, chosen, parties))] += 1
        if failed:
            s.misses.append(Miss(gold, plist, failed))
    return s


def confusion_table(conf: Counter[tuple[str, str]], title: str) -> str:
    golds = sorted({g for g, _ in conf}, key=lambda g: -sum(n for (gg, _), n in conf.items() if gg == g))
    preds = sorted({p for _, p in conf}, key=lambda p: (p.startswith("("), p))
    rows = []
    for g in golds:
        total = sum(conf[(g, p)] for p in preds)
        rows.append([g, total, *[conf[(g, p)] or "." for p in preds], f"{conf[(g, g)] / total:.2f}"])
    return table(["gold\\pred", "n", *preds, "acc"], rows, title)


def report(s: PloverScore, elapsed: float | None = None) -> tuple[str, Verdicts]:
    out = []
    labels = {
        "type": "event type found",
        "source_code": "source code",
        "source_sector": "source sector",
        "target_code": "target code",
        "target_sector": "target sector",
    }
    rows: list[list[object]] = [[labels[m], s.ratios[m].hits, s.ratios[m].total, s.ratios[m].fmt()]
                                for m in METRICS]
    out.append(table(["metric", "hits", "of", "score"], rows,
                     f"PLOVER GSR: {s.sentences} sentences"
                     + (f", coded in {elapsed:.1f} s" if elapsed is not None else "")))
    diag = [[label, r.hits, r.total, r.fmt()] for label, r in (
        ("source text on the scored event's actors (word overlap)", s.source_text),
        ("target text on the scored event's recipients (word overlap)", s.target_text),
        ("source code on any event (actor side)", s.source_code_any_event),
        ("source code anywhere (actor or recipient)", s.source_code_any_role),
        ("target code on any event (recipient side)", s.target_code_any_event),
        ("emitted events with the gold type (precision-ish)", s.type_precision),
    )]
    out.append("")
    out.append(table(["diagnostic", "hits", "of", "score"], diag))
    mean = s.events / s.sentences if s.sentences else 0.0
    out.append(f"mean events per sentence: {mean:.2f}; sentences with no event: "
               f"{s.no_event_sentences}/{s.sentences}")

    rows = []
    for t, r in sorted(s.per_type.items(), key=lambda kv: (kv[1].value or 0.0, kv[0])):
        conf = s.type_confusion.get(t, Counter())
        instead = ", ".join(f"{k} {n}" for k, n in conf.most_common(4))
        rows.append([t, r.hits, r.total, r.fmt(), instead])
    out.append("")
    out.append(table(["gold type", "found", "of", "recall", "emitted instead (sentences)"], rows,
                     "Event-type recall by gold type"))
    if s.sector_confusion:
        out.append("")
        out.append(confusion_table(s.sector_confusion,
                                   "Source sector confusion (rows gold, columns predicted on the scored event)"))
    if s.target_sector_confusion:
        out.append("")
        out.append(confusion_table(s.target_sector_confusion, "Target sector confusion"))

    v = Verdicts()
    for metric, minimum, issue in TARGETS:
        v.check(labels[metric], s.value(metric), minimum, issue)
    out.append("")
    out.append(table(["target", "score", "needed", "verdict"], v.rows, "Targets"))
    return "\n".join(out), v


def _gold_parties(ps: tuple[Party, ...]) -> str:
    return ", ".join(f"{p.text!r}={p.code or '-'}/{p.sector or '-'}" for p in ps) or "-"


def print_errors(s: PloverScore, n: int, only: str | None) -> None:
    misses = [m for m in s.misses if only is None or only in m.failed]
    print(f"\nFirst {min(n, len(misses))} of {len(misses)} records with a miss"
          + (f" in {only}" if only else "") + ":")
    for m in misses[:n]:
        g = m.gold
        print(f"\n[{g.id}] missed: {', '.join(m.failed)}")
        print(f"  text:   {g.text}")
        print(f"  gold:   {g.event}" + (f" (was {g.raw_event})" if g.raw_event != g.event else "")
              + f" source=[{_gold_parties(g.sources)}] target=[{_gold_parties(g.targets)}]")
        print_preds(m.preds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(parser)
    parser.add_argument("--only", choices=METRICS, help="with --errors: only misses of this metric")
    parser.add_argument("--date", default=None,
                        help="publication date given to every sentence (the gold dates are placeholders; "
                             "default: none)")
    args = parser.parse_args(argv)

    golds = load_plover(args.data)
    if args.limit:
        golds = golds[: args.limit]

    import datetime as dt

    from titfortat import api
    from titfortat.model import Story

    date = dt.date.fromisoformat(args.date) if args.date else None
    nlp = api.load(args.model)
    stories = [Story(id=g.id, text=g.text, date=date, origin=g.id) for g in golds]
    t0 = time.perf_counter()
    preds: list[list[Pred]] = []
    for res in api.code_stories(stories, nlp=nlp):
        preds.append([pred_from_event(e) for e in res.events])
    elapsed = time.perf_counter() - t0

    s = score_plover(golds, preds)
    text, verdicts = report(s, elapsed)
    status = finish(args, s, elapsed, text, verdicts)
    if args.errors:
        print_errors(s, args.errors, args.only)
    return status


if __name__ == "__main__":
    sys.exit(main())
