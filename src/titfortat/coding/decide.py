"""The one place that decides an event's ACLED type (and keeps its PLOVER type consistent).

Stages add `Evidence` to `Draft.evidence` (a trained classifier: source "classifier", its
ACLED sub-type and probability); this stage adds the evidence of data/acled.yaml (ACLED's own
note label, the trigger's lexicon entry, the first matching codebook rule) and decides by the
file's declared policy: the first evidence kind in `precedence` that has an item wins. A
classifier overrules the rules only at `classifier_min_prob` or above, and only with one of
the 25 sub-types. The winning sub-type's PLOVER type/mode/CAMEO come from the consistency
table; the explanation lists what was weighed and what won. Runs after finalize, when actors,
places and actor-based recodes are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from titfortat.coding.acled import (
    AcledTables,
    acled_tables,
    label_evidence,
    lexicon_evidence,
    rule_evidence,
)
from titfortat.coding.acled_inter import assign, implied_actor
from titfortat.coding.evidence import Evidence
from titfortat.coding.lexicon import default_lexicon
from titfortat.model import Entity, Location
from titfortat.nlp.draft import Draft, drafts, memory


@dataclass(frozen=True)
class Decision:
    """The ACLED type and sub-type of one event (both None: ACLED would not code it)."""

    type: str | None
    sub: str | None
    winner: Evidence | None = None
    kind: str | None = None  # the evidence kind that won (see `precedence`)
    why: str = ""


NO_DECISION = Decision(None, None)


def kind_of(ev: Evidence, tables: AcledTables) -> str | None:
    """The policy kind of an evidence item; None when it says nothing about the ACLED type."""
    if ev.sub is None or ev.sub not in tables.subtypes:
        return None
    src = ev.source
    if src.startswith("label"):
        return "label"
    if src == "lexicon":
        return "lexicon"
    if src.startswith("classifier"):
        if ev.strength >= tables.policy.classifier_min_prob:
            return "classifier"
        return "classifier-unsure" if ev.strength >= tables.policy.classifier_fallback_prob else None
    if src.startswith("rule:"):
        rule = next((r for r in tables.rules if r.id == src[5:]), None)
        return "hard" if rule is not None and rule.hard else "rule"
    return "cue"


def decide(evidence: Sequence[Evidence], modality: str = "asserted", tables: AcledTables | None = None) -> Decision:
    """Weigh the evidence by the policy: the first kind in `precedence` with an item wins,
    within a kind the strongest item (then the first)."""
    t = tables or acled_tables()
    if modality in t.policy.uncoded_modalities:
        return Decision(None, None, why=f"not coded for ACLED: {modality}")
    by_kind: dict[str, list[Evidence]] = {}
    for ev in evidence:
        k = kind_of(ev, t)
        if k is not None:
            by_kind.setdefault(k, []).append(ev)
    rules_hold(by_kind, t)
    for k in t.policy.precedence:
        items = by_kind.get(k)
        if items:
            best = max(items, key=lambda e: e.strength)  # max keeps the first of equals
            assert best.sub is not None
            return Decision(t.subtypes[best.sub].type, best.sub, best, k, f"{k} wins")
    return NO_DECISION


def rules_hold(by_kind: dict[str, list[Evidence]], t: AcledTables) -> None:
    """Issue 12: where the rules' own winner is a sub-type listed in
    `classifier_min_prob_against`, a classifier below that probability speaks only as an
    unsure one (where the two disagree on such notes, the rules were right more often:
    docs/learning.md)."""
    against = dict(t.policy.classifier_min_prob_against)
    sure = by_kind.get("classifier")
    if not sure or not against:
        return
    rules = next((by_kind[k] for k in t.policy.precedence if k not in ("classifier", "classifier-unsure")
                  and k in by_kind), None)
    if not rules:
        return
    sub = max(rules, key=lambda e: e.strength).sub
    need = against.get(sub or "")
    if need is not None and max(e.strength for e in sure) < need and all(e.sub != sub for e in sure):
        by_kind.setdefault("classifier-unsure", []).extend(by_kind.pop("classifier"))


def parties(d: Draft) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """Actors and recipients as the event record will have them (spans when unresolved)."""
    actors = tuple(d.actors) or tuple(Entity(s.text) for s in d.actor_spans)
    recipients = tuple(d.recipients) or tuple(Entity(s.text) for s in d.recipient_spans)
    return actors, recipients


def gather(d: Draft) -> list[Evidence]:
    """The draft's evidence from other stages plus the label, lexicon and rule evidence."""
    actors, recipients = parties(d)
    own = [label_evidence(d), lexicon_evidence(d), rule_evidence(d, actors, recipients)]
    return [*d.evidence, *(e for e in own if e is not None)]


