"""Build Events, Stories and StoryResults by hand for store tests (no NLP needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from titfortat.errors import ReadError, StoryError
from titfortat.model import Entity, Event, Location, Story, TextInfo

BAGHDAD = Location("Baghdad", "Baghdad", 98182, 33.3406, 44.4009, "Baghdad", "Iraq", "IRQ", "city")
SADR_CITY = Location("Sadr City", "Sadr City", None, 33.3900, 44.4600, "Baghdad", "Iraq", "IRQ", "place")
BASRA = Location("Basra", "Basra", 99532, 30.5085, 47.7804, "Basra", "Iraq", "IRQ", "city")
IRAQ = Location("Iraq", "Iraq", 99237, 33.0, 44.0, None, "Iraq", "IRQ", "country")


@dataclass
class StoryResult:
    """The shape of titfortat.api.StoryResult (the store's input), without loading spaCy."""

    story: Story | None
    events: list[Event] = field(default_factory=list)
    error: StoryError | None = None
    warnings: list[str] = field(default_factory=list)


def entity(code: str | None, sector: str | None, text: str = "") -> Entity:
    return Entity(text or f"{code or ''} {sector or ''}".strip() or "someone", code, sector)


def make_event(story_id: str, n: int = 0, *, event: str = "ASSAULT",
               actor: tuple[str | None, str | None] = ("IRQ", "MIL"),
               recipient: tuple[str | None, str | None] | None = ("IRQ", "REB"),
               date: str | None = "2025-02-11", precision: str | None = "day",
               loc: Location | None = BAGHDAD, confidence: float = 0.6,
               modality: str = "asserted", **extra: Any) -> Event:
    """An event with sensible defaults; override any field."""
    fields: dict[str, Any] = dict(
        id=f"{story_id}-{n}", story_id=story_id, event=event, mode="firearms", context=("military",),
        quad_code=4, event_scale=-8.0, cameo_code="190", goldstein=-10.0,
        acled_event_type="Battles", acled_sub_event_type="Armed clash",
        actor=(entity(*actor),), recipient=(entity(*recipient),) if recipient else (),
        date=dt.date.fromisoformat(date) if date else None, date_precision=precision if date else None,
        date_text="Tuesday" if date else None, event_loc=loc, size=(("dead", 2),), modality=modality,
        event_text="clashed", text=f"Story {story_id} sentence {n}.",
        text_info=TextInfo(n, 0, 20, 3, 10), confidence=confidence, explanation=("rule x",),
    )
    fields.update(extra)
    return Event(**fields)


def make_story(story_id: str, text: str = "", *, source: str | None = None,
               date: str | None = "2025-02-11", origin: str | None = None) -> Story:
    return Story(id=story_id, text=text or f"text of {story_id}", source=source,
                 date=dt.date.fromisoformat(date) if date else None, title=f"Title {story_id}",
                 url=f"https://news.example/{story_id}", origin=origin or f"{story_id}.txt:1")


def result(story_id: str, events: list[Event] | None = None, **story: Any) -> StoryResult:
    """A coded story with the given events (default: one event)."""
    evs = events if events is not None else [make_event(story_id)]
    return StoryResult(story=make_story(story_id, **story), events=evs)


def failure(origin: str, reason: str = "malformed JSON: Expecting value at column 1") -> StoryResult:
    return StoryResult(story=None, error=ReadError(origin, reason))
