"""Evidence about an event's type: what each stage knows, kept for the one place that decides.

Stages that know something about an event's type (the lexicon, a rule, a sentence cue, a
trained classifier) append an `Evidence` to `Draft.evidence` instead of overwriting the
draft's lexicon entry. The typing decision reads every item, picks one by a declared policy,
and the record's `explanation` lists what was weighed and what won (see
../shared design note EVENT_TYPING.md and docs/coding.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """One voice on an event's type.

    source: where it comes from: "lexicon", "rule:<id>", "cue:<word>", "classifier".
    sub: the ACLED sub-event type it supports, if any.
    event, mode: the PLOVER type and mode it supports, if any.
    strength: a rule's priority or a probability, 0 to 1.
    reason: a few words for the explanation.
    """

    source: str
    sub: str | None = None
    event: str | None = None
    mode: str | None = None
    strength: float = 0.5
    reason: str = ""

    def describe(self) -> str:
        label = self.sub or "/".join(x for x in (self.event, self.mode) if x) or "none"
        return f"{self.source}: {label} ({self.strength:.2f}){' - ' + self.reason if self.reason else ''}"
