"""Score titfortat against the PETRARCH-2 validation records (issue 2 "Measured").

    .venv/bin/python benchmarks/petrarch_gsr.py [--data DIR] [--json OUT] [--errors N] [--strict] [--plain-pairs]

Only sentences with evaluate="true" count. Each sentence is coded as a one-sentence story
dated by its `date` attribute. A gold triple (source, target, eventcode) is matched when
one directed dyad of an emitted event has

- the same CAMEO root (first two digits of the code: "0352" -> "03"),
- a source whose country code equals the first three letters of the gold source
  ("USAGOV" -> "USA"), and
- a target whose country code equals the first three letters of the gold target.

The dyads are those of the Phoenix export (`titfortat.dyads`): PLOVER's actor and recipient
lists expanded into CAMEO's directed pairs, as the PLOVER manual's "Compound and Reciprocal
Actors" section describes (a joint meeting of three parties gives six pairs; a meeting with
a recipient is mutual). `--plain-pairs` scores every actor toward every recipient only.

A side whose gold code has no country ("---REB", "---", empty) is not checked. Gold codes of
international organisations ("IGOUNOMIL", "IGOEUREEC") are met by a predicted "IGO" or by the
organisation code that follows the prefix ("UNO", "EUR"); a bare gold "IGO" is met by IGO, UNO
or EUR. Also reported: root-code accuracy (some event has the gold root, actors ignored) and
the false-positive rate on the no-event records (share of them with any emitted event).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from _common import (
    IGO_FAMILY,
    PetrarchGold,
    Pred,
    Ratio,
    Triple,
    Verdicts,
    add_common_args,
    finish,
    load_petrarch,
    norm_code,
    pred_from_event,
    print_preds,
    table,
)

TRIPLE_TARGET = 0.5


def accepted_codes(gold: str) -> frozenset[str] | None:
    """Predicted codes that satisfy a gold PETRARCH actor code; None means "do not check"."""
    c = norm_code(gold)
    if c is None:
        return None
    if c == "IGO":
        sub = norm_code(gold.strip().upper()[3:6])
        return frozenset({"IGO", sub}) if sub else IGO_FAMILY
    return frozenset({c})


def root(code: str) -> str:
    return code.strip()[:2]


def triple_matches(t: Triple, p: Pred, swapped: bool = False) -> bool:
    """Some directed dyad of the prediction has the gold root, source and target."""
    src, tgt = (t.target, t.source) if swapped else (t.source, t.target)
    want_src, want_tgt = accepted_codes(src), accepted_codes(tgt)
    for source, target, code in p.pairs():
        if not code or root(code) != root(t.eventcode):
            continue
        if want_src is not None and (source is None or source.code not in want_src):
            continue
        if want_tgt is None or (target is not None and target.code in want_tgt):
            return True
    return False


@dataclass
class Miss:
    gold: PetrarchGold
    preds: list[Pred]
    what: str


@dataclass
class PetrarchScore:
    triples: Ratio = field(default_factory=Ratio)
    roots: Ratio = field(default_factory=Ratio)
    swapped: Ratio = field(default_factory=Ratio)  # matched with source and target exchanged
    sentences: Ratio = field(default_factory=Ratio)  # every triple of the sentence matched
    no_event_fp: Ratio = field(default_factory=Ratio)
    skipped: int = 0  # evaluate != "true"
    per_root: dict[str, Ratio] = field(default_factory=dict)
    events: int = 0
    coded_sentences: int = 0
    misses: list[Miss] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "triple_accuracy": self.triples.to_dict(),
            "root_accuracy": self.roots.to_dict(),
            "matched_with_roles_swapped": self.swapped.to_dict(),
            "sentence_accuracy": self.sentences.to_dict(),
            "no_event_false_positive_rate": self.no_event_fp.to_dict(),
            "skipped_not_evaluated": self.skipped,
            "events_per_sentence": self.events / self.coded_sentences if self.coded_sentences else None,
            "per_root": {k: v.to_dict() for k, v in sorted(self.per_root.items())},
        }


def score_petrarch(golds: Sequence[PetrarchGold], preds: Sequence[Sequence[Pred]]) -> PetrarchScore:
    """Score predictions (one list of Preds per gold record, same order; non-evaluated skipped)."""
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold records but {len(preds)} prediction lists")
    s = PetrarchScore()
    for gold, plist in zip(golds, preds, strict=True):
        plist = list(plist)
        if not gold.evaluate:
            s.skipped += 1
            continue
        s.coded_sentences += 1
        s.events += len(plist)
        if gold.noevents or not gold.triples:
            fp = bool(plist)
            s.no_event_fp.add(fp)
            if fp:
                s.misses.append(Miss(gold, plist, "false positive on a no-event record"))
            continue
        all_hit = True
        for t in gold.triples:
            hit = any(triple_matches(t, p) for p in plist)
            root_hit = any(p.cameo and root(p.cameo) == root(t.eventcode) for p in plist)
            s.triples.add(hit)
            s.roots.add(root_hit)
            s.per_root.setdefault(root(t.eventcode), Ratio()).add(hit)
            if not hit:
                all_hit = False
                swapped = any(triple_matches(t, p, swapped=True) for p in plist)
                s.swapped.add(swapped)
                what = ("roles swapped" if swapped else "actors wrong" if root_hit
                        else "root code missing")
                s.misses.append(Miss(gold, plist,
                                     f"{what}: gold {t.eventcode} {t.source} -> {t.target}"))
        s.sentences.add(all_hit)
    return s


def report(s: PetrarchScore, elapsed: float | None = None) -> tuple[str, Verdicts]:
    rows: list[list[object]] = [
        ["triple (root + source + target country)", s.triples.hits, s.triples.total, s.triples.fmt()],
        ["root code only", s.roots.hits, s.roots.total, s.roots.fmt()],
        ["sentences with every triple matched", s.sentences.hits, s.sentences.total, s.sentences.fmt()],
        ["no-event records with an event (FP rate)", s.no_event_fp.hits, s.no_event_fp.total,
         s.no_event_fp.fmt()],
        ["missed triples matched with roles swapped", s.swapped.hits, s.swapped.total, s.swapped.fmt()],
    ]
    title = f"PETRARCH-2 GSR: {s.coded_sentences} evaluated sentences ({s.skipped} skipped)"
    if elapsed is not None:
        title += f", coded in {elapsed:.1f} s"
    out = [table(["metric", "hits", "of", "score"], rows, title)]
    mean = s.events / s.coded_sentences if s.coded_sentences else 0.0
    out.append(f"mean events per sentence: {mean:.2f}")
    prow = [[k, v.hits, v.total, v.fmt()] for k, v in sorted(s.per_root.items())]
    out.append("")
    out.append(table(["CAMEO root", "matched", "of", "score"], prow, "Triple accuracy by gold root"))
    kinds = Counter(m.what.split(":")[0] for m in s.misses)
    out.append("")
    out.append(table(["miss kind", "n"], kinds.most_common(), "Misses"))
    v = Verdicts()
    v.check("triple accuracy", s.triples.value, TRIPLE_TARGET, "issue 2")
    out.append("")
    out.append(table(["target", "score", "needed", "verdict"], v.rows, "Targets"))
    return "\n".join(out), v


def print_errors(s: PetrarchScore, n: int) -> None:
    print(f"\nFirst {min(n, len(s.misses))} of {len(s.misses)} misses:")
    for m in s.misses[:n]:
        print(f"\n[{m.gold.id}] {m.what}")
        print(f"  text:   {m.gold.text}")
        print_preds(m.preds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(parser)
    parser.add_argument("--plain-pairs", action="store_true",
                        help="score every actor toward every recipient only, without the Phoenix "
                             "export's joint and mutual dyads")
    args = parser.parse_args(argv)

    golds = load_petrarch(args.data)
    if args.limit:
        golds = golds[: args.limit]

    from titfortat import api
    from titfortat.model import Story

    nlp = api.load(args.model)
    todo = [g for g in golds if g.evaluate]
    stories = [Story(id=g.id, text=g.text, date=g.date, origin=g.id) for g in todo]
    t0 = time.perf_counter()
    def pred(e: Any) -> Pred:
        p = pred_from_event(e)
        return replace(p, dyads=()) if args.plain_pairs else p

    coded = iter([[pred(e) for e in res.events] for res in api.code_stories(stories, nlp=nlp)])
    elapsed = time.perf_counter() - t0
    preds = [next(coded) if g.evaluate else [] for g in golds]

    s = score_petrarch(golds, preds)
    text, verdicts = report(s, elapsed)
    status = finish(args, s, elapsed, text, verdicts)
    if args.errors:
        print_errors(s, args.errors)
    return status


if __name__ == "__main__":
    sys.exit(main())
