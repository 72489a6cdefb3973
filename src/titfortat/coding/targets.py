"""Where a recipient hides when the object of an event is not a party: in the clause a demand
or a stance governs, in a condition, in a reported accusation, in "in protest against X".

Each helper returns the party tokens it finds (at most the first is used); `coding.roles`
calls them in order after the direct object and the recipient prepositions have failed.
"""

from __future__ import annotations

from spacy.tokens import Token

from titfortat.coding.complements import operator_data
from titfortat.coding.syntax import (
    PASS_SUBJ,
    SUBJ,
    RoleData,
    entity_in,
    prep_objects,
    role_data,
    trailing_attribution,
)
from titfortat.nlp.draft import Draft

# Stances whose target is the party their complement clause acts on ("refused to meet X").
COMPLEMENT_TARGET_EVENTS = frozenset({"AGREE", "REJECT", "THREATEN", "CONCEDE", "SUPPORT", "REQUEST"})
GRIEVANCE_PREPS = ("over", "about", "against")
PROTEST_PLACE_PREPS = frozenset({"at", "into", "from", "between"})
CONDITION_MARKS = frozenset({"unless", "if", "until"})


def target_preps(d: Draft) -> tuple[str, ...]:
    """Prepositions that introduce this event's recipient: a protest "at the port of Mombasa"
    or "in Yerevan" happens there; it is not aimed at the place."""
    preps = role_data().recipient_preps
    if d.entry.event == "PROTEST":
        return tuple(p for p in preps if p not in PROTEST_PLACE_PREPS)
    return preps


def accused_in_report(v: Token) -> list[Token]:
    """ "Amnesty charged that police had beaten detainees", "Border guards abused migrants, a
    rights group charged": the one accused is the subject of the reported clause."""
    clauses = [c for c in v.children if c.dep_ == "ccomp"]
    root = v.sent.root
    if trailing_attribution(v) and root.i != v.i and root.pos_ in ("VERB", "AUX"):
        clauses.append(root)
    for clause in clauses:
        subj = next((c for c in clause.children if c.dep_ in SUBJ + PASS_SUBJ), None)
        if subj is not None and subj.pos_ != "PRON" and (ent := entity_in(subj)) is not None:
            return [ent]
    return []


# "in protest against X", "in defiance of X", "in opposition to X": the act aims at X
IN_STANCE_NOUNS: dict[str, tuple[str, ...]] = {
    "protest": ("against", "of", "at", "over"), "defiance": ("of",), "opposition": ("to",)}


def in_protest_target(head: Token) -> list[Token]:
    """ "fasted for a week in protest against abuses by the army": the army;
    "blocked streets in defiance of the authorities": the authorities."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "in"):
        for p in prep.children:
            preps = IN_STANCE_NOUNS.get(p.lemma_.lower()) if p.dep_ == "pobj" else None
            for q in prep_objects(p, preps or ()):
                if (ent := entity_in(q)) is not None:
                    return [ent]
    return []


def complement_recipient(v: Token, rd: RoleData, depth: int = 3) -> list[Token]:
    """ "agreed to open its airspace to NATO jets", "declined to answer a request from
    the EU envoy": the party the complement clause acts on is the one the stance is aimed at."""
    for c in v.children:
        infinitive = c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children)
        # "warned it would cut diplomatic ties with France": a finite clause of what one will do
        od = operator_data()
        announced = c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and a.lower_ in od.future_aux | od.hypothetical_aux for a in c.children)
        if not (infinitive or announced) or c.pos_ != "VERB":
            continue
        obj = next((o for o in c.children if o.dep_ in ("dobj", "obj")), None)
        if c.lemma_.lower() in rd.transfer_verbs:
            obj = None  # "refused to extradite the suspects to Britain": the receiving party
        if obj is not None and obj.pos_ != "PRON" and (ent := entity_in(obj)) is not None:
            return [ent]  # a pronoun there mostly points back at the subject ("to protect them")
        if obj is not None and announced:
            for p in prep_objects(obj, rd.recipient_preps):
                if p.pos_ != "PRON" and (ent := entity_in(p)) is not None:
                    return [ent]
        for p in prep_objects(c, rd.recipient_preps):
            if p.pos_ != "PRON" and (ent := entity_in(p)) is not None:
                return [ent]
        if depth > 1 and (inner := complement_recipient(c, rd, depth - 1)):
            return inner
    return []


