"""Story-level resolution in the spaCy stage: coreference, story country, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from titfortat.actors.component import ActorsComponent


def codes(entities: list) -> list[tuple[str | None, str | None, str | None]]:  # type: ignore[type-arg]
    return [(e.code, e.sector, e.identifier_id) for e in entities]


def test_pronoun_and_surname_follow_the_full_mention(code_story) -> None:  # type: ignore[no-untyped-def]
    text = ("Iraqi Prime Minister Mustafa al-Kadhimi condemned the attack. "
            "He accused the militias. Kadhimi later met the US ambassador.")
    d = code_story(text, [("condemned", "ACCUSE", ["Iraqi Prime Minister Mustafa al-Kadhimi"], []),
                          ("accused", "ACCUSE", ["He"], []),
                          ("met", "CONSULT", ["Kadhimi"], ["the US ambassador"])])
    kadhimi = ("IRQ", "GOV", "tft:irq-kadhimi")
    assert codes(d[0].actors) == [kadhimi]
    assert codes(d[1].actors) == [kadhimi]
    assert d[1].actors[0].entity_text == "He"
    assert codes(d[2].actors) == [kadhimi]
    assert codes(d[2].recipients) == [("USA", "GOV", None)]
    assert any("earlier" in n for n in d[1].notes)


def test_plural_reference_links_to_earlier_group(code_story) -> None:  # type: ignore[no-untyped-def]
    text = ("Iran-backed militias fired rockets at a base in Iraq on Monday. "
            "Iraqi officials blamed the militias. The militias denied the claim.")
    d = code_story(text, [("fired", "ASSAULT", ["Iran-backed militias"], []),
                          ("blamed", "ACCUSE", ["Iraqi officials"], ["the militias"]),
                          ("denied", "REJECT", ["The militias"], [])])
    assert codes(d[0].actors) == [("IRQ", "PRM", None)]
    assert dict(d[0].actors[0].attributes) == {"backer": "IRN"}
    assert codes(d[1].actors) == [("IRQ", "GOV", None)]
    assert dict(d[1].recipients[0].attributes) == {"backer": "IRN"}
    assert dict(d[2].actors[0].attributes) == {"backer": "IRN"}


def test_title_after_full_mention_and_unknown_surname(code_story) -> None:  # type: ignore[no-untyped-def]
    text = ("Defence Minister Jalal Qarawi visited troops in Mosul. "
            "Qarawi promised new weapons to Iraqi soldiers.")
    d = code_story(text, [("visited", "CONSULT", ["Defence Minister Jalal Qarawi"], ["troops"]),
                          ("promised", "AID", ["Qarawi"], ["Iraqi soldiers"])])
    assert codes(d[0].actors) == [("IRQ", "GOV", None)]
    assert codes(d[0].recipients) == [("IRQ", "MIL", None)]
    assert d[1].actors[0].code == "IRQ" and d[1].actors[0].sector == "GOV"
    assert any("earlier" in n for n in d[1].notes)


def test_generic_agents_take_the_story_main_country(code_story) -> None:  # type: ignore[no-untyped-def]
    text = ("Protesters gathered in Khartoum on Friday. Police fired tear gas at the protesters, "
            "Sudanese activists said.")
    d = code_story(text, [("gathered", "PROTEST", ["Protesters"], []),
                          ("fired", "ASSAULT", ["Police"], ["the protesters"])])
    assert codes(d[0].actors) == [("SDN", "CVL", None)]
    assert codes(d[1].actors) == [("SDN", "COP", None)]
    assert codes(d[1].recipients) == [("SDN", "CVL", None)]


def test_unknown_gunmen_stay_without_country(code_story) -> None:  # type: ignore[no-untyped-def]
    d = code_story("Unknown gunmen killed two farmers in Iraq.",
                   [("killed", "ASSAULT", ["Unknown gunmen"], ["two farmers"])])
    assert codes(d[0].actors) == [(None, "UAF", None)]
    assert codes(d[0].recipients) == [("IRQ", "AGR", None)]


def test_compound_actor_gives_both_entities(code_story) -> None:  # type: ignore[no-untyped-def]
    d = code_story("The US and France condemned the coup in Niger.",
                   [("condemned", "ACCUSE", ["The US and France"], [])])
    assert codes(d[0].actors) == [("USA", "GOV", None), ("FRA", "GOV", None)]


def test_event_date_decides_the_office(code_story) -> None:  # type: ignore[no-untyped-def]
    text = "Iraq's prime minister criticised the strike."
    events = [("criticised", "ACCUSE", ["Iraq's prime minister"], [])]
    early = code_story(text, events, date=dt.date(2021, 5, 1))
    late = code_story(text, events, date=dt.date(2023, 5, 1))
    assert early[0].actors[0].identifier_id == "tft:irq-kadhimi"
    assert late[0].actors[0].identifier_id == "tft:irq-sudani"


def test_user_dictionary_adds_a_local_militia(code_story, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "local.yaml"
    extra.write_text("actors:\n  - {id: local:lions, name: Lions of Anbar, country: IRQ, sector: PRM,"
                     " aliases: [Anbar Lions]}\n", encoding="utf-8")
    d = code_story("The Anbar Lions attacked a checkpoint.",
                   [("attacked", "ASSAULT", ["The Anbar Lions"], [])],
                   component=ActorsComponent([str(extra)]))
    assert codes(d[0].actors) == [("IRQ", "PRM", "local:lions")]


def test_main_country_counts_named_people() -> None:
    """A story about Bouteflika is about Algeria even when no country is named."""
    from titfortat.actors import ActorResolver

    r = ActorResolver.load()
    assert r.main_country("President Abdelaziz Bouteflika met Congress leaders and party heads.") == "DZA"
