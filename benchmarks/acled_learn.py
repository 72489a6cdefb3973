"""Learning from ACLED notes (issue 12): the classifier alone, rules-only against
rules+classifier, leave-one-country-out, training time, coding-time cost and peak memory.

    .venv/bin/python benchmarks/acled_learn.py [--limit N] [--loco [--loco-coder N]] [--ablation]
        [--textcat EPOCHS] [--precedence-check N] [--retrain]

The classifier is trained on the `train` rows of ../shared/data/acled/acled_dev.csv into a
cache folder outside the repository (--cache, default ~/.cache/titfortat/bench) and reused
while the data file is unchanged. Scores are on the `test` rows:
  classifier   the classifier alone on each note
  rules        the coder on each note, scored as benchmarks/acled_dev.py does (its top event:
               the most confident one with an ACLED type; a note with none counts as wrong)
  rules+clf    the same with the classifier (its evidence weighed by coding/decide.py)
Coding-time cost: time inside the classifier stage / time of the rules-only run (both
in-process, same notes, after both coded the first 50 notes once to fill caches), and both
wall times; peak RSS of `titfortat code --classifier` as a subprocess on --memory-notes
notes. --loco trains without each country that has at least 3,000 rows and scores the
classifier on all rows of that country (--loco-coder N: also the coder with and without that
classifier on N of its test notes, -1 for all; the rules-only predictions of the test run
are reused). --no-coder skips the coder runs. --textcat trains spaCy's textcat (bag of
words, 1-2 grams) for EPOCHS epochs on the same rows, for comparison. --ablation only scores
the classifier's variants (masking names, class weights, character n-grams) leaving one
country out, uncalibrated. --policy/--min-prob also score rules+classifier under another
decision policy than the one in data/acled.yaml (for this run only), to see what a policy
change would give. --precedence-check N only codes N train notes of those countries with the
rules and compares them with the classifier trained without each note's country: who is right
where they disagree (by the rules' sub-type, by the classifier's probability), and the policies
of data/acled.yaml applied to the top event (how its thresholds were chosen).
Targets: weighted F1 >= 0.88, event type accuracy >= 0.93, LOCO weighted F1 >= 0.80, coding
time +15 % at most, peak RSS <= 800 MB.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from _common import DEFAULT_DATA, table, write_json
from acled_dev import load_golds, pred_from_event, score_acled, top_event
from titfortat.learn.classifier import FORMAT, MANIFEST_FILE, build_estimator, load_classifier
from titfortat.learn.corpus import Corpus, Example
from titfortat.learn.features import featurize
from titfortat.learn.train import scores, train

LOCO_MIN_ROWS = 3000
WARM_UP_NOTES = 50
TARGETS = {"sub_event_type_weighted_f1": 0.88, "event_type_accuracy": 0.93}


def read_rows(data: Path) -> list[dict[str, str]]:
    path = data / "acled" / "acled_dev.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return [dict(r, line=str(n)) for n, r in enumerate(csv.DictReader(fh), start=2)]


def examples(rows: Sequence[dict[str, str]]) -> list[Example]:
    return [Example(" ".join(r["notes"].split()), r["sub_event_type"], f"acled_dev.csv:{r['line']}", r["country"])
            for r in rows]


def cached_model(cache: Path, name: str, rows: Sequence[dict[str, str]], retrain: bool) -> tuple[Path, dict[str, Any]]:
    """Train on `rows` into cache/name unless a model for the same rows is there."""
    digest = hashlib.sha256("\n".join(r["event_id_cnty"] + r["sub_event_type"] + r["notes"]
                                      for r in rows).encode()).hexdigest()[:16]
    out = cache / f"{name}.v{FORMAT.rsplit('/', 1)[-1]}"  # a model format of its own, beside older ones
    manifest_path = out / MANIFEST_FILE
    if not retrain and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("bench_rows_digest") == digest:
            try:
                load_classifier(out)
                return out, manifest
            except Exception as exc:  # other library version, damaged cache: train again
                print(f"  cache {out} unusable ({exc}); training again", flush=True)
    corpus = Corpus(path=f"acled_dev.csv ({name})", kind="acled", examples=examples(rows))
    manifest = train([], out, holdout=0, corpora=[corpus], progress=lambda m: print("  " + m, flush=True))
    manifest["bench_rows_digest"] = digest
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out, manifest


class StageClock:
    """Adds up the seconds spent in the classifier stage (its `_annotate`, which both
    `__call__` and `pipe` use, patched for the run)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> StageClock:
        from titfortat.learn.component import ClassifierStage

        self.original = ClassifierStage._annotate
        clock = self

        def timed(stage: Any, docs: Any) -> Any:
            t = time.perf_counter()
            try:
                return clock.original(stage, docs)
            finally:
                clock.seconds += time.perf_counter() - t

        ClassifierStage._annotate = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from titfortat.learn.component import ClassifierStage

        ClassifierStage._annotate = self.original  # type: ignore[method-assign]


