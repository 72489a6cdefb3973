"""The story's country from where its groups act, and the user's country hint (a story's
`country` field, the `country` setting, `titfortat code --country`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from titfortat.errors import DataFileError, RejectedStory
from titfortat.geo.component import PlacesComponent
from titfortat.geo.gazetteer import Gazetteer
from titfortat.geo.groups import Theatres, read_theatres
from titfortat.ingest.countries import country_hint
from titfortat.ingest.readers import story_from_record
from titfortat.model import Location, Story
from titfortat.nlp.draft import Draft, drafts

from .conftest import ENTRY

KNOWN = frozenset({"BF", "KE", "SO", "IQ"})


def test_groups_give_the_countries_they_act_in() -> None:
    found = Theatres.load().countries_in("Ex-Seleka fighters and the Koglweogo; al Shabaab struck again.")
    assert found == [("ex seleka", ("CF",)), ("koglweogo", ("BF",)), ("al shabaab", ("SO", "KE"))]


def test_a_group_name_is_matched_as_whole_words() -> None:
    assert Theatres.load().countries_in("The Houthiland resort and the Seleka-like gangs") == [("seleka", ("CF",))]


def test_groups_file_errors_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "groups.yaml"
    bad.write_text("groups:\n  - {names: [Koglweogo], countries: [BF]}\n  - {names: [Nobody], countries: [XX]}\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError, match=r"groups.yaml:3: unknown country code 'XX'"):
        read_theatres(bad, KNOWN)
    bad.write_text("groups:\n  - {names: [Koglweogo]}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"groups.yaml:2: each group needs"):
        read_theatres(bad, KNOWN)


def test_a_small_groups_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text("groups:\n  - {names: [Blue Hand, BH], countries: [KE, SO]}\n", encoding="utf-8")
    assert read_theatres(path, KNOWN).countries_in("bh and the Blue Hand") == [("bh", ("KE", "SO")),
                                                                               ("blue hand", ("KE", "SO"))]


@pytest.mark.parametrize("given,iso3", [("IRQ", "IRQ"), ("iq", "IRQ"), ("Kenya", "KEN"), (" bfa ", "BFA")])
def test_country_hint_accepts_codes_and_names(given: str, iso3: str) -> None:
    assert country_hint(given, "x") == iso3


def test_a_bad_country_hint_is_rejected_with_its_origin() -> None:
    with pytest.raises(RejectedStory, match=r"^feed.jsonl:4: country 'Narnia' is not a country"):
        story_from_record({"id": "s1", "text": "Police arrested a man.", "country": "Narnia"}, "feed.jsonl:4")


def test_a_story_record_carries_its_country_hint() -> None:
    story = story_from_record({"id": "s1", "text": "Police arrested a man.", "country": "Iraq"}, "feed.jsonl:1")
    assert story.country == "IRQ"
    assert story_from_record({"id": "s2", "text": "Police arrested a man."}, "feed.jsonl:2").country is None


def _place(nlp: Language, gaz: Gazetteer, text: str, trigger: str, country: str | None) -> Location | None:
    doc = nlp(text)
    doc._.tft_story = Story(id="s", text=text, country=country)
    tok = next(t for t in doc if t.text == trigger)
    draft = Draft(trigger=doc[tok.i: tok.i + 1], head=tok, entry=ENTRY, kind="verb")
    drafts(doc).append(draft)
    PlacesComponent(gaz)(doc)
    return draft.location


def test_the_hint_places_a_story_that_names_no_country(base_nlp: Language, gaz: Gazetteer) -> None:
    text = "Protesters blocked the main road in Tripoli on Monday."
    blind = _place(base_nlp, gaz, text, "blocked", None)
    hinted = _place(base_nlp, gaz, text, "blocked", "LBN")
    assert blind is not None and blind.country_code == "LBY"
    assert hinted is not None and (hinted.resolved_place, hinted.country_code) == ("Tripoli", "LBN")


def test_an_unknown_village_falls_back_to_the_hinted_country(base_nlp: Language, gaz: Gazetteer) -> None:
    text = "Gunmen burned houses in the village of Bzzvwq overnight."
    assert _place(base_nlp, gaz, text, "burned", None) == Location(extracted_place="Bzzvwq")
    loc = _place(base_nlp, gaz, text, "burned", "BFA")
    assert loc is not None and (loc.country_code, loc.resolution) == ("BFA", "country")


def test_the_text_wins_over_the_hint(base_nlp: Language, gaz: Gazetteer) -> None:
    loc = _place(base_nlp, gaz, "Protesters blocked a road in Tripoli, Libya, on Monday.", "blocked", "LBN")
    assert loc is not None and loc.country_code == "LBY"


def test_the_country_setting_is_the_hint_of_stories_without_one(base_nlp: Language, gaz: Gazetteer,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TITFORTAT_COUNTRY", "Lebanon")
    loc = _place(base_nlp, gaz, "Protesters blocked the main road in Tripoli on Monday.", "blocked", None)
    assert loc is not None and loc.country_code == "LBN"


def run_cli(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "titfortat", *args], input=stdin, capture_output=True, timeout=300)


def test_code_country_option_is_the_hint() -> None:
    story = json.dumps({"id": "t1", "date": "2025-03-05",
                        "text": "Gunmen attacked a checkpoint in the village of Bzzvwq, killing two soldiers."})
    done = run_cli("code", "--country", "Burkina Faso", "--format", "jsonl", "-q", stdin=story.encode())
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert events and all(e["event_loc"]["country_code"] == "BFA" for e in events)


def test_code_rejects_an_unknown_country_option() -> None:
    done = run_cli("code", "--country", "Narnia", stdin=b"")
    assert done.returncode == 2
    assert b"country 'Narnia' is not a country" in done.stderr
    assert b"Traceback" not in done.stderr
