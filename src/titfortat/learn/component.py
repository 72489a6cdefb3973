"""The `titfortat_classifier` stage: classifier evidence on every draft event.

Added to the pipeline only when a classifier folder is set (`--classifier DIR` or
TITFORTAT_CLASSIFIER). It runs last, once the rules have settled each draft's PLOVER type,
and predicts the sub-event type of every sentence that holds a draft, in one batch per Doc.
The prediction joins the draft's evidence; the decision on the ACLED type is taken where the
rule evidence is weighed (coding/acled.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from titfortat.coding.evidence import Evidence
from titfortat.learn.classifier import Classifier, load_classifier
from titfortat.nlp.draft import drafts

SOURCE = "classifier"


@Language.factory("titfortat_classifier", default_config={"path": ""})
def make_classifier(nlp: Language, name: str, path: str) -> ClassifierStage:
    return ClassifierStage(path)


class ClassifierStage:
    """spaCy component: adds Evidence(source="classifier") to each draft of a Doc."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._model: Classifier | None = None

    @property
    def model(self) -> Classifier:
        if self._model is None:
            self._model = load_classifier(self.path)
        return self._model

    def preload(self) -> None:
        """Load and check the model folder now, so a bad folder fails before any story."""
        _ = self.model

    def __call__(self, doc: Doc) -> Doc:
        ds = [d for d in drafts(doc) if d.discarded is None]
        if not ds:
            return doc
        sentences: dict[int, str] = {}
        for d in ds:
            sentences.setdefault(d.sent.start, d.sent.text)
        keys = list(sentences)
        predicted = dict(zip(keys, self.model.predict([sentences[k] for k in keys]), strict=True))
        for d in ds:
            label, probability = predicted[d.sent.start]
            d.evidence.append(Evidence(source=SOURCE, sub=label, strength=round(probability, 3),
                                       reason="trained on " + self.model_name))
        return doc

    @property
    def model_name(self) -> str:
        from pathlib import Path

        return Path(self.path).name or self.path