def code_notes(golds: Sequence[Any], classifier: str, policy: str = "",
               min_prob: float | None = None) -> tuple[list[list[Any]], float, float]:
    """Each note's predicted events (acled_dev's view), coding seconds, seconds inside the
    classifier stage. `policy` (a precedence list, comma-separated) and `min_prob` replace
    those of data/acled.yaml for this run only."""
    import dataclasses
    from unittest import mock

    from titfortat.api import code_stories
    from titfortat.coding import decide
    from titfortat.coding.acled import acled_tables
    from titfortat.model import Story
    from titfortat.nlp import pipeline

    tables = acled_tables()
    changes: dict[str, Any] = {}
    if policy:
        changes["precedence"] = tuple(policy.split(","))
    if min_prob is not None:
        changes["classifier_min_prob"] = min_prob
    tables = dataclasses.replace(tables, policy=dataclasses.replace(tables.policy, **changes))
    nlp = pipeline.load(classifier=classifier)
    stories = [Story(id=g.id, text=g.text, date=g.date, origin=g.id) for g in golds]
    with StageClock() as clock, mock.patch.object(decide, "acled_tables", lambda: tables):
        started = time.perf_counter()
        preds = [[pred_from_event(e) for e in res.events] for res in code_stories(stories, nlp=nlp)]
        seconds = time.perf_counter() - started
    return preds, seconds, clock.seconds


def coder_scores(golds: Sequence[Any], preds: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """acled_dev's scoring: the top event of each note (highest confidence with an ACLED type;
    none counts as wrong)."""
    f = score_acled(golds, preds).figures()
    return {"sub_event_type_weighted_f1": round(f["sub_weighted_f1"] or 0.0, 4),
            "sub_event_type_accuracy": round(f["sub_accuracy"] or 0.0, 4),
            "event_type_accuracy": round(f["type_accuracy"] or 0.0, 4), "rows": len(golds)}


def peak_rss_mb(cache: Path, golds: Sequence[Any], classifier: Path) -> float:
    stories = cache / "memory_notes.jsonl"
    stories.write_text("".join(json.dumps({"id": g.id, "text": g.text}) + "\n" for g in golds),
                       encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "titfortat", "code", str(stories), "--classifier", str(classifier),
                             "--format", "jsonl", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def textcat(train_rows: Sequence[dict[str, str]], test_rows: Sequence[dict[str, str]], epochs: int) -> dict[str, Any]:
    """spaCy textcat (bag of words, 1-2 grams) on the same rows, for the choice of library."""
    import random

    import spacy
    from spacy.training import Example as SpacyExample

    labels = sorted({r["sub_event_type"] for r in train_rows})
    nlp = spacy.blank("en")
    tc = nlp.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                                   "ngram_size": 2, "no_output_layer": False, "length": 262144}})
    for label in labels:
        tc.add_label(label)  # type: ignore[attr-defined]
    exs = [SpacyExample.from_dict(nlp.make_doc(r["notes"]), {"cats": {lb: float(lb == r["sub_event_type"]) for lb in labels}})
           for r in train_rows]
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: exs[:500])
    random.seed(0)
    for epoch in range(epochs):
        random.shuffle(exs)
        for batch in spacy.util.minibatch(exs, size=64):
            nlp.update(batch, sgd=optimizer, drop=0.2)
        print(f"  textcat epoch {epoch + 1}/{epochs} done", flush=True)
    seconds = time.perf_counter() - started
    docs = nlp.pipe([r["notes"] for r in test_rows], batch_size=256)
    predicted = [max(d.cats, key=d.cats.get) for d in docs]
    return dict(scores([r["sub_event_type"] for r in test_rows], predicted), training_seconds=round(seconds, 1))


