"""From PLOVER's actor lists to CAMEO's directed dyads.

PLOVER codes a compound party once, as a list ("Britain and Germany condemned Iran": actor
[GBR, DEU], recipient [IRN]), and a joint act with every party as actor and no recipient ("Egypt, Qatar and Turkey met"). CAMEO-era data (Phoenix, ICEWS, the
PETRARCH-2 gold file) instead has one row per directed pair, and the PLOVER manual
(section "Compound and Reciprocal Actors") leaves that expansion to a post-processing step.
This module is that step, used by the Phoenix export, the dyad analyses and the PETRARCH-2
benchmark:

- every actor toward every recipient (a missing side stays None);
- a joint act (CONSULT, AGREE or COOPERATE, or an armed clash, with two or more actors and no
  recipient: "Indian and Pakistani troops traded fire"): every ordered pair of its actors;
- a meeting, call or negotiation with a recipient (CAMEO 040, 041, 043, 042, 044, 046) is
  mutual, so the recipient also acts toward the actor, as CAMEO codes it; a visit seen
  from the other side is hosting (042 <-> 043).
"""

from __future__ import annotations

from dataclasses import dataclass

from titfortat.model import Entity, Event

JOINT_EVENTS: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Mutual CAMEO codes and the code the other side's row takes.
MUTUAL_CODES: dict[str, str] = {"040": "040", "041": "041", "042": "043", "043": "042",
                                "044": "044", "046": "046"}


@dataclass(frozen=True)
class Dyad:
    """One directed pair of an event, with the CAMEO code of that direction."""

    source: Entity | None
    target: Entity | None
    cameo_code: str
    mirrored: bool = False  # the reverse direction of a mutual act, not in the record itself


def _same(a: Entity, b: Entity) -> bool:
    return a is b or (a.entity_text, a.code, a.sector) == (b.entity_text, b.code, b.sector)


def dyads(event: Event) -> list[Dyad]:
    """The directed pairs of `event`; an event without any party gives one (None, None)."""
    actors, recipients, code = event.actor, event.recipient, event.cameo_code
    joint = event.event in JOINT_EVENTS or (event.event == "ASSAULT" and event.acled_sub_event_type == "Armed clash")
    if not recipients and len(actors) >= 2 and joint:
        return [Dyad(a, b, code) for a in actors for b in actors if not _same(a, b)]
    out = [Dyad(a, r, code) for a in (actors or (None,)) for r in (recipients or (None,))]
    back = MUTUAL_CODES.get(code)
    if back is not None and actors and recipients:
        out += [Dyad(r, a, back, mirrored=True) for a in actors for r in recipients
                if not _same(a, r)]
    return out


def goldstein(dyad: Dyad, event: Event) -> float:
    """The Goldstein score of the dyad's own CAMEO code (a host's differs from a visitor's)."""
    if dyad.cameo_code == event.cameo_code:
        return event.goldstein
    from titfortat.coding.lexicon import default_lexicon  # loaded once, shared with the coder

    code = default_lexicon().cameo.get(dyad.cameo_code)
    return code.goldstein if code is not None else event.goldstein
