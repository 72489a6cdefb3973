"""`classifier_min_prob_against` (coding/decide.py `rules_hold`): where the rules choose one of
the listed sub-types, a classifier needs more than `classifier_min_prob` to overrule them."""

from __future__ import annotations

import dataclasses
from unittest import mock

import pytest
from spacy.language import Language

from tests.learn.test_decision import ATTACK, coded_with
from titfortat.coding import decide
from titfortat.coding.acled import acled_tables
from titfortat.coding.evidence import Evidence

PROTEST = "Hundreds of teachers marched peacefully through the capital on Sunday."


def test_the_rules_choose_a_listed_sub_type(nlp: Language) -> None:
    e = coded_with(nlp, PROTEST, None)
    assert e.acled_sub_event_type == "Peaceful protest"
    assert dict(acled_tables().policy.classifier_min_prob_against)["Peaceful protest"] > \
        acled_tables().policy.classifier_min_prob


def test_a_listed_sub_type_holds_against_a_fairly_sure_classifier(nlp: Language) -> None:
    need = dict(acled_tables().policy.classifier_min_prob_against)["Peaceful protest"]
    between = round((acled_tables().policy.classifier_min_prob + need) / 2, 2)
    held = coded_with(nlp, PROTEST, Evidence("classifier", sub="Violent demonstration", strength=between))
    assert held.acled_sub_event_type == "Peaceful protest"
    assert "classifier: Violent demonstration" in held.explanation[-1]  # weighed, not winning
    overruled = coded_with(nlp, PROTEST, Evidence("classifier", sub="Violent demonstration", strength=need))
    assert (overruled.acled_sub_event_type, overruled.confidence) == ("Violent demonstration", need)


def test_other_sub_types_follow_the_plain_threshold(nlp: Language) -> None:
    p = acled_tables().policy.classifier_min_prob
    assert "Attack" not in dict(acled_tables().policy.classifier_min_prob_against)
    e = coded_with(nlp, ATTACK, Evidence("classifier", sub="Armed clash", strength=p))
    assert e.acled_sub_event_type == "Armed clash"


@pytest.mark.parametrize("against", [(), (("Peaceful protest", 1.0),)])
def test_the_list_is_the_policy(nlp: Language, against: tuple[tuple[str, float], ...]) -> None:
    t = acled_tables()
    tables = dataclasses.replace(t, policy=dataclasses.replace(t.policy, classifier_min_prob_against=against))
    with mock.patch.object(decide, "acled_tables", lambda: tables):
        e = coded_with(nlp, PROTEST, Evidence("classifier", sub="Violent demonstration", strength=0.7))
    assert e.acled_sub_event_type == ("Violent demonstration" if not against else "Peaceful protest")


def test_an_unknown_sub_type_in_the_list_is_refused() -> None:
    from titfortat.coding.acled import _against
    from titfortat.errors import DataFileError

    with pytest.raises(DataFileError, match=r"unknown ACLED sub-event type\(s\) in classifier_min_prob_against: \['Riot'\]"):
        _against("acled.yaml", {"classifier_min_prob_against": {"Riot": 0.8}})
