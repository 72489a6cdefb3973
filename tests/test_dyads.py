"""PLOVER actor lists to CAMEO directed dyads (titfortat.dyads), as the exports and analyses see them."""

from __future__ import annotations

from dataclasses import replace

from titfortat.dyads import dyads, goldstein
from titfortat.model import Entity

from .store.factory import entity, make_event


def pairs(ev: object) -> list[tuple[str | None, str | None, str]]:
    def code(e: Entity | None) -> str | None:
        return None if e is None else e.code

    return [(code(d.source), code(d.target), d.cameo_code) for d in dyads(ev)]  # type: ignore[arg-type]


def test_compound_actor_gives_one_dyad_per_member() -> None:
    ev = make_event("s", event="ACCUSE", cameo_code="111",
                    actor=("GBR", "GOV"), recipient=("IRN", "GOV"))
    ev = replace(ev, actor=(entity("GBR", "GOV"), entity("DEU", "GOV")))
    assert pairs(ev) == [("GBR", "IRN", "111"), ("DEU", "IRN", "111")]


def test_joint_meeting_without_recipient_gives_every_ordered_pair() -> None:
    ev = make_event("s", event="CONSULT", cameo_code="040", recipient=None)
    ev = replace(ev, actor=(entity("EGY", "GOV"), entity("QAT", "GOV"), entity("TUR", "GOV")))
    assert sorted(pairs(ev)) == [("EGY", "QAT", "040"), ("EGY", "TUR", "040"), ("QAT", "EGY", "040"),
                                 ("QAT", "TUR", "040"), ("TUR", "EGY", "040"), ("TUR", "QAT", "040")]


def test_joint_protest_is_not_mutual() -> None:
    ev = make_event("s", event="PROTEST", cameo_code="141", recipient=None)
    ev = replace(ev, actor=(entity("USA", "CVL"), entity("GBR", "CVL")))
    assert pairs(ev) == [("USA", None, "141"), ("GBR", None, "141")]


def test_visit_is_hosting_from_the_other_side() -> None:
    ev = make_event("s", event="CONSULT", mode="visit", cameo_code="042", goldstein=1.9,
                    actor=("USA", "MIL"), recipient=("LBN", "GOV"))
    assert pairs(ev) == [("USA", "LBN", "042"), ("LBN", "USA", "043")]
    back = dyads(ev)[1]
    assert back.mirrored and goldstein(back, ev) == 2.8


def test_one_sided_acts_keep_one_direction() -> None:
    assert pairs(make_event("s", cameo_code="190")) == [("IRQ", "IRQ", "190")]
    assert pairs(make_event("s", event="CONSULT", cameo_code="045", recipient=("SDN", "GOV"))) == [
        ("IRQ", "SDN", "045")]
    assert pairs(replace(make_event("s", recipient=None), actor=())) == [(None, None, "190")]


def test_armed_clash_between_two_actors_goes_both_ways() -> None:
    ev = replace(make_event("s", recipient=None, acled_sub_event_type="Armed clash"),
                 actor=(entity("IND", "MIL"), entity("PAK", "MIL")))
    assert pairs(ev) == [("IND", "PAK", "190"), ("PAK", "IND", "190")]
    one_sided = replace(ev, acled_sub_event_type="Air/drone strike")
    assert pairs(one_sided) == [("IND", None, "190"), ("PAK", None, "190")]
