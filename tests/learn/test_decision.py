"""Classifier evidence against the rules: when it sets the ACLED type, when the rules keep it,
what the record says about it; and the coder without a classifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from titfortat.api import code_text
from titfortat.coding.acled import SUB_EVENT_TYPES
from titfortat.coding.build import build_events
from titfortat.coding.evidence import Evidence
from titfortat.model import Event, Story
from titfortat.nlp import pipeline
from titfortat.nlp.draft import drafts

ATTACK = "Gunmen attacked the village on Sunday, killing four people."  # an ordinary rule: Attack
CLASH = "Soldiers fought rebels near the bridge on Sunday, killing four fighters."  # a hard rule


def coded_with(nlp: Language, text: str, evidence: Evidence | None) -> Event:
    """The event of `text`, with `evidence` added to its draft before the type is decided."""
    doc = nlp.make_doc(text)
    doc._.tft_story = Story(id="t", text=text, date=dt.date(2024, 3, 5), origin="t")
    with nlp.select_pipes(disable=["titfortat_decide"]):
        doc = nlp(doc)
    live = [d for d in drafts(doc) if d.discarded is None]
    assert len(live) == 1
    if evidence is not None:
        live[0].evidence.append(evidence)
    (event,) = build_events(doc)  # decides the type of drafts not yet decided
    return event


def test_rules_alone(nlp: Language) -> None:
    e = coded_with(nlp, ATTACK, None)
    assert (e.event, e.acled_event_type, e.acled_sub_event_type) == ("ASSAULT", "Violence against civilians", "Attack")
    assert "classifier" not in " ".join(e.explanation)


def test_sure_classifier_overrules_an_ordinary_rule_and_gives_the_confidence(nlp: Language) -> None:
    e = coded_with(nlp, ATTACK, Evidence("classifier", sub="Armed clash", strength=0.91, reason="trained on m"))
    assert (e.event, e.acled_event_type, e.acled_sub_event_type) == ("ASSAULT", "Battles", "Armed clash")
    assert e.confidence == 0.91
    assert e.explanation[-1].startswith("ACLED 'Armed clash' from classifier: Armed clash (0.91) - trained on m")
    assert "rule:armed-on-civilians: Attack" in e.explanation[-1]


def test_unsure_classifier_leaves_the_rules(nlp: Language) -> None:
    rules = coded_with(nlp, ATTACK, None)
    e = coded_with(nlp, ATTACK, Evidence("classifier", sub="Armed clash", strength=0.4))
    assert e.acled_sub_event_type == "Attack"
    assert e.confidence == rules.confidence


def test_only_a_sure_classifier_overrules_a_codebook_definition(nlp: Language) -> None:
    rules = coded_with(nlp, CLASH, None)
    assert rules.acled_sub_event_type == "Armed clash"
    unsure = coded_with(nlp, CLASH, Evidence("classifier", sub="Attack", strength=0.55))
    assert unsure.acled_sub_event_type == "Armed clash"
    sure = coded_with(nlp, CLASH, Evidence("classifier", sub="Attack", strength=0.99))
    assert (sure.acled_sub_event_type, sure.confidence) == ("Attack", 0.99)


def test_plover_type_follows_the_classifier(nlp: Language) -> None:
    e = coded_with(nlp, ATTACK, Evidence("classifier", sub="Arrests", strength=0.95))
    assert (e.event, e.mode, e.acled_sub_event_type) == ("COERCE", "arrest", "Arrests")


def test_negated_event_stays_uncoded(nlp: Language) -> None:
    e = coded_with(nlp, "Soldiers did not attack the village on Sunday.",
                   Evidence("classifier", sub="Attack", strength=0.99))
    assert e.acled_sub_event_type is None


def test_without_a_classifier_no_stage_is_added(nlp: Language) -> None:
    assert "titfortat_classifier" not in nlp.pipe_names


def test_classifier_stage_adds_evidence_for_each_event(model_dir: Path, nlp: Language) -> None:
    with_clf = pipeline.load(classifier=str(model_dir))
    names = with_clf.pipe_names
    assert names.index("titfortat_finalize") < names.index("titfortat_classifier") < names.index("titfortat_decide")
    text = ("Gunmen abducted two traders from the market on Monday. "
            "Later police arrested a former minister in the capital.")
    plain = code_text(text, date="2024-03-05", nlp=nlp)
    coded = code_text(text, date="2024-03-05", nlp=with_clf)
    assert [e.event for e in coded] == [e.event for e in plain]
    assert [(e.actor, e.recipient, e.date, e.event_loc) for e in coded] == \
        [(e.actor, e.recipient, e.date, e.event_loc) for e in plain]
    doc = with_clf.make_doc(text)
    doc._.tft_story = Story(id="t", text=text, date=dt.date(2024, 3, 5), origin="t")
    with with_clf.select_pipes(disable=["titfortat_decide"]):
        doc = with_clf(doc)
    live = [d for d in drafts(doc) if d.discarded is None]
    assert len(live) == len(coded) == 2
    for d in live:
        (ev,) = [e for e in d.evidence if e.source == "classifier"]
        assert ev.sub in SUB_EVENT_TYPES
        assert 0 < ev.strength <= 1
        assert ev.reason == "trained on small"


@pytest.mark.parametrize("setting", ["", None])
def test_setting_chooses_the_classifier(monkeypatch: pytest.MonkeyPatch, model_dir: Path,
                                        setting: str | None) -> None:
    monkeypatch.setenv("TITFORTAT_CLASSIFIER", str(model_dir) if setting is None else setting)
    names = pipeline.load().pipe_names
    assert ("titfortat_classifier" in names) == (setting is None)


def _classifier_evidence(nlp: Language, text: str) -> list[Evidence]:
    doc = nlp.make_doc(text)
    doc._.tft_story = Story(id="t", text=text, date=dt.date(2024, 3, 5), origin="t")
    with nlp.select_pipes(disable=["titfortat_decide"]):
        doc = nlp(doc)
    return [e for d in drafts(doc) if d.discarded is None for e in d.evidence if e.source == "classifier"]


def test_a_note_is_read_whole_a_long_story_sentence_by_sentence(model_dir: Path) -> None:
    """A text as short as a note gets one prediction for the whole text on every event; a long
    story gets one per sentence, as the model predicts them."""
    from titfortat.learn.classifier import load_classifier
    from titfortat.learn.component import NOTE_TOKENS

    with_clf = pipeline.load(classifier=str(model_dir))
    model = load_classifier(model_dir)
    note = ("Gunmen abducted two traders from the market on Monday. "
            "Later police arrested a former minister in the capital.")
    whole = model.predict([note])[0]
    assert {(e.sub, e.strength) for e in _classifier_evidence(with_clf, note)} == {(whole[0], round(whole[1], 3))}
    filler = " ".join(["Officials met in the capital to discuss the budget for the coming year."] * 20)
    story = note + " " + filler
    assert len(with_clf.make_doc(story)) > NOTE_TOKENS
    per_sentence = {(lab, round(p, 3)) for lab, p in model.predict([
        "Gunmen abducted two traders from the market on Monday.",
        "Later police arrested a former minister in the capital."])}
    got = {(e.sub, e.strength) for e in _classifier_evidence(with_clf, story)}
    assert got <= per_sentence | {(lab, round(p, 3)) for lab, p in model.predict(
        ["Officials met in the capital to discuss the budget for the coming year."])}
    assert got & per_sentence
