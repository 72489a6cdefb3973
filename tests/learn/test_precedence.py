"""`classifier_min_prob_against` (coding/decide.py `rules_hold`): where the rules choose one of
the listed sub-types, a classifier needs more than `classifier_min_prob` to overrule them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from unittest import mock

import pytest
from spacy.language import Language

from tests.learn.test_decision import ATTACK, coded_with
from titfortat.coding import decide
from titfortat.coding.acled import _against, acled_tables
from titfortat.coding.evidence import Evidence
from titfortat.errors import DataFileError

PROTEST = "Hundreds of teachers marched peacefully through the capital on Sunday."
NEED = 0.8


@pytest.fixture
def held() -> Iterator[None]:
    """The policy of data/acled.yaml with Peaceful protest held to NEED."""
    t = acled_tables()
    policy = dataclasses.replace(t.policy, classifier_min_prob_against=(("Peaceful protest", NEED),))
    tables = dataclasses.replace(t, policy=policy)
    with mock.patch.object(decide, "acled_tables", lambda: tables):
        yield


def test_the_shipped_list_is_empty_and_the_rules_say_peaceful_protest(nlp: Language) -> None:
    assert acled_tables().policy.classifier_min_prob_against == ()
    assert coded_with(nlp, PROTEST, None).acled_sub_event_type == "Peaceful protest"
    between = coded_with(nlp, PROTEST, Evidence("classifier", sub="Violent demonstration", strength=0.7))
    assert between.acled_sub_event_type == "Violent demonstration"


@pytest.mark.usefixtures("held")
def test_a_listed_sub_type_holds_against_a_fairly_sure_classifier(nlp: Language) -> None:
    between = round((acled_tables().policy.classifier_min_prob + NEED) / 2, 2)
    kept = coded_with(nlp, PROTEST, Evidence("classifier", sub="Violent demonstration", strength=between))
    assert kept.acled_sub_event_type == "Peaceful protest"
    assert "classifier: Violent demonstration" in kept.explanation[-1]  # weighed, not winning
    overruled = coded_with(nlp, PROTEST, Evidence("classifier", sub="Violent demonstration", strength=NEED))
    assert (overruled.acled_sub_event_type, overruled.confidence) == ("Violent demonstration", NEED)


@pytest.mark.usefixtures("held")
def test_other_sub_types_follow_the_plain_threshold(nlp: Language) -> None:
    e = coded_with(nlp, ATTACK, Evidence("classifier", sub="Armed clash", strength=acled_tables().policy.classifier_min_prob))
    assert e.acled_sub_event_type == "Armed clash"


def test_the_list_is_read_and_checked() -> None:
    assert _against("acled.yaml", {"classifier_min_prob_against": {"Mob violence": 0.8}}) == (("Mob violence", 0.8),)
    assert _against("acled.yaml", {"classifier_min_prob_against": {}}) == ()
    with pytest.raises(DataFileError, match=r"unknown ACLED sub-event type\(s\) in classifier_min_prob_against: \['Riot'\]"):
        _against("acled.yaml", {"classifier_min_prob_against": {"Riot": 0.8}})
