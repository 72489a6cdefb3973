"""Stage 3: modality of every draft, and recoding through operators (see complements.py).

Modality values: asserted, negated, future, hypothetical, attempted, claimed. Order of
precedence when several apply: negated > hypothetical > attempted > future > claimed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from titfortat.coding import complements as cx
from titfortat.coding.lexicon import Lexicon, default_lexicon
from titfortat.coding.roles import _subject, np_span
from titfortat.nlp.draft import Draft, drafts

PRECEDENCE = ("negated", "hypothetical", "attempted", "future", "claimed", "asserted")
NEG_WORDS = frozenset({"not", "n't", "never", "no"})
ATTEMPT_MODS = frozenset({"attempted", "failed", "foiled", "thwarted", "botched", "would-be"})


def strongest(*mods: str) -> str:
    return min(mods, key=PRECEDENCE.index)


def own_markers(tok: Token) -> set[str]:
    """Modality marked directly on the trigger word (auxiliaries, negation, adverbs)."""
    od = cx.operator_data()
    out: set[str] = set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ == "det" and low == "no") or (c.dep_ == "advmod" and low == "never"):
            out.add("negated")
        elif c.dep_ in ("aux", "auxpass"):
            if low in od.future_aux:
                out.add("future")
            elif low in od.hypothetical_aux or c.lemma_ in od.hypothetical_aux:
                out.add("hypothetical")
        elif c.dep_ == "advmod" and low in od.claim_adverbs:
            out.add("claimed")
        elif c.dep_ in ("amod", "compound") and low in ATTEMPT_MODS:
            out.add("attempted")
        elif c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
            out.add("hypothetical")
    # "going to attack", "is to visit"
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
        out.add("future")
    if tok.dep_ == "compound" and tok.head.lemma_ in ("attempt", "bid", "plot"):
        out.add("attempted")
    # conditional clause governing the trigger: "if the army attacks, ..."
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
        out.add("hypothetical")
    return out


def recode_future(lex: Lexicon, d: Draft) -> None:
    """A promised cooperative act is AGREE; an announced hostile act is THREATEN (PLOVER)."""
    e = d.entry
    if e.quad_code == 2 or e.event == "CONCEDE":
        d.entry = cx.as_agree(lex, e, e)
        d.notes.append("future cooperative act coded as AGREE")
        d.modality = "asserted"
    elif e.quad_code == 4 and e.event != "PROTEST":
        d.entry = cx.as_threat(lex, e, e)
        d.notes.append("future hostile act coded as THREATEN")
        d.modality = "asserted"


def _outer_operator(chain: list[tuple[Token, str]], op: Token, cls: str,
                    by_head: dict[int, Draft]) -> tuple[Token, str]:
    """ "rejected calls for a ceasefire": the refusal (an event) governs the call (a noun)."""
    if op.pos_ == "NOUN" and op.i not in by_head:
        for outer, ocls in chain[chain.index((op, cls)) + 1:]:
            if ocls in cx.CONTENT_CLASSES and outer.i in by_head:
                return outer, ocls
    return op, cls


def _speaker_for_pronoun(d: Draft, op: Token) -> None:
    """ "Iraq said it will release ...": the pronoun actor is the speaker."""
    if len(d.actor_spans) == 1 and d.actor_spans[0].root.lower_ in ("it", "they", "he", "she", "we"):
        subj = _subject(op) if op.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.pos_ != "PRON":
            d.actor_spans = [np_span(subj)]
            d.notes.append(f"pronoun actor resolved to the speaker {subj.text!r}")


def _adopt_roles(op: Draft, content: Draft) -> None:
    if not op.recipient_spans:
        op.recipient_spans = [s for s in content.recipient_spans
                              if all(s.start != a.start for a in op.actor_spans)]
    if not op.actor_spans:
        op.actor_spans = list(content.actor_spans)


def apply_operators(lex: Lexicon, ds: list[Draft]) -> None:
    by_head = {d.head.i: d for d in ds}
    recoded: set[int] = set()
    for d in ds:
        chain = cx.operator_chain(d.head)
        mods = own_markers(d.head)
        for op, cls in chain:
            if cls == "attempt":
                mods.add("attempted")
            elif cls == "negation":
                mods.add("negated")
                opd = by_head.get(op.i)
                if opd is not None and opd is not d:
                    opd.discarded = f"operator of negated {d.trigger.text!r}"
            elif cls == "report":
                mods.add("claimed")
                _speaker_for_pronoun(d, op)
            elif cls in cx.CONTENT_CLASSES:
                op, cls = _outer_operator(chain, op, cls, by_head)
                _content(lex, d, op, cls, by_head.get(op.i), recoded, mods)
                break
        if d.discarded is None:
            d.modality = strongest(*mods) if mods else "asserted"
            if d.modality == "future" and d.head.i not in recoded:
                recode_future(lex, d)
                if "claimed" in mods and d.modality == "asserted":
                    d.modality = "claimed"


def _content(lex: Lexicon, d: Draft, op: Token, cls: str, opd: Draft | None,
             recoded: set[int], mods: set[str]) -> None:
    """`d` is the content of operator `op` (class `cls`)."""
    e = d.entry
    if opd is not None and opd is not d:
        d.discarded = f"content of {op.text!r} ({cls})"
        if op.i in recoded:
            return
        recoded.add(op.i)
        if cls == "threat" or (cls in ("promise", "plan") and cx.is_hostile(e)):
            opd.entry = cx.as_threat(lex, opd.entry, e)
        elif cls in ("promise", "plan") and cx.is_cooperative(e):
            opd.entry = cx.as_agree(lex, opd.entry, e)
        elif cls == "request":
            opd.entry = cx.as_request(lex, opd.entry, e)
        elif cls == "refusal":
            opd.entry = cx.as_reject(lex, opd.entry, e)
        opd.notes.append(f"{cls} operator over {d.trigger.text!r} ({e.event}) -> {opd.entry.event}/{opd.entry.mode or '-'}")
        if cls != "discuss":
            _adopt_roles(opd, d)
        return
    # the operator is not an event itself: recode the content in place
    if cls == "discuss":
        d.discarded = f"only discussed ({op.text!r})"
        return
    base = e
    if cls == "threat" or (cls in ("promise", "plan") and cx.is_hostile(e)):
        d.entry = cx.as_threat(lex, base, e)
    elif cls in ("promise", "plan") and cx.is_cooperative(e) and e.event not in ("CONSULT", "AGREE"):
        d.entry = cx.as_agree(lex, base, e)
    elif cls == "plan":
        mods.add("future")
        return
    elif cls == "request":
        d.entry = cx.as_request(lex, base, e)
    elif cls == "refusal":
        d.entry = cx.as_reject(lex, base, e)
    else:
        return
    recoded.add(d.head.i)
    d.notes.append(f"{cls} operator {op.text!r} -> {d.entry.event}/{d.entry.mode or '-'}")
    # the one who threatens, promises, asks or refuses is the operator's subject
    subj = _subject(op) if op.pos_ in ("VERB", "AUX") else (_subject(op.head) if op.dep_ in ("acomp", "dobj", "attr") else None)
    if subj is not None:
        d.recipient_spans = [s for s in d.recipient_spans if s.root.i != subj.i] or d.recipient_spans
        d.actor_spans = [np_span(subj)]


@Language.factory("titfortat_modality")
def make_modality(nlp: Language, name: str) -> ModalityStage:
    return ModalityStage()


class ModalityStage:
    """spaCy component: sets `modality` and applies operator recoding on every draft."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        lex = self._lexicon or default_lexicon()
        ds = drafts(doc)
        # operators nearer the root first, so nested content sees the final operator codes
        ds.sort(key=lambda d: (d.sent.start, d.head.i))
        apply_operators(lex, ds)
        return doc