# name: build_estimator keywords; fitted uncalibrated (the SVM's own choice) to save time
ABLATION: dict[str, dict[str, Any]] = {
    "dates and numbers masked, no class weights (the first model)":
        {"preprocessor": partial(featurize, names=False), "class_weight": None},
    "names masked too": {"class_weight": None},
    "names masked, balanced class weights (the model `train` fits)": {},
    "same, words only (no character n-grams)": {"chars": False},
}


def ablation(rows: Sequence[dict[str, str]], countries: Sequence[str]) -> dict[str, dict[str, float]]:
    """Leave-one-country-out weighted F1 of each variant in ABLATION (uncalibrated SVMs)."""
    out: dict[str, dict[str, float]] = {}
    for name, options in ABLATION.items():
        print(f"ablation: {name}", flush=True)
        out[name] = {}
        for country in countries:
            fit_rows = [r for r in rows if r["split"] == "train" and r["country"] != country]
            held = [r for r in rows if r["country"] == country]
            model = build_estimator(calibration_folds=1, **options)
            model.fit([r["notes"] for r in fit_rows], [r["sub_event_type"] for r in fit_rows])
            predicted = [str(x) for x in model.predict([r["notes"] for r in held])]
            out[name][country] = scores([r["sub_event_type"] for r in held], predicted)["sub_event_type_weighted_f1"]
        out[name]["mean"] = round(sum(out[name].values()) / len(countries), 4)
    return out


def coder_runs(args: argparse.Namespace, model: Path, out: dict[str, Any]) -> dict[str, list[Any]]:
    """Rules only against rules+classifier on the test notes, the classifier's share of the
    coding time, and the peak RSS of `titfortat code --classifier`. Returns the rules-only
    predictions by note id (the left-out countries' runs reuse them)."""
    golds = load_golds(args.data, "test")
    golds = golds[: args.limit] if args.limit else golds
    print(f"coding {len(golds)} test notes, rules only, then rules+classifier", flush=True)
    code_notes(golds[:WARM_UP_NOTES], "")  # fills the caches both timed runs use
    code_notes(golds[:WARM_UP_NOTES], str(model))
    rules, rules_s, _ = code_notes(golds, "")
    both, both_s, stage_s = code_notes(golds, str(model))
    out["rules"] = coder_scores(golds, rules)
    out["rules+classifier"] = coder_scores(golds, both)
    if args.policy or args.min_prob is not None:
        tried, _, _ = code_notes(golds, str(model), args.policy, args.min_prob)
        out["rules+classifier, policy tried"] = coder_scores(golds, tried)
        out["policy_tried"] = {"precedence": args.policy, "classifier_min_prob": args.min_prob}
    out["coding"] = {"notes": len(golds), "rules_seconds": round(rules_s, 1),
                     "with_classifier_seconds": round(both_s, 1), "classifier_stage_seconds": round(stage_s, 2),
                     "classifier_cost": round(stage_s / rules_s, 4)}
    if args.memory_notes:
        out["peak_rss_mb"] = round(peak_rss_mb(args.cache, golds[: args.memory_notes], model), 1)
    return {g.id: p for g, p in zip(golds, rules, strict=True)}


def loco_coder(args: argparse.Namespace, country: str, model: Path, rules_by_id: dict[str, list[Any]]) -> dict[str, Any]:
    """The coder on the left-out country's test notes, rules only and rules + the classifier
    trained without that country (rules-only predictions reused from the test run if made)."""
    golds = load_golds(args.data, "test", country)
    golds = golds[: args.loco_coder] if args.loco_coder > 0 else golds
    print(f"  coding {len(golds)} test notes of {country}", flush=True)
    missing = [g for g in golds if g.id not in rules_by_id]
    if missing:
        rules_by_id.update(zip([g.id for g in missing], code_notes(missing, "")[0], strict=True))
    return {"rules": coder_scores(golds, [rules_by_id[g.id] for g in golds]),
            "rules+classifier": coder_scores(golds, code_notes(golds, str(model))[0])}


