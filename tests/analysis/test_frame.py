"""Events to frame, dyad keys per level."""

from __future__ import annotations

import dataclasses

import pytest

from titfortat.analysis import events_to_frame, normalise_key, with_dyads
from titfortat.analysis.frame import cluster_sizes_from_explanations
from titfortat.errors import AnalysisError


def test_compound_actors_expand_to_one_row_per_pair(ev):
    e = ev("clash", ["IRQ:PRM", "IRN:MIL"], ["IRQ:COP", "USA:MIL"], "2024-01-01")
    frame = events_to_frame([e])
    assert len(frame) == 4
    pairs = set(zip(frame["actor_code"], frame["recipient_code"], strict=True))
    assert pairs == {("IRQ", "IRQ"), ("IRQ", "USA"), ("IRN", "IRQ"), ("IRN", "USA")}
    assert set(frame["id"]) == {e.id}


def test_events_that_did_not_happen_or_are_undated_are_left_out(ev):
    kept = ev("clash", "IRQ:PRM", "IRQ:COP", "2024-01-01", modality="claimed")
    negated = ev("clash", "IRQ:PRM", "IRQ:COP", "2024-01-01", modality="negated")
    future = ev("clash", "IRQ:PRM", "IRQ:COP", "2024-01-01", modality="future")
    undated = dataclasses.replace(ev("clash", "IRQ:PRM", "IRQ:COP", "2024-01-01"), date=None)
    assert list(events_to_frame([kept, negated, future, undated])["id"]) == [kept.id]
    assert len(events_to_frame([kept, negated], keep_all_modalities=True)) == 2


@pytest.mark.parametrize(("level", "source", "target"), [
    ("country", "IRQ", "IRN"),
    ("side", "IRQ:GOV", "IRN:PRM"),
    ("sector", "IRQ:COP", "IRN:PRM"),
])
def test_keys_per_level(ev, level, source, target):
    frame = with_dyads(events_to_frame([ev("arrest", "IRQ:COP", "IRN:PRM", "2024-01-01")]), level)
    assert (frame["source"].iloc[0], frame["target"].iloc[0]) == (source, target)


def test_identifier_level_falls_back_to_sector_key(ev):
    e = ev("arrest", "IRQ:COP", "IRQ:PRM", "2024-01-01")
    named = dataclasses.replace(e.recipient[0], identifier_id="Q123")
    e = dataclasses.replace(e, recipient=(named,))
    frame = with_dyads(events_to_frame([e]), "identifier")
    assert (frame["source"].iloc[0], frame["target"].iloc[0]) == ("IRQ:COP", "Q123")


def test_side_level_keeps_government_and_militia_apart_and_drops_self_pairs(ev):
    events = [ev("arrest", "IRQ:COP", "IRQ:PRM", "2024-01-01"),
              ev("accuse", "IRQ:LEG", "IRQ:GOV", "2024-01-02"),
              ev("accuse", "IRQ", "IRQ:PRM", "2024-01-03"),
              ev("accuse", "IRQ:PRM", "IRQ", "2024-01-04")]  # no recipient sector: the state
    side = with_dyads(events_to_frame(events), "side")
    assert list(zip(side["source"], side["target"], strict=True)) == [
        ("IRQ:GOV", "IRQ:PRM"), ("IRQ:GOV", "IRQ:PRM"), ("IRQ:PRM", "IRQ:GOV")]
    assert with_dyads(events_to_frame(events), "country").empty


def test_unknown_code_and_missing_recipient(ev):
    e = ev("clash", ":UAF", "IRQ:GOV", "2024-01-01")
    alone = dataclasses.replace(ev("protest", "IRQ:CVL", "IRQ:GOV", "2024-01-01"), recipient=())
    frame = events_to_frame([e, alone])
    assert len(frame) == 2
    dyads = with_dyads(frame, "sector")
    assert list(dyads["source"]) == ["XXX:UAF"]


@pytest.mark.parametrize(("key", "level", "expected"), [
    ("IRQ:COP", "side", "IRQ:GOV"), ("IRQ", "side", "IRQ:GOV"), ("IRQ:PRM", "side", "IRQ:PRM"),
    ("IRQ:COP", "country", "IRQ"), ("IRQ:COP", "sector", "IRQ:COP"),
])
def test_normalise_key(key, level, expected):
    assert normalise_key(key, level) == expected


def test_unknown_level_is_refused():
    with pytest.raises(AnalysisError, match="unknown level 'region'; use one of: country, side"):
        normalise_key("IRQ", "region")


def test_cluster_sizes_weight_the_rows(ev):
    e = ev("clash", "IRQ:PRM", "IRQ:COP", "2024-01-01")
    e = dataclasses.replace(e, explanation=("trigger clash", "cluster c9: 3 reports, 2 stories, 2 sources, confidence 0.91"))
    sizes = cluster_sizes_from_explanations([e])
    assert sizes == {e.id: 3}
    assert list(events_to_frame([e], sizes)["weight"]) == [3]


def test_entities_without_code_or_sector_are_unknown_at_every_level(ev):
    events = [ev("drone", ":", "IRQ:GOV", "2024-01-01"),   # "a drone attacked the PM's residence"
              ev("drone", ":UNK", "IRQ:GOV", "2024-01-01")]
    for level in ("country", "side", "sector", "identifier"):
        frame = with_dyads(events_to_frame(events), level)
        assert list(frame["source"]) == ["XXX", "XXX"]


def test_joint_and_mutual_meetings_count_for_both_sides(ev):
    joint = ev("visit", ["IRQ:GOV", "IRN:GOV"], [], "2024-01-01", cameo_code="040")
    talks = ev("visit", "USA:MIL", "LBN:GOV", "2024-01-02", cameo_code="042")
    rows = with_dyads(events_to_frame([joint, talks]), "country")
    assert list(zip(rows["source"].astype(str), rows["target"].astype(str), strict=True)) == [
        ("IRQ", "IRN"), ("IRN", "IRQ"), ("USA", "LBN"), ("LBN", "USA")]
