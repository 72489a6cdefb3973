"""ACLED event type and sub-type for violence, demonstrations and strategic developments.

Weapon-based distinctions come from the PLOVER mode (or the trigger's own `acled` field);
actor-based ones (armed clash, attack on civilians, mob violence, excessive force against
protesters) from the actor and recipient sectors. Rules live in data/acled.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from titfortat.coding.evidence import Evidence
from titfortat.datafiles import data_path, line_of, load_yaml
from titfortat.errors import DataFileError
from titfortat.learn.labels import event_type_of, subtypes
from titfortat.model import Entity
from titfortat.nlp.draft import Draft


@dataclass(frozen=True)
class AcledRule:
    event: str
    modes: frozenset[str]
    actor: tuple[str, ...] | None
    recipient: tuple[str, ...] | None
    sentence: tuple[str, ...]
    type: str
    sub: str
    needs_recipient: bool


@lru_cache(maxsize=1)
def acled_rules() -> tuple[dict[str, frozenset[str]], tuple[AcledRule, ...]]:
    path = data_path("acled.yaml")
    raw = load_yaml(path)
    groups = {k: frozenset(v) for k, v in raw["groups"].items() if k != "__line__"}
    out = []
    for r in raw["rules"]:
        for key in ("actor", "recipient"):
            unknown = set(r.get(key) or ()) - set(groups)
            if unknown:
                raise DataFileError(str(path), line_of(r), f"unknown sector group(s) {sorted(unknown)}")
        out.append(AcledRule(
            event=r["event"], modes=frozenset(r.get("modes") or ()),
            actor=tuple(r["actor"]) if "actor" in r else None,
            recipient=tuple(r["recipient"]) if "recipient" in r else None,
            sentence=tuple(str(s).lower() for s in r.get("sentence") or ()),
            type=r["type"], sub=r["sub"], needs_recipient=bool(r.get("needs_recipient")),
        ))
    return groups, tuple(out)


def _in_groups(entities: Sequence[Entity], names: tuple[str, ...], groups: dict[str, frozenset[str]]) -> bool:
    if not names:  # an empty list means "no entity at all"
        return not entities
    sectors = {e.sector or "UNK" for e in entities}
    codes = {e.code for e in entities}
    wanted: set[str] = set()
    for n in names:
        wanted |= groups[n]
    return bool(sectors & wanted) or ("IMG" in wanted and "IMG" in codes)


def _rule_matches(rule: AcledRule, d: Draft, actors: Sequence[Entity], recipients: Sequence[Entity],
                  groups: dict[str, Any]) -> bool:
    if rule.event != d.entry.event:
        return False
    if rule.modes and d.entry.mode not in rule.modes:
        return False
    if rule.actor is not None and not _in_groups(actors, rule.actor, groups):
        return False
    if rule.recipient is not None and not _in_groups(recipients, rule.recipient, groups):
        return False
    if rule.needs_recipient and not recipients:
        return False
    if rule.sentence:
        text = d.sent.text.lower()
        if not any(s in text for s in rule.sentence):
            return False
    return True


# A trained classifier's sub-type replaces the rules' only from this probability up, and only
# when the draft's PLOVER type is one that sub-type allows (data/acled_subtypes.csv), so the
# PLOVER and ACLED codes of a record never contradict each other.
CLASSIFIER_THRESHOLD = 0.5
UNCODED_MODALITIES = frozenset({"negated", "hypothetical", "future"})


@dataclass(frozen=True)
class AcledChoice:
    """The ACLED codes of a draft, the classifier evidence that set them (None: the rules
    did) and a line for the record's explanation (None when no classifier was asked)."""

    type: str | None
    sub: str | None
    winner: Evidence | None = None
    note: str | None = None


def choose_acled(d: Draft, actors: Sequence[Entity], recipients: Sequence[Entity]) -> AcledChoice:
    """The rules' ACLED codes, unless classifier evidence is sure enough and consistent."""
    rules_type, rules_sub = _by_rules(d, actors, recipients)
    found = [e for e in d.evidence if e.source == "classifier" and e.sub]
    if not found:
        return AcledChoice(rules_type, rules_sub)
    ev = max(found, key=lambda e: e.strength)
    said = f"classifier {ev.sub} ({ev.strength:.2f})"
    allowed = subtypes().get(ev.sub or "")
    if d.modality in UNCODED_MODALITIES:
        why = f"not used: the event is {d.modality}"
    elif ev.strength < CLASSIFIER_THRESHOLD:
        why = f"below {CLASSIFIER_THRESHOLD}"
    elif allowed is None or d.entry.event not in allowed.plover_events:
        why = f"not used: inconsistent with {d.entry.event}"
    else:
        return AcledChoice(event_type_of(allowed.name), allowed.name, ev,
                           f"acled: {said} won over rules ({rules_sub or 'none'})")
    return AcledChoice(rules_type, rules_sub, None, f"acled: rules ({rules_sub or 'none'}) won; {said} {why}")


def acled_for(d: Draft, actors: Sequence[Entity], recipients: Sequence[Entity]) -> tuple[str | None, str | None]:
    """(event type, sub-event type), or (None, None) when ACLED would not code the event."""
    choice = choose_acled(d, actors, recipients)
    return choice.type, choice.sub


def _by_rules(d: Draft, actors: Sequence[Entity], recipients: Sequence[Entity]) -> tuple[str | None, str | None]:
    """The rules' answer (data/acled.yaml), first matching rule wins."""
    if d.modality in ("negated", "hypothetical", "future"):
        return None, None
    if d.entry.acled_type:
        return d.entry.acled_type, d.entry.acled_sub
    groups, rules = acled_rules()
    for rule in rules:
        if _rule_matches(rule, d, actors, recipients, groups):
            return rule.type, rule.sub
    return None, None