def loco_slug(country: str) -> str:
    return "loco_" + "".join(ch for ch in country.lower() if ch.isalnum())


PROB_BINS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
# the rules' sub-types where, on these notes, the rules were right at least 1.4 times as often as
# the classifier: the `classifier_min_prob_against` list the policy grid tries
HELD = {"Mob violence": 0.8, "Violent demonstration": 0.8, "Peaceful protest": 0.8,
        "Protest with intervention": 0.8, "Sexual violence": 0.8}


def precedence_check(args: argparse.Namespace, rows: Sequence[dict[str, str]]) -> dict[str, Any]:
    """Rules against classifier where they disagree, on train notes: a seeded sample of
    --precedence-check notes of the LOCO countries, the rules' top event of each against the
    classifier trained without the note's country (so every prediction is out of sample,
    cross-validated by country). Counts who was right by the rules' sub-type and by the
    classifier's probability, and scores the policies data/acled.yaml can express, applied
    to the top event (min_prob; classifier_note_prob for notes the rules type no event of;
    classifier_min_prob_against empty or HELD)."""
    import random
    from collections import Counter

    countries = loco_countries(rows)
    golds = [g for g in load_golds(args.data, "train") if g.country in countries]
    random.Random(0).shuffle(golds)
    golds = golds[: args.precedence_check]
    print(f"precedence check: coding {len(golds)} train notes of {', '.join(countries)}, rules only", flush=True)
    tops = [top_event(p) for p in code_notes(golds, "")[0]]
    train_rows = [r for r in rows if r["split"] == "train"]
    predicted: dict[str, tuple[str, float]] = {}
    for country in countries:
        m, _ = cached_model(args.cache, loco_slug(country), [r for r in train_rows if r["country"] != country],
                            args.retrain)
        mine = [g for g in golds if g.country == country]
        predicted.update(zip([g.id for g in mine], load_classifier(m).predict([g.text for g in mine]), strict=True))
    by_sub: dict[str, Counter[str]] = {}
    by_prob: dict[str, Counter[str]] = {}
    for g, top in zip(golds, tops, strict=True):
        label, p = predicted[g.id]
        if top is None or top.sub is None or top.sub == label:
            continue
        who = "rules" if top.sub == g.sub else "classifier" if label == g.sub else "neither"
        by_sub.setdefault(top.sub, Counter())[who] += 1
        low = max(b for b in PROB_BINS if b <= p)
        by_prob.setdefault(f"{low:.1f}-{min(1.0, PROB_BINS[PROB_BINS.index(low) + 1]):.1f}", Counter())[who] += 1
    against = HELD

    def policy(min_prob: float, note_prob: float, use_against: bool) -> dict[str, float]:
        chosen = []
        for g, top in zip(golds, tops, strict=True):
            label, p = predicted[g.id]
            if top is None or top.sub is None:
                chosen.append(label if p >= note_prob else "")
                continue
            need = against.get(top.sub, min_prob) if use_against else min_prob
            chosen.append(label if p >= max(min_prob, need) else top.sub)
        return note_scores([g.sub for g in golds], chosen)

    grid = {f"min_prob {mp}, note_prob {npb}, against {'HELD' if ua else 'none'}": policy(mp, npb, ua)
            for mp in (0.5, 0.6, 0.7) for npb in (0.0, 0.35, 0.5, 1.01) for ua in (False, True)}
    return {"notes": len(golds), "by_rules_sub": {k: dict(v) for k, v in by_sub.items()},
            "by_probability": {k: dict(v) for k, v in sorted(by_prob.items())},
            "rules": note_scores([g.sub for g in golds], [t.sub if t and t.sub else "" for t in tops]),
            "classifier": scores([g.sub for g in golds], [predicted[g.id][0] for g in golds]), "policies": grid}