def condition_subject(v: Token) -> list[Token]:
    """ "threatened to shell the port unless the navy withdrew": the one who must comply."""
    todo, seen = [v], 0
    while todo and seen < 6:
        t = todo.pop(0)
        seen += 1
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children):
                subj = next((s for s in c.children if s.dep_ in SUBJ), None)
                if subj is not None and subj.pos_ != "PRON" and (ent := entity_in(subj)) is not None:
                    return [ent]
            if c.dep_ in ("xcomp", "ccomp", "conj") or c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children):
                todo.append(c)
    return []


def clause_subjects(head: Token) -> list[Token]:
    """Named subjects of the that-clauses (or infinitive clauses) under `head`."""
    out = []
    for clause in (c for c in head.children if c.dep_ in ("ccomp", "xcomp", "acl") or (
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("for", "that") for m in c.children))):
        subj = next((c for c in clause.children if c.dep_ in SUBJ), None)
        if subj is not None and subj.pos_ != "PRON" and (ent := entity_in(subj)) is not None:
            out.append(ent)
    return out


def behind(n: Token) -> Token | None:
    """ "officials said the militia was behind the bombing": the one said to be behind an event did it."""
    if n.dep_ != "pobj" or n.head.lower_ != "behind" or n.head.head.lemma_ != "be":
        return None
    subj = next((c for c in n.head.head.children if c.dep_ in SUBJ), None)
    return subj if subj is not None and entity_in(subj) is not None else None


NATIONAL = frozenset({"NORP", "GPE"})


CAUSE_MARKS = frozenset({"when", "as", "after"})


def attacker_in_clause(v: Token) -> Token | None:
    """ "Three protesters were killed when police fired live rounds": a passive harm with no
    by-agent is done by the subject of the when-clause that tells how it happened."""
    for c in v.children:
        if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in CAUSE_MARKS for m in c.children):
            subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
            if subj is not None and (ent := entity_in(subj)) is not None:
                return ent
    return None


def attacker_in_cause(v: Token, rd: RoleData) -> Token | None:
    """ "Three fishermen were killed in Indian artillery shelling", "wounded in a drone strike by the
    militia": a passive harm verb with no by-agent is caused by the attack named after in or
    during; that attack's by-agent, possessor or nation adjective is the attacker. The token
    returned heads the actor phrase ("Indian artillery shelling" -> the head of "Indian artillery")."""
    for cause in prep_objects(v, ("in", "during")):
        lemma = cause.lemma_.lower()
        if lemma not in rd.attack_nouns | rd.weapon_nouns | rd.munitions:
            continue
        agent = next((a for p in prep_objects(cause, ("by",)) if (a := entity_in(p)) is not None), None)
        if agent is not None:
            return agent
        owner = next((c for c in cause.children if c.dep_ == "poss" and entity_in(c) is not None), None)
        if owner is not None:
            return entity_in(owner)
        if any(c.dep_ in ("amod", "compound") and c.ent_type_ in NATIONAL for c in cause.subtree):
            return cause
    return None


def despite_target(v: Token) -> list[Token]:
    """ "declined to resign despite pressure by the anti-corruption commission", "went ahead
    despite US objections": a refusal made against someone's pressure is aimed at them."""
    for head in (v, *[c for c in v.children if c.dep_ in ("xcomp", "ccomp")]):
        for p in prep_objects(head, ("despite",)):
            if p.lemma_.lower() not in role_data().pressure_nouns:  # (not "warnings" of starvation)
                continue
            for q in prep_objects(p, ("by", "from")):
                if (ent := entity_in(q)) is not None:
                    return [ent]
            owner = next((c for c in p.children if c.dep_ in ("poss", "compound", "amod")
                          and entity_in(c) is not None), None)
            if owner is not None and (ent := entity_in(owner)) is not None:
                return [ent]
    return []
