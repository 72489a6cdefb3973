"""ACLED's actor classes (inter 1-8) for the entities of a decided event, and the actors ACLED
names where the text only implies them (an unidentified armed group, a crowd).

The class table is the `inter` block of data/acled.yaml; `titfortat.coding.decide` calls
`assign` once the event's ACLED type is known, since rioters and protesters are told apart by it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from titfortat.datafiles import data_path, load_yaml
from titfortat.model import Entity, Event
from titfortat.nlp.draft import Draft


@dataclass(frozen=True)
class InterTable:
    by_id: dict[str, int]
    codes: dict[str, int]
    identity_words: frozenset[str]
    state_sectors: frozenset[str]
    sectors: dict[str, int]
    crowd: dict[str, int]
    armed_types: frozenset[str]
    implied: dict[str, tuple[str, str]]


@lru_cache(maxsize=1)
def inter_table() -> InterTable:
    raw = load_yaml(data_path("acled.yaml"))["inter"]

    def ints(d: dict[str, object]) -> dict[str, int]:
        return {k: int(v) for k, v in d.items() if k != "__line__"}  # type: ignore[call-overload]

    return InterTable(ints(raw["groups_by_id"]), ints(raw["codes"]),
                      frozenset(w.lower() for w in raw["identity_words"]), frozenset(raw["state_sectors"]),
                      ints(raw["sectors"]), ints(raw["crowd"]), frozenset(raw["armed_types"]),
                      {k: (str(v[0]), str(v[1])) for k, v in raw["implied"].items() if k != "__line__"})


def inter_of(e: Entity, acting: bool, acled_type: str | None, country: str | None) -> int:
    """ACLED's class of entity `e`: `acting` for an actor (else a recipient), `acled_type`
    the event's ACLED type, `country` the alpha-3 code of where the event happened."""
    t = inter_table()
    if e.identifier_id and e.identifier_id in t.by_id:
        return t.by_id[e.identifier_id]
    if e.code in t.codes:
        return t.codes[e.code]
    words = set(e.entity_text.lower().replace("-", " ").split())
    if words & t.identity_words and e.sector not in t.state_sectors:
        return 4
    if e.sector in t.state_sectors:
        return 8 if country and e.code and e.code != country else 1
    if e.sector in t.sectors:
        return t.sectors[e.sector]
    if acting and acled_type in t.crowd:
        return t.crowd[acled_type]
    if not acting and acled_type == "Protests" and e.sector in ("CVL", "LAB", "EDU", "OPP", "PTY", "AGR", None):
        return 6  # the protesters that force was used on
    if acting and acled_type in t.armed_types and e.sector in (None, "UNK", "PTY", "OPP"):
        return 3
    return 7


def implied_actor(d: Draft, acled_type: str | None, sub: str | None = None) -> None:
    """An ACLED-coded event with no actor named gets the one ACLED would name (the `implied`
    table: the crowd of a protest or riot, an unidentified armed group for violence or
    looting, the police for arrests), with the event's country, marked source=implied."""
    if d.actors or d.actor_spans or acled_type is None:
        return
    found = inter_table().implied.get(sub or "") or inter_table().implied.get(acled_type)
    if found is None:
        return
    name, sector = found
    country = d.location.country_code if d.location else None
    d.actors = [Entity(entity_text=name, code=country, sector=sector, attributes=(("source", "implied"),))]
    d.notes.append(f"actor: none named for {sub or acled_type} -> {name}" + (f" ({country})" if country else ""))


def assign(d: Draft, acled_type: str | None) -> None:
    """Set `acled_inter` on the draft's actors and recipients (spans become entities)."""
    country = d.location.country_code if d.location else None
    d.actors = [replace(e, acled_inter=inter_of(e, True, acled_type, country))
                for e in (d.actors or [Entity(s.text) for s in d.actor_spans])]
    d.recipients = [replace(e, acled_inter=inter_of(e, False, acled_type, country))
                    for e in (d.recipients or [Entity(s.text) for s in d.recipient_spans])]


CROWD_TYPES = frozenset({"Protests", "Riots"})


def acled_sides(event: Event) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """ACLED's actor1 and actor2 entities of an event. In a protest or riot ACLED names the
    crowd first ("Protesters (Kenya)" against "Police Forces of Kenya"), so when the state
    acts on a crowd (the coded actor is state forces, the recipient a crowd) the sides swap,
    and the crowd takes the class of protesters or rioters."""
    actors, recipients = event.actor, event.recipient
    t = event.acled_event_type
    if t not in CROWD_TYPES or not actors or not recipients:
        return actors, recipients
    if actors[0].acled_inter not in (1, 8) or recipients[0].acled_inter not in (5, 6, 7):
        return actors, recipients
    country = event.event_loc.country_code if event.event_loc else None
    crowd = tuple(replace(e, acled_inter=inter_of(e, True, t, country)) for e in recipients)
    return crowd, actors
