"""Temporal expressions on a parsed Doc, and which one belongs to which event.

Expressions come from the regular grammar (`expressions.py`), plus spaCy DATE/TIME
entities the grammar skipped for lack of context (a bare "January", "the 2019 elections"). An expression belongs to an event in
this order: attached to the trigger in the parse ("on Sunday" under the verb), attached to a
word governing the trigger (the verb of a noun trigger, the verb a clause hangs from), then
anywhere in the sentence. An offset never dates the event it refers to ("two days before
the attack" does not date "attack"), and an expression inside the event's own phrase that
dates another event there never dates it ("protested the death of a student last month",
"marched to the grave of a journalist who was killed in 1998").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from titfortat.nlp.draft import Draft, doc_text
from titfortat.temporal.expressions import MONTHS, WEEKDAYS, TimeExpr, find_time_expressions
from titfortat.temporal.references import event_nouns

FUTURE_AUX: frozenset[str] = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_GOVERNORS: frozenset[str] = frozenset(
    {"plan", "schedule", "due", "set", "expect", "intend", "go", "prepare", "vow", "pledge", "threaten"}
)
_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")


@dataclass
class DocTimeExpr:
    """A temporal expression located in a Doc; `ref` is what an offset refers to."""

    expr: TimeExpr
    span: Span
    ref: Span | None = None
    sent_start: int = 0  # first token of the sentence holding the expression


def doc_expressions(doc: Doc) -> list[DocTimeExpr]:
    """The temporal expressions of a Doc, in order, as token spans.

    An offset's reference is re-read from the parse: the object of "before/after/of", or
    the whole clause they introduce.
    """
    out: list[DocTimeExpr] = []
    for e in find_time_expressions(doc_text(doc)):
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(_with_parsed_ref(doc, e, span))
    covered = {t.i for d in out for t in d.span}
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and not any(t.i in covered for t in ent):
            extra = _from_entity(ent)
            if extra is not None:
                out.append(extra)
    out.sort(key=lambda d: d.span.start)
    starts = [sent.start for sent in doc.sents]
    for d in out:
        d.sent_start = starts[bisect_right(starts, d.span.start) - 1]
    return out


def _with_parsed_ref(doc: Doc, e: TimeExpr, span: Span) -> DocTimeExpr:
    if e.ref_start is None or e.ref_expr is not None:
        return DocTimeExpr(e, span)
    ref_first = doc.char_span(e.ref_start, e.ref_end or e.ref_start, alignment_mode="expand")
    if ref_first is None or ref_first.start == 0:
        return DocTimeExpr(e, span)
    prep = doc[ref_first.start - 1]
    if prep.dep_ == "mark":  # "a day after students blocked the road": the clause is the reference
        clause = doc[ref_first.start:max(prep.head.right_edge.i + 1, ref_first.end)]
        return DocTimeExpr(e, span, clause)
    objects = [c for c in prep.children if c.dep_ in ("pobj", "dobj", "pcomp")]
    if not objects or objects[0].left_edge.i != ref_first.start:
        return DocTimeExpr(e, span, ref_first)
    ref = doc[objects[0].left_edge.i:objects[0].right_edge.i + 1]
    whole = doc[span.start:ref.end]
    expr = replace(e, text=whole.text, end=whole.end_char, ref_text=ref.text,
                   ref_start=ref.start_char, ref_end=ref.end_char)
    return DocTimeExpr(expr, whole, ref)


def _from_entity(ent: Span) -> DocTimeExpr | None:
    """A DATE/TIME entity the grammar skipped for lack of context, when it is a bare month,
    weekday or year ("January saw...", "the 2019 elections") or "later in the day"."""
    words = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    fields: dict[str, Any] | None = None
    key = words.lower().rstrip(".")
    if words[:1].isupper() and key in MONTHS:
        fields = {"kind": "date", "month": MONTHS[key]}
    elif words[:1].isupper() and key in WEEKDAYS:
        fields = {"kind": "weekday", "weekday": WEEKDAYS[key]}
    elif _YEAR_ONLY.fullmatch(words):
        fields = {"kind": "date", "year": int(words)}
    elif key in ("later in the day", "earlier in the day", "later that day"):
        fields = {"kind": "offset", "unit": "day", "amount": 0}
    if fields is None:
        return None
    return DocTimeExpr(TimeExpr(text=ent.text, start=ent.start_char, end=ent.end_char, **fields), ent)


def governor(span: Span, triggers: set[int]) -> Token:
    """The first verb, or event trigger, above an expression in the parse."""
    tok = span.root
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i in triggers or tok.pos_ in ("VERB", "AUX"):
            return tok
    return tok


def attachment(draft: Draft, dexpr: DocTimeExpr, triggers: set[int]) -> tuple[int, int] | None:
    """How closely an expression in the event's sentence belongs to it: (rank, distance),
    lower is closer (0 trigger, 1 governor, 2 sentence, 3 an offset elsewhere in the
    sentence); None when it cannot date the event (the offset refers to it)."""
    trig = range(draft.trigger.start, draft.trigger.end)
    if dexpr.ref is not None and any(i in trig for i in range(dexpr.ref.start, dexpr.ref.end)):
        return None
    if any(i in trig for i in range(dexpr.span.start, dexpr.span.end)):
        return None
    if dates_inner_event(dexpr.span, draft):
        return None
    gov = governor(dexpr.span, triggers)
    distance = abs(dexpr.span.start - draft.head.i)
    if gov.i in trig or gov.i == draft.head.i:
        return 0, distance
    if any(a.i == gov.i for a in draft.head.ancestors):
        return 1, distance
    # elsewhere in the sentence: a plain date before an offset that hangs on another event
    return (3 if dexpr.expr.anchored else 2), distance


INNER_CLAUSES: frozenset[str] = frozenset({"relcl", "acl"})


def dates_inner_event(span: Span, draft: Draft) -> bool:
    """The expression hangs, below the event's trigger, from a relative clause ("a journalist
    who was killed in 1998") or from a noun naming another event ("the death of a student last
    month", "the 2011 coup", when the noun's event is of another kind than this one: "killed in
    an attack on Monday" is one event): it dates that event, not this one."""
    trig = set(range(draft.trigger.start, draft.trigger.end)) | {draft.head.i}
    nouns = event_nouns()
    tok = span.root
    inner = False
    while True:
        if tok.i in trig:
            return inner
        if not span.start <= tok.i < span.end and (
                tok.dep_ in INNER_CLAUSES or (tok.dep_ in ("pobj", "dobj") and tok.pos_ == "NOUN"
                                              and draft.entry.event not in nouns.get(tok.lower_, (draft.entry.event,)))):
            inner = True  # a clause, or a noun naming an event of another kind ("protested the death")
        if tok.head.i == tok.i:
            return False
        tok = tok.head


