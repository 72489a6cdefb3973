"""ACLED actor classes (acled_inter) and the actors ACLED names where the text implies them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from titfortat.api import code_text
from titfortat.coding.acled_inter import inter_of
from titfortat.model import Entity


@pytest.mark.parametrize(("entity", "acting", "acled_type", "inter"), [
    (Entity("police", "KEN", "COP"), True, "Protests", 1),
    (Entity("French troops", "FRA", "MIL"), True, "Battles", 8),  # a foreign state's forces
    (Entity("Taliban", "AFG", "REB"), True, "Battles", 2),
    (Entity("gunmen", "KEN", "UAF"), True, "Violence against civilians", 3),
    (Entity("Pokot ethnic militia", "KEN", None), True, "Battles", 4),
    (Entity("youths", "KEN", "CVL"), True, "Riots", 5),
    (Entity("traders", "KEN", "BUS"), True, "Protests", 6),
    (Entity("villagers", "KEN", "CVL"), False, "Violence against civilians", 7),
    (Entity("students", "KEN", "EDU"), False, "Protests", 6),  # force used on protesters
    (Entity("peacekeepers", "UNO", None), True, "Battles", 8),
    (Entity("PMF", "IRQ", "PRM", identifier_id="tft:grp-pmf"), True, "Battles", 1),
])
def test_inter_of(entity: Entity, acting: bool, acled_type: str, inter: int) -> None:
    assert inter_of(entity, acting, acled_type, "KEN") == inter


def test_implied_armed_actor(nlp: Language) -> None:
    """An attack with no perpetrator named is by an unidentified armed group of the event's country."""
    ev = next(e for e in code_text("A farmer was shot dead near Garissa in Kenya on Sunday.", "2024-06-10", nlp=nlp)
              if e.acled_event_type)
    a = ev.actor[0]
    assert (a.sector, a.code, a.acled_inter) == ("UAF", "KEN", 3)
    assert dict(a.attributes)["source"] in ("implied", "unattributed")


def test_crowd_is_protesters(nlp: Language) -> None:
    ev = next(e for e in code_text("Hundreds of people protested in Nairobi on Monday against new taxes.",
                                   "2024-06-10", nlp=nlp) if e.acled_event_type)
    assert ev.acled_sub_event_type == "Peaceful protest"
    assert ev.actor and ev.actor[0].acled_inter == 6
    assert ev.to_dict()["actor"][0]["acled_inter"] == 6


def test_acled_names_the_crowd_first(nlp: Language) -> None:
    """Police acting on protesters: ACLED's actor1 is the protesters, actor2 the police."""
    from titfortat.coding.acled_inter import acled_sides

    ev = next(e for e in code_text("Riot police fired tear gas at protesters in Nairobi on Monday.", "2024-06-10",
                                   nlp=nlp) if e.acled_event_type == "Protests")
    assert ev.actor[0].acled_inter == 1
    side1, side2 = acled_sides(ev)
    assert (side1[0].acled_inter, side2[0].acled_inter) == (6, 1)


def test_arrest_by_no_one_named_is_by_the_police(nlp: Language) -> None:
    ev = next(e for e in code_text("A journalist was arrested in Nairobi, Kenya on Monday.", "2024-06-10", nlp=nlp)
              if e.acled_sub_event_type == "Arrests")
    a = ev.actor[0]
    assert (a.sector, a.code, a.acled_inter, dict(a.attributes)["source"]) == ("COP", "KEN", 1, "implied")
