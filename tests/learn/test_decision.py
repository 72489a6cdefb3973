"""Classifier evidence against the rules: when it sets the ACLED type, when the rules keep it,
what the record says about it; and the coder without a classifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from titfortat.api import code_text
from titfortat.coding.acled import CLASSIFIER_THRESHOLD
from titfortat.coding.build import build_events
from titfortat.coding.evidence import Evidence
from titfortat.model import Event, Story
from titfortat.nlp import pipeline
from titfortat.nlp.draft import drafts

CLASH = "Soldiers fought rebels near the bridge on Sunday, killing four fighters."


def coded_with(nlp: Language, text: str, evidence: Evidence | None) -> Event:
    doc = nlp.make_doc(text)
    doc._.tft_story = Story(id="t", text=text, date=dt.date(2024, 3, 5), origin="t")
    doc = nlp(doc)
    live = [d for d in drafts(doc) if d.discarded is None]
    assert len(live) == 1
    if evidence is not None:
        live[0].evidence.append(evidence)
    (event,) = build_events(doc)
    return event


def test_rules_alone(nlp: Language) -> None:
    e = coded_with(nlp, CLASH, None)
    assert (e.event, e.acled_event_type, e.acled_sub_event_type) == ("ASSAULT", "Battles", "Armed clash")
    assert not any(line.startswith("acled:") for line in e.explanation)


def test_sure_consistent_classifier_sets_the_type_and_confidence(nlp: Language) -> None:
    e = coded_with(nlp, CLASH, Evidence("classifier", sub="Attack", strength=0.91))
    assert (e.event, e.acled_event_type, e.acled_sub_event_type) == (
        "ASSAULT", "Violence against civilians", "Attack")
    assert e.confidence == 0.91
    assert e.explanation[-1] == "acled: classifier Attack (0.91) won over rules (Armed clash)"


def test_unsure_classifier_leaves_the_rules(nlp: Language) -> None:
    rules = coded_with(nlp, CLASH, None)
    e = coded_with(nlp, CLASH, Evidence("classifier", sub="Attack", strength=CLASSIFIER_THRESHOLD - 0.01))
    assert e.acled_sub_event_type == "Armed clash"
    assert e.confidence == rules.confidence
    assert e.explanation[-1] == "acled: rules (Armed clash) won; classifier Attack (0.49) below 0.5"


def test_classifier_cannot_contradict_the_plover_type(nlp: Language) -> None:
    e = coded_with(nlp, CLASH, Evidence("classifier", sub="Peaceful protest", strength=0.99))
    assert (e.event, e.acled_sub_event_type) == ("ASSAULT", "Armed clash")
    assert e.explanation[-1].endswith("not used: inconsistent with ASSAULT")


def test_negated_event_stays_uncoded(nlp: Language) -> None:
    e = coded_with(nlp, "Soldiers did not fight the rebels near the bridge.",
                   Evidence("classifier", sub="Armed clash", strength=0.99))
    assert e.acled_sub_event_type is None
    assert e.explanation[-1].endswith("not used: the event is negated")


def test_without_a_classifier_no_stage_is_added(nlp: Language) -> None:
    assert "titfortat_classifier" not in nlp.pipe_names


def test_classifier_stage_adds_evidence_for_each_event(model_dir: Path, nlp: Language) -> None:
    with_clf = pipeline.load(classifier=str(model_dir))
    assert with_clf.pipe_names[-1] == "titfortat_classifier"
    text = ("Gunmen abducted two traders from the market on Monday. "
            "Later police arrested a former minister in the capital.")
    plain = code_text(text, date="2024-03-05", nlp=nlp)
    coded = code_text(text, date="2024-03-05", nlp=with_clf)
    assert [e.event for e in coded] == [e.event for e in plain]
    assert [(e.actor, e.recipient, e.date, e.event_loc) for e in coded] == \
        [(e.actor, e.recipient, e.date, e.event_loc) for e in plain]
    for e in coded:
        assert sum(line.startswith("acled: ") for line in e.explanation) == 1
        assert "classifier " in e.explanation[-1]


@pytest.mark.parametrize("setting", ["", None])
def test_setting_chooses_the_classifier(monkeypatch: pytest.MonkeyPatch, model_dir: Path,
                                        setting: str | None) -> None:
    monkeypatch.setenv("TITFORTAT_CLASSIFIER", str(model_dir) if setting is None else setting)
    names = pipeline.load().pipe_names
    assert ("titfortat_classifier" in names) == (setting is None)
