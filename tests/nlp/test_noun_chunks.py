"""Noun chunks read once per Doc (titfortat.nlp.draft) are spaCy's, sentence by sentence."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from titfortat.nlp.draft import doc_noun_chunks, memory, span_noun_chunks

STORY = ("Armed men stormed a police post near the border on Monday. The governor of the "
         "province said two officers and a driver were killed. Local elders and the army "
         "condemned the attack. Nobody claimed it.")


def test_each_sentence_gets_the_chunks_spacy_gives_it(nlp: Language) -> None:
    doc = nlp(STORY)
    chunks = doc_noun_chunks(doc)
    assert [c.text for c in chunks] == [c.text for c in doc.noun_chunks]
    sents = list(doc.sents)
    assert len(sents) == 4
    for sent in sents:
        assert [(c.start, c.end) for c in span_noun_chunks(sent)] == [(c.start, c.end) for c in sent.noun_chunks]
    # a span that is not a sentence: chunks wholly inside it only
    part = doc[sents[1].start + 2: sents[2].end - 3]
    assert [(c.start, c.end) for c in span_noun_chunks(part)] == [(c.start, c.end) for c in part.noun_chunks]
    assert doc_noun_chunks(doc) is chunks  # kept in the Doc's memory
    assert memory(doc)["noun_chunks"] is chunks


def test_a_doc_without_a_parse_raises_as_spacy_does() -> None:
    doc = spacy.blank("en")("Armed men stormed a police post.")
    with pytest.raises(ValueError):
        doc_noun_chunks(doc)
