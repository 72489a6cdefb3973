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
