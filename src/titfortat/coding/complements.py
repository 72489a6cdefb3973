"""Operators and complements: how "threatened to strike", "refused to meet", "urged Iran to
release", "tried to arrest", "denied attacking" and "said it will withdraw" are coded.

An operator is a word that governs another event (its complement). Its class (data file
operators.yaml) decides whether the complement is recoded (THREATEN, AGREE, REQUEST, REJECT),
dropped as mere content, or kept with a modality (attempted, negated, claimed, future).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from titfortat.coding.lexicon import LexEntry, Lexicon
from titfortat.coding.syntax import role_data
from titfortat.datafiles import data_path, load_yaml

CONTENT_CLASSES = frozenset({"threat", "promise", "plan", "prepare", "refusal", "request", "discuss", "halt"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "obj", "nsubjpass", "attr", "oprd", "acomp"})
CONTENT_PREPS = frozenset({"for", "of", "to", "on", "against", "about", "over", "from", "in", "with", "behind"})


@dataclass(frozen=True)
class OperatorData:
    verbs: dict[str, str]
    adjectives: dict[str, str]
    nouns: dict[str, str]
    claim_adverbs: frozenset[str]
    allegation_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    prep_verbs: frozenset[str] = frozenset()  # verbs that are operators only with a preposition


@lru_cache(maxsize=1)
def operator_data() -> OperatorData:
    raw = load_yaml(data_path("operators.yaml"))
    clean = {k: {w: c for w, c in v.items() if w != "__line__"} for k, v in raw.items() if isinstance(v, dict)}
    return OperatorData(
        verbs=clean["verbs"], adjectives=clean["adjectives"], nouns=clean["nouns"],
        claim_adverbs=frozenset(raw["claim_adverbs"]),
        allegation_verbs=frozenset(raw["allegation_verbs"]),
        future_aux=frozenset(str(a) for a in raw["future_aux"]),
        hypothetical_aux=frozenset(str(a) for a in raw["hypothetical_aux"]),
        prep_verbs=frozenset(k.split()[0] for k in clean["verbs"] if " " in k and k.split()[0] not in clean["verbs"]),
    )


def operator_class(tok: Token) -> str | None:
    od = operator_data()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        if prt and f"{lemma} {prt}" in od.verbs:
            return od.verbs[f"{lemma} {prt}"]
        if lemma in od.prep_verbs:  # "pushing for a ceasefire", but not "pushed its offensive"
            return next((od.verbs[f"{lemma} {c.lower_}"] for c in tok.children
                         if c.dep_ == "prep" and f"{lemma} {c.lower_}" in od.verbs), None)
        return od.verbs.get(lemma)
    if tok.pos_ == "ADJ" or tok.tag_ == "VBN" and tok.dep_ == "acomp":
        return od.adjectives.get(lemma) or od.adjectives.get(tok.lower_)
    if tok.pos_ == "NOUN":
        return od.nouns.get(lemma)
    return None


def governor(tok: Token) -> Token | None:
    """The word that takes `tok`'s event as its complement, if any."""
    dep = tok.dep_
    if dep in COMPLEMENT_DEPS:
        return tok.head
    if dep in ("pobj", "pcomp") and tok.head.dep_ in ("prep", "agent", "dative"):
        if tok.head.lower_ in CONTENT_PREPS:
            return tok.head.head
        return None
    if dep == "acl" and tok.head.pos_ == "NOUN":
        return tok.head
    if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in tok.children):
        return tok.head  # "called for the minister to resign"
    if dep == "conj":
        return governor(tok.head)
    if dep == "compound" and tok.head.lemma_.lower() in role_data().carrier_nouns:
        return governor(tok.head)  # "ended mediation efforts": the effort carries the mediation
    return None


def operator_chain(tok: Token, limit: int = 3) -> list[tuple[Token, str]]:
    """Operators governing `tok`, nearest first (skipping non-operator links once)."""
    out: list[tuple[Token, str]] = []
    t = tok
    skips = 0
    for _ in range(limit + 2):
        g = governor(t)
        if g is None or g.i == t.i:
            break
        cls = operator_class(g)
        if cls:
            out.append((g, cls))
            if len(out) >= limit:
                break
        else:
            skips += 1
            if skips > 1:
                break
        t = g
    return out


THREAT_CAMEO = {"violence": "138", "arrest": "137", "restrict": "132", "relations": "1313",
                "expel": "136", "territory": "1382", None: "130"}


def threat_mode(e: LexEntry) -> str | None:
    if e.event in ("ASSAULT", "MOBILIZE"):
        return "violence"
    if e.event == "COERCE":
        return {"arrest": "arrest", "deport": "expel", "seize": "territory"}.get(e.mode or "", "restrict")
    if e.event == "SANCTION":
        return "expel" if e.mode == "expel" else "relations"
    if e.event == "PROTEST":
        return "restrict"
    if e.event in ("RETREAT", "REJECT") or e.event == "CONSULT":
        return "relations"
    return None


def ask_mode(e: LexEntry) -> str:
    """REQUEST/REJECT mode from what is asked for or refused."""
    if e.event in ("REQUEST", "REJECT") and e.mode in ("assist", "change", "yield", "meet"):
        return e.mode  # refusing a request for arms refuses assistance
    if e.event == "CONSULT":
        return "meet"
    if e.event == "RETREAT" and e.mode == "resign":
        return "change"  # a change of leadership, not a concession of captives or territory
    if e.event in ("RETREAT", "CONCEDE"):
        return "yield"
    if e.event in ("AID", "COOPERATE", "SUPPORT"):
        return "assist"
    return "change"


def request_cameo(base: str, mode: str) -> str:
    if base.startswith("10"):
        return {"assist": "103", "change": "104", "yield": "105", "meet": "106"}[mode]
    return {"assist": "023", "change": "024", "yield": "025", "meet": "026"}[mode]


REJECT_CAMEO = {"assist": "122", "change": "123", "yield": "124", "meet": "125"}
AGREE_CAMEO = {"AID": "033", "COOPERATE": "031", "CONSULT": "036", "RETREAT": "035",
               "CONCEDE": "035", "SUPPORT": "032"}


def is_hostile(e: LexEntry) -> bool:
    return e.quad_code == 4 or e.event == "THREATEN"


def is_cooperative(e: LexEntry) -> bool:
    return e.quad_code in (1, 2)


def as_threat(lex: Lexicon, base: LexEntry, content: LexEntry) -> LexEntry:
    mode = threat_mode(content)
    return lex.variant(base, event="THREATEN", mode=mode, cameo=THREAT_CAMEO.get(mode, "130"))


def as_agree(lex: Lexicon, base: LexEntry, content: LexEntry) -> LexEntry:
    return lex.variant(base, event="AGREE", mode=None, cameo=AGREE_CAMEO.get(content.event, "030"))


def as_request(lex: Lexicon, base: LexEntry, content: LexEntry) -> LexEntry:
    mode = ask_mode(content)
    cameo = request_cameo(base.cameo if base.event == "REQUEST" else "100", mode)
    return lex.variant(base, event="REQUEST", mode=mode, cameo=cameo)


def as_reject(lex: Lexicon, base: LexEntry, content: LexEntry) -> LexEntry:
    mode = ask_mode(content)
    return lex.variant(base, event="REJECT", mode=mode, cameo=REJECT_CAMEO[mode])
