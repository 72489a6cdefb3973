"""Stage 1: find event triggers (verbs, phrasal verbs, verb+object phrases, event nouns).

Each match becomes a Draft on `doc._.tft_events`. Among lexicon candidates for one token,
the most specific pattern wins (particle/object/modifier constraints), then confidence.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from titfortat.coding.lexicon import LexEntry, Lexicon, default_lexicon
from titfortat.coding.syntax import role_data
from titfortat.nlp.draft import Draft, drafts, register_extensions

OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "nsubjpass", "dative", "xcomp", "ccomp", "npadvmod"})
NOUN_MOD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


def object_tokens(verb: Token) -> list[Token]:
    """Tokens that can satisfy the object words of a verb pattern, nearest first."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            out.append(child)
        elif child.dep_ in ("prep", "agent", "prt"):
            out.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    more: list[Token] = []
    for tok in out:
        more.extend(c for c in tok.children if c.dep_ in ("compound", "amod"))
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            more.extend(g for g in prep.children if g.dep_ == "pobj")
    return out + more


def _particle_token(verb: Token, particle: str) -> Token | None:
    for child in verb.children:
        # a particle follows its verb: "called on X", not "X on Sunday called for"
        if child.dep_ in ("prt", "prep", "advmod") and child.lower_ == particle and child.i > verb.i:
            return child
    # "called for the minister to resign": "for" marks the clause, not the verb
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "advcl"):
            for g in child.children:
                if g.dep_ == "mark" and g.lower_ == particle and g.i == verb.i + 1:
                    return g
    return None


def match_verb(entry: LexEntry, verb: Token) -> list[Token] | None:
    """The extra tokens a verb pattern consumed, or None when it does not match."""
    used: list[Token] = []
    if entry.particle:
        prt = _particle_token(verb, entry.particle)
        if prt is None:
            return None
        used.append(prt)
    if entry.objects:
        hits = _find_words(entry.objects, object_tokens(verb))
        if hits is None:
            return None
        used.extend(hits)
    return used


def _find_words(words: tuple[str, ...], candidates: list[Token]) -> list[Token] | None:
    """One candidate token per pattern word (by lemma or form), or None if one is missing."""
    hits = []
    for word in words:
        hit = next((c for c in candidates if c.lemma_.lower() == word or c.lower_ == word), None)
        if hit is None:
            return None
        hits.append(hit)
    return hits


def _modifier_tokens(noun: Token) -> list[Token]:
    mods = [c for c in noun.children if c.dep_ in NOUN_MOD_DEPS]
    for m in list(mods):
        mods.extend(c for c in m.children if c.dep_ in ("compound", "amod"))
    # "show of force", "state of emergency": the pattern's first word governs "of"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        mods.append(noun.head.head)
    if noun.i > 0:
        mods.append(noun.doc[noun.i - 1])
    return mods


def match_noun(entry: LexEntry, noun: Token) -> list[Token] | None:
    """The modifier tokens a noun pattern consumed, or None when it does not match."""
    if not entry.modifiers:
        return []
    return _find_words(entry.modifiers, _modifier_tokens(noun))


def _is_verb(tok: Token) -> bool:
    return tok.tag_ in VERB_TAGS and tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod"


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.tag_ == "NN")


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _candidates(table: dict[str, list[LexEntry]], tok: Token) -> list[LexEntry] | None:
    """Lexicon entries for a token: by lemma, by form, then by a regular past-tense stem
    (the small model's lemmatizer sometimes fails: "raped" -> "rap")."""
    low = tok.lower_
    found = table.get(_lemma(tok)) or table.get(low)
    if found or tok.pos_ not in ("VERB", "AUX"):
        return found
    for stem in (low[:-1], low[:-2], low[:-3]) if low.endswith("ed") else ():
        if stem in table:
            return table[stem]
    return None


def _best(cands: list[LexEntry], tok: Token,
          match: Callable[[LexEntry, Token], list[Token] | None]) -> tuple[LexEntry, list[Token]] | None:
    """The matching entry with the most specific pattern, then the highest confidence."""
    best: tuple[LexEntry, list[Token]] | None = None
    for entry in cands:
        used = match(entry, tok)
        if used is not None and (best is None or
                                 (entry.specificity, entry.confidence) > (best[0].specificity, best[0].confidence)):
            best = (entry, used)
    return best


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[Draft]:
    found: list[Draft] = []
    consumed: set[int] = set()
    # verbs first, so verb+object patterns consume their nouns ("hold talks", "impose sanctions")
    for tok in doc:
        cands = _candidates(lexicon.verbs, tok) if _is_verb(tok) else None
        best = _best(cands, tok, match_verb) if cands else None
        if best is None:
            continue
        entry, used = best
        consumed.update(t.i for t in used)
        found.append(_draft(doc, tok, [tok, *(u for u in used if u.i != tok.i)], entry, "verb"))
    # nouns: multi-word patterns first ("arrest warrant" before "arrest"), then single words
    for multi in (True, False):
        for tok in doc:
            if tok.i in consumed or not _is_noun(tok):
                continue
            cands = [e for e in _candidates(lexicon.nouns, tok) or () if (e.specificity > 0) == multi]
            best = _best(cands, tok, match_noun) if cands else None
            if best is None:
                continue
            entry, used = best
            consumed.update(t.i for t in [tok, *used])
            found.append(_draft(doc, tok, [tok, *used], entry, "noun"))
    return _merge_compounds(found)


def _draft(doc: Doc, head: Token, toks: list[Token], entry: LexEntry, kind: str) -> Draft:
    start = min(t.i for t in toks)
    end = max(t.i for t in toks) + 1
    if end - start > 6:  # a discontinuous pattern ("hold ... talks"): keep the head word only
        start, end = head.i, head.i + 1
    span = Span(doc, start, end)
    d = Draft(trigger=span, head=head, entry=entry, kind=kind, confidence=entry.confidence)
    d.notes.append(f"trigger {kind} {entry.pattern!r} -> {entry.event}/{entry.mode or '-'} "
                   f"CAMEO {entry.cameo} ({entry.source.rsplit('/', 1)[-1]})")
    return d


def _merge_compounds(found: list[Draft]) -> list[Draft]:
    """Drop a noun trigger that only modifies another noun: "bomb attack" (merged into the
    attack), "riot police", "protest leaders", "missile warning data" (not events)."""
    by_head = {d.head.i: d for d in found}
    out = []
    for d in found:
        if d.kind == "noun" and d.head.dep_ in ("compound", "nmod") and d.head.head.pos_ in ("NOUN", "PROPN"):
            gov = by_head.get(d.head.head.i)
            carrier = d.head.head.lemma_.lower() in role_data().carrier_nouns
            if (gov is None and not carrier) or (gov is not None and gov.entry.event == d.entry.event):
                continue
        if d.kind == "noun" and d.head.pos_ == "PROPN" and d.head.ent_type_ in ("FAC", "ORG", "GPE", "LOC", "PERSON",
                                                                                "DATE", "TIME"):
            continue  # "Suspension Bridge", "Strike Force Inc.", "signed in March 2001"
        out.append(d)
    return out


@Language.factory("titfortat_triggers")
def make_triggers(nlp: Language, name: str) -> TriggerStage:
    return TriggerStage()


class TriggerStage:
    """spaCy component: adds one Draft per trigger."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        register_extensions()
        self._lexicon = lexicon

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon

    def __call__(self, doc: Doc) -> Doc:
        drafts(doc).extend(find_triggers(doc, self.lexicon))
        return doc
