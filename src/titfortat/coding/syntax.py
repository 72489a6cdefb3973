"""Parse helpers shared by the coding stages: which tokens can be parties, the noun phrase
of a party, the subject or agent of a verb, prepositional objects.

The knowledge these helpers use is data: `data/roles.yaml` (agent nouns, recipient
prepositions, light, report, transfer and receive verbs, weapons, carriers) and the one-word
role nouns of the actor dictionary (`data/actors/agents.yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from titfortat.datafiles import data_path, load_yaml
from titfortat.nlp.draft import drafts

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
ENTITY_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "FAC"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "him", "her", "them", "i", "you", "us"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
NP_DROP = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"})
NP_KEEP_PREPS = frozenset({"of", "in", "from"})
SPOKES_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "envoy", "negotiator", "representative",
                          "ambassador", "commander", "leader", "official", "adviser", "advisor", "delegate"})


@dataclass(frozen=True)
class RoleData:
    agent_nouns: frozenset[str]
    agent_pairs: frozenset[str]
    recipient_preps: tuple[str, ...]
    light_verbs: frozenset[str]
    report_verbs: frozenset[str]
    weapon_nouns: frozenset[str]
    attack_nouns: frozenset[str]
    doer_compounds: frozenset[str]
    part_nouns: frozenset[str]
    pressure_nouns: frozenset[str]
    part_of_place: frozenset[str]
    count_people: frozenset[str]
    information_nouns: frozenset[str]
    information_verbs: frozenset[str]
    pause_nouns: frozenset[str]
    labour_words: frozenset[str]
    military_modifiers: frozenset[str]
    harm_verbs: frozenset[str]
    reference_preps: frozenset[str]
    transfer_verbs: frozenset[str]
    receive_verbs: frozenset[str]
    carrier_nouns: frozenset[str]
    demand_modals: frozenset[str]
    stative_verbs: frozenset[str]
    act_nouns: frozenset[str]
    place_nouns: frozenset[str]
    partitives: frozenset[str]
    munitions: frozenset[str]
    fire_verbs: frozenset[str]


def dictionary_roles(not_parties: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Role nouns of the actor dictionary, read once: the one-word ones ("landowner",
    "herdsman") and the two-word ones ("cargo ship", "border guard"), lowercase and singular.
    Whatever the resolver can give a sector can be an actor, so the lists never drift apart."""
    table = load_yaml(data_path("actors", "agents.yaml"))
    heads: set[str] = set()
    pairs: set[str] = set()
    for phrases in table["agents"].values():
        if not isinstance(phrases, list):
            continue  # the line-number key
        for phrase in phrases:
            words = str(phrase).rstrip("~").lower()
            # the last word of "radio station" or "ministry of defence" is no party by itself,
            # so one-word roles only, and compounds of two words as a pair
            if words not in not_parties and words.isalpha():
                heads.add(words)
            elif len(words.split()) == 2:
                pairs.add(words)
    return frozenset(heads), frozenset(pairs)


@lru_cache(maxsize=1)
def role_data() -> RoleData:
    raw = load_yaml(data_path("roles.yaml"))
    heads, pairs = dictionary_roles(frozenset(raw["not_parties"]))
    return RoleData(
        agent_nouns=frozenset(raw["agent_nouns"]) | heads,
        agent_pairs=pairs,
        recipient_preps=tuple(str(p) for p in raw["recipient_preps"]),
        light_verbs=frozenset(raw["light_verbs"]),
        report_verbs=frozenset(raw["report_verbs"]),
        weapon_nouns=frozenset(raw["weapon_nouns"]),
        attack_nouns=frozenset(raw["attack_nouns"]),
        doer_compounds=frozenset(raw["doer_compounds"]),
        part_nouns=frozenset(str(w) for w in raw["part_nouns"]),
        pressure_nouns=frozenset(str(w) for w in raw["pressure_nouns"]),
        part_of_place=frozenset(str(w) for w in raw["part_of_place"]),
        count_people=frozenset(str(w) for w in raw["count_people"]),
        information_nouns=frozenset(str(w) for w in raw["information_nouns"]),
        information_verbs=frozenset(str(w) for w in raw["information_verbs"]),
        pause_nouns=frozenset(str(w) for w in raw["pause_nouns"]),
        labour_words=frozenset(str(w) for w in raw["labour_words"]),
        military_modifiers=frozenset(str(w) for w in raw["military_modifiers"]),
        harm_verbs=frozenset(str(w) for w in raw["harm_verbs"]),
        reference_preps=frozenset(raw["reference_preps"]),
        transfer_verbs=frozenset(raw["transfer_verbs"]),
        receive_verbs=frozenset(raw["receive_verbs"]),
        carrier_nouns=frozenset(raw["carrier_nouns"]),
        demand_modals=frozenset(raw["demand_modals"]),
        stative_verbs=frozenset(raw["stative_verbs"]),
        act_nouns=frozenset(raw["act_nouns"]),
        place_nouns=frozenset(raw["place_nouns"]),
        partitives=frozenset(raw["partitives"]),
        munitions=frozenset(raw["munitions"]),
        fire_verbs=frozenset(raw["fire_verbs"]),
    )


NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                               "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE", "PRODUCT"})


def is_entity_like(tok: Token) -> bool:
    """Could this noun be an actor or recipient (a person, group, state, institution)?"""
    rd = role_data()
    lemma = tok.lemma_.lower()
    if tok.tag_ == "NNS" and lemma in rd.count_people and not any(c.dep_ == "prep" for c in tok.children):
        return True  # "Thousands rallied in Tbilisi": a bare count of people
    if tok.lower_ in RELATIVE or tok.ent_type_ in NON_ENTITY_LABELS:
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ in PRONOUNS
    if tok.ent_type_ in ENTITY_LABELS:
        return True
    if tok.pos_ == "PROPN":
        return True
    if lemma in rd.information_nouns and tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in rd.information_verbs:
        return False  # "agreed to share intelligence": information, not the agency
    if lemma in rd.weapon_nouns:
        # "Israeli warplanes", "Houthi drones": the weapon stands for its owner
        return any(c.dep_ in ("amod", "compound", "poss") and (
            c.ent_type_ in ENTITY_LABELS or c.pos_ == "PROPN" or c.lemma_.lower() in rd.agent_nouns)
                   for c in tok.children)
    return lemma in rd.agent_nouns or any(
        c.dep_ == "compound" and f"{c.lemma_.lower()} {lemma}" in rd.agent_pairs for c in tok.children)


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
    doc = tok.doc
    while left >= 2 and doc[left - 1].text == "-" and doc[left - 1].whitespace_ == "" \
            and doc[left - 2].whitespace_ == "" and doc[left - 2].head.i == tok.head.i and tok.head.i != tok.i:
        # "the vice-president declined": hyphen pieces the parser hung on the verb beside the head
        left -= 2
        left = min([left, *[c.i for c in doc[left].children if c.i < left]])
    span = doc[left:right + 1]
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
        # "Egypt, Qatar, and Turkey met": the parser makes the list an apposition
        if a.dep_ == "appos" and tok.ent_type_ and a.ent_type_ == tok.ent_type_ and any(c.dep_ == "conj" for c in a.children):
            out.extend([a, *[c for c in a.conjuncts if c.pos_ in ("NOUN", "PROPN")]])
    return out


