"""Exchanges: who answered whom, how, and the chains they form."""

from __future__ import annotations

import pytest

from titfortat.analysis import chains, events_to_frame, find_exchanges, most_active_pair, reciprocity

A, B = "IRQ:GOV", "IRQ:PRM"


def _first(events, **kw):
    ex = find_exchanges(events_to_frame(events), **kw)
    return ex.iloc[0]


@pytest.mark.parametrize(("stimulus", "response", "expected"), [
    ("clash", "drone", "reciprocated hostility"),
    ("arrest", "protest", "reciprocated hostility"),      # -5 then -6.5: within tolerance
    ("aid", "agree", "reciprocated cooperation"),
    ("accuse", "clash", "escalation"),                    # -2 then -10
    ("arrest", "show_of_force", "escalation"),            # -5 then -7.2: more hostile
    ("visit", "threaten", "escalation"),                  # cooperation answered by hostility
    ("clash", "visit", "de-escalation"),                  # hostility answered by cooperation
    ("clash", "accuse", "de-escalation"),                 # -10 then -2
    ("show_of_force", "release", "concession under pressure"),
    ("threaten", "concede", "concession under pressure"),
    ("visit", "release", "reciprocated cooperation"),     # a release after talks is no concession
])
def test_every_classification(ev, stimulus, response, expected):
    row = _first([ev(stimulus, A, B, "2024-05-01"), ev(response, B, A, "2024-05-04")])
    assert row["classification"] == expected
    assert row["lag_days"] == 3


def test_no_response_outside_the_window(ev):
    events = [ev("clash", A, B, "2024-05-01"), ev("clash", B, A, "2024-06-10")]
    assert _first(events)["classification"] == "no response"           # 40 days > 30
    assert _first(events, window_days=60)["classification"] == "reciprocated hostility"
    assert _first(events, window_days=60)["lag_days"] == 40


def test_response_must_come_from_the_target_toward_the_actor(ev):
    events = [ev("clash", A, B, "2024-05-01"),
              ev("clash", A, B, "2024-05-02"),              # A again: not an answer
              ev("clash", B, "USA:MIL", "2024-05-03"),      # B, but toward someone else
              ev("clash", "IRN:GOV", A, "2024-05-04"),      # toward A, by someone else
              ev("visit", B, A, "2024-05-09")]
    ex = find_exchanges(events_to_frame(events), level="sector")
    first = ex.iloc[0]
    assert first["response_event"] == "CONSULT"
    assert first["lag_days"] == 8
    assert first["classification"] == "de-escalation"


def test_same_day_answers_only_within_one_story(ev):
    told_together = [ev("visit", "IRN:GOV", A, "2024-05-01", "s1", 0),
                     ev("visit", A, "IRN:GOV", "2024-05-01", "s1", 1)]
    assert _first(told_together)["classification"] == "reciprocated cooperation"
    assert _first(told_together)["lag_days"] == 0
    apart = [ev("visit", "IRN:GOV", A, "2024-05-01", "s2", 0),
             ev("visit", A, "IRN:GOV", "2024-05-01", "s3", 1)]
    assert _first(apart)["classification"] == "no response"


def test_sector_granularity_side_level_matches_police_and_government(ev):
    events = [ev("arrest", "IRQ:COP", B, "2024-05-01"), ev("show_of_force", B, "IRQ:GOV", "2024-05-02")]
    assert _first(events)["classification"] == "escalation"
    assert _first(events, level="sector")["classification"] == "no response"


def test_reciprocity_rate_and_median_lag(ev):
    events = [ev("clash", A, B, "2024-05-01"), ev("clash", B, A, "2024-05-03"),
              ev("clash", A, B, "2024-05-10"), ev("clash", B, A, "2024-05-16"),
              ev("clash", A, B, "2024-07-01")]
    rec = reciprocity(find_exchanges(events_to_frame(events)))
    row = rec[(rec["source"] == A) & (rec["target"] == B)].iloc[0]
    assert (row["acts"], row["answered"], row["rate"]) == (3, 2, 0.667)
    assert row["median_lag_days"] == 4.0
    assert row["reciprocated hostility"] == 2 and row["no response"] == 1
    back = rec[(rec["source"] == B) & (rec["target"] == A)].iloc[0]
    assert (back["acts"], back["answered"]) == (2, 1)       # A's July clash is 46 days later


def test_sample_sequence_chains(sample):
    frame = events_to_frame(sample)
    assert most_active_pair(frame) == (A, B)
    steps = chains(find_exchanges(frame), A, B)
    arrest, election = (g for _, g in steps.groupby("chain"))
    assert list(arrest["event"]) == ["COERCE", "MOBILIZE", "RETREAT"]
    assert list(arrest["classification"]) == ["opening act", "escalation", "concession under pressure"]
    assert [str(d) for d in arrest["date"]] == ["2024-03-03", "2024-03-05", "2024-03-09"]
    assert list(election["event"]) == ["REJECT", "PROTEST", "ASSAULT", "ASSAULT"]
    assert list(election["mode"])[2:] == ["firearms", "drone"]
    assert list(election["classification"]) == ["opening act", "continued", "escalation",
                                                "reciprocated hostility"]
    assert list(election["source"]) == [B, B, A, B]
    assert "drone struck the prime minister" in election["text"].iloc[-1]


def test_chains_of_one_act_are_left_out_unless_asked(sample):
    ex = find_exchanges(events_to_frame(sample))
    assert chains(ex, "IRN:GOV", "IRQ:PRM").empty
    assert len(chains(ex, "IRN:GOV", "IRQ:PRM", min_steps=1)) == 1
    assert list(chains(ex, "IRN:GOV", A)["classification"]) == ["opening act", "reciprocated cooperation"]


def test_unknown_actors_are_not_the_most_active_pair(ev):
    events = [ev("drone", ":", A, f"2024-05-0{d}") for d in range(1, 6)]
    events += [ev("drone", A, ":", "2024-05-06")]
    events += [ev("accuse", A, B, "2024-05-07"), ev("accuse", B, A, "2024-05-08")]
    assert most_active_pair(events_to_frame(events)) == (A, B)
