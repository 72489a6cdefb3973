"""What the classifier sees of a text: one function, used when training and when coding.

A model trained on one region's notes learns its names (towns, militias, parties, people)
as cues for a sub-event type; in another region those names never occur and the cue is lost,
or worse, a shared name points the wrong way. So before the text is featurised, names and
country-specific words are replaced by placeholders, and dates and numbers by theirs:

    "On 3 May 2021, Anti-Balaka militiamen killed 12 Fulani herders near Bambari."
    -> "on _date_, _name_ militiamen killed _num_ _name_ herders near _name_."

A name is a capitalised word that does not start a sentence (or a clause after ":"), which
is what spaCy's entity recogniser mostly finds in news and notes (GPE, LOC, NORP, PERSON,
ORG), at no cost and without a model: the same function then runs on the training rows and
on the sentences of a coded story, with nothing parsed at training time. Words that begin a
sentence are kept, lowercased ("Police", "Gunmen"). Measured on leaving one country out
(docs/learning.md), masking and class weighting each raise the weighted F1.
"""

from __future__ import annotations

import re

NAME = "_name_"
DATE = "_date_"
NUMBER = "_num_"

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:-\d{{1,2}})? (?:{_MONTHS})(?:,? \d{{4}})?\b"
    rf"|\b(?:{_MONTHS}) \d{{1,2}}(?:-\d{{1,2}})?(?:,? \d{{4}})?\b"
    rf"|\b(?:{_MONTHS}) \d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# a capitalised word (or acronym) that is not the first word of a sentence or clause; runs of
# them ("Central African Republic") become one placeholder
_NAME = re.compile(r"(?<![.:!?;]\s)(?<![.:!?;])(?<!^)\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_SPACE = re.compile(r"\s+")


def featurize(text: str, names: bool = True) -> str:
    """The text as the classifier sees it: dates, numbers and names replaced by placeholders,
    lowercased, whitespace collapsed. Used by training and coding alike (the model's
    vectorisers call it), so both see exactly the same features. `names=False` keeps the
    names (benchmarks/acled_learn.py --ablation measures what masking them gives)."""
    t = _SPACE.sub(" ", text).strip()
    t = _DATE.sub(DATE, t)
    t = _NUMBER.sub(NUMBER, t)
    if names:
        t = _NAME.sub(NAME, t)
    return t.lower()
