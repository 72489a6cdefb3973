"""The attribute ruler matched by lookup (titfortat.nlp.attributes) annotates every token as
spaCy's Matcher-based ruler does."""

from __future__ import annotations

import spacy
from spacy.language import Language

from titfortat.nlp import pipeline
from titfortat.nlp.attributes import IndexedRuler, RuleIndex, index_attribute_ruler

from .conftest import sample_stories

# Words the ruler's rarer patterns are about: contractions, "gonna", "y'all", "there were".
ODD = ("I ain't gonna say y'all were wrong, but we can't stay and you'd know it. "
       "There were protests. Gon na be fine, wo n't it? She's said 'twas over.")


def test_the_index_finds_the_matches_of_the_matcher() -> None:
    base = pipeline.load_base()
    ruler = base.get_pipe("attribute_ruler")
    index = RuleIndex(ruler)
    texts = [ODD, *(s.text for s in sample_stories())]
    docs = list(base.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    for doc in docs:
        assert index.match(doc) == ruler.match(doc)
    assert any(len(m) for m in (index.match(d) for d in docs))


def test_the_pipeline_tags_tokens_as_the_model_does(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedRuler)
    import titfortat.nlp.dateline  # noqa: F401  (the pipeline splits datelines off, so must this)

    base = pipeline.load_base()
    base.add_pipe("titfortat_dateline", before="parser")
    texts = [ODD, *(s.text for s in sample_stories()[:10])]
    for ours, theirs in zip(nlp.pipe(texts), base.pipe(texts), strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in ours] == \
            [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in theirs]


def test_a_pattern_beyond_the_index_keeps_the_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})  # type: ignore[attr-defined]
    assert index_attribute_ruler(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler
    assert [t.pos_ for t in nlp("very very good")] == ["ADV", "ADV", ""]


def test_a_ruler_of_plain_patterns_is_swapped_in_place() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, index=0)  # type: ignore[attr-defined]
    ruler.add([[{"LOWER": {"IN": ["was", "were"]}}]], {"POS": "AUX"})  # type: ignore[attr-defined]
    nlp.add_pipe("sentencizer")
    assert index_attribute_ruler(nlp) is True
    assert nlp.pipe_names == ["attribute_ruler", "sentencizer"]
    doc = nlp("they were gon na win")
    assert [(t.pos_, t.lemma_) for t in doc] == [("", ""), ("AUX", ""), ("", "go"), ("", ""), ("", "")]
