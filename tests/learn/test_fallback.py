"""The classifier's fallback (coding/decide.py `classifier_fallback`): a note in which the rules
give no event an ACLED type has its main event typed by a sure classifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spacy.language import Language

from titfortat.coding.acled import acled_tables
from titfortat.coding.build import build_events
from titfortat.coding.decide import WHOLE_TEXT
from titfortat.coding.evidence import Evidence
from titfortat.model import Event, Story
from titfortat.nlp import pipeline
from titfortat.nlp.draft import drafts, memory

NO_TRIGGER = "On Sunday, residents of the northern district reported that their cattle were gone."
ATTACK = "Gunmen attacked the village on Sunday, killing four people."
NEGATED = "Soldiers did not attack the village on Sunday."


def coded(nlp: Language, text: str, whole: Evidence | None) -> list[Event]:
    """The events of `text`, with `whole` as the classifier's reading of the whole text."""
    doc = nlp.make_doc(text)
    doc._.tft_story = Story(id="t", text=text, date=dt.date(2024, 3, 5), origin="t")
    with nlp.select_pipes(disable=["titfortat_decide"]):
        doc = nlp(doc)
    if whole is not None:
        memory(doc)[WHOLE_TEXT] = whole
    doc = nlp.get_pipe("titfortat_decide")(doc)
    return build_events(doc)


def typed(events: list[Event]) -> list[Event]:
    return [e for e in events if e.acled_event_type]


def sure(sub: str) -> Evidence:
    return Evidence("classifier", sub=sub, strength=0.93, reason="trained on m")


def test_the_rules_alone_type_nothing_here(nlp: Language) -> None:
    assert typed(coded(nlp, NO_TRIGGER, None)) == []


def test_a_sure_classifier_types_the_main_event(nlp: Language) -> None:
    (e,) = typed(coded(nlp, NO_TRIGGER, sure("Looting/property destruction")))
    assert (e.acled_event_type, e.acled_sub_event_type) == ("Strategic developments",
                                                             "Looting/property destruction")
    assert e.event == acled_tables().subtypes["Looting/property destruction"].plover[0][0]
    assert e.confidence == round(0.93 * acled_tables().subtypes["Looting/property destruction"].rank, 3)
    assert any("the classifier decided: the rules typed no event of this text" in line for line in e.explanation)
    assert e.date == dt.date(2024, 3, 3)  # "On Sunday" before the story's date: from the rules


def test_an_unsure_classifier_types_nothing(nlp: Language) -> None:
    below = acled_tables().policy.classifier_note_prob - 0.01
    assert typed(coded(nlp, NO_TRIGGER, Evidence("classifier", sub="Attack", strength=below))) == []


def test_the_rules_type_keeps_its_place(nlp: Language) -> None:
    """Where the rules typed an event, the fallback adds nothing (the policy already weighed
    the classifier's evidence on that event)."""
    plain = coded(nlp, ATTACK, None)
    with_note = coded(nlp, ATTACK, sure("Peaceful protest"))
    assert [(e.event, e.acled_sub_event_type) for e in with_note] == [(e.event, e.acled_sub_event_type) for e in plain]


def test_a_negated_event_stays_uncoded(nlp: Language) -> None:
    assert typed(coded(nlp, NEGATED, sure("Attack"))) == []


def test_the_stage_reads_a_note_without_events_whole(model_dir: Path) -> None:
    """The classifier stage keeps its reading of a note even when the rules found no event."""
    from titfortat.learn.classifier import load_classifier

    with_clf = pipeline.load(classifier=str(model_dir))
    doc = with_clf.make_doc(NO_TRIGGER)
    doc._.tft_story = Story(id="t", text=NO_TRIGGER, date=dt.date(2024, 3, 5), origin="t")
    with with_clf.select_pipes(disable=["titfortat_decide"]):
        doc = with_clf(doc)
    assert not [d for d in drafts(doc) if d.discarded is None]
    ev = memory(doc)[WHOLE_TEXT]
    label, probability = load_classifier(model_dir).predict([NO_TRIGGER])[0]
    assert isinstance(ev, Evidence)
    assert (ev.source, ev.sub, ev.strength) == ("classifier", label, round(probability, 3))