def entity_in(tok: Token, nested: bool = True) -> Token | None:
    """The head itself if entity-like, else an entity-like possessor or `of` object inside it
    (one level further when `nested`: "the gate of a police station" -> the police station)."""
    if tok.lemma_.lower() in role_data().place_nouns:
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
            if nested and p.dep_ == "pobj" and prep.lower_ == "of" and tok.lemma_.lower() in role_data().part_of_place \
                    and (inner := entity_in(p, nested=False)) is not None:
                return inner
    for prep in (c for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")):
        # "rejected calls by the opposition", "marched against abuses by the police": an act
        # stands for the one who did it
        for p in prep.children:
            if p.dep_ == "pobj" and is_entity_like(p):
                return p
    for part in (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        # "broke up the sit-in organised by nurses"
        if (agent := agent_of(part)) is not None and is_entity_like(agent):
            return agent
    for c in tok.children:
        # "a Tuareg rebel stronghold", "the army base": the place stands for its holders,
        # and the whole phrase names them
        if c.dep_ == "compound" and c.pos_ == "NOUN" and is_entity_like(c) and not is_event_head(tok) \
                and (tok.lemma_.lower() not in role_data().act_nouns or tok.lemma_.lower() in role_data().place_nouns):
            return tok  # (not "an association agreement": an act, not a place)
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ENTITY_LABELS:
            if c.ent_type_ == "NORP" and tok.pos_ == "NOUN" and not is_event_head(tok) \
                    and tok.lemma_.lower() not in role_data().act_nouns:
                return tok  # "a Chinese engineer": the person, named by the whole phrase
            return c
    if is_event_head(tok):
        # "US Reaper strikes killed ...": the name inside the event's compounds is its doer
        for c in tok.children:
            if c.dep_ == "compound":
                for t in (c, *[g for g in c.children if g.dep_ == "compound"]):
                    if t.pos_ == "PROPN" and t.ent_type_ not in NON_ENTITY_LABELS:
                        return t
    if tok.lemma_.lower() in role_data().partitives:
        # "part of a Tuareg rebel stronghold", "the rest of the convoy"
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for p in prep.children:
                if p.dep_ == "pobj" and (inner := entity_in(p)) is not None:
                    return inner
    return None


def is_in_protest(tok: Token) -> bool:
    """ "marched in protest against X": the "protest" of this idiom names a purpose."""
    return tok.lemma_.lower() == "protest" and tok.dep_ == "pobj" and tok.head.lower_ == "in"


def is_event_head(tok: Token) -> bool:
    """Is `tok` the trigger head of a drafted event ("Turkish air strikes")?"""
    return any(d.head.i == tok.i for d in drafts(tok.doc))


def subject_of(verb: Token) -> Token | None:
    """Subject of a verb, following coordination, control, relative clauses and participles."""
    seen = 0
    v = verb
    while v is not None and seen < 6:
        seen += 1
        subjects = [c for c in v.children if c.dep_ in SUBJ]
        if subjects:
            # "the vice-president declined": the parser may make each piece of a hyphenated
            # noun a subject; the last piece is the head
            adjacent = all(a.i + 1 == b.i for a, b in zip(subjects, subjects[1:], strict=False))
            c = subjects[-1] if adjacent else subjects[0]
            if c.lower_ in RELATIVE and v.dep_ == "relcl":
                return v.head
            return c
        for aux in (c for c in v.children if c.dep_ in ("aux", "auxpass")):
            # the small model sometimes hangs the subject on the auxiliary ("Senegal is committed")
            subj = next((c for c in aux.children if c.dep_ in SUBJ + PASS_SUBJ), None)
            if subj is not None:
                return subj
        if v.dep_ == "conj" and v.i == verb.i and not is_passive(verb):
            # "Soldiers were rushed to the town and returned fire": the first verb's passive
            # subject does the second, active one
            shared = next((c for c in v.head.children if c.dep_ in PASS_SUBJ), None)
            if shared is not None:
                return shared
        if v.dep_ == "conj" or v.dep_ in ("xcomp", "advcl") and v.tag_ in ("VB", "VBG", "VBN"):
            v = v.head
            continue
        if v.dep_ == "acomp" or v.dep_ == "xcomp" and v.pos_ == "ADJ":  # "the envoys are due to meet"
            v = v.head
            continue
        if v.dep_ == "pcomp" and v.head.lower_ == "to" and v.tag_ == "VBG":  # "committed to sending"
            v = v.head.head
            continue
        if v.lemma_.lower() in role_data().stative_verbs:  # "Ghana is committed (to ...)"
            passive = next((c for c in v.children if c.dep_ in PASS_SUBJ), None)
            if passive is not None:
                return passive
        if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.lemma_.lower() in role_data().act_nouns \
                and v.head.head.pos_ in ("VERB", "AUX") and v.head.dep_ in ("dobj", "obj"):
            v = v.head.head  # "X issued a statement demanding ...": X demands
            continue
        if v.dep_ == "acl" and (v.tag_ == "VBG" or v.tag_ in ("VBD", "VBZ") and v.head.dep_ == "ROOT") \
                and v.head.pos_ in ("NOUN", "PROPN") and not trailing_attribution(v) \
                and (holder := entity_in(v.head)) is not None:
            # "demonstrators protesting election results", "hundreds of residents ..., demanding";
            # "The U.N. envoy called on ...", where the parser made the subject the root and the
            # finite verb its modifier
            return holder
        if v.dep_ == "relcl" or trailing_attribution(v):
            return v.head
        break
    return None


def agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


ATTRIBUTION_VERBS = frozenset({"say", "add", "protest", "warn", "complain", "tell", "note", "state", "report",
                               "claim", "insist", "argue", "explain", "announce", "charge", "allege"})


def trailing_attribution(verb: Token) -> bool:
    """ "..., a rights group complained on Friday": misparsed as a participle of the noun."""
    if not (verb.dep_ == "acl" and verb.lemma_.lower() in ATTRIBUTION_VERBS and verb.i > verb.head.i
            and not any(c.dep_ in ("dobj", "obj", "agent") for c in verb.children)):
        return False
    # the attribution follows the reported clause after a comma ("Hundreds of residents
    # protested in the square" is not one)
    doc = verb.doc
    start = verb.head.left_edge.i
    marks = (",", ";", "--", "—", "–")
    return (start > 0 and doc[start - 1].text in marks) or any(t.text in marks for t in doc[verb.head.i:verb.i])


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children):
        return True
    if trailing_attribution(verb):
        return False
    if verb.dep_ == "conj" and verb.tag_ in ("VBN", "VBD") and verb.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ == "auxpass" for c in verb.head.children) \
            and not any(c.dep_ in ("dobj", "obj", "nsubj") for c in verb.children) \
            and (verb.tag_ == "VBN" or not any(is_entity_like(g) for c in verb.children if c.dep_ == "prep"
                                              for g in c.children if g.dep_ == "pobj")):
        # "was arrested and later released": the auxiliary serves both (the tagger sometimes
        # calls the second a past tense; "was concerned and called on Beijing" stays active)
        return True
    # reduced relative / participle: "a commander arrested last week"
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")


def prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for prep in preps:
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == prep:
                out.extend(p for p in c.children if p.dep_ == "pobj")
    return out
