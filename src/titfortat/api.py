"""The Python API: code stories into events.

    >>> from titfortat.api import code_text
    >>> events = code_text("Iraqi police arrested a militia commander in Baghdad on Sunday.",
    ...                    date="2024-03-05")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from titfortat import settings
from titfortat.coding.build import build_events
from titfortat.errors import StoryError
from titfortat.model import Event, Story
from titfortat.nlp import pipeline
from titfortat.nlp.draft import memory
from titfortat.nlp.windows import join_events, windows


@dataclass
class StoryResult:
    """The outcome for one input item: a coded story, or the error that skipped it."""

    story: Story | None
    events: list[Event] = field(default_factory=list)
    error: StoryError | None = None
    warnings: list[str] = field(default_factory=list)


def load(model: str | None = None, actors: Iterable[str] = ()) -> Language:
    """The titfortat pipeline (spaCy model plus every titfortat stage); `actors` adds user
    actor dictionaries (docs/actors.md)."""
    return pipeline.load(model, tuple(str(a) for a in actors))


def code_stories(items: Iterable[Story | StoryError], nlp: Language | None = None,
                 batch_size: int | None = None) -> Iterator[StoryResult]:
    """Code stories in batches with nlp.pipe; errors pass through in input order."""
    nlp = nlp or load()
    size: int = batch_size or settings.get("batch_size")
    buffer: list[Story | StoryError] = []
    for item in items:
        buffer.append(item)
        if len(buffer) >= size:
            yield from _code_batch(buffer, nlp, size)
            buffer = []
    if buffer:
        yield from _code_batch(buffer, nlp, size)


def _code_batch(items: list[Story | StoryError], nlp: Language, size: int) -> Iterator[StoryResult]:
    window: int = settings.get("window_chars")
    docs = [_doc(nlp, i) for i in items if isinstance(i, Story) and len(i.text) <= window]
    coded = iter(nlp.pipe(docs, batch_size=size))
    for item in items:
        if isinstance(item, StoryError):
            yield StoryResult(story=None, error=item)
            continue
        events = build_events(next(coded)) if len(item.text) <= window else _code_long(item, nlp, window)
        warnings = []
        if item.date is None:
            warnings.append(f"{item.origin}: no publication date; relative dates left unresolved (use --date)")
        elif item.date > dt.date.today() + dt.timedelta(days=1):
            warnings.append(f"{item.origin}: publication date {item.date.isoformat()} is in the future; "
                            "relative dates are counted from it")
        yield StoryResult(story=item, events=events, warnings=warnings)


def _doc(nlp: Language, story: Story) -> Doc:
    doc = nlp.make_doc(story.text)
    doc._.tft_story = story
    memory(doc)["text"] = story.text  # == doc.text (spaCy keeps every character), without rebuilding it
    return doc


def _code_long(story: Story, nlp: Language, window: int) -> list[Event]:
    """A story longer than `window` characters, coded one window at a time (nlp/windows.py):
    time linear in length, memory that of one window."""
    parts, sentences = [], 0
    for offset, text in windows(story.text, window):
        doc = nlp(_doc(nlp, dataclasses.replace(story, text=text)))
        parts.append((offset, sentences, build_events(doc)))
        sentences += sum(1 for _ in doc.sents)
    return join_events(parts, story.id)


def code_text(text: str, date: str | dt.date | None = None, story_id: str = "text",
              nlp: Language | None = None) -> list[Event]:
    """Code one text; `date` is the publication date (YYYY-MM-DD or a date)."""
    if isinstance(date, str):
        from titfortat.ingest.dates import parse_date

        date = parse_date(date, story_id)
    story = Story(id=story_id, text=text, date=date, origin=story_id)
    result = next(code_stories([story], nlp=nlp))
    return result.events