def choose(draft: Draft, exprs: list[DocTimeExpr], triggers: set[int]) -> tuple[DocTimeExpr, int] | None:
    """The expression that dates `draft` and its rank (0 trigger, 1 governor, 2-3 sentence)."""
    best: tuple[tuple[int, int], DocTimeExpr] | None = None
    sent_start = draft.sent.start
    for d in exprs:
        if d.sent_start != sent_start:
            continue
        score = attachment(draft, d, triggers)
        if score is not None and (best is None or score < best[0]):
            best = (score, d)
    return (best[1], best[0][0]) if best else None


def verb_of(token: Token) -> Token:
    """The token itself if verbal, else its nearest verbal ancestor (itself if none)."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    for a in token.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a
    return token


def future_tense(token: Token) -> bool:
    """Whether the verb governing `token` is future: "will"/"shall", or "plans to",
    "is due to", "is set to", "is going to" in the present."""
    verb = verb_of(token)
    chain = [verb, verb.head] if verb.dep_ in ("xcomp", "conj") else [verb]
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for t in chain for c in t.children):
        return True
    head = verb.head
    past = head.tag_ == "VBD" or any(c.tag_ == "VBD" for c in head.children if c.dep_ in ("aux", "auxpass"))
    return verb.dep_ == "xcomp" and head.lemma_ in FUTURE_GOVERNORS and not past


def is_future(draft: Draft) -> bool:
    """Whether a draft event is in the future (its modality, or its verb's tense)."""
    return draft.modality == "future" or future_tense(draft.head)