def note_scores(gold: Sequence[str], chosen: Sequence[str]) -> dict[str, float]:
    """`scores` where "" (no ACLED type) counts as wrong."""
    from sklearn.metrics import f1_score

    from titfortat.learn.labels import event_type_of

    return {"sub_event_type_weighted_f1": round(float(f1_score(gold, [c or "none" for c in chosen], average="weighted",
                                                               zero_division=0)), 4),
            "event_type_accuracy": round(sum(bool(c) and event_type_of(g) == event_type_of(c)
                                             for g, c in zip(gold, chosen, strict=True)) / len(gold), 4)}


def report_precedence(check: dict[str, Any]) -> None:
    who = ("rules", "classifier", "neither")
    subs = sorted(check["by_rules_sub"].items(), key=lambda kv: -sum(kv[1].values()))
    print(table(("rules' sub-type", *who), [(k, *(v.get(w, 0) for w in who)) for k, v in subs],
                title=f"Rules and classifier disagree ({check['notes']} train notes): who is right"))
    print(table(("classifier probability", *who), [(k, *(v.get(w, 0) for w in who))
                                                   for k, v in check["by_probability"].items()]))
    named = {"rules only": check["rules"], "classifier alone": check["classifier"], **check["policies"]}
    print(table(("policy on the top event", "weighted F1", "event type acc"),
                [(k, v["sub_event_type_weighted_f1"], v["event_type_accuracy"]) for k, v in named.items()]))


