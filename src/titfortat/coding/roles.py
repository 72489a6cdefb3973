"""Stage 2: actors and recipients from the dependency parse.

Verbs: active subject/object, passive by-agent and subject, subjects inherited through
coordination, control ("vowed to retaliate"), relative clauses and participles.
Nouns: possessors and adjectives ("Iran's attack", "Israeli strikes"), `by`/`of`/`on`/
`against` attachments, and the subject of a light verb ("launched an attack").
Each entity is a noun-phrase Span; coordinated phrases are split into one span each.
Token-level parse helpers live in `coding.syntax`; the searches for a recipient hidden in a
clause (demands, stances, conditions, reported accusations, "in protest against") in
`coding.targets`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from titfortat.coding.syntax import (
    ENTITY_LABELS,
    PASS_SUBJ,
    RELATIVE,
    SUBJ,
    agent_of,
    entity_in,
    is_entity_like,
    is_in_protest,
    is_passive,
    np_span,
    prep_objects,
    role_data,
    subject_of,
    with_conjuncts,
)
from titfortat.coding.targets import (
    COMPLEMENT_TARGET_EVENTS,
    GRIEVANCE_PREPS,
    accused_in_report,
    attacker_in_cause,
    attacker_in_clause,
    behind,
    clause_subjects,
    complement_recipient,
    condition_subject,
    despite_target,
    in_protest_target,
    target_preps,
)
from titfortat.nlp.draft import Draft, drafts

VERBAL_EVENTS = frozenset({"ACCUSE", "SUPPORT", "REQUEST", "THREATEN", "REJECT", "AGREE"})
AIM_PREPS = ("at", "on", "against", "into", "toward", "towards", "upon")
# Events whose "of" object is the force moved, not the one who moves it, when a light verb
# names the mover ("announced the withdrawal of 2,000 troops").
MOVE_EVENTS = frozenset({"RETREAT", "MOBILIZE"})
OF_TARGET_EVENTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "THREATEN"})


def verb_roles(d: Draft) -> tuple[list[Token], list[Token]]:
    v = d.head
    rd = role_data()
    preps = target_preps(d)
    actors: list[Token] = []
    recips: list[Token] = []
    stative = v.lemma_.lower() in rd.stative_verbs and agent_of(v) is None
    # "Hundreds of residents protested in the square": one protests, one is not protested;
    # the parser made the verb a participle of its subject
    protesting = d.entry.event == "PROTEST" and v.dep_ == "acl" and entity_in(v.head) is not None \
        and not any(c.dep_ == "auxpass" for c in v.children)
    if is_passive(v) and not stative and not protesting:
        agent = agent_of(v)
        if agent is not None and agent.lemma_.lower() in rd.weapon_nouns | rd.munitions and not any(
                c.dep_ == "poss" or c.ent_type_ in ENTITY_LABELS for c in agent.children):
            # "shot down by a rocket thought to have been fired by the militia": an unowned weapon is the
            # instrument; its own by-agent, if any, is the attacker ("by Russian missiles" keeps
            # the owner named on the weapon)
            agent = next((a for t in agent.subtree if t.dep_ == "agent" and t.i != agent.head.i
                          for a in t.children if a.dep_ == "pobj"), None)
        if agent is None and d.entry.event in ("ASSAULT", "COERCE"):
            agent = attacker_in_cause(v, rd) or attacker_in_clause(v)
        if agent is not None:
            actors.append(agent)
        pas = next((c for c in v.children if c.dep_ in PASS_SUBJ), None)
        if pas is None and v.dep_ in ("acl", "amod"):
            pas = v.head
        if pas is None and v.dep_ == "conj":
            pas = next((c for c in v.head.children if c.dep_ in PASS_SUBJ), None)
        if pas is not None and pas.lemma_.lower() in rd.weapon_nouns | rd.munitions and v.lemma_.lower() in rd.fire_verbs:
            # "a rocket was fired at the army base": the weapon is the instrument
            pas = None
            recips.extend(pe for p in prep_objects(v, AIM_PREPS) if (pe := entity_in(p)) is not None)
        if pas is not None and pas.pos_ != "PRON" and entity_in(pas) is None:
            # "new evidence against the ruling party was presented by its rivals": the party is inside the object
            pas = next((pe for p in prep_objects(pas, preps) if (pe := entity_in(p)) is not None), pas)
        if pas is not None:
            if pas.lower_ in RELATIVE and v.dep_ == "relcl":
                pas = v.head
            if entity_in(pas) is not None or not prep_objects(v, ("to",)):
                recips.append(pas)
        if not recips or v.lemma_.lower() in rd.transfer_verbs:
            # "supplies were delivered to Gaza": the receiving party
            for p in prep_objects(v, ("to", "into")):
                pe = entity_in(p)
                if pe is not None:
                    recips = [pe]
                    break
    else:
        subj = entity_in(v.head) if protesting else subject_of(v)
        if subj is None and stative:
            # "Ghana is committed to sending engineers": a stance, not something done to it
            subj = next((c for c in v.children if c.dep_ in PASS_SUBJ), None)
        if subj is not None:
            actors.append(subj)
        obj = next((c for c in v.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None:
            # "kidnapped up to 20 Chinese workers": the parser reads "up" as a particle and
            # the counted object as its "to" object
            obj = next((p for c in v.children if c.dep_ == "prt" and c.lower_ == "up"
                        for p in prep_objects(c, ("to",)) if any(g.dep_ == "nummod" for g in p.children)), None)
        ent = entity_in(obj) if obj is not None else None
        if obj is not None and d.trigger.start <= obj.i < d.trigger.end and obj.i != v.i:
            # "expressed Tehran's solidarity with the government in Baghdad": the object is part
            # of the trigger, its possessor the one who acts; the party is after with/for/to
            aimed = next((pe for p in prep_objects(obj, preps) if (pe := entity_in(p)) is not None), None)
            if aimed is not None or (ent is not None and ent.dep_ == "poss" and ent.head.i == obj.i):
                ent = aimed
        if obj is not None and (obj.lemma_.lower() in rd.weapon_nouns | rd.munitions and v.lemma_.lower() in rd.fire_verbs
                                or d.entry.event == "MOBILIZE"):
            # "the navy fired missiles at the rebel boats", "mobilized reservists for a war against
            # its neighbour": the weapon or force is the instrument; the target is where it is aimed
            aimed = next((pe for p in (*prep_objects(v, AIM_PREPS), *prep_objects(obj, AIM_PREPS))
                          if (pe := entity_in(p)) is not None), None)
            if aimed is None:
                aimed = next((pe for p in prep_objects(v, ("for",)) for q in prep_objects(p, AIM_PREPS)
                              if (pe := entity_in(q)) is not None), None)
            ent = aimed
            obj = None
        if ent is None and d.entry.event in ("ACCUSE", "PROTEST"):
            # "complained to the African Union over Sudanese incursions": what is complained about, before
            # whom it is complained to
            ent = next((pe for p in prep_objects(v, GRIEVANCE_PREPS) if (pe := entity_in(p)) is not None), None)
        if v.lemma_.lower() in rd.transfer_verbs:
            to = next((pe for p in prep_objects(v, ("to", "for", "from")) if (pe := entity_in(p)) is not None), None)
            if to is not None:
                ent = to  # the object is what is handed over
        if ent is None and obj is not None:
            # "signed a treaty with Azerbaijan", "fired tear gas and rubber bullets at students"
            ent = next((pe for o in (obj, *obj.conjuncts) for p in prep_objects(o, preps)
                        if (pe := entity_in(p)) is not None), None)
        if ent is not None:
            recips.append(ent)
        else:
            for p in prep_objects(v, preps):
                pe = entity_in(p)
                if pe is not None:
                    recips.append(pe)
                    break
        if not recips:
            # "urged Iran to ...", "ordered troops to ...": object of a control verb
            dat = next((c for c in v.children if c.dep_ == "dative"), None)
            if dat is not None and is_entity_like(dat):
                recips.append(dat)
        if not recips and d.entry.event == "REQUEST":
            # "demanded that the ministry reopen the border crossing": the one asked is the clause's subject
            recips.extend(clause_subjects(v)[:1])
        if not recips and d.entry.event == "REQUEST" and obj is not None:
            # "stood by its demand that the council resign ..."
            for p in [obj, *prep_objects(v, ("on", "for"))]:
                recips.extend(clause_subjects(p)[:1])
    if not recips and d.entry.event in ("PROTEST", "ACCUSE"):
        recips.extend(in_protest_target(v)[:1])
    if not recips and d.entry.event in ("ACCUSE", "PROTEST"):
        recips.extend(accused_in_report(v)[:1])
    if not recips and d.entry.event in COMPLEMENT_TARGET_EVENTS:
        recips.extend(complement_recipient(v, rd)[:1])
    if not recips and d.entry.event == "THREATEN":
        recips.extend(condition_subject(v)[:1])
    if not recips and d.entry.event in ("REJECT", "PROTEST", "MOBILIZE"):
        recips.extend(despite_target(v)[:1])
    return actors, recips


def _light_verb_subject(noun: Token) -> Token | None:
    """`X launched an attack`: the subject (or by-agent) of the verb governing the noun;
    `X claimed responsibility for the attack`: X."""
    rd = role_data()
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head  # "launched ten days of war games", "a series of attacks"
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head  # "opened artillery, mortar and rocket fire": the first conjunct's verb
    part = noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.lemma_.lower() in rd.part_nouns \
        and noun.head.head.dep_ in ("dobj", "obj")
    if part:
        noun = noun.head.head  # "denied any role in the attack": the one who denies took part
    gov = noun.head
    claimed = noun.dep_ == "pobj" and gov.lower_ == "for" and gov.head.lemma_ == "responsibility"
    if claimed:
        gov = gov.head.head
    elif noun.dep_ == "pobj" and gov.dep_ == "prep":
        if gov.lower_ not in ("in", "for", "to", "on", "with"):
            return None
        gov = gov.head
    if noun.dep_ not in ("dobj", "obj", "pobj", "nsubjpass", "attr") or gov.pos_ not in ("VERB", "AUX"):
        return None
    if not claimed and not part and gov.lemma_.lower() in rd.report_verbs:
        return None
    if is_passive(gov) and gov.lemma_.lower() not in rd.stative_verbs:
        subj = agent_of(gov)
    else:  # "the militia was involved in the killings"
        subj = subject_of(gov) or next((c for c in gov.children if c.dep_ in PASS_SUBJ), None)
    if subj is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children):
        return None  # "No group claimed responsibility"
    return subj if subj is not None and entity_in(subj) is not None else None


def noun_roles(d: Draft) -> tuple[list[Token], list[Token]]:
    rd = role_data()
    preps = target_preps(d)
    n = d.head
    if n.dep_ == "compound" and n.head.lemma_.lower() in rd.carrier_nouns:
        n = n.head  # "launched a mediation effort between A and B"
    patient = d.entry.roles == "patient"
    # "the shelling of Kharkiv", "Israel's blockade of Gaza": `of` names the target
    # "in protest of the government's refusal": the idiom names what is protested
    of_target = patient or d.entry.event in OF_TARGET_EVENTS or is_in_protest(n)
    actors: list[Token] = []
    recips: list[Token] = []
    poss = next((c for c in n.children if c.dep_ == "poss"), None)
    has_of = bool(prep_objects(n, ("of",)))
    if poss is not None and poss.pos_ == "PRON" and not patient:
        poss = None  # "continued their hunger strike": the light verb's subject says who
    if poss is not None and (poss.lower_ not in ("its", "their") or not patient):
        # "the commander's arrest" (patient) but "Georgia's detention of two leaders" (agent)
        (recips if patient and not has_of else actors).append(poss)
    agent = next(iter(prep_objects(n, ("by",))), None)
    if agent is None:
        for of in prep_objects(n, ("of",)):  # "the arrest of the leader by police": by under "leader"
            agent = next(iter(prep_objects(of, ("by",))), None)
    if agent is None and d.entry.event in VERBAL_EVENTS:
        agent = next((p for p in prep_objects(n, ("from",)) if entity_in(p) is not None), None)
    if agent is not None:
        actors.append(agent)
    movers = d.entry.event in MOVE_EVENTS and not of_target and not actors and _light_verb_subject(n) is not None
    for of in prep_objects(n, ("of",)):
        if movers:
            break  # "Russia announced the withdrawal of 2,000 troops": Russia withdraws them
        ent = entity_in(of) or (of if of_target and of.ent_type_ in ENTITY_LABELS else None)
        if ent is not None:
            (recips if of_target else actors).append(ent)
            break
    if not recips and d.entry.event == "REQUEST":
        # "its demand that Israel ease restrictions": the one asked is the clause's subject
        # (the parser often hangs the that-clause on the verb: "reiterated its demand ... that")
        recips.extend((clause_subjects(n) or (clause_subjects(n.head) if n.dep_ in ("dobj", "obj") else []))[:1])
    if not recips:
        for p in prep_objects(n, preps):
            ent = entity_in(p)
            if ent is not None and (agent is None or p.i != agent.i):  # "pressure from Congress": the agent
                recips.append(ent)
                break
    if not recips:
        # "a halt of fuel deliveries to the enclave"
        for of in prep_objects(n, ("of",)):
            ent = next((pe for p in prep_objects(of, preps) if (pe := entity_in(p)) is not None), None)
            if ent is not None:
                recips.append(ent)
                break
    if not recips and d.entry.event == "PROTEST":
        recips.extend((in_protest_target(n) or in_protest_target(n.head))[:1])
    top = n
    while top.dep_ == "conj" and top.head.pos_ in ("NOUN", "PROPN"):
        top = top.head  # "opened artillery, mortar and rocket fire on ...": the list's verb
    verb = top.head if top.dep_ in ("dobj", "obj") else top.head.head if top.dep_ == "pobj" and top.head.lower_ == "in" else None
    if not recips and verb is not None and n.dep_ == "pobj" and verb.pos_ == "VERB":
        # "engaged government troops in a firefight": the light verb's object is the target
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        if obj is not None and (ent := entity_in(obj)) is not None:
            recips.append(ent)
    if not recips and verb is not None and verb.pos_ == "VERB":
        # "launched a drone strike on the convoy", "took part in killings against the
        # population": the attachment often goes to the verb
        # a light verb carries the noun's own target prepositions ("issued an arrest warrant
        # for the prosecutor", "imposed a ban on ...")
        aim = preps if verb.lemma_.lower() in rd.light_verbs else ("on", "against", "at", "targeting", "upon", "into")
        for p in prep_objects(verb, aim):
            ent = entity_in(p)
            if ent is not None:
                recips.append(ent)
                break
    if not actors:
        for c in n.children:
            # "Turkish air strikes"; "the police killings of protesters", "student protests"
            # (not "the hostage release": there the noun is the one released)
            if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "GPE", "ORG") or (
                    c.dep_ == "compound" and c.pos_ == "NOUN" and is_entity_like(c)
                    and (not patient or c.lemma_.lower() in rd.doer_compounds)):
                actors.append(c)
                break
    gov = n.head
    if n.dep_ in ("dobj", "obj") and gov.lemma_.lower() in rd.receive_verbs and not recips:
        # "Iran's attack drew condemnation from the G7": the attacker is the one condemned
        subj = next((c for c in gov.children if c.dep_ in SUBJ), None)
        ent = entity_in(subj) if subj is not None else None
        if ent is not None:
            recips.append(ent)
        if not actors:
            actors.extend(p for p in prep_objects(gov, ("from",)) if entity_in(p) is not None)
    elif not actors:
        subj = _light_verb_subject(n) or behind(n)
        if subj is not None:
            actors.append(subj)
    return actors, recips


def _entities(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        ent = entity_in(t)
        if ent is not None:
            out.append(ent)
    return out


def assign_roles(d: Draft) -> None:
    actors, recips = verb_roles(d) if d.kind == "verb" else noun_roles(d)
    if d.entry.cameo == "043":
        # PLOVER's visit mode: the visitor acts, the host receives ("X hosted Y" -> Y visits X)
        actors, recips = recips, actors
    actors, recips = _entities(actors), _entities(recips)
    seen: set[int] = set()
    for tok in actors:
        for t in with_conjuncts(tok):
            if t.i not in seen:
                seen.add(t.i)
                d.actor_spans.append(np_span(t))
    for tok in recips:
        for t in with_conjuncts(tok):
            if t.i not in seen:
                seen.add(t.i)
                d.recipient_spans.append(np_span(t))


@Language.factory("titfortat_roles")
def make_roles(nlp: Language, name: str) -> RoleStage:
    return RoleStage()


class RoleStage:
    """spaCy component: fills actor_spans and recipient_spans of every draft."""

    def __call__(self, doc: Doc) -> Doc:
        for d in drafts(doc):
            assign_roles(d)
        return doc
