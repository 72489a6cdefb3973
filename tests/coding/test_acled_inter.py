"""ACLED actor classes (acled_inter) and the actors ACLED names where the text implies them."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from titfortat.api import code_text
from titfortat.coding.acled_inter import inter_of
from titfortat.model import Entity, Event


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


@pytest.mark.parametrize(("entity", "acting", "acled_type", "inter"), [
    # a dictionary entry's own `acled` class: ACLED counts the UPC as a political militia
    (Entity("the UPC", "CAF", "REB", identifier_id="tft:grp-upc"), True, "Battles", 3),
    (Entity("anti-Balaka fighters", "CAF", "PRM", identifier_id="tft:grp-antibalaka"), True, "Battles", 3),
    (Entity("LRA", "UGA", "REB", identifier_id="tft:grp-lra"), True, "Violence against civilians", 2),
    # an armed community is an identity militia; its people as victims are civilians
    (Entity("armed Fulani", None, "UNK"), True, "Violence against civilians", 4),
    (Entity("Pokot raiders", None, "UNK"), True, "Battles", 4),
    (Entity("Turkana herdsmen", "KEN", "AGR"), False, "Battles", 4),
    (Entity("Fulani villagers", None, "CVL"), False, "Violence against civilians", 7),
    # an unnamed armed group is not a rebel group unless called one
    (Entity("an armed group", None, "REB"), True, "Battles", 3),
    (Entity("suspected militants", None, "REB"), True, "Battles", 3),
    (Entity("rebels", None, "REB"), True, "Battles", 2),
])
def test_inter_of_groups_and_communities(entity: Entity, acting: bool, acled_type: str, inter: int) -> None:
    assert inter_of(entity, acting, acled_type, "CAF") == inter


def _first_acled(text: str, nlp: Language, day: str = "2021-03-08") -> Event:
    return next(e for e in code_text(text, day, nlp=nlp) if e.acled_event_type)


def test_sentence_names_the_force_the_parse_missed(nlp: Language) -> None:
    """'Clashes between X and Y' has no subject: the army named in the sentence is actor1,
    with the country of the event, not an unidentified armed group."""
    ev = _first_acled("Heavy clashes between the army and unknown militants were reported near Kidal in Mali "
                      "on Sunday.", nlp)
    a = ev.actor[0]
    assert (a.sector, a.code, a.acled_inter) == ("MIL", "MLI", 1)
    assert dict(a.attributes)["source"] == "sentence"


def test_bomb_is_not_the_actor_the_group_that_claimed_it_is(nlp: Language) -> None:
    ev = _first_acled("A roadside bomb killed three traders on the road to Baidoa in Somalia on Monday. "
                      "Al-Shabaab later claimed responsibility.", nlp)
    a = ev.actor[0]
    assert (a.identifier_id, a.acled_inter) == ("tft:grp-shabaab", 2)


def test_ethnic_clash_without_a_named_doer_is_a_communal_militia(nlp: Language) -> None:
    ev = _first_acled("Two people were killed in an ethnic clash over water points near Marsabit in Kenya on Friday.", nlp)
    a = ev.actor[0]
    assert (a.entity_text, a.code, a.acled_inter) == ("unidentified communal militia", "KEN", 4)


def test_unnamed_crowd_takes_the_event_country(nlp: Language) -> None:
    """ACLED writes 'Protesters (Kenya)': an unnamed crowd gets the country of the place."""
    ev = _first_acled("Traders staged a sit-in outside the county offices in Kisumu, Kenya, on Monday.", nlp)
    assert (ev.actor[0].code, ev.actor[0].acled_inter) == ("KEN", 6)


def test_speaker_is_not_taken_for_the_doer(nlp: Language) -> None:
    ev = _first_acled("Police said a trader was shot dead in Garissa, Kenya, on Sunday.", nlp)
    assert ev.actor[0].sector == "UAF" and ev.actor[0].acled_inter == 3


def test_acled_actors_file_errors_name_file_and_line(tmp_path: Path) -> None:
    from titfortat.coding.acled_inter import identity_words
    from titfortat.errors import DataFileError

    f = tmp_path / "acled_actors.yaml"
    f.write_text("communities: [Fulani]\ncommunal_cues: [ethnic]\nweapons: [bomb]\nmilitias: [x]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"acled_actors\.yaml:1: unknown key\(s\) militias"):
        identity_words(f)
    f.write_text("communities: Fulani\ncommunal_cues: [ethnic]\nweapons: [bomb]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"acled_actors\.yaml:1: communities must be a list of words"):
        identity_words(f)
    assert "fulani" in identity_words()[0]


@pytest.mark.parametrize(("entity", "acting", "acled_type", "inter"), [
    # a community named by a plural noun is an identity militia, also in a riot's place
    (Entity("members of two tribes", "IRQ", "SOC"), True, "Riots", 4),
    (Entity("two rival clans", "KEN", "UAF"), True, "Battles", 4),
    # a community's armed men who loot are still an identity militia
    (Entity("suspected Fulani militias", "NGA", "PRM"), True, "Strategic developments", 4),
    # a crowd that loots or burns property is rioters, not civilians
    (Entity("villagers", "UGA", "CVL"), True, "Strategic developments", 5),
    # forces that belong to a side ACLED counts as state forces take its class
    (Entity("pro-Houthi forces", "YEM", "REB", attributes=(("affiliation", "tft:grp-houthis"),)), True, "Battles", 1),
    (Entity("pro-Houthi forces", "YEM", "REB"), True, "Battles", 2),
])
def test_inter_of_communities_crowds_and_sides(entity: Entity, acting: bool, acled_type: str, inter: int) -> None:
    assert inter_of(entity, acting, acled_type, entity.code) == inter


def _acled_actor(text: str, nlp: Language) -> Entity:
    from titfortat.coding.acled_inter import acled_sides

    side1, _side2 = acled_sides(_first_acled(text, nlp))
    return side1[0]


@pytest.mark.parametrize(("text", "code", "inter"), [
    ("Iraqi army soldiers clashed with Islamic State militants near Tarmiyah in Salahuddin province, Iraq, "
     "on Sunday.", "IRQ", 1),
    ("Hashd al-Shaabi fighters clashed with Islamic State militants near Tuz Khurmatu in Iraq on Sunday.", "IRQ", 1),
    ("Peshmerga forces clashed with Islamic State militants in Makhmour district, Iraq, on Sunday.", "IRQ", 1),
    ("Islamic State militants ambushed a convoy of the Iraqi army near Hawija in Kirkuk, Iraq, on Sunday.", None, 2),
    ("PKK fighters attacked a Turkish military outpost in the Zakho district of Duhok, Iraq, on Sunday.", None, 2),
    ("Kataib Hezbollah fighters fired rockets at a base hosting US troops near Baghdad airport in Iraq on Sunday.",
     "IRQ", 3),
    ("Turkish troops shelled villages near Zakho in Duhok province of Iraq on Sunday, killing a shepherd.", "TUR", 8),
    ("Members of two tribes clashed with machine guns in Basra, Iraq, over a land dispute on Sunday.", "IRQ", 4),
    ("Protesters burned tyres and threw stones at security forces in Nasiriyah, Iraq, on Sunday.", "IRQ", 5),
    ("Hundreds of students demonstrated in Sulaymaniyah, Iraq, on Sunday to demand the payment of salaries.",
     "IRQ", 6),
    ("Unidentified gunmen shot dead an activist in Amarah city in Maysan, Iraq, on Sunday.", "IRQ", 3),
])
def test_iraqi_actors_take_acled_classes(text: str, code: str | None, inter: int, nlp: Language) -> None:
    """The main actors of Iraqi reports, as ACLED classes them: the army, the PMF and the
    Peshmerga are state forces, the Islamic State and the PKK rebels, the muqawama groups
    political militias, Turkish forces in Iraq external forces, tribes identity militias."""
    a = _acled_actor(text, nlp)
    assert a.acled_inter == inter
    if code is not None:
        assert a.code == code


def test_observer_mission_is_not_the_doer(nlp: Language) -> None:
    """'The OSCE SMM recorded shelling': the monitors reported it; shelling with no doer named is
    by a state's forces, of the country where it happened."""
    a = _acled_actor("On 3 May 2020, the OSCE SMM recorded shelling near Zolote in Luhansk region, Ukraine.", nlp)
    assert (a.sector, a.code, a.acled_inter) == ("MIL", "UKR", 1)