def make_consistent(d: Draft, sub: str, tables: AcledTables) -> None:
    """Recode the draft's PLOVER type to one that goes with the ACLED sub-type, if it does not."""
    allowed = tables.subtypes[sub].plover
    if not allowed or any(ev == d.entry.event for ev, _m, _c in allowed):
        return
    event, mode, cameo = allowed[0]
    old = d.entry.event
    d.entry = default_lexicon().variant(d.entry, event=event, mode=mode, cameo=cameo)
    d.notes.append(f"PLOVER type follows the ACLED type {sub!r}: {old} -> {event}")


def decide_draft(d: Draft) -> Decision:
    """Decide one draft: write the ACLED type on it, recode PLOVER if needed, explain."""
    t = acled_tables()
    evidence = gather(d)
    dec = decide(evidence, d.modality, t)
    d.acled = (dec.type, dec.sub)
    if dec.winner is not None and dec.sub is not None:
        make_consistent(d, dec.sub, t)
        if dec.kind in ("classifier", "classifier-unsure"):
            d.confidence = max(0.05, min(0.99, dec.winner.strength))
        d.confidence = max(0.05, d.confidence * t.subtypes[dec.sub].rank)
        weighed = "; ".join(e.describe() for e in evidence if e is not dec.winner and kind_of(e, t))
        d.notes.append(f"ACLED {dec.sub!r} from {dec.winner.describe()}"
                       + (f" (also weighed: {weighed})" if weighed else ""))
    elif dec.why:
        d.notes.append(dec.why)
    implied_actor(d, dec.type, dec.sub)
    assign(d, dec.type)
    return dec


def acled_of(d: Draft) -> tuple[str | None, str | None]:
    """The draft's ACLED (type, sub-type): decided by the stage, else decided now."""
    if d.acled is None:
        decide_draft(d)
    assert d.acled is not None
    return d.acled


def borrow_actors(d: Draft, ds: Sequence[Draft]) -> None:
    """ "a soldier was wounded following an attack by militants": violence with no actor takes
    the doers of another mention of violence in its sentence (even one set aside as a
    reference to the same attack), unless they are its own victims."""
    if d.actors or d.actor_spans or d.entry.event != "ASSAULT":
        return
    victims = {r.entity_text for r in d.recipients}
    for o in ds:
        if o is d or o.entry.event != "ASSAULT" or not o.actors or o.sent.start != d.sent.start:
            continue
        if any(a.entity_text in victims for a in o.actors) or "source" in dict(o.actors[0].attributes):
            continue
        d.actors = list(o.actors)
        d.notes.append(f"actor from {o.trigger.text!r} in the same sentence")
        return


@Language.factory("titfortat_decide")
def make_decide(nlp: Language, name: str) -> DecideStage:
    return DecideStage()


# Discard reasons (coding/discard.py) of an event noun set aside as a reference to an event
# told elsewhere in the story ("killed following clashes", "in retaliation for the raid").
REFERENCE_REASONS = ("refers to an event reported elsewhere", "the motive of a")


def revive_reference(ds: Sequence[Draft]) -> Draft | None:
    """ "One fighter was killed following a gunbattle with soldiers": when the story has no
    other event, the event it refers to is told nowhere else, so the first reference
    that gets an ACLED type is the story's event after all. Only in a story with no live event
    at all: "expelled diplomats in retaliation for the arrest" is about the expulsion."""
    if any(d.discarded is None for d in ds):
        return None
    for d in ds:
        if d.discarded is None or not d.discarded.startswith(REFERENCE_REASONS) or d.modality != "asserted":
            continue
        reason = d.discarded
        d.discarded = None
        borrow_actors(d, ds)
        if decide_draft(d).type is not None:
            d.notes.append(f"kept: the story tells no other event (was: {reason})")
            return d
        d.discarded, d.acled = reason, None
    return None


LATER_SENTENCE = 0.7  # confidence factor per earlier sentence that already told an ACLED event


def lede_first(ds: Sequence[Draft]) -> None:
    """A story (a news lede, an ACLED note) tells its main event first; an ACLED event told in
    a later sentence is most often a detail of it (the casualties, a reaction, the arrests that
    followed), so its confidence drops by LATER_SENTENCE for each earlier sentence that told one."""
    sents: list[int] = []
    for d in sorted((x for x in ds if x.discarded is None and x.acled and x.acled[0]), key=lambda x: x.head.i):
        start = d.sent.start
        if start not in sents:
            sents.append(start)
        n = sents.index(start)
        if n:
            d.confidence = max(0.05, d.confidence * LATER_SENTENCE ** n)
            d.notes.append(f"told in a later sentence than the story's first ACLED event: confidence x{LATER_SENTENCE ** n:.2f}")


