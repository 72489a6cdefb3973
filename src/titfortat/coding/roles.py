"""Stage 2: actors and recipients from the dependency parse.

Verbs: active subject/object, passive by-agent and subject, subjects inherited through
coordination, control ("vowed to retaliate"), relative clauses and participles.
Nouns: possessors and adjectives ("Iran's attack", "Israeli strikes"), `by`/`of`/`on`/
`against` attachments, and the subject of a light verb ("launched an attack").
Each entity is a noun-phrase Span; coordinated phrases are split into one span each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from titfortat.datafiles import data_path, load_yaml
from titfortat.nlp.draft import Draft, drafts

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
ENTITY_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "FAC"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "him", "her", "them", "i", "you", "us"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
NP_DROP = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"})
NP_KEEP_PREPS = frozenset({"of", "in", "from"})
SPOKES_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "envoy", "negotiator", "representative",
                          "ambassador", "commander", "leader", "official", "adviser", "advisor", "delegate"})
VERBAL_EVENTS = frozenset({"ACCUSE", "SUPPORT", "REQUEST", "THREATEN", "REJECT", "AGREE"})
# Participles that state the subject's own stance ("is committed to", "is resolved to").
STATIVE_PASSIVES = frozenset({"commit", "dedicate", "determine", "prepare", "resolve", "devote", "pledge",
                              "engage", "involve", "oppose"})
# Stances whose target is the party their complement clause acts on ("refused to meet X").
COMPLEMENT_TARGET_EVENTS = frozenset({"AGREE", "REJECT", "THREATEN", "CONCEDE", "SUPPORT", "REQUEST"})
# Nouns for what a state decides or proposes: "a Senegalese peace plan" is Senegal's.
ACT_NOUNS = frozenset({"plan", "proposal", "decision", "policy", "offer", "initiative", "demand", "call", "request",
                       "resolution", "move", "law", "bill", "order", "ban", "measure", "deal", "draft", "bid",
                       "position", "stance", "statement", "declaration", "ultimatum", "warning", "threat"})
INSTRUMENTS = frozenset({"bomb", "shell", "round", "bullet", "grenade", "mortar", "missile", "rocket", "shot"})
# Verbs whose weapon object is fired, not hit ("fired missiles at", but "shot down a drone").
FIRE_VERBS = frozenset({"fire", "launch", "drop", "detonate", "lob", "hurl", "throw", "plant", "explode",
                        "rain", "unleash", "use", "deploy"})
AIM_PREPS = ("at", "on", "against", "into", "toward", "towards", "upon")
GRIEVANCE_PREPS = ("over", "about", "against")
PROTEST_PLACE_PREPS = frozenset({"at", "into", "from", "between"})
CONDITION_MARKS = frozenset({"unless", "if", "until"})
# Events whose "of" object is the force moved, not the one who moves it, when a light verb
# names the mover ("announced the withdrawal of 2,000 troops").
MOVE_EVENTS = frozenset({"RETREAT", "MOBILIZE"})
PLACE_NOUNS = frozenset({"camp", "home", "house", "office", "residence", "compound", "headquarters", "base",
                         "village", "town", "convoy", "shelter"})
PARTITIVES = frozenset({"part", "parts", "rest", "remnant", "section", "half", "bulk", "area", "edge", "outskirts",
                        "ten", "tens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                        "dozen", "dozens", "score", "scores", "number", "handful", "majority", "minority"})
OF_TARGET_EVENTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "THREATEN"})


@dataclass(frozen=True)
class RoleData:
    agent_nouns: frozenset[str]
    recipient_preps: tuple[str, ...]
    light_verbs: frozenset[str]
    report_verbs: frozenset[str]
    weapon_nouns: frozenset[str]
    reference_preps: frozenset[str]
    transfer_verbs: frozenset[str]
    receive_verbs: frozenset[str]
    carrier_nouns: frozenset[str]
    demand_modals: frozenset[str]


# Role phrases of the actor dictionary that name things or events, not parties.
NOT_PARTIES = frozenset({"explosion", "blast", "demonstration", "protest", "casualty", "wounded", "mine",
                         "shell", "village", "town", "city", "neighborhood", "neighbourhood"})


def _dictionary_heads() -> frozenset[str]:
    """One-word role nouns of the actor dictionary ("landowner", "herdsman"): whatever the
    resolver can give a sector can be an actor, so the two lists never drift apart."""
    table = load_yaml(data_path("actors", "agents.yaml"))
    heads = set()
    for phrases in table["agents"].values():
        if not isinstance(phrases, list):
            continue  # the line-number key
        for phrase in phrases:
            word = str(phrase).rstrip("~").lower()
            # one-word roles only: the last word of "radio station" or "ministry of defence"
            # is no party by itself
            if word not in NOT_PARTIES and word.isalpha():
                heads.add(word)
    return frozenset(heads)


@lru_cache(maxsize=1)
def role_data() -> RoleData:
    raw = load_yaml(data_path("roles.yaml"))
    return RoleData(
        agent_nouns=frozenset(raw["agent_nouns"]) | _dictionary_heads(),
        recipient_preps=tuple(str(p) for p in raw["recipient_preps"]),
        light_verbs=frozenset(raw["light_verbs"]),
        report_verbs=frozenset(raw["report_verbs"]),
        weapon_nouns=frozenset(raw["weapon_nouns"]),
        reference_preps=frozenset(raw["reference_preps"]),
        transfer_verbs=frozenset(raw["transfer_verbs"]),
        receive_verbs=frozenset(raw["receive_verbs"]),
        carrier_nouns=frozenset(raw["carrier_nouns"]),
        demand_modals=frozenset(raw["demand_modals"]),
    )


NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                               "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE", "PRODUCT"})


def is_entity_like(tok: Token) -> bool:
    """Could this noun be an actor or recipient (a person, group, state, institution)?"""
    if tok.lower_ in RELATIVE or tok.ent_type_ in NON_ENTITY_LABELS:
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ in PRONOUNS
    if tok.ent_type_ in ENTITY_LABELS:
        return True
    if tok.pos_ == "PROPN":
        return True
    rd = role_data()
    lemma = tok.lemma_.lower()
    if lemma in rd.weapon_nouns:
        # "Israeli warplanes", "Houthi drones": the weapon stands for its owner
        return any(c.dep_ in ("amod", "compound", "poss") and (
            c.ent_type_ in ENTITY_LABELS or c.pos_ == "PROPN" or c.lemma_.lower() in rd.agent_nouns)
                   for c in tok.children)
    return lemma in rd.agent_nouns


def np_span(tok: Token) -> Span:
    """The noun phrase headed by `tok`, without relative clauses, appositions or conjuncts."""
    left = tok.i
    right = tok.i
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            keep_prep = c.dep_ == "prep" and c.head.i == tok.i and (
                c.lower_ in NP_KEEP_PREPS or (c.lower_ == "for" and tok.lemma_.lower() in SPOKES_NOUNS))
            coordinated_modifier = c.dep_ in ("cc", "conj") and c.head.i != tok.i  # "French and Egyptian warships"
            if c.dep_ in NP_DROP and not keep_prep and not coordinated_modifier:
                continue
            if c.dep_ == "prep" and c.head.i != tok.i:
                continue
            left = min(left, c.i)
            right = max(right, c.i)
            stack.append(c)
    span = tok.doc[left:right + 1]
    while len(span) > 1 and span[-1].dep_ == "case":  # "Iran's" -> "Iran"
        span = span[:-1]
    # trim leading/trailing punctuation and determiners-only edges
    while len(span) > 1 and span[0].is_punct:
        span = span[1:]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span


def with_conjuncts(tok: Token) -> list[Token]:
    out = [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON")]]
    for a in tok.children:
        # "The US, Russia, and Switzerland met": the parser makes the list an apposition
        if a.dep_ == "appos" and tok.ent_type_ and a.ent_type_ == tok.ent_type_ and any(c.dep_ == "conj" for c in a.children):
            out.extend([a, *[c for c in a.conjuncts if c.pos_ in ("NOUN", "PROPN")]])
    return out


def _entity_in(tok: Token) -> Token | None:
    """The head itself if entity-like, else an entity-like possessor or `of` object inside it."""
    if tok.lemma_.lower() in PLACE_NOUNS:
        # "a camp for Congolese refugees", "the home of the opposition leader": the people
        for c in tok.children:
            if c.dep_ == "poss" and is_entity_like(c):
                return c
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                for p in c.children:
                    if p.dep_ == "pobj" and is_entity_like(p):
                        return p
    if is_entity_like(tok):
        return tok
    for c in tok.children:
        if c.dep_ == "poss" and is_entity_like(c):
            return c
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")):
        for p in prep.children:
            if p.dep_ == "pobj" and is_entity_like(p):
                return p
    for prep in (c for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")):
        # "rejected calls by Kofi Annan", "protests against violations by the army": an act
        # stands for the one who did it
        for p in prep.children:
            if p.dep_ == "pobj" and is_entity_like(p):
                return p
    for part in (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        # "prevented the demonstration staged by students"
        if (agent := _agent(part)) is not None and is_entity_like(agent):
            return agent
    for c in tok.children:
        # "a Karen guerrilla stronghold", "the army base": the place stands for its holders,
        # and the whole phrase names them
        if c.dep_ == "compound" and c.pos_ == "NOUN" and is_entity_like(c):
            return tok
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ENTITY_LABELS:
            if c.ent_type_ == "NORP" and tok.pos_ == "NOUN" and not _is_event_head(tok) \
                    and tok.lemma_.lower() not in ACT_NOUNS:
                return tok  # "a Chinese engineer": the person, named by the whole phrase
            return c
    if _is_event_head(tok):
        # "US Predator attacks killed ...": the name inside the event's compounds is its doer
        for c in tok.children:
            if c.dep_ == "compound":
                for t in (c, *[g for g in c.children if g.dep_ == "compound"]):
                    if t.pos_ == "PROPN" and t.ent_type_ not in NON_ENTITY_LABELS:
                        return t
    if tok.lemma_.lower() in PARTITIVES:
        # "part of a Karen guerrilla stronghold", "the rest of the convoy"
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for p in prep.children:
                if p.dep_ == "pobj" and (inner := _entity_in(p)) is not None:
                    return inner
    return None


def _is_event_head(tok: Token) -> bool:
    """Is `tok` the trigger head of a drafted event ("Israeli air raids")?"""
    return any(d.head.i == tok.i for d in drafts(tok.doc))


def _subject(verb: Token) -> Token | None:
    """Subject of a verb, following coordination, control, relative clauses and participles."""
    seen = 0
    v = verb
    while v is not None and seen < 6:
        seen += 1
        for c in v.children:
            if c.dep_ in SUBJ:
                if c.lower_ in RELATIVE and v.dep_ == "relcl":
                    return v.head
                return c
        for aux in (c for c in v.children if c.dep_ in ("aux", "auxpass")):
            # the small model sometimes hangs the subject on the auxiliary ("Senegal is committed")
            subj = next((c for c in aux.children if c.dep_ in SUBJ + PASS_SUBJ), None)
            if subj is not None:
                return subj
        if v.dep_ == "conj" or v.dep_ in ("xcomp", "advcl") and v.tag_ in ("VB", "VBG", "VBN"):
            v = v.head
            continue
        if v.dep_ == "acomp" or v.dep_ == "xcomp" and v.pos_ == "ADJ":  # "the envoys are due to meet"
            v = v.head
            continue
        if v.dep_ == "pcomp" and v.head.lower_ == "to" and v.tag_ == "VBG":  # "committed to sending"
            v = v.head.head
            continue
        if v.lemma_.lower() in STATIVE_PASSIVES:  # "Ghana is committed (to ...)"
            passive = next((c for c in v.children if c.dep_ in PASS_SUBJ), None)
            if passive is not None:
                return passive
        if v.dep_ == "relcl" or _trailing_attribution(v):
            return v.head
        break
    return None


def _agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


ATTRIBUTION_VERBS = frozenset({"say", "add", "protest", "warn", "complain", "tell", "note", "state", "report",
                               "claim", "insist", "argue", "explain", "announce", "charge", "allege"})


def _trailing_attribution(verb: Token) -> bool:
    """ "..., a human rights group protested here Wednesday": misparsed as a participle of the noun."""
    return verb.dep_ == "acl" and verb.lemma_.lower() in ATTRIBUTION_VERBS and verb.i > verb.head.i and \
        not any(c.dep_ in ("dobj", "obj", "agent") for c in verb.children)


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children):
        return True
    if _trailing_attribution(verb):
        return False
    # reduced relative / participle: "a commander arrested last week"
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for prep in preps:
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == prep:
                out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def target_preps(d: Draft) -> tuple[str, ...]:
    """Prepositions that introduce this event's recipient: a protest "at the port of Mombasa"
    or "in Yerevan" happens there; it is not aimed at the place."""
    preps = role_data().recipient_preps
    if d.entry.event == "PROTEST":
        return tuple(p for p in preps if p not in PROTEST_PLACE_PREPS)
    return preps


def verb_roles(d: Draft) -> tuple[list[Token], list[Token]]:
    v = d.head
    rd = role_data()
    preps = target_preps(d)
    actors: list[Token] = []
    recips: list[Token] = []
    stative = v.lemma_.lower() in STATIVE_PASSIVES and _agent(v) is None
    if _is_passive(v) and not stative:
        agent = _agent(v)
        if agent is not None:
            actors.append(agent)
        pas = next((c for c in v.children if c.dep_ in PASS_SUBJ), None)
        if pas is None and v.dep_ in ("acl", "amod"):
            pas = v.head
        if pas is None and v.dep_ == "conj":
            pas = next((c for c in v.head.children if c.dep_ in PASS_SUBJ), None)
        if pas is not None and pas.lemma_.lower() in rd.weapon_nouns | INSTRUMENTS and v.lemma_.lower() in FIRE_VERBS:
            # "a mortar bomb was fired at the town": the weapon is the instrument
            pas = None
            recips.extend(pe for p in _prep_objects(v, AIM_PREPS) if (pe := _entity_in(p)) is not None)
        if pas is not None:
            if pas.lower_ in RELATIVE and v.dep_ == "relcl":
                pas = v.head
            if _entity_in(pas) is not None or not _prep_objects(v, ("to",)):
                recips.append(pas)
        if not recips or v.lemma_.lower() in rd.transfer_verbs:
            # "supplies were delivered to Gaza": the receiving party
            for p in _prep_objects(v, ("to", "into")):
                pe = _entity_in(p)
                if pe is not None:
                    recips = [pe]
                    break
    else:
        subj = _subject(v)
        if subj is None and stative:
            # "Vietnam is committed to opening its economy": a stance, not something done to it
            subj = next((c for c in v.children if c.dep_ in PASS_SUBJ), None)
        if subj is not None:
            actors.append(subj)
        obj = next((c for c in v.children if c.dep_ in ("dobj", "obj")), None)
        ent = _entity_in(obj) if obj is not None else None
        if obj is not None and (obj.lemma_.lower() in rd.weapon_nouns | INSTRUMENTS and v.lemma_.lower() in FIRE_VERBS
                                or d.entry.event == "MOBILIZE"):
            # "fired anti-aircraft batteries at Russia", "mobilized reservists for a war against
            # Iraq": the weapon or force is the instrument; the target is where it is aimed
            aimed = next((pe for p in _prep_objects(v, AIM_PREPS) if (pe := _entity_in(p)) is not None), None)
            if aimed is None:
                aimed = next((pe for p in _prep_objects(v, ("for",)) for q in _prep_objects(p, AIM_PREPS)
                              if (pe := _entity_in(q)) is not None), None)
            ent = aimed
            obj = None
        if ent is None and d.entry.event in ("ACCUSE", "PROTEST"):
            # "complained to the UN over Israeli air raids": what is complained about, before
            # whom it is complained to
            ent = next((pe for p in _prep_objects(v, GRIEVANCE_PREPS) if (pe := _entity_in(p)) is not None), None)
        if v.lemma_.lower() in rd.transfer_verbs:
            to = next((pe for p in _prep_objects(v, ("to", "for", "from")) if (pe := _entity_in(p)) is not None), None)
            if to is not None:
                ent = to  # the object is what is handed over
        if ent is None and obj is not None:
            # "signed a treaty with Azerbaijan", "fired tear gas and rubber bullets at students"
            ent = next((pe for o in (obj, *obj.conjuncts) for p in _prep_objects(o, preps)
                        if (pe := _entity_in(p)) is not None), None)
        if ent is not None:
            recips.append(ent)
        else:
            for p in _prep_objects(v, preps):
                pe = _entity_in(p)
                if pe is not None:
                    recips.append(pe)
                    break
        if not recips:
            # "urged Iran to ...", "ordered troops to ...": object of a control verb
            dat = next((c for c in v.children if c.dep_ == "dative"), None)
            if dat is not None and is_entity_like(dat):
                recips.append(dat)
        if not recips and d.entry.event == "REQUEST":
            # "demanded that the US cancel its plans": the one asked is the clause's subject
            recips.extend(_clause_subjects(v)[:1])
        if not recips and d.entry.event == "REQUEST" and obj is not None:
            # "insisted on its demands that the government grant ..."
            for p in [obj, *_prep_objects(v, ("on", "for"))]:
                recips.extend(_clause_subjects(p)[:1])
    if not recips and d.entry.event in ("PROTEST", "ACCUSE"):
        recips.extend(_in_protest_target(v)[:1])
    if not recips and d.entry.event in ("ACCUSE", "PROTEST"):
        recips.extend(_accused_in_report(v)[:1])
    if not recips and d.entry.event in COMPLEMENT_TARGET_EVENTS:
        recips.extend(_complement_recipient(v, rd)[:1])
    if not recips and d.entry.event == "THREATEN":
        recips.extend(_condition_subject(v)[:1])
    return actors, recips


def _accused_in_report(v: Token) -> list[Token]:
    """ "Amnesty charged that police had beaten detainees", "Border guards abused migrants, a
    rights group charged": the one accused is the subject of the reported clause."""
    clauses = [c for c in v.children if c.dep_ == "ccomp"]
    root = v.sent.root
    if _trailing_attribution(v) and root.i != v.i and root.pos_ in ("VERB", "AUX"):
        clauses.append(root)
    for clause in clauses:
        subj = next((c for c in clause.children if c.dep_ in SUBJ + PASS_SUBJ), None)
        if subj is not None and subj.pos_ != "PRON" and (ent := _entity_in(subj)) is not None:
            return [ent]
    return []