def test_air_strike_without_a_named_doer_is_by_state_forces(nlp: Language) -> None:
    a = _acled_actor("A Burkinabe airstrike killed ten militants near Djibo in Burkina Faso on Sunday.", nlp)
    assert (a.sector, a.code, a.acled_inter) == ("MIL", "BFA", 1)


def test_unnamed_police_are_the_forces_of_the_place(nlp: Language) -> None:
    """'Police' in a story that speaks mostly of Somalis but happens in Nairobi: the police of Kenya."""
    a = _acled_actor("Somali elders in Mogadishu said Somali refugees were angry. Police shot dead a Somali refugee "
                     "in Eastleigh, Nairobi, Kenya on Sunday.", nlp)
    assert (a.code, a.acled_inter) == ("KEN", 1)


@pytest.mark.parametrize(("day", "inter"), [("2013-01-10", 2), ("2014-01-10", 3)])
def test_seleka_is_a_rebel_group_until_it_took_power_then_a_militia(day: str, inter: int, nlp: Language) -> None:
    ev = _first_acled("Seleka fighters attacked the town of Sibut in the Central African Republic on Monday, "
                      "killing four civilians.", nlp, day)
    assert (ev.actor[0].identifier_id, ev.actor[0].acled_inter) == ("tft:grp-seleka", inter)


