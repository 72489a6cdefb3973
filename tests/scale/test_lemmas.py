"""The remembered lemmatizer (titfortat.nlp.lemmas) gives every token the lemma the model's
own rule lemmatizer gives it."""

from __future__ import annotations

import spacy
from spacy.language import Language

from titfortat.nlp import pipeline
from titfortat.nlp.lemmas import RememberedLemmatizer, remember_lemmas

from .conftest import sample_stories

# Inflections, irregular forms, words the attribute ruler lemmatizes itself, and the same
# words again with other parts of speech ("attacks" as noun and verb).
WORDS = ("The rebels attacked two villages and were attacking a third; the attacks went on. "
         "Militants had fled, fleeing the troops, who flew in. She's gonna say they aren't "
         "better armed. Protesters protested; police arrested 12 men and seized rifles.")


def _annotations(doc: spacy.tokens.Doc) -> list[tuple[str, str, str, str]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_the_pipeline_lemmatizes_tokens_as_the_model_does(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("lemmatizer"), RememberedLemmatizer)
    import titfortat.nlp.dateline  # noqa: F401  (the pipeline splits datelines off, so must this)

    base = pipeline.load_base()
    base.add_pipe("titfortat_dateline", before="parser")
    pipeline.keep_hyphenated_triggers(base)  # the same tokens as the pipeline's
    texts = [WORDS, WORDS, *(s.text for s in sample_stories())]
    seen = 0
    for ours, theirs in zip(nlp.pipe(texts), base.pipe(texts), strict=True):
        assert _annotations(ours) == _annotations(theirs)
        seen += len(ours)
    assert seen > 1000
    remembered = nlp.get_pipe("lemmatizer").known  # type: ignore[attr-defined]
    assert 100 < len(remembered) < seen  # asked once per (form, part of speech, morphology)


def test_a_lemmatizer_that_is_not_by_rule_is_left_in_place() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert remember_lemmas(nlp) is False
    assert not isinstance(nlp.get_pipe("lemmatizer"), RememberedLemmatizer)


def test_the_model_lemmatizer_is_swapped_in_place() -> None:
    base = pipeline.load_base()
    names = list(base.pipe_names)
    assert remember_lemmas(base) is True
    assert base.pipe_names == names
    doc = base("Gunmen abducted the villagers and they are gonna release them.")
    # "gon" (of "gonna") has its lemma from the attribute ruler, which it keeps
    assert [t.lemma_ for t in doc if t.lower_ in ("gunmen", "abducted", "villagers", "are", "gon")] == \
        ["gunman", "abduct", "villager", "be", "go"]
