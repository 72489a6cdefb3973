"""`titfortat train`: labelled files in, a classifier folder out.

The folder is written under a temporary name beside DIR and renamed at the end, so a failed
or interrupted run leaves no partial model (and an existing model stays as it was).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from titfortat.errors import UsageError
from titfortat.learn.classifier import MANIFEST_FILE, Classifier, build_estimator
from titfortat.learn.corpus import Corpus, Example, TrainingDataError, read_file
from titfortat.learn.labels import event_type_of

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """No progress output."""


def split_holdout(examples: Sequence[Example], fraction: float, seed: int = 0) -> tuple[list[Example], list[Example]]:
    """A stratified held-back share of each label; at least 2 examples of each label are kept
    for fitting (the calibration needs them)."""
    by_label: dict[str, list[Example]] = {}
    for e in examples:
        by_label.setdefault(e.label, []).append(e)
    rng = random.Random(seed)
    fit: list[Example] = []
    held: list[Example] = []
    for label in sorted(by_label):
        group = list(by_label[label])
        rng.shuffle(group)
        n = max(0, min(int(round(len(group) * fraction)), len(group) - 2))
        held.extend(group[:n])
        fit.extend(group[n:])
    return fit, held


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Sub-type accuracy and weighted F1, and event type accuracy."""
    from sklearn.metrics import accuracy_score, f1_score

    if not gold:
        return {}
    return {
        "sub_event_type_accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "sub_event_type_weighted_f1": round(float(f1_score(gold, predicted, average="weighted", zero_division=0)), 4),
        "event_type_accuracy": round(sum(event_type_of(g) == event_type_of(p)
                                         for g, p in zip(gold, predicted, strict=True)) / len(gold), 4),
        "rows": len(gold),
    }


def fit(examples: Sequence[Example]) -> Any:
    """A fitted estimator (calibrated when every label has at least 2 examples)."""
    counts = Counter(e.label for e in examples)
    if len(counts) < 2:
        raise TrainingDataError(f"need examples of at least 2 sub-event types, got {sorted(counts)}")
    folds = min(3, min(counts.values()))
    # a label with a single example cannot be calibrated by cross-validation: the SVM is then
    # used alone and its decision values give the probabilities (Classifier.predict)
    estimator = build_estimator(calibration_folds=folds if folds >= 2 else 1)
    estimator.fit([e.text for e in examples], [e.label for e in examples])
    return estimator


def train(paths: Iterable[str | Path], out: str | Path, holdout: float = 0.1, seed: int = 0,
          progress: Progress = _quiet, corpora: Sequence[Corpus] = ()) -> dict[str, Any]:
    """Train on the files (and any corpora already read), write the folder `out`, return its
    manifest. Held-back scores come from a stratified `holdout` share kept out of fitting."""
    started = time.perf_counter()
    target = Path(out)
    _check_target(target)
    read = list(corpora)
    for p in paths:
        c = read_file(p)
        progress(f"read {c.path}: {len(c.examples)} {c.kind} rows"
                 + (f" ({c.skipped} not labelled, skipped)" if c.skipped else ""))
        read.append(c)
    examples = [e for c in read for e in c.examples]
    if not examples:
        raise TrainingDataError("no labelled rows in the training files")
    fit_rows, held = split_holdout(examples, holdout, seed) if holdout > 0 else (list(examples), [])
    progress(f"fitting on {len(fit_rows)} rows, {len({e.label for e in fit_rows})} labels; "
             f"{len(held)} held back for scoring")
    estimator = fit(fit_rows)
    progress(f"fitted in {time.perf_counter() - started:.0f}s")
    classifier = Classifier(estimator, {})
    held_scores: dict[str, float] = {}
    if held:
        predicted = [label for label, _ in classifier.predict([e.text for e in held])]
        held_scores = scores([e.label for e in held], predicted)
    classifier.manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sources": [{"path": c.path, "kind": c.kind, "rows": len(c.examples), "skipped": c.skipped} for c in read],
        "rows": {"total": len(examples), "fit": len(fit_rows), "held_back": len(held)},
        "labels": dict(sorted(Counter(e.label for e in fit_rows).items())),
        "held_back_scores": held_scores,
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    _write(classifier, target)
    return classifier.manifest


def _check_target(target: Path) -> None:
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or (target / MANIFEST_FILE).exists())):
        raise UsageError(f"{target} exists and is not a classifier folder; choose another --out")


def _write(classifier: Classifier, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        classifier.save(tmp)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(old / "model")
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
