"""The model's rule lemmatizer, remembered: the same lemmas for a third of the CPU time.

spaCy's rule lemmatizer visits every token in Python (a Token object, its morphology
object, a cache lookup and a string assignment per token): about 4 % of a coding run on long
stories. Its answer depends only on the token's form, coarse part of speech and morphology
(spaCy's own cache is keyed on exactly these), so `RememberedLemmatizer` reads those three
columns of the whole Doc at once, asks the lemmatizer only about combinations it has not
seen, and writes the lemma column back in one step. The lemmatizer's word lists, which it
scans for every candidate form of a new word (57,000 nouns), become sets. Tokens that already have a lemma (the
attribute ruler sets some) keep it, as with spaCy's component unless it overwrites
(`tests/scale/test_lemmas.py` compares every lemma with the model's).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from titfortat.nlp.attributes import replace_pipe

MAX_REMEMBERED = 200_000  # (form, part of speech, morphology) combinations kept


class RememberedLemmatizer:
    """spaCy component: the model's rule lemmatizer, its answers remembered per
    (form, part of speech, morphology)."""

    def __init__(self) -> None:
        self.lemmatizer: Any = None
        self.known: dict[tuple[int, int, int], int] = {}

    def use(self, lemmatizer: Any) -> None:
        """Remember the answers of `lemmatizer` (a spaCy rule lemmatizer)."""
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            if isinstance(words, list):
                index[pos] = frozenset(words)  # `form in index`: a set, not a scan of 57,000 words
        self.lemmatizer = lemmatizer
        self.known = {}

    @property
    def lookups(self) -> Any:
        """The lemmatizer's tables (`Lemmatizer.lookups`: the prefilter reads them)."""
        return self.lemmatizer.lookups

    def __call__(self, doc: Doc) -> Doc:
        assert self.lemmatizer is not None, "RememberedLemmatizer.use() was not called"
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        overwrite = bool(self.lemmatizer.overwrite)
        known, lemmas, changed = self.known, [], False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0 or overwrite:
                key = (orth, pos, morph)
                lemma = known.get(key)
                if lemma is None:
                    lemma = self._lemmatize(doc[i], key)
                changed = True
            lemmas.append(lemma)
        if changed:
            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]  # spaCy's stub: Ints2d
        return doc

    def _lemmatize(self, token: Any, key: tuple[int, int, int]) -> int:
        """The lemmatizer's answer for one token, remembered (as the StringStore's hash)."""
        lemma = int(token.vocab.strings.add(self.lemmatizer.lemmatize(token)[0]))
        if len(self.known) >= MAX_REMEMBERED:
            self.known.clear()
        self.known[key] = lemma
        return lemma

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("titfortat_lemmatizer")
def make_remembered_lemmatizer(nlp: Language, name: str) -> RememberedLemmatizer:
    return RememberedLemmatizer()


def remember_lemmas(nlp: Language) -> bool:
    """Put a `RememberedLemmatizer` in place of `nlp`'s lemmatizer (same name, same place);
    False, and spaCy's kept, when it is not a rule lemmatizer."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return False
    replace_pipe(nlp, "lemmatizer", "titfortat_lemmatizer").use(lemmatizer)
    return True
