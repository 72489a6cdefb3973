"""The ACLED type decision: the declared policy on synthetic evidence lists, and every rule of
data/acled.yaml on its own example sentence."""

from __future__ import annotations

import pytest
from spacy.language import Language

from titfortat.api import code_text
from titfortat.coding.acled import SUB_EVENT_TYPES, acled_tables
from titfortat.coding.decide import decide
from titfortat.coding.evidence import Evidence

LEX = Evidence("lexicon", sub="Grenade", strength=0.9)
RULE = Evidence("rule:armed-on-civilians", sub="Attack", strength=0.7)
HARD = Evidence("rule:armed-vs-armed", sub="Armed clash", strength=0.9)
LABEL = Evidence("label:looting", sub="Looting/property destruction", strength=0.95)


def clf(sub: str, p: float) -> Evidence:
    return Evidence("classifier", sub=sub, strength=p)


@pytest.mark.parametrize(("evidence", "sub", "kind"), [
    ([], None, None),
    ([RULE], "Attack", "rule"),
    # a sure classifier (trained by the analyst on their own labels) overrules the rules ...
    ([RULE, clf("Armed clash", 0.8)], "Armed clash", "classifier"),
    ([HARD, clf("Attack", 0.95)], "Attack", "classifier"),
    ([LEX, clf("Attack", 0.95)], "Attack", "classifier"),
    # ... but below classifier_min_prob the codebook's hard rules and the lexicon decide
    ([HARD, clf("Attack", 0.55)], "Armed clash", "hard"),
    ([LEX, clf("Attack", 0.55)], "Grenade", "lexicon"),
    # an unsure classifier leaves the decision to the rules ...
    ([RULE, clf("Armed clash", 0.5)], "Attack", "rule"),
    # ... and speaks only when nothing else does, above the fallback threshold
    ([clf("Armed clash", 0.5)], "Armed clash", "classifier-unsure"),
    ([clf("Armed clash", 0.2)], None, None),
    # a label outside ACLED's 25 sub-types is ignored
    ([RULE, clf("Riot", 0.99)], "Attack", "rule"),
    # ACLED's own note label wins over everything
    ([HARD, LEX, clf("Attack", 0.99), LABEL], "Looting/property destruction", "label"),
    # within a kind, the strongest item
    ([clf("Attack", 0.7), clf("Armed clash", 0.9)], "Armed clash", "classifier"),
    # evidence about the PLOVER type only says nothing here
    ([Evidence("rule:discard", event="ASSAULT")], None, None),
])
def test_policy(evidence: list[Evidence], sub: str | None, kind: str | None) -> None:
    dec = decide(evidence)
    assert (dec.sub, dec.kind) == (sub, kind)
    if sub is not None:
        assert dec.type == acled_tables().subtypes[sub].type
        assert dec.winner is not None and dec.winner.sub == sub


@pytest.mark.parametrize("modality", ["negated", "future", "hypothetical"])
def test_unreal_events_get_no_acled_type(modality: str) -> None:
    assert decide([HARD, clf("Attack", 0.99)], modality).sub is None


def test_tables_cover_the_codebook() -> None:
    t = acled_tables()
    assert set(t.subtypes) == set(SUB_EVENT_TYPES) and len(SUB_EVENT_TYPES) == 25
    assert {s.type for s in t.subtypes.values()} == {
        "Battles", "Violence against civilians", "Explosions/Remote violence", "Protests", "Riots",
        "Strategic developments"}


RULES = acled_tables().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_example(nlp: Language, rule: object) -> None:
    """Each rule's own example sentence is coded with the rule's sub-type, and the record's
    explanation names the rule."""
    events = code_text(rule.example, "2024-06-12", nlp=nlp)  # type: ignore[attr-defined]
    subs = [e.acled_sub_event_type for e in events]
    assert rule.sub in subs, (rule.example, [(e.event, e.mode, e.acled_sub_event_type) for e in events])  # type: ignore[attr-defined]
    ev = events[subs.index(rule.sub)]  # type: ignore[attr-defined]
    assert any(rule.id in note for note in ev.explanation if note.startswith("ACLED")), ev.explanation  # type: ignore[attr-defined]


def test_classifier_evidence_recodes_plover(nlp: Language) -> None:
    """A sure classifier label from another family brings the PLOVER type with it."""
    from titfortat.coding.decide import decide_draft
    from titfortat.nlp.draft import drafts

    doc = nlp("Hundreds of nurses protested outside the health ministry on Monday.")
    d = next(x for x in drafts(doc) if x.discarded is None)
    d.acled = None
    d.evidence.append(clf("Arrests", 0.9))
    dec = decide_draft(d)
    assert dec.sub == "Arrests" and (d.entry.event, d.entry.mode) == ("COERCE", "arrest")
    # the classifier's probability, times the rank of a development beside a main event
    assert d.confidence == pytest.approx(0.9 * acled_tables().subtypes["Arrests"].rank)
    assert any("classifier: Arrests (0.90)" in n for n in d.notes)


def _top(events: list) -> object:  # type: ignore[type-arg]
    typed = [e for e in events if e.acled_sub_event_type]
    return max(typed, key=lambda e: e.confidence) if typed else None