class DecideStage:
    """spaCy component: decides each live draft's ACLED type from its evidence; keeps a
    reference to an event told nowhere else (`revive_reference`)."""

    def __call__(self, doc: Doc) -> Doc:
        ds = drafts(doc)
        for d in ds:
            if d.discarded is None:
                borrow_actors(d, ds)
                decide_draft(d)
        revive_reference(ds)
        classifier_fallback(doc, ds)
        lede_first(ds)
        return doc

    def preload(self) -> None:
        acled_tables()
        default_lexicon()


# --- Issue 12: the classifier types a note the rules give no ACLED event ----------------------
# Kept apart from the policy above: it acts only after every draft has been decided.

WHOLE_TEXT = "classifier"  # memory(doc) key: the classifier's Evidence for a text read whole (learn/component.py)


def classifier_fallback(doc: Doc, ds: list[Draft]) -> Draft | None:
    """A short text the classifier read whole (a note, a snippet: learn/component.py) in which
    the rules give no event an ACLED type: when the classifier is sure of the text's sub-type
    (`classifier_note_prob`), it types the text's main event. That event is the most confident
    live asserted draft, else the first asserted draft set aside, else a new draft on the main
    clause's verb; its actors, date and place stay those the rules found. Without it the
    classifier's label was lost on such notes, and the coder scored below the classifier alone."""
    ev = memory(doc).get(WHOLE_TEXT)
    t = acled_tables()
    if not isinstance(ev, Evidence) or ev.sub not in t.subtypes or ev.strength < t.policy.classifier_note_prob:
        return None
    if any(d.discarded is None and d.acled and d.acled[0] for d in ds):
        return None
    if any(d.discarded is None and d.modality in t.policy.uncoded_modalities for d in ds):
        return None  # the rules read the text's event as negated, hypothetical or future
    live = [d for d in ds if d.discarded is None and d.modality == "asserted"]
    set_aside = [d for d in ds if d.discarded is not None and d.modality == "asserted"]
    d = max(live, key=lambda x: x.confidence) if live else (set_aside[0] if set_aside else main_clause_draft(doc, ev.sub))
    if d is None:
        return None
    if d.discarded is not None:
        d.notes.append(f"kept: the classifier types the text (was: {d.discarded})")
        d.discarded = None
    borrow_when_place(doc, d, ds)
    assert ev.sub is not None
    d.acled = (t.subtypes[ev.sub].type, ev.sub)
    make_consistent(d, ev.sub, t)
    d.confidence = max(0.05, min(0.99, ev.strength) * t.subtypes[ev.sub].rank)
    d.notes.append(f"ACLED {ev.sub!r} from {ev.describe()} (the classifier decided: the rules typed no event "
                   f"of this text)")
    implied_actor(d, *d.acled)
    assign(d, d.acled[0])
    return d


def borrow_when_place(doc: Doc, d: Draft, ds: Sequence[Draft]) -> None:
    """A draft without a date or a place (a new one, or one set aside before they were
    resolved) takes those the rules gave another draft of the text; the text's only draft is
    dated by the date stage, and placed at the story's main place."""
    if d.date is None:
        o = next((x for x in ds if x.date is not None), None)
        if o is not None:
            d.date, d.date_precision, d.date_text = o.date, o.date_precision, o.date_text
        elif len(ds) == 1:
            from titfortat.temporal.component import date_events

            date_events(doc)
    if d.location is None:
        main = memory(doc).get("main_place")
        d.location = next((x.location for x in ds if x.location is not None),
                          main if isinstance(main, Location) else None)


def main_clause_draft(doc: Doc, sub: str) -> Draft | None:
    """A draft on the root verb of the text's first sentence, coded with a lexicon entry of the
    sub-type's first PLOVER event (the text has no trigger the lexicon knows)."""
    t = acled_tables()
    allowed = t.subtypes[sub].plover
    sent = next(iter(doc.sents), None)
    if not allowed or sent is None:
        return None
    event, mode, cameo = allowed[0]
    lex = default_lexicon()
    base = next((e for e in lex.entries if e.event == event and e.pos == "verb"), None)
    if base is None:
        return None
    d = Draft(trigger=Span(doc, sent.root.i, sent.root.i + 1), head=sent.root, kind="verb",
              entry=lex.variant(base, event=event, mode=mode, cameo=cameo))
    d.notes.append(f"the main clause's verb {sent.root.text!r}: no trigger the lexicon knows")
    drafts(doc).append(d)
    return d
