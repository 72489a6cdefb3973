"""Fixtures for the analysis tests: hand-built events with known answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from titfortat.model import Entity, Event, TextInfo

# (event, mode, quad, goldstein) for the types the tests use.
TYPES: dict[str, tuple[str, str | None, int, float]] = {
    "arrest": ("COERCE", "arrest", 4, -5.0),
    "show_of_force": ("MOBILIZE", "troops", 4, -7.2),
    "release": ("RETREAT", "release", 2, 7.0),
    "reject": ("REJECT", None, 3, -4.0),
    "protest": ("PROTEST", "demo", 3, -6.5),
    "clash": ("ASSAULT", "firearms", 4, -10.0),
    "drone": ("ASSAULT", "drone", 4, -10.0),
    "visit": ("CONSULT", "visit", 1, 2.8),
    "accuse": ("ACCUSE", None, 3, -2.0),
    "threaten": ("THREATEN", None, 3, -4.4),
    "aid": ("AID", None, 2, 7.4),
    "agree": ("AGREE", None, 1, 5.2),
    "concede": ("CONCEDE", None, 1, 5.0),
}


def entity(key: str, name: str = "", ident: str | None = None) -> Entity:
    """An entity from a key like "IRQ:GOV" (code and sector)."""
    code, _, sector = key.partition(":")
    return Entity(entity_text=name or key, code=code or None, sector=sector or None,
                  identifier_id=ident, identifier_text=name or None)


_counter = {"n": 0}


def make_event(kind: str, actor: str | list[str], recipient: str | list[str], date: str,
               story: str | None = None, seq: int = 0, text: str = "",
               modality: str = "asserted", **extra: Any) -> Event:
    """One event of a TYPES kind between actor and recipient keys on a date."""
    event, mode, quad, goldstein = TYPES[kind]
    _counter["n"] += 1
    story_id = story or f"st{_counter['n']}"
    actors = [actor] if isinstance(actor, str) else actor
    recipients = [recipient] if isinstance(recipient, str) else recipient
    fields: dict[str, Any] = {"cameo_code": "000", **extra}
    return Event(
        id=f"{story_id}-{seq}", story_id=story_id, event=event, mode=mode, context=(),
        quad_code=quad, event_scale=goldstein, goldstein=goldstein,
        acled_event_type=None, acled_sub_event_type=None,
        actor=tuple(entity(a) for a in actors), recipient=tuple(entity(r) for r in recipients),
        date=dt.date.fromisoformat(date), date_precision="day", date_text=None, event_loc=None,
        size=(), modality=modality, event_text=kind, text=text or f"{actor} {kind} {recipient}.",
        text_info=TextInfo(sequence=seq, start=0, end=10, trigger_start=0, trigger_end=1),
        confidence=0.9, **fields)


@pytest.fixture
def ev() -> Callable[..., Event]:
    """The event factory."""
    return make_event


def sample_sequence() -> list[Event]:
    """The sample corpus's government-coalition-backer story, as the coder should code it."""
    return [
        make_event("arrest", "IRQ:COP", "IRQ:PRM", "2024-03-03", "s01", 0,
                   "Iraqi police arrested a senior commander of the coalition in Baghdad on Sunday."),
        make_event("show_of_force", "IRQ:PRM", "IRQ:GOV", "2024-03-05", "s02", 0,
                   "Coalition fighters paraded armed trucks near the Green Zone in a show of force."),
        make_event("release", "IRQ:JUD", "IRQ:PRM", "2024-03-09", "s03", 1,
                   "A Baghdad court released the commander on Saturday."),
        make_event("reject", "IRQ:PRM", "IRQ:GOV", "2024-10-12", "s04", 0,
                   "Coalition leaders rejected the election results that cost them half their seats."),
        make_event("protest", "IRQ:PRM", "IRQ:GOV", "2024-10-14", "s05", 0,
                   "Thousands of coalition supporters protested outside the electoral commission."),
        make_event("clash", "IRQ:COP", "IRQ:PRM", "2024-10-15", "s06", 0,
                   "Police clashed with coalition supporters, killing two."),
        make_event("drone", "IRQ:PRM", "IRQ:GOV", "2024-11-02", "s07", 0,
                   "A drone struck the prime minister's residence; officials blamed the coalition.",
                   modality="claimed"),
        make_event("visit", "IRN:GOV", "IRQ:GOV", "2024-11-10", "s08", 0,
                   "Iran's envoy arrived in Baghdad for talks with the prime minister."),
        make_event("visit", "IRQ:GOV", "IRN:GOV", "2024-11-10", "s08", 1,
                   "The prime minister received the envoy."),
        make_event("visit", "IRN:GOV", "IRQ:PRM", "2024-11-11", "s09", 0,
                   "The envoy also met coalition leaders."),
        make_event("drone", "IRQ:PRM", "IRQ:GOV", "2024-11-20", "s10", 0,
                   "The coalition denied attacking a base.", modality="negated"),
    ]


@pytest.fixture
def sample() -> list[Event]:
    """The planted government-coalition sequence."""
    return sample_sequence()
