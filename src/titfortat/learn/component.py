"""The `titfortat_classifier` stage: classifier evidence on every draft event.

Added to the pipeline only when a classifier folder is set (`--classifier DIR` or
TITFORTAT_CLASSIFIER). It runs after finalize, once the rules have settled each draft, and
predicts the sub-event type of every sentence that holds a draft (of the whole text when it is
as short as a note, `NOTE_TOKENS`), in one batch per Doc (per batch of Docs under `nlp.pipe`).
The prediction joins the draft's evidence; the next stage, `titfortat_decide`
(coding/decide.py), weighs it against the rules by the policy in data/acled.yaml. The reading
of a whole note is also kept in `memory(doc)` (also when the rules found no event in it): the
decision's `classifier_fallback` types such a note's main event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from titfortat.coding.decide import WHOLE_TEXT
from titfortat.coding.evidence import Evidence
from titfortat.learn.classifier import Classifier, load_classifier
from titfortat.nlp.draft import Draft, drafts, memory

SOURCE = "classifier"


NOTE_TOKENS = 160
"""A text no longer than this many tokens (an ACLED note, a news snippet: one event told in a
few sentences, the kind of text the classifier was trained on) is read whole; a longer story
is read sentence by sentence. On ACLED's test notes, the sentence alone hid the note's
context: the coder with the classifier scored 0.816 against 0.866 for the classifier alone."""


def reads_whole(doc: Doc) -> bool:
    """Whether the classifier reads the whole text rather than each draft's sentence."""
    return len(doc) <= NOTE_TOKENS


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
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """What `nlp.pipe` calls: one prediction for the sentences of a whole batch of Docs
        (a call to the model costs about as much as twenty short sentences)."""
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        wanted: dict[tuple[int, int], str] = {}
        found: list[tuple[tuple[int, int], Draft]] = []
        for n, doc in enumerate(docs):
            whole = reads_whole(doc)
            if whole:
                wanted[(n, -1)] = doc.text
            for d in drafts(doc):
                if d.discarded is None:
                    key = (n, -1 if whole else d.sent.start)
                    found.append((key, d))
                    wanted.setdefault(key, doc.text if whole else d.sent.text)
        if not wanted:
            return
        keys = list(wanted)
        predicted = dict(zip(keys, self.model.predict([wanted[k] for k in keys]), strict=True))
        reason = "trained on " + self.model_name
        for key, d in found:
            label, probability = predicted[key]
            d.evidence.append(Evidence(source=SOURCE, sub=label, strength=round(probability, 3), reason=reason))
        for (n, start), (label, probability) in predicted.items():
            if start == -1:  # the whole text, also when the rules found no event in it (decide.py's fallback)
                memory(docs[n])[WHOLE_TEXT] = Evidence(source=SOURCE, sub=label, strength=round(probability, 3),
                                                       reason=reason)

    @property
    def model_name(self) -> str:
        from pathlib import Path

        return Path(self.path).name or self.path
