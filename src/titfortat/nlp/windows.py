"""Long stories in windows: the per-story coding cost stays linear in story length.

Several stages compare each mention or event with every earlier one in the story (actor
antecedents, places, event heads), which is right for a news story but quadratic for a
book-length text. A story longer than the `window_chars` setting is therefore coded as
consecutive windows of about that size, cut at paragraph ends (else sentence ends, else
spaces), and the windows' events are joined back into the story's events: ids numbered
through the story, character offsets and sentence numbers counted from the story's start.
What a window cannot see is the text before it: a pronoun or an offset date at a window's
start resolves within that window only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from titfortat.model import Event

_CUTS = ("\n\n", "\n", ". ", " ")


def windows(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, window text) pairs that cover `text` in order, each at most `size` characters
    unless no cut point exists; a text of at most `size` characters is one window."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """The last cut point in text[lo:hi], preferring paragraph ends; past the first half."""
    floor = lo + (hi - lo) // 2
    for sep in _CUTS:
        at = text.rfind(sep, floor, hi)
        if at >= 0:
            return at + len(sep)
    return hi


def join_events(parts: Sequence[tuple[int, int, list[Event]]], story_id: str) -> list[Event]:
    """One story's events from its windows' events: (offset, sentences before, events)."""
    out: list[Event] = []
    for offset, sentences, events in parts:
        for e in events:
            ti = e.text_info
            info = dataclasses.replace(ti, sequence=ti.sequence + sentences, start=ti.start + offset,
                                       end=ti.end + offset, trigger_start=ti.trigger_start + offset,
                                       trigger_end=ti.trigger_end + offset)
            out.append(dataclasses.replace(e, id=f"{story_id}-{len(out)}", text_info=info))
    return out
