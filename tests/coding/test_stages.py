"""Each coding stage on parsed sentences: triggers, roles, modality/operators, discard, size."""

from __future__ import annotations

from typing import Any

import pytest

from titfortat.coding.finalize import sizes
from titfortat.nlp.draft import Draft, drafts


def coded(nlp: Any, text: str) -> list[Draft]:
    doc = nlp(text)
    return [d for d in drafts(doc) if d.discarded is None]


def one(nlp: Any, text: str, event: str) -> Draft:
    found = [d for d in coded(nlp, text) if d.entry.event == event]
    assert found, f"no {event} in {[(d.trigger.text, d.entry.event) for d in coded(nlp, text)]}"
    return found[0]


@pytest.mark.parametrize("text,event,mode,trigger", [
    ("The two governments held talks in Doha.", "CONSULT", None, "held talks"),
    ("Dock workers went on strike over unpaid wages.", "PROTEST", "strike", "went on strike"),
    ("A drone strike hit the depot.", "ASSAULT", "drone", "drone strike hit"),
    ("Troops pulled out of the border town.", "RETREAT", "withdraw", "pulled out"),
    ("The council imposed a curfew on the city.", "COERCE", "curfew", "imposed a curfew"),
])
def test_triggers(nlp: Any, text: str, event: str, mode: str | None, trigger: str) -> None:
    d = one(nlp, text, event)
    assert d.entry.mode == mode
    assert d.trigger.text == trigger


@pytest.mark.parametrize("text,event,actors,recipients", [
    ("Soldiers arrested two smugglers near the border.", "COERCE", ["Soldiers"], ["two smugglers"]),
    ("The activist was detained by police in Tbilisi.", "COERCE", ["police in Tbilisi"], ["The activist"]),
    ("Egypt and Qatar condemned Israel and Iran.", "ACCUSE", ["Egypt", "Qatar"], ["Israel", "Iran"]),
    ("The arrest of the commander by police angered his supporters.", "COERCE", ["police"], ["the commander"]),
    ("Iran's missile attack on Israel drew condemnation.", "ASSAULT", ["Iran"], ["Israel"]),
    ("Gunmen who stormed the hotel fled.", "ASSAULT", ["Gunmen"], []),
    ("Rebels attacked the village, killing a chief.", "ASSAULT", ["Rebels"], ["a chief"]),
])
def test_roles(nlp: Any, text: str, event: str, actors: list[str], recipients: list[str]) -> None:
    d = one(nlp, text, event)
    assert [s.text for s in d.actor_spans] == actors
    assert [s.text for s in d.recipient_spans] == recipients


def test_agentless_passive_has_no_actor(nlp: Any) -> None:
    d = one(nlp, "Three journalists were arrested on Monday.", "COERCE")
    assert d.actor_spans == [] and [s.text for s in d.recipient_spans] == ["Three journalists"]


@pytest.mark.parametrize("text,event,mode,modality", [
    ("Hezbollah vowed to retaliate against Israel.", "THREATEN", "violence", "asserted"),
    ("The rebels threatened to block fuel convoys bound for the capital.", "THREATEN", "restrict", "asserted"),
    ("The militia denied attacking the base.", "ASSAULT", None, "negated"),
    ("Police tried to arrest the cleric.", "COERCE", "arrest", "attempted"),
    ("Officials said militants attacked a checkpoint.", "ASSAULT", None, "claimed"),
    ("Officials said the militia was behind the bombing of the market.", "ASSAULT", "explosives", "claimed"),
    ("The US urged Iran to release the sailors.", "REQUEST", "yield", "asserted"),
    ("Iran refused to meet the envoy.", "REJECT", "meet", "asserted"),
    ("Japan offered to send food aid to Sudan.", "AGREE", None, "asserted"),
    ("The two leaders will meet in Cairo on Monday.", "AGREE", None, "asserted"),
    ("The army will deploy two brigades to the border.", "MOBILIZE", "troops", "future"),
    ("The army will attack the town next week.", "THREATEN", "violence", "asserted"),
    ("The government rejected calls for a ceasefire.", "REJECT", "yield", "asserted"),
])
def test_operators_and_modality(nlp: Any, text: str, event: str, mode: str | None, modality: str) -> None:
    d = one(nlp, text, event)
    assert (d.entry.mode, d.modality) == (mode, modality)


def test_content_of_operator_is_not_coded(nlp: Any) -> None:
    events = {d.entry.event for d in coded(nlp, "The US urged Iran to release the sailors.")}
    assert "RETREAT" not in events


def test_speaker_replaces_pronoun(nlp: Any) -> None:
    d = one(nlp, "Iraq said it will release the prisoners.", "AGREE")
    assert [s.text for s in d.actor_spans] == ["Iraq"]


