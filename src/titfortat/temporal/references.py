"""What an offset counts from: "two days before the attempted assassination".

The referenced event is another draft whose trigger is the same word ("attack" / "attacked",
"bombing" / "bomb"), else the nearest draft of the event type the noun names ("the raid"
for the story's first ASSAULT; `data/temporal/event_nouns.yaml`), else the story's narrative time, else
the publication date.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from titfortat.datafiles import LINE_KEY, data_path, load_yaml
from titfortat.errors import DataFileError
from titfortat.model import EVENT_TYPES
from titfortat.nlp.draft import Draft
from titfortat.temporal.calendar import DateValue


@lru_cache(maxsize=1)
def event_nouns(path: Path | None = None) -> dict[str, frozenset[str]]:
    """Noun -> the PLOVER event types it can refer back to (loaded on first use)."""
    path = path or data_path("temporal", "event_nouns.yaml")
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise DataFileError(str(path), 1, "expected a mapping of PLOVER event type to a list of nouns")
    out: dict[str, set[str]] = {}
    for event, words in raw.items():
        if event == LINE_KEY:
            continue
        if event not in EVENT_TYPES:
            raise DataFileError(str(path), None, f"unknown PLOVER event type {event!r}; "
                                f"use one of {', '.join(EVENT_TYPES)}")
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DataFileError(str(path), None, f"{event}: expected a list of nouns")
        for w in words:
            out.setdefault(w.lower(), set()).add(event)
    return {w: frozenset(t) for w, t in out.items()}


def same_word(a: str, b: str) -> bool:
    """Whether two lemmas name the same event ("attack"/"attack", "bombing"/"bomb")."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= 0.75 * min(len(a), len(b))


def ref_words(ref: Span) -> set[str]:
    """The lemmas naming the referenced event: the phrase's head and its compounds."""
    return {ref.root.lemma_.lower()} | {c.lemma_.lower() for c in ref.root.children
                                        if c.dep_ == "compound"}


def _nearest(candidates: list[Draft], d: Draft) -> Draft | None:
    """The nearest preceding candidate, else the first following one."""
    before = [o for o in candidates if o.head.i < d.head.i]
    if before:
        return max(before, key=lambda o: o.head.i)
    return min(candidates, key=lambda o: o.head.i) if candidates else None


def find_anchor(d: Draft, ref: Span | None, items: list[Draft], values: dict[int, DateValue | None],
                narrative: DateValue | None, pub: dt.date | None) -> tuple[DateValue | None, str]:
    """The date an offset in `d`'s sentence counts from, and where it came from (for notes).

    `values` holds the dates already known for drafts (by `id`); drafts inside the
    reference phrase itself are the last resort among drafts (their date is a default).
    """
    if ref is not None:
        words = ref_words(ref)
        inside = range(ref.start, ref.end)
        known = [o for o in items if o is not d and values.get(id(o)) is not None]
        by_word = [o for o in known
                   if any(same_word(t.lemma_.lower(), w) for t in o.trigger for w in words)]
        types = set().union(*(event_nouns().get(w, frozenset()) for w in words))
        by_type = [o for o in known if o.entry.event in types and o.head.i not in inside]
        lead = sorted(by_type, key=lambda o: o.head.i)[:1]  # "the attack": the story's lead event
        for group in ([o for o in by_word if o.head.i not in inside], lead,
                      [o for o in by_word if o.head.i in inside]):
            chosen = _nearest(group, d)
            if chosen is not None:
                value = values[id(chosen)]
                assert value is not None
                return value, f"{chosen.trigger.text!r} ({value.date.isoformat()})"
    if narrative is not None:
        return narrative, f"the narrative time {narrative.text!r}"
    if pub is not None:
        return DateValue(pub, "day"), "the publication date"
    return None, "nothing"