def test_crowd_named_in_the_sentence_is_the_mob(nlp: Language) -> None:
    """The parse gave the clash no subject, but the sentence names the crowd that clashed: rioters,
    not an unidentified armed group."""
    a = _acled_actor("On 3 May 2021, locals protested, chanted slogans and later clashed with police in Tral, "
                     "Pulwama district, India.", nlp)
    assert (a.entity_text, a.code, a.acled_inter) == ("locals", "IND", 5)


@pytest.mark.parametrize(("text", "identifier", "inter"), [
    ("The FACA clashed with armed men near Bambari in the Central African Republic on Sunday.",
     "tft:inst-caf-faca", 1),
    ("Koglweogo members shot dead two suspected thieves near Fada N'Gourma in Burkina Faso on Sunday.",
     "tft:grp-koglweogo", 3),
])
def test_groups_named_by_acronym_or_name(text: str, identifier: str, inter: int, nlp: Language) -> None:
    a = _acled_actor(text, nlp)
    assert (a.identifier_id, a.acled_inter) == (identifier, inter)


def test_state_acting_on_an_unnamed_crowd_puts_the_protesters_first(nlp: Language) -> None:
    """'Police dispersed a sit-in': ACLED's actor1 is the protesters of the event's country,
    actor2 the police, though the text names no crowd."""
    from titfortat.coding.acled_inter import acled_sides

    ev = next(e for e in code_text("Police dispersed a sit-in with tear gas in Nairobi, Kenya, on Monday.", "2021-03-10",
                                   nlp=nlp) if e.acled_event_type == "Protests")
    side1, side2 = acled_sides(ev)
    assert (side1[0].code, side1[0].acled_inter) == ("KEN", 6)
    assert (side2[0].sector, side2[0].acled_inter) == ("COP", 1)


def test_whoever_demonstrates_peacefully_is_a_protester(nlp: Language) -> None:
    ev = next(e for e in code_text("Police auxiliaries protested in Bangui on Monday to demand their integration "
                                   "into the police.", "2021-03-10", nlp=nlp) if e.acled_event_type)
    assert ev.acled_sub_event_type == "Peaceful protest"
    assert (ev.actor[0].sector, ev.actor[0].acled_inter) == ("COP", 6)
