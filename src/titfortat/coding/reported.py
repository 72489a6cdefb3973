"""Statements that are events of their own: what a speaker says another party must do is a
demand ("Russia said Sudan must return the helicopter": REQUEST), and what a speaker claims
another party did by force, or reports it suffered, is an accusation ("Azerbaijan claimed
Armenian units shelled a village": ACCUSE). Both run after the operators (`coding.modality`),
so the reported acts already carry their roles and modality.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from titfortat.coding import complements as cx
from titfortat.coding.lexicon import Lexicon
from titfortat.coding.syntax import entity_in, is_entity_like, np_span, role_data, subject_of, with_conjuncts
from titfortat.nlp.draft import Draft


def reported_demands(lex: Lexicon, doc: Doc, ds: list[Draft]) -> list[Draft]:
    """ "Russia said Sudan must return the helicopter": a statement that another party must act
    is a demand (REQUEST) by the speaker to that party; the act itself has not happened."""
    modals = role_data().demand_modals
    by_head = {d.head.i: d for d in ds if d.discarded is None}
    base = next((e for e in lex.verbs.get("demand", []) if e.event == "REQUEST"), None)
    out: list[Draft] = []
    if base is None:
        return out
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or cx.operator_class(tok) != "report":
            continue
        clause = next((c for c in tok.children if c.dep_ == "ccomp"
                       and any(a.dep_ == "aux" and a.lower_ in modals for a in c.children)), None)
        speaker = subject_of(tok)
        if clause is None or speaker is None or speaker.pos_ == "PRON":
            continue
        target = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        target_ent = entity_in(target) if target is not None else None
        if target_ent is None or target_ent.i == speaker.i:
            continue
        content = by_head.get(clause.i)
        mode = cx.ask_mode(content.entry) if content is not None else "change"
        if content is not None:
            content.discarded = f"demanded by {speaker.text!r} ('{tok.text} ... must')"
        existing = by_head.get(tok.i)
        if existing is not None and existing.entry.event not in ("REQUEST",):
            continue
        d = existing or Draft(trigger=Span(doc, tok.i, tok.i + 1), head=tok, kind="verb", entry=base)
        d.entry = lex.variant(base, event="REQUEST", mode=mode, cameo=cx.request_cameo("100", mode))
        d.actor_spans = [np_span(speaker)]
        d.recipient_spans = [np_span(target_ent)]
        d.modality = "asserted"
        d.confidence = 0.6
        d.notes.append(f"'{tok.text} that ... {next(a.text for a in clause.children if a.dep_ == 'aux')}' "
                       f"is a demand by the speaker: REQUEST/{mode}")
        if existing is None:
            out.append(d)
    return out


ALLEGED_EVENTS = frozenset({"ASSAULT", "COERCE"})
TARGET_PRONOUNS = frozenset({"it", "us", "we", "them", "him", "her", "me"})
OWN_POSSESSIVES = frozenset({"its", "our", "their", "his", "her", "my"})


def _covers(span: Span, tok: Token) -> bool:
    return span.start <= tok.i < span.end


def reported_accusations(lex: Lexicon, ds: list[Draft]) -> list[Draft]:
    """ "Azerbaijan claimed that Armenian units shelled a village", "Israel said a mortar was fired at it from
    Gaza": a party's statement that another party used force is an accusation (ACCUSE/allege,
    CAMEO 112) by the speaker against the alleged doer, besides the claimed act itself.

    It takes a contested-assertion verb (operators.yaml `allegation_verbs`: claim, insist, ...)
    or a speaker who is the act's target; a plain "X said Y attacked Z" by a third party stays
    a report. A verb that is already an event ("accused", "alleged") is not doubled."""
    claims = cx.operator_data().allegation_verbs
    base = next((e for e in lex.verbs.get("accuse", []) if e.event == "ACCUSE"), None)
    heads = {d.head.i for d in ds if d.discarded is None}
    out: list[Draft] = []
    if base is None:
        return out
    for d in ds:
        if d.discarded is not None or d.entry.event not in ALLEGED_EVENTS:
            continue
        chain = cx.operator_chain(d.head)
        if not chain or chain[0][1] != "report":
            continue
        verb = chain[0][0]
        speaker = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
        if verb.i in heads or speaker is None or speaker.pos_ == "PRON" or not is_entity_like(speaker):
            continue
        if any(_covers(s, speaker) for s in d.actor_spans):
            continue  # the speaker's own act
        targeted = any(_covers(s, speaker) or s.root.lower_ in TARGET_PRONOUNS
                       or any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in s.root.children)
                       for s in d.recipient_spans)
        if verb.lemma_.lower() not in claims and not targeted or not d.actor_spans and not targeted:
            continue
        a = Draft(trigger=Span(verb.doc, verb.i, verb.i + 1), head=verb, kind="verb",
                  entry=lex.variant(base, event="ACCUSE", mode="allege", cameo="112"))
        a.actor_spans = [np_span(t) for t in with_conjuncts(speaker)]
        a.recipient_spans = list(d.actor_spans)
        a.about = d
        a.confidence = 0.5
        doers = ", ".join(repr(s.text) for s in d.actor_spans) or "whoever did it"
        a.notes.append(f"{speaker.text!r} {verb.text} that {d.trigger.text!r} was done by {doers}"
                       f"{' against it' if targeted else ''}: an accusation (ACCUSE/allege)")
        heads.add(verb.i)
        out.append(a)
    return out