@pytest.mark.parametrize("text,absent,present", [
    ("The striker attacked the goal in the final minute of the match.", "ASSAULT", None),
    ("The opposition attacked the budget proposal.", "ASSAULT", "ACCUSE"),
    ("The ministry released a report on unemployment.", "RETREAT", None),
    ("The club fired its coach after the defeat.", "ASSAULT", None),
    ("The former minister died of a heart attack.", "ASSAULT", None),
])
def test_discard_rules(nlp: Any, text: str, absent: str, present: str | None) -> None:
    events = {d.entry.event for d in coded(nlp, text)}
    assert absent not in events
    if present:
        assert present in events


def test_nominal_and_verb_triggers_merge(nlp: Any) -> None:
    ds = [d for d in coded(nlp, "A drone strike killed two commanders near Qaim.") if d.entry.event == "ASSAULT"]
    assert len(ds) == 1 and ds[0].entry.mode == "drone"


@pytest.mark.parametrize("text,expected", [
    ("The blast killed 12 people and wounded 30 others.", {"dead": 12, "injured": 30}),
    ("At least three soldiers were killed.", {"dead": 3}),
    ("Police arrested 45 protesters.", {"arrested": 45}),
    ("Talks resumed.", {}),
])
def test_sizes(text: str, expected: dict[str, int]) -> None:
    assert sizes(text) == expected


@pytest.mark.parametrize("text,event,actors,recipients", [
    # an act stands for its doer: the one whose call, plan or abuse is answered
    ("The cabinet rejected calls by the opposition for early elections.", "REJECT", ["The cabinet"], ["the opposition"]),
    ("Students marched against abuses by the border police.", "PROTEST", ["Students"], ["the border police"]),
    # counts lead to the people counted
    ("Thousands of nurses staged a walkout on Monday.", "PROTEST", ["nurses"], []),
    # a place held by a group, and the people a camp shelters
    ("Army units shelled a Tuareg rebel stronghold near the border.", "ASSAULT", ["Army units"], ["a Tuareg rebel stronghold"]),
    # the one asked is the subject of the demand's clause
    ("The union renewed its demand that the ministry raise wages.", "REQUEST", ["The union"], ["the ministry"]),
    # a stance aims at the party its complement acts on
    ("The governor refused to meet with the striking miners.", "REJECT", ["The governor"], ["the striking miners"]),
    # a threat aims at the one who must comply
    ("The militia threatened to shell the port unless the navy withdrew.", "THREATEN", ["The militia"], ["the navy"]),
    # a stance participle keeps its subject as actor
    ("Ghana is committed to sending engineers to the mission.", "AGREE", ["Ghana"], []),
    # the weapon fired is the instrument, the target is where it is aimed
    ("The navy fired missiles at the rebel boats.", "ASSAULT", ["The navy"], ["the rebel boats"]),
    # a complaint aims at what is complained about, not at whom it is addressed to
    ("Chad complained to the African Union over Sudanese incursions.", "ACCUSE", ["Chad"], ["Sudanese"]),
    # a stance against another's act: the act's doer is the target
    ("Turkey is opposed to Russian mediation in the talks.", "REJECT", ["Turkey"], ["Russian"]),
    # a weapon that is fired is the instrument; one that is shot down is the target
    ("A rocket was fired at the army base on Sunday.", "ASSAULT", [], ["the army base"]),
    ("Soldiers shot down a Russian drone over the capital.", "ASSAULT", ["Soldiers"], ["a Russian drone"]),
    # the light verb's object is the target of the event noun in its "in" phrase
    ("Rebels engaged government troops in a firefight near the dam.", "ASSAULT", ["Rebels"], ["government troops"]),
    # a list the parser reads as an apposition is still a list
    ("Egypt, Qatar, and Turkey met in Ankara.", "CONSULT", ["Egypt", "Qatar", "Turkey"], []),
    # the one said to be behind an attack carried it out
    ("Officials said the militia was behind the bombing of the market.", "ASSAULT", ["the militia"], []),
    # "in defiance of X" names the target like "in protest against X"
    ("Farmers blocked the highway in defiance of the provincial governor.", "PROTEST", ["Farmers"], ["the provincial governor"]),
    # the one accused is the subject of the reported clause
    ("The watchdog charged that prison guards had tortured inmates.", "ACCUSE", ["The watchdog"], ["prison guards"]),
])
def test_roles_through_nouns_and_clauses(nlp: Any, text: str, event: str, actors: list[str],
                                         recipients: list[str]) -> None:
    d = one(nlp, text, event)
    assert [s.text for s in d.actor_spans] == actors
    assert [s.text for s in d.recipient_spans] == recipients


def test_agent_of_pressure_is_not_its_recipient(nlp: Any) -> None:
    d = one(nlp, "The mayor faces pressure from the council to resign.", "REQUEST")
    assert [s.text for s in d.actor_spans] == ["the council"]
    assert [s.text for s in d.recipient_spans] == ["The mayor"]
