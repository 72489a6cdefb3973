"""Actors in words: the dashboard's and the report's names for codes and dyad keys."""

from __future__ import annotations

import pytest

from tests.serving import sample_results
from titfortat.web.labels import entity_label, key_label, party_label


@pytest.mark.parametrize("key,label", [
    ("IRQ:GOV", "Iraq, government"),
    ("IRQ:PRM", "Iraq, militia"),
    ("UNO", "United Nations"),
    ("XXX:UAF", "unidentified armed group, country unknown"),
    ("XXX", "unidentified actor, country unknown"),
    ("local:karim-al-daraji", "local:karim-al-daraji"),
])
def test_key_labels(key: str, label: str) -> None:
    assert key_label(key) == label


def test_an_actor_without_a_code_takes_the_country_of_the_place() -> None:
    assert party_label(None, "UAF", "Iraq") == "unidentified armed group, Iraq"
    gunmen = {"entity_text": "gunmen", "code": None, "sector": "UAF"}
    assert entity_label(gunmen, "Iraq") == "gunmen (unidentified armed group, Iraq)"


@pytest.mark.slow
def test_the_report_shows_no_bare_unknown_code() -> None:
    from titfortat.analysis import events_to_frame
    from titfortat.report.html import build_report

    events = [e for r in sample_results() for e in r.events]
    page = build_report(events_to_frame(events))
    assert ">XXX<" not in page and ">XXX:" not in page
    assert "unidentified actor, country unknown" in page
    assert "Iraq, government (IRQ:GOV)" in page