# "in protest against X", "in defiance of X", "in opposition to X": the act aims at X
IN_STANCE_NOUNS: dict[str, tuple[str, ...]] = {
    "protest": ("against", "of", "at", "over"), "defiance": ("of",), "opposition": ("to",)}


def _in_protest_target(head: Token) -> list[Token]:
    """ "staged a hunger strike in protest against violations by the army": the army;
    "blocked streets in defiance of the authorities": the authorities."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "in"):
        for p in prep.children:
            preps = IN_STANCE_NOUNS.get(p.lemma_.lower()) if p.dep_ == "pobj" else None
            for q in _prep_objects(p, preps or ()):
                if (ent := _entity_in(q)) is not None:
                    return [ent]
    return []


def _complement_recipient(v: Token, rd: RoleData, depth: int = 3) -> list[Token]:
    """ "agreed to reopen its borders to UN peacekeepers", "refused to respond to a demand from
    the US": the party the complement clause acts on is the one the stance is aimed at."""
    for c in v.children:
        if c.dep_ not in ("xcomp", "advcl") or not any(a.lower_ == "to" for a in c.children) or c.pos_ != "VERB":
            continue
        obj = next((o for o in c.children if o.dep_ in ("dobj", "obj")), None)
        if c.lemma_.lower() in rd.transfer_verbs:
            obj = None  # "refused to extradite the suspects to Britain": the receiving party
        if obj is not None and obj.pos_ != "PRON" and (ent := _entity_in(obj)) is not None:
            return [ent]  # a pronoun there mostly points back at the subject ("to protect them")
        for p in _prep_objects(c, rd.recipient_preps):
            if p.pos_ != "PRON" and (ent := _entity_in(p)) is not None:
                return [ent]
        if depth > 1 and (inner := _complement_recipient(c, rd, depth - 1)):
            return inner
    return []


