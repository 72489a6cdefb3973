"""The places stage as a whole: story memory, notes, and the pipeline registration."""

from __future__ import annotations

from typing import Any

from titfortat.model import Location
from titfortat.nlp import pipeline
from titfortat.nlp.draft import memory


def test_main_country_and_place_from_dateline(run_places: Any) -> None:
    draft, doc = run_places("MOSUL, Iraq — Police said gunmen killed two men on Sunday.", "killed")
    mem = memory(doc)
    assert mem["main_country"] == "IRQ"
    assert isinstance(mem["main_place"], Location) and mem["main_place"].resolved_place == "Mosul"
    assert draft.location == mem["main_place"]
    assert draft.notes == ["place: 'Mosul' from the dateline"]


def test_main_country_from_mentions_and_demonyms(run_places: Any) -> None:
    _, doc = run_places("Iraqi troops fought in Anbar. Iraqi police arrested ten men.", "arrested")
    assert memory(doc)["main_country"] == "IRQ"


def test_tie_gives_no_main_country(run_places: Any) -> None:
    draft, doc = run_places("Iranian and Saudi negotiators return to talks next month.", "return")
    assert memory(doc)["main_country"] is None
    draft, doc = run_places("Iranian and Saudi negotiators return to Geneva next month.", "return")
    assert draft.location is not None and draft.location.country_code == "CHE"


def test_no_place_at_all(run_places: Any) -> None:
    draft, doc = run_places("The minister resigned on Friday.", "resigned")
    assert draft.location is None and draft.notes == ["place: none found"]
    assert memory(doc)["main_country"] is None and memory(doc)["main_place"] is None


def test_every_draft_gets_its_own_place(run_places: Any) -> None:
    draft, doc = run_places("Gunmen attacked Kirkuk on Monday. Police arrested four men in Erbil.", "arrested")
    assert draft.location is not None and draft.location.extracted_place == "Erbil"


def test_stage_is_registered_in_the_pipeline() -> None:
    assert ("titfortat_places", "titfortat.geo.component") in pipeline.STAGES
    assert pipeline.stage_available("titfortat.geo.component")
