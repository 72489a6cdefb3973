"""The `titfortat_dates` pipeline stage: every draft event gets its date and precision.

Per event: the expression attached to its trigger, else one governing it, else another in
its sentence (see `attach.py`); else the story's narrative time (the last date stated in an
earlier sentence); else the publication date, with `date_text` None. Offsets ("two days
before the attack", "barely 48 hours later") count from the event they name when another
draft matches it, else from the narrative time, else from the publication date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from titfortat.nlp.draft import Draft, drafts, publication_date
from titfortat.temporal.attach import (
    DocTimeExpr,
    choose,
    doc_expressions,
    future_tense,
    governor,
    is_future,
)
from titfortat.temporal.calendar import DateValue, coarser, snap
from titfortat.temporal.expressions import grammar
from titfortat.temporal.references import find_anchor
from titfortat.temporal.resolve import resolve

RANK_WORDS: tuple[str, ...] = (
    "attached to the trigger", "governing the trigger", "in the sentence", "in the sentence",
)


class DateStage:
    """Fills `date`, `date_precision` and `date_text` on every draft of a Doc."""

    def __call__(self, doc: Doc) -> Doc:
        if drafts(doc):
            date_events(doc)
        return doc

    def preload(self) -> None:
        """Compile the date grammar now (called by `pipeline.load`)."""
        grammar()


@Language.factory("titfortat_dates")
def make_date_stage(nlp: Language, name: str) -> DateStage:
    """The spaCy factory of the date stage (no state, nothing loaded)."""
    return DateStage()


def date_events(doc: Doc) -> None:
    """Date every draft of `doc` in place; a short reason goes to `draft.notes`."""
    items = drafts(doc)
    pub = publication_date(doc)
    exprs = doc_expressions(doc)
    triggers = {t.i for d in items for t in d.trigger} | {d.head.i for d in items}
    choices = {id(d): choose(d, exprs, triggers) for d in items}
    values: dict[int, DateValue | None] = {}
    for d in items:  # first pass: everything that needs no anchor
        c = choices[id(d)]
        if c is not None and not c[0].expr.anchored:
            values[id(d)] = resolve(c[0].expr, pub, future=is_future(d))
    by_sent: dict[int, list[Draft]] = defaultdict(list)
    for d in sorted(items, key=lambda d: d.head.i):
        by_sent[d.sent.start].append(d)
    narrative: DateValue | None = None
    main_time: DateValue | None = None
    for sent in doc.sents:
        stated: DateValue | None = None
        for d in by_sent.get(sent.start, []):
            c = choices[id(d)]
            if c is None:
                values[id(d)] = _fallback(d, main_time or narrative, pub)
                continue
            dexpr, rank = c
            if dexpr.expr.anchored:
                if dexpr.expr.ref_expr is not None:
                    anchor, how = None, repr(dexpr.expr.ref_expr.text)
                else:
                    anchor, how = find_anchor(d, dexpr.ref, items, values, narrative, pub)
                future = is_future(d)
                values[id(d)] = _no_later_than_pub(
                    resolve(dexpr.expr, pub, future=future, anchor=anchor), anchor, pub, future)
                reason = f"{RANK_WORDS[rank]}, counted from {how}"
            else:
                reason = RANK_WORDS[rank]
            _assign(d, values[id(d)], dexpr.expr.text, reason)
            stated = values[id(d)] or stated
        narrative = stated or _sentence_date(sent, exprs, triggers, narrative, pub) or narrative
        # Background references ("last month", "since Thursday") date their own events and
        # anchor offsets, but undated later sentences go back to the story's first day-precise
        # date: the lede's.
        if main_time is None and narrative is not None and narrative.precision == "day":
            main_time = narrative


def _no_later_than_pub(value: DateValue | None, anchor: DateValue | None, pub: dt.date | None,
                       future: bool) -> DateValue | None:
    """An offset from the publication date used as a stand-in ("two days later" in a story
    that never dated the first event) cannot put a past event after publication: it gets
    the publication date, widened to a week."""
    if value is None or anchor is None or anchor.text is not None or pub is None or future:
        return value
    if value.date <= pub:
        return value
    prec = coarser(value.precision, "week")
    return DateValue(snap(pub, prec), prec, value.text)


def _assign(d: Draft, value: DateValue | None, words: str, reason: str) -> None:
    if value is None:
        d.date, d.date_precision, d.date_text = None, None, words
        d.notes.append(f"date: {words!r} ({reason}) unresolved: no publication date or anchor")
        return
    d.date, d.date_precision, d.date_text = value.date, value.precision, words
    d.notes.append(f"date: {value.date.isoformat()} ({value.precision}) from {words!r}, {reason}")


def _fallback(d: Draft, narrative: DateValue | None, pub: dt.date | None) -> DateValue | None:
    """No expression in the sentence: the narrative time, else the publication date."""
    if narrative is not None:
        d.date, d.date_precision, d.date_text = narrative.date, narrative.precision, narrative.text
        d.notes.append(f"date: {narrative.date.isoformat()} ({narrative.precision}), "
                       f"narrative time from {narrative.text!r}")
        return narrative
    if pub is not None:
        d.date, d.date_precision, d.date_text = pub, "day", None
        d.notes.append("date: no date in the story before this event, publication date")
        return DateValue(pub, "day")
    d.notes.append("date: none stated and no publication date")
    return None


def _sentence_date(sent: Span, exprs: list[DocTimeExpr], triggers: set[int],
                   narrative: DateValue | None, pub: dt.date | None) -> DateValue | None:
    """The last date stated in a sentence that dated no event, for the narrative time."""
    last: DateValue | None = None
    for dexpr in exprs:
        if dexpr.sent_start != sent.start:
            continue
        future = future_tense(governor(dexpr.span, triggers))
        anchor = narrative or (DateValue(pub, "day") if pub else None)
        last = resolve(dexpr.expr, pub, future=future, anchor=anchor) or last
    return last