def _condition_subject(v: Token) -> list[Token]:
    """ "threatened to launch an offensive unless Baghdad accepted": the one who must comply."""
    todo, seen = [v], 0
    while todo and seen < 6:
        t = todo.pop(0)
        seen += 1
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children):
                subj = next((s for s in c.children if s.dep_ in SUBJ), None)
                if subj is not None and subj.pos_ != "PRON" and (ent := _entity_in(subj)) is not None:
                    return [ent]
            if c.dep_ in ("xcomp", "ccomp", "conj") or c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children):
                todo.append(c)
    return []


def _clause_subjects(head: Token) -> list[Token]:
    """Named subjects of the that-clauses (or infinitive clauses) under `head`."""
    out = []
    for clause in (c for c in head.children if c.dep_ in ("ccomp", "xcomp", "acl") or (
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("for", "that") for m in c.children))):
        subj = next((c for c in clause.children if c.dep_ in SUBJ), None)
        if subj is not None and subj.pos_ != "PRON" and (ent := _entity_in(subj)) is not None:
            out.append(ent)
    return out


def _light_verb_subject(noun: Token) -> Token | None:
    """`X launched an attack`: the subject (or by-agent) of the verb governing the noun;
    `X claimed responsibility for the attack`: X."""
    rd = role_data()
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head  # "launched ten days of war games", "a series of attacks"
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
    if not claimed and gov.lemma_.lower() in rd.report_verbs:
        return None
    if _is_passive(gov) and gov.lemma_.lower() not in STATIVE_PASSIVES:
        subj = _agent(gov)
    else:  # "Serb forces were engaged in ethnic cleansing"
        subj = _subject(gov) or next((c for c in gov.children if c.dep_ in PASS_SUBJ), None)
    if subj is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children):
        return None  # "No group claimed responsibility"
    return subj if subj is not None and _entity_in(subj) is not None else None


