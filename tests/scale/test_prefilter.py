"""The prefilter (setting `prefilter`, titfortat.nlp.candidates): sentences without an event
word are not parsed, and the records stay those of the full parse."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from spacy.language import Language

from titfortat.api import code_stories
from titfortat.coding.lexicon import default_lexicon
from titfortat.nlp import pipeline
from titfortat.nlp.candidates import EventWords, candidate_runs, event_words, inflections

from .conftest import sample_stories

# Two sentences that hold an event (attacked, arrested) around two that cannot.
STORY = ("The weather in the north was mild and dry. Rebels attacked a police post in Kano on Monday. "
         "Nobody in the town knows why it was so quiet before. Police arrested two men in Kaduna.")


@pytest.fixture(scope="module")
def prefiltered() -> Language:
    return pipeline.load(prefilter=True)


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The full parse, whatever TITFORTAT_PREFILTER says."""
    return pipeline.load(prefilter=False)


def test_rules_read_backwards_give_every_inflection() -> None:
    rules = {"verb": [["s", ""], ["ed", "e"], ["ed", ""], ["ing", ""]], "noun": [["ies", "y"]]}
    exceptions = {"verb": {"shot": ["shoot"], "went": ["go"]}}
    forms = inflections({"shoot", "seize", "casualty"}, rules, exceptions)
    assert {"shoot", "shoots", "shooting", "shot", "seized", "seizes", "casualties"} <= forms
    assert "went" not in forms


def test_event_words_come_from_the_lexicon_and_the_models_tables(nlp: Language) -> None:
    words = event_words(nlp)
    lexicon = default_lexicon()
    assert set(lexicon.verbs) | set(lexicon.nouns) <= words.forms
    for form in ("attacked", "arrests", "protests", "shelling", "must"):
        assert form in words, form
    for form in ("weather", "quiet", "nobody", "the"):
        assert form not in words, form


def test_event_words_follow_a_trigger_added_to_the_lexicon(nlp: Language) -> None:
    lexicon = default_lexicon()
    assert "blorfed" not in event_words(nlp, lexicon)
    extra = dataclasses.replace(lexicon.verbs["attack"][0], pattern="blorf", lemma="blorf")
    grown = type(lexicon)([*lexicon.entries, extra], lexicon.cameo, lexicon.scores, lexicon.files)
    words = event_words(nlp, grown)
    assert {"blorf", "blorfed", "blorfing", "blorfs"} <= words.forms


def test_runs_join_consecutive_candidate_sentences() -> None:
    words = ["calm", "day", ".", "they", "attacked", ".", "police", "arrested", "him", ".", "sun", "shone", "."]
    starts = [i in (0, 3, 6, 10) for i in range(len(words))]
    event = EventWords(frozenset({"attacked"}), frozenset({"arrest"}))
    # "arrested" is found by its regular "-ed" stem, as the trigger stage finds it
    assert [w in event for w in words] == [w in ("attacked", "arrested") for w in words]
    assert candidate_runs([w in event for w in words], starts) == [(3, 10)]
    assert candidate_runs([w == "shone" for w in words], starts) == [(10, 13)]
    assert candidate_runs([False] * len(words), starts) == []


def test_sentences_without_an_event_word_are_not_parsed(nlp: Language, prefiltered: Language) -> None:
    assert prefiltered.pipe_names[0] == "titfortat_candidates"
    assert "parser" in prefiltered.disabled
    full, doc = nlp(STORY), prefiltered(STORY)
    sents = list(doc.sents)
    assert [s.text for s in sents] == [s.text for s in full.sents]
    skipped = [sents[0], sents[2]]
    assert all(t.dep_ == "" and t.pos_ == "" for s in skipped for t in s)
    for i in (1, 3):  # parsed alone, the event sentences get the parse of the whole story
        assert [(t.text, t.idx, t.pos_, t.dep_, t.head.i, t.lemma_) for t in sents[i]] == \
            [(t.text, t.idx, t.pos_, t.dep_, t.head.i, t.lemma_) for t in list(full.sents)[i]]
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == \
        [(e.text, e.label_, e.start_char) for e in full.ents]


def test_a_story_without_an_event_word_is_not_parsed_at_all(nlp: Language, prefiltered: Language) -> None:
    text = "The weather in Kano was mild on Monday. Nobody knows why it was so quiet."
    doc = prefiltered(text)
    assert [s.text for s in doc.sents] == ["The weather in Kano was mild on Monday.",
                                           "Nobody knows why it was so quiet."]
    assert all(t.dep_ == "" for t in doc)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in nlp(text).ents]
    assert "Monday" in [e.text for e in doc.ents]
    assert not doc._.tft_events


def test_a_story_of_event_sentences_is_parsed_whole(nlp: Language, prefiltered: Language) -> None:
    text = "Rebels attacked a police post in Kano. Police arrested two men in Kaduna on Monday."
    full, doc = nlp(text), prefiltered(text)
    assert [(t.pos_, t.dep_, t.head.i, t.ent_type_) for t in doc] == \
        [(t.pos_, t.dep_, t.head.i, t.ent_type_) for t in full]


def _records(nlp: Language) -> list[list[dict[str, Any]]]:
    return [[e.to_dict() for e in r.events] for r in code_stories(sample_stories(), nlp=nlp)]


def test_records_on_the_sample_corpus_are_those_of_the_full_parse(nlp: Language,
                                                                   prefiltered: Language) -> None:
    """Every record is the same, field by field, but the PLOVER contexts read from the whole
    story's lemmas, which a skipped sentence does not have (docs/scale.md)."""
    full, fast = _records(nlp), _records(prefiltered)
    assert [len(r) for r in fast] == [len(r) for r in full]
    identical = 0
    for story_full, story_fast in zip(full, fast, strict=True):
        for a, b in zip(story_full, story_fast, strict=True):
            assert {k: v for k, v in a.items() if k not in ("context", "explanation")} == \
                {k: v for k, v in b.items() if k not in ("context", "explanation")}
            assert set(b["context"]) <= set(a["context"])
        identical += story_full == story_fast
    assert identical >= len(full) - 3
