"""The typed record model: Story in, Event out.

Every stage passes these objects; dicts appear only at the edges (JSON, database, HTTP).
Field names follow the PLOVER JSON record as written in docs/output.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES: tuple[str, ...] = (
    "asserted", "negated", "future", "hypothetical", "attempted", "claimed",
)
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "season", "year")
SECTORS: tuple[str, ...] = (
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
)


@dataclass(frozen=True)
class Story:
    """One input news story."""

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str = ""  # "file:line" the story was read from, for error messages
    country: str | None = None  # a user's hint (alpha-3): the country the story is about, when its text says none


@dataclass(frozen=True)
class Entity:
    """An actor or recipient: who, with country code and PLOVER sector."""

    entity_text: str
    code: str | None = None
    sector: str | None = None
    identifier_id: str | None = None
    identifier_text: str | None = None
    # Optional extension: e.g. the foreign backer of a militia ("backer": "IRN").
    attributes: tuple[tuple[str, str], ...] = ()
    # Optional extension: ACLED's actor class (inter1/inter2: 1 state forces ... 8 external).
    acled_inter: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_text": self.entity_text,
            "code": self.code,
            "sector": self.sector,
            "identifier_id": self.identifier_id,
            "identifier_text": self.identifier_text,
        }
        if self.attributes:
            out["attributes"] = dict(self.attributes)
        if self.acled_inter is not None:
            out["acled_inter"] = self.acled_inter
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            entity_text=d.get("entity_text", ""),
            code=d.get("code"),
            sector=d.get("sector"),
            identifier_id=d.get("identifier_id"),
            identifier_text=d.get("identifier_text"),
            attributes=tuple(sorted((d.get("attributes") or {}).items())),
            acled_inter=d.get("acled_inter"),
        )


@dataclass(frozen=True)
class Location:
    """A geocoded place (or an extracted name that could not be resolved)."""

    extracted_place: str
    resolved_place: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    province: str | None = None
    country: str | None = None
    country_code: str | None = None
    resolution: str | None = None  # place | city | province | country

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Location:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]


@dataclass(frozen=True)
class TextInfo:
    sequence: int
    start: int
    end: int
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True)
class Event:
    """One coded event, the record of docs/output.md."""

    id: str
    story_id: str
    event: str
    mode: str | None
    context: tuple[str, ...]
    quad_code: int
    event_scale: float
    cameo_code: str
    goldstein: float
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actor: tuple[Entity, ...]
    recipient: tuple[Entity, ...]
    date: dt.date | None
    date_precision: str | None
    date_text: str | None
    event_loc: Location | None
    size: tuple[tuple[str, int], ...]
    modality: str
    event_text: str
    text: str
    text_info: TextInfo
    confidence: float
    # Optional extension: why each decision was taken (lexicon entry, rules fired).
    explanation: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record, field order as in the spec."""
        out: dict[str, Any] = {
            "id": self.id,
            "story_id": self.story_id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "quad_code": self.quad_code,
            "event_scale": self.event_scale,
            "cameo_code": self.cameo_code,
            "goldstein": self.goldstein,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "actor": [e.to_dict() for e in self.actor],
            "recipient": [e.to_dict() for e in self.recipient],
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "event_loc": self.event_loc.to_dict() if self.event_loc else None,
            "size": dict(self.size),
            "modality": self.modality,
            "event_text": self.event_text,
            "text": self.text,
            "text_info": asdict(self.text_info),
            "confidence": self.confidence,
        }
        if self.explanation:
            out["explanation"] = list(self.explanation)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """Rebuild an Event from its JSON record (the inverse of to_dict)."""
        date = d.get("date")
        loc = d.get("event_loc")
        return cls(
            id=d["id"],
            story_id=d["story_id"],
            event=d["event"],
            mode=d.get("mode"),
            context=tuple(d.get("context") or ()),
            quad_code=int(d["quad_code"]),
            event_scale=float(d["event_scale"]),
            cameo_code=str(d["cameo_code"]),
            goldstein=float(d["goldstein"]),
            acled_event_type=d.get("acled_event_type"),
            acled_sub_event_type=d.get("acled_sub_event_type"),
            actor=tuple(Entity.from_dict(e) for e in d.get("actor") or ()),
            recipient=tuple(Entity.from_dict(e) for e in d.get("recipient") or ()),
            date=dt.date.fromisoformat(date) if date else None,
            date_precision=d.get("date_precision"),
            date_text=d.get("date_text"),
            event_loc=Location.from_dict(loc) if loc else None,
            size=tuple(sorted((d.get("size") or {}).items())),
            modality=d.get("modality", "asserted"),
            event_text=d.get("event_text", ""),
            text=d.get("text", ""),
            text_info=TextInfo(**d["text_info"]),
            confidence=float(d.get("confidence", 0.0)),
            explanation=tuple(d.get("explanation") or ()),
        )