def noun_roles(d: Draft) -> tuple[list[Token], list[Token]]:
    rd = role_data()
    preps = target_preps(d)
    n = d.head
    if n.dep_ == "compound" and n.head.lemma_.lower() in rd.carrier_nouns:
        n = n.head  # "launched a mediation effort between A and B"
    patient = d.entry.roles == "patient"
    # "the shelling of Kharkiv", "Israel's blockade of Gaza": `of` names the target
    # "in protest of the government's refusal": the idiom names what is protested
    in_protest = n.lemma_.lower() == "protest" and n.dep_ == "pobj" and n.head.lower_ == "in"
    of_target = patient or d.entry.event in OF_TARGET_EVENTS or in_protest
    actors: list[Token] = []
    recips: list[Token] = []
    poss = next((c for c in n.children if c.dep_ == "poss"), None)
    has_of = bool(_prep_objects(n, ("of",)))
    if poss is not None and poss.pos_ == "PRON" and not patient:
        poss = None  # "continued their hunger strike": the light verb's subject says who
    if poss is not None and (poss.lower_ not in ("its", "their") or not patient):
        # "the commander's arrest" (patient) but "Georgia's detention of two leaders" (agent)
        (recips if patient and not has_of else actors).append(poss)
    agent = next(iter(_prep_objects(n, ("by",))), None)
    if agent is None:
        for of in _prep_objects(n, ("of",)):  # "the arrest of the leader by police": by under "leader"
            agent = next(iter(_prep_objects(of, ("by",))), None)
    if agent is None and d.entry.event in VERBAL_EVENTS:
        agent = next((p for p in _prep_objects(n, ("from",)) if _entity_in(p) is not None), None)
    if agent is not None:
        actors.append(agent)
    movers = d.entry.event in MOVE_EVENTS and not of_target and not actors and _light_verb_subject(n) is not None
    for of in _prep_objects(n, ("of",)):
        if movers:
            break  # "the US speeded up the withdrawal of its forces": the US withdraws them
        ent = _entity_in(of) or (of if of_target and of.ent_type_ in ENTITY_LABELS else None)
        if ent is not None:
            (recips if of_target else actors).append(ent)
            break
    if not recips and d.entry.event == "REQUEST":
        # "its demand that Israel ease restrictions": the one asked is the clause's subject
        # (the parser often hangs the that-clause on the verb: "reiterated its demand ... that")
        recips.extend((_clause_subjects(n) or (_clause_subjects(n.head) if n.dep_ in ("dobj", "obj") else []))[:1])
    if not recips:
        for p in _prep_objects(n, preps):
            ent = _entity_in(p)
            if ent is not None and (agent is None or p.i != agent.i):  # "pressure from Congress": the agent
                recips.append(ent)
                break
    if not recips:
        # "a suspension of air links with Serbia"
        for of in _prep_objects(n, ("of",)):
            ent = next((pe for p in _prep_objects(of, preps) if (pe := _entity_in(p)) is not None), None)
            if ent is not None:
                recips.append(ent)
                break
    if not recips and d.entry.event == "PROTEST":
        recips.extend((_in_protest_target(n) or _in_protest_target(n.head))[:1])
    verb = n.head if n.dep_ in ("dobj", "obj") else n.head.head if n.dep_ == "pobj" and n.head.lower_ == "in" else None
    if not recips and verb is not None and n.dep_ == "pobj" and verb.pos_ == "VERB":
        # "engaged Filipino peacekeepers in a firefight": the light verb's object is the target
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        if obj is not None and (ent := _entity_in(obj)) is not None:
            recips.append(ent)
    if not recips and verb is not None and verb.pos_ == "VERB":
        # "launched a drone strike on the convoy", "engaged in ethnic cleansing against the
        # population": the attachment often goes to the verb
        for p in _prep_objects(verb, ("on", "against", "at", "targeting", "upon")):
            ent = _entity_in(p)
            if ent is not None:
                recips.append(ent)
                break
    if not actors:
        for c in n.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "GPE", "ORG"):
                actors.append(c)
                break
    gov = n.head
    if n.dep_ in ("dobj", "obj") and gov.lemma_.lower() in rd.receive_verbs and not recips:
        # "Iran's attack drew condemnation from the G7": the attacker is the one condemned
        subj = next((c for c in gov.children if c.dep_ in SUBJ), None)
        ent = _entity_in(subj) if subj is not None else None
        if ent is not None:
            recips.append(ent)
        if not actors:
            actors.extend(p for p in _prep_objects(gov, ("from",)) if _entity_in(p) is not None)
    elif not actors:
        subj = _light_verb_subject(n) or _behind(n)
        if subj is not None:
            actors.append(subj)
    return actors, recips


def _behind(n: Token) -> Token | None:
    """ "Russia was behind the chemical attacks": the one said to be behind an event did it."""
    if n.dep_ != "pobj" or n.head.lower_ != "behind" or n.head.head.lemma_ != "be":
        return None
    subj = next((c for c in n.head.head.children if c.dep_ in SUBJ), None)
    return subj if subj is not None and _entity_in(subj) is not None else None


def _entities(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        ent = _entity_in(t)
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