def test_reference_kept_when_the_story_tells_no_other_event(nlp: Language) -> None:
    """ "dead after a shootout": the shootout is told nowhere else, so it is the event."""
    events = code_text("Two men are dead after a shootout with police in the suburbs.", "2024-06-12", nlp=nlp)
    assert [e.acled_sub_event_type for e in events] == ["Armed clash"]
    assert any("kept: the story tells no other event" in n for n in events[0].explanation)


def test_reference_dropped_when_the_story_tells_another_event(nlp: Language) -> None:
    events = code_text("The president dismissed the army chief on Monday following the clashes in the north.",
                       "2024-06-12", nlp=nlp)
    assert "ASSAULT" not in [e.event for e in events]


def test_an_event_told_later_ranks_below_the_first(nlp: Language) -> None:
    """A note or lede tells its main event first: the casualties told after it rank lower."""
    events = code_text("Rebels attacked an army base near the border on Monday. Two civilians were killed "
                       "in the crossfire.", "2024-06-12", nlp=nlp)
    first, later = events[0], events[-1]
    assert first.acled_sub_event_type == "Armed clash" and later is not first
    assert later.confidence < first.confidence
    assert _top(events) is first
    assert any("told in a later sentence" in n for n in later.explanation)
    assert not any("told in a later sentence" in n for n in first.explanation)


@pytest.mark.parametrize(("text", "sub"), [
    # a community named as the doer is a communal militia: its violence on civilians is an attack
    ("Fulani herders attacked farmers in their fields near the village on Sunday.", "Attack"),
    # the same words on the victims' side make them civilians, not an armed party
    ("Gunmen killed three herders and stole their cattle near the village on Sunday.", "Attack"),
    # a crowd clash with no armed group is mob violence, not an armed clash
    ("Supporters of two rival parties clashed in the market on Saturday, injuring four.", "Mob violence"),
    # killing with no second armed side named is an attack
    ("Armed men killed a trader on the road to the market on Friday.", "Attack"),
])
def test_who_is_armed_decides(nlp: Language, text: str, sub: str) -> None:
    top = _top(code_text(text, "2024-06-12", nlp=nlp))
    assert top is not None and top.acled_sub_event_type == sub  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "event"), [
    ("Government employees staged a protest outside the finance ministry on Monday.", "PROTEST"),
    ("In the capital, a group of nurses protested demanding unpaid wages.", "PROTEST"),
    ("Japan protested to China over the detention of its diplomat.", "ACCUSE"),
])
def test_a_demonstration_is_not_a_complaint(nlp: Language, text: str, event: str) -> None:
    events = code_text(text, "2024-06-12", nlp=nlp)
    assert events and events[0].event == event


@pytest.mark.parametrize(("text", "sector", "doer", "seen"), [
    ("an off-duty policeman", "COP", False, "CVL"),  # ACLED: an attack on him is on a civilian
    ("a retired soldier", "MIL", False, "CVL"),
    ("an off-duty policeman", "COP", True, "COP"),  # as the doer he is still police
    ("two policemen", "COP", False, "COP"),
    ("a vigilante mob", "CVL", True, "MOB"),  # a crowd, however armed
    ("vigilantes", "CVL", True, "UAF"),
    ("rival clans", "SOC", True, "UAF"),  # a doer named as a community is a communal militia
    ("rival clans", "SOC", False, "SOC"),
])
def test_party_as_the_rules_see_it(text: str, sector: str, doer: bool, seen: str) -> None:
    from titfortat.coding.acled import sector_for_rules
    from titfortat.model import Entity

    assert sector_for_rules(Entity(text, sector=sector), doer) == seen


@pytest.mark.parametrize(("text", "victim"), [
    ("3 civilians", True), ("dozens", True), ("Both victims", True), ("gunmen", False), ("villagers", False)])
def test_casualty_words_are_never_the_doer(text: str, victim: bool) -> None:
    from titfortat.coding.acled import is_victim
    from titfortat.model import Entity

    assert is_victim(Entity(text, sector="CVL")) is victim


def test_recoding_rules_change_the_plover_type(nlp: Language) -> None:
    """A rule marked `recode` takes an event of another PLOVER type; the decision recodes it to
    the sub-type's, so the record stays consistent (a gathering with a demand is a PROTEST)."""
    t = acled_tables()
    recoding = [r for r in t.rules if r.event not in {e for e, _m, _c in t.subtypes[r.sub].plover}]
    assert recoding, "no rule recodes"
    for rule in recoding:
        events = code_text(rule.example, "2024-06-12", nlp=nlp)
        ev = next(e for e in events if e.acled_sub_event_type == rule.sub)
        assert ev.event in {e for e, _m, _c in t.subtypes[rule.sub].plover}, (rule.id, ev.event)


def test_noun_rules_skip_verbs(nlp: Language) -> None:
    """`kind: noun`: monitors' "bursts of fire" are a clash they saw; a verb "fired" in a note
    that mentions monitors is not."""
    events = code_text("Rebels fired mortars at the town on Monday. Monitors observed ten explosions nearby.",
                       "2024-06-12", nlp=nlp)
    fired = next(e for e in events if e.event_text.lower().startswith("fired"))
    assert fired.acled_sub_event_type == "Shelling/artillery/missile attack"