def loco_countries(rows: Sequence[dict[str, str]]) -> list[str]:
    """The countries with at least LOCO_MIN_ROWS rows, each left out in turn."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["country"]] = counts.get(r["country"], 0) + 1
    return sorted(c for c, n in counts.items() if n >= LOCO_MIN_ROWS)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "titfortat" / "bench")
    ap.add_argument("--limit", type=int, default=0, help="code only the first N test notes (0: all)")
    ap.add_argument("--loco", action="store_true", help="also run leave-one-country-out")
    ap.add_argument("--textcat", type=int, default=0, metavar="EPOCHS", help="also train spaCy textcat")
    ap.add_argument("--memory-notes", type=int, default=500, help="notes for the peak-RSS run (0: skip)")
    ap.add_argument("--policy", default="", metavar="KINDS",
                    help="also score with this evidence precedence (comma-separated kinds of data/acled.yaml)")
    ap.add_argument("--min-prob", type=float, default=None, help="also score with this classifier_min_prob")
    ap.add_argument("--loco-coder", type=int, default=0, metavar="N",
                    help="with --loco: also code the first N test notes of each left-out country "
                         "(-1: all of them), rules only and rules + that country's LOCO classifier")
    ap.add_argument("--no-coder", action="store_true",
                    help="skip the coder runs (rules, rules+classifier, cost, memory): classifier figures only")
    ap.add_argument("--ablation", action="store_true",
                    help="only the leave-one-country-out ablation of the features and class weights")
    ap.add_argument("--precedence-check", type=int, default=0, metavar="N",
                    help="only compare rules and classifier where they disagree, on N train notes of the LOCO "
                         "countries, each scored by the classifier trained without its country")
    ap.add_argument("--retrain", action="store_true", help="train even if the cache holds a model")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args(argv)
    rows = read_rows(args.data)
    train_rows = [r for r in rows if r["split"] == "train"]
    test_rows = [r for r in rows if r["split"] == "test"]
    out: dict[str, Any] = {}
    if args.precedence_check:
        out["precedence_check"] = precedence_check(args, rows)
        report_precedence(out["precedence_check"])
        write_json(args.json, out)
        return 0
    if args.ablation:
        out["ablation"] = ablation(rows, loco_countries(rows))
        print(table(("variant", *loco_countries(rows), "mean"), [(n, *v.values()) for n, v in out["ablation"].items()],
                    title="Leave one country out, weighted F1"))
        write_json(args.json, out)
        return 0
    print(f"training on {len(train_rows)} train rows (cache {args.cache})", flush=True)
    model, manifest = cached_model(args.cache, "acled_train", train_rows, args.retrain)
    out["training_seconds"] = manifest["training_seconds"]
    clf = load_classifier(model)
    gold = [r["sub_event_type"] for r in test_rows]
    out["classifier"] = scores(gold, [label for label, _ in clf.predict([r["notes"] for r in test_rows])])
    rules_by_id: dict[str, list[Any]] = {}
    if not args.no_coder:
        rules_by_id = coder_runs(args, model, out)
    if args.loco:
        out["loco"] = {}
        out["loco_coder"] = {}
        for country in loco_countries(rows):
            print(f"leave out {country}", flush=True)
            m, _ = cached_model(args.cache, loco_slug(country), [r for r in train_rows if r["country"] != country], args.retrain)
            held = [r for r in rows if r["country"] == country]
            out["loco"][country] = scores([r["sub_event_type"] for r in held],
                                          [label for label, _ in load_classifier(m).predict([r["notes"] for r in held])])
            if args.loco_coder:
                out["loco_coder"][country] = loco_coder(args, country, m, rules_by_id)
    if args.textcat:
        print(f"spaCy textcat, {args.textcat} epochs", flush=True)
        out["textcat"] = textcat(train_rows, test_rows, args.textcat)
    report(out, args)
    write_json(args.json, out)
    return 0


def report(out: dict[str, Any], args: argparse.Namespace) -> None:
    cols = ("sub_event_type_weighted_f1", "sub_event_type_accuracy", "event_type_accuracy", "rows")
    named = [("classifier alone (test)", out["classifier"])]
    if "rules" in out:
        named += [("rules only", out["rules"]), ("rules + classifier", out["rules+classifier"])]
    if "policy_tried" in out:
        named.append(("rules + classifier, policy tried", out["rules+classifier, policy tried"]))
    if "textcat" in out:
        named.append(("spaCy textcat alone (test)", out["textcat"]))
    for country, s in out.get("loco", {}).items():
        named.append((f"LOCO {country}", s))
    for country, both in out.get("loco_coder", {}).items():
        named.append((f"LOCO {country}: rules only", both["rules"]))
        named.append((f"LOCO {country}: rules + classifier", both["rules+classifier"]))
    print()
    print(table(("run", "weighted F1", "accuracy", "event type acc", "rows"),
                [(n, *(s.get(c, "") for c in cols)) for n, s in named], title="ACLED sub-event types"))
    if "policy_tried" in out:
        print(f"policy tried: {out['policy_tried']}")
    if "loco" in out:
        mean = sum(s["sub_event_type_weighted_f1"] for s in out["loco"].values()) / len(out["loco"])
        out["loco_mean_weighted_f1"] = round(mean, 4)
        print(f"LOCO mean weighted F1 {mean:.4f} (target >= 0.80)")
    if out.get("loco_coder"):
        for run in ("rules", "rules+classifier"):
            runs = [both[run] for both in out["loco_coder"].values()]
            mean = sum(s["sub_event_type_weighted_f1"] for s in runs) / len(runs)
            out[f"loco_coder_mean_weighted_f1 ({run})"] = round(mean, 4)
            print(f"LOCO, the coder ({run}): mean weighted F1 {mean:.4f}")
    print(f"training on the train rows: {out['training_seconds']:.0f}s (target <= 600 s)")
    c = out.get("coding")
    if c:
        print(f"coding {c['notes']} notes: rules only {c['rules_seconds']}s, with classifier "
              f"{c['with_classifier_seconds']}s; classifier stage {c['classifier_stage_seconds']}s = "
              f"{100 * c['classifier_cost']:.1f} % of the rules-only time (target <= 15 %)")
    if "textcat" in out:
        print(f"spaCy textcat training: {out['textcat']['training_seconds']:.0f}s")
    if "peak_rss_mb" in out:
        print(f"peak RSS of `titfortat code --classifier` on {args.memory_notes} notes: {out['peak_rss_mb']} MB "
              "(target <= 800)")
    for name, s in named:
        for key, need in TARGETS.items():
            if name in ("classifier alone (test)", "rules + classifier"):
                verdict = "ok" if s[key] >= need else "MISSED"
                print(f"  {name}: {key} {s[key]} (target >= {need}) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
