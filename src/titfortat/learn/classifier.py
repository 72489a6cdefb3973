"""The sub-event type classifier: TF-IDF words and characters of the masked text
(learn/features.py), a class-weighted linear SVM, calibrated.

Chosen by measurement against spaCy's `textcat` and on leaving one country out
(docs/learning.md gives the figures). The
model folder holds `model.pkl` (the fitted scikit-learn pipeline) and `manifest.json` (data
sources, row counts, labels, scores, library versions and the model file's SHA-256). A folder
whose manifest is missing or unreadable, whose model file does not match its checksum, or
that was written by another scikit-learn or spaCy version is refused with a clear message:
pickled models are only safe to load with the versions that wrote them, and only from a
folder you trust (your own training run).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from titfortat.errors import TitForTatError
from titfortat.learn.features import featurize

MODEL_FILE = "model.pkl"
MANIFEST_FILE = "manifest.json"
# /2: masked features (learn/features.py) and class weights; a /1 folder must be trained again
FORMAT = "titfortat-classifier/2"


class ModelError(TitForTatError):
    """A classifier folder that cannot be used (missing, corrupt, other library versions)."""


def library_versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn
    import spacy

    import titfortat

    return {"scikit-learn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__,
            "spacy": spacy.__version__, "titfortat": titfortat.__version__}


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def build_estimator(calibration_folds: int = 3, preprocessor: Callable[[str], str] = featurize,
                    class_weight: str | None = "balanced", chars: bool = True) -> Any:
    """An unfitted pipeline: word 1-2 grams and character 3-5 grams of `featurize(text)`, a
    linear SVM whose classes weigh inversely to their frequency (a region's rare sub-types are
    another region's common ones), sigmoid calibration (so each label gets a probability the
    decision policy can threshold). The keywords exist for benchmarks/acled_learn.py
    --ablation; `train` uses the defaults."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    vectorizers = [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, preprocessor=preprocessor)]
    if chars:
        vectorizers.append(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                           max_features=300_000, preprocessor=preprocessor))
    features = make_union(*vectorizers)
    svm = LinearSVC(C=0.5, class_weight=class_weight)
    # the calibration folds are fitted side by side, one per core (same result as one by one)
    jobs = max(1, min(calibration_folds, os.cpu_count() or 1))
    clf = CalibratedClassifierCV(svm, cv=calibration_folds, ensemble=False, n_jobs=jobs) \
        if calibration_folds > 1 else svm
    return make_pipeline(features, clf)


def _softmax(values: Any) -> Any:
    import numpy as np

    v = np.atleast_2d(values)
    if v.shape[1] == 1:  # two labels: one decision value
        v = np.hstack([-v, v])
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _margin_winner(calibrated: Any, x: Any, probs: Any) -> Any:
    """The label the class-weighted SVM itself ranks first. Per-class sigmoid calibration pulls
    rare labels back towards their prior and so undoes the class weighting: taking the SVM's
    label, with its calibrated probability as the confidence, scored 0.744 against 0.722
    leaving one country out (`benchmarks/acled_learn.py --no-coder --loco`)."""
    fitted = getattr(calibrated, "calibrated_classifiers_", None)
    if not fitted or len(fitted) != 1:  # an ensemble of folds: its mean probability decides
        return probs.argmax(axis=1)
    import numpy as np

    decision = np.asarray(fitted[0].estimator.decision_function(x))
    if decision.ndim != 2 or decision.shape[1] != probs.shape[1]:  # two labels: one column
        return probs.argmax(axis=1)
    return decision.argmax(axis=1)


@dataclass
class Classifier:
    """A fitted model and its manifest."""

    estimator: Any
    manifest: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return [str(x) for x in self.estimator.classes_]

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most likely sub-event type of each text and its probability."""
        if not texts:
            return []
        steps = getattr(self.estimator, "steps", None)
        final = steps[-1][1] if steps else self.estimator
        x = self.estimator[:-1].transform(list(texts)) if steps else list(texts)
        if hasattr(final, "predict_proba"):
            probs = final.predict_proba(x)
            best = _margin_winner(final, x, probs)
        else:
            probs = _softmax(final.decision_function(x))
            best = probs.argmax(axis=1)
        labels = self.labels
        return [(labels[int(i)], float(p[int(i)])) for i, p in zip(best, probs, strict=True)]

    def save(self, folder: Path) -> None:
        data = pickle.dumps(self.estimator, protocol=pickle.HIGHEST_PROTOCOL)
        (folder / MODEL_FILE).write_bytes(data)
        manifest = dict(self.manifest, format=FORMAT, model_sha256=hashlib.sha256(data).hexdigest(),
                        versions=library_versions())
        (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
        self.manifest = manifest


def read_manifest(folder: str | Path) -> dict[str, Any]:
    f = Path(folder)
    if not f.is_dir():
        raise ModelError(f"{f}: no such classifier folder (train one with `titfortat train ... --out {f}`)")
    try:
        manifest = json.loads((f / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"{f}: not a titfortat classifier folder (no {MANIFEST_FILE})") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{f}: corrupt classifier folder ({MANIFEST_FILE} is not valid JSON)") from exc
    fmt = manifest.get("format") if isinstance(manifest, dict) else None
    if isinstance(fmt, str) and fmt.startswith("titfortat-classifier/") and fmt != FORMAT:
        raise ModelError(f"{f}: classifier format {fmt.split('/')[-1]}, this titfortat reads format "
                         f"{FORMAT.split('/')[-1]}; train the classifier again with this installation")
    if not isinstance(manifest, dict) or fmt != FORMAT:
        raise ModelError(f"{f}: not a titfortat classifier folder (format is not {FORMAT})")
    return manifest


def check_versions(folder: Path, manifest: dict[str, Any]) -> None:
    """Refuse a model written by another minor version of scikit-learn or spaCy."""
    ours = library_versions()
    theirs = manifest.get("versions") or {}
    for lib in ("scikit-learn", "spacy"):
        if _minor(str(theirs.get(lib, "?"))) != _minor(ours[lib]):
            raise ModelError(
                f"{folder}: trained with {lib} {theirs.get(lib, '?')}, this installation has {ours[lib]}; "
                "train the classifier again with this installation")


def load_classifier(folder: str | Path) -> Classifier:
    """The classifier in `folder`, checked; ModelError with the reason when it cannot be used."""
    return _load(str(Path(folder).resolve()))


@lru_cache(maxsize=2)
def _load(folder: str) -> Classifier:
    f = Path(folder)
    manifest = read_manifest(f)
    check_versions(f, manifest)
    try:
        data = (f / MODEL_FILE).read_bytes()
    except FileNotFoundError as exc:
        raise ModelError(f"{f}: corrupt classifier folder (no {MODEL_FILE})") from exc
    if hashlib.sha256(data).hexdigest() != manifest.get("model_sha256"):
        raise ModelError(f"{f}: corrupt classifier folder ({MODEL_FILE} does not match its checksum)")
    try:
        estimator = pickle.loads(data)  # noqa: S301 - checksummed file from the user's own training run
    except Exception as exc:  # unpickling can raise almost anything on a damaged file
        raise ModelError(f"{f}: corrupt classifier folder ({MODEL_FILE} cannot be read: {exc})") from exc
    if not hasattr(estimator, "classes_"):
        raise ModelError(f"{f}: corrupt classifier folder ({MODEL_FILE} holds no classifier)")
    return Classifier(estimator, manifest)
