"""Freeze a Doc's drafts into Event records with stable ids and ordering."""

from __future__ import annotations

from spacy.tokens import Doc

from titfortat.coding.decide import acled_of
from titfortat.model import Entity, Event, TextInfo
from titfortat.nlp.draft import Draft, drafts, story_of


def build_events(doc: Doc, story_id: str | None = None) -> list[Event]:
    """Events of a processed Doc, in text order, ids `<story_id>-<n>`."""
    story = story_of(doc)
    sid = story_id or (story.id if story else "text")
    kept = [d for d in drafts(doc) if d.discarded is None]
    kept.sort(key=lambda d: (d.trigger.start_char, d.trigger.end_char, d.entry.event))
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    out = []
    for n, d in enumerate(kept):
        out.append(_event(d, f"{sid}-{n}", sid, sent_index))
    return out


def _event(d: Draft, eid: str, sid: str, sent_index: dict[int, int]) -> Event:
    sent = d.sent
    acled_type, acled_sub = acled_of(d)  # may recode d.entry for consistency
    e = d.entry
    actors = tuple(d.actors) or tuple(Entity(s.text) for s in d.actor_spans)
    recipients = tuple(d.recipients) or tuple(Entity(s.text) for s in d.recipient_spans)
    contexts = tuple(dict.fromkeys(list(d.contexts)))
    return Event(
        id=eid,
        story_id=sid,
        event=e.event,
        mode=e.mode,
        context=contexts,
        quad_code=e.quad_code,
        event_scale=e.event_scale,
        cameo_code=e.cameo,
        goldstein=e.goldstein,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        actor=actors,
        recipient=recipients,
        date=d.date,
        date_precision=d.date_precision,
        date_text=d.date_text,
        event_loc=d.location,
        size=tuple(sorted(d.size.items())),
        modality=d.modality,
        event_text=d.trigger.text,
        text=sent.text,
        text_info=TextInfo(
            sequence=sent_index.get(sent.start, 0),
            start=sent.start_char,
            end=sent.end_char,
            trigger_start=d.trigger.start_char,
            trigger_end=d.trigger.end_char,
        ),
        confidence=round(max(0.0, min(1.0, d.confidence)), 3),
        explanation=tuple(d.notes),
    )
