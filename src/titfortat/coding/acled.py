"""ACLED evidence: the tables of data/acled.yaml and the evidence they give about a draft.

Weapon-based distinctions come from the PLOVER mode (or the trigger's own `acled` field);
actor-based ones (armed clash, attack on civilians, mob violence, excessive force against
protesters) from the actor and recipient sectors; ACLED's own note labels ("Looting: ...")
from the opening of the story. Each gives an `Evidence`; `titfortat.coding.decide` weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from titfortat.coding.evidence import Evidence
from titfortat.datafiles import data_path, line_of, load_yaml
from titfortat.errors import DataFileError
from titfortat.model import Entity
from titfortat.nlp.draft import Draft, doc_text

SUB_EVENT_TYPES: tuple[str, ...] = (
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
)


@dataclass(frozen=True)
class AcledRule:
    id: str
    event: str
    modes: frozenset[str]
    actor: tuple[str, ...] | None
    recipient: tuple[str, ...] | None
    parties: tuple[str, ...] | None  # some actor or recipient is in one of these groups
    lemmas: frozenset[str]  # the trigger's head lemma is one of these (empty: any)
    kind: str | None  # the trigger is a "noun" or a "verb" (None: either)
    no_parties: tuple[str, ...] | None  # no actor or recipient is in one of these groups
    sentence: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    type: str
    sub: str
    needs_recipient: bool
    hard: bool
    example: str


@dataclass(frozen=True)
class SubType:
    """One ACLED sub-event type: its event type and the PLOVER (event, mode, CAMEO) that go with it."""

    name: str
    type: str
    plover: tuple[tuple[str, str | None, str], ...]
    rank: float = 1.0


@dataclass(frozen=True)
class Policy:
    precedence: tuple[str, ...]
    classifier_min_prob: float
    classifier_fallback_prob: float
    uncoded_modalities: frozenset[str]
    classifier_note_prob: float = 1.01  # issue 12: coding/decide.py classifier_fallback (> 1: never)
    # issue 12: the rules' sub-types a classifier overrules only from a higher probability
    classifier_min_prob_against: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class AcledTables:
    policy: Policy
    subtypes: dict[str, SubType]
    labels: dict[str, str]
    groups: dict[str, frozenset[str]]
    armed_words: frozenset[str]
    doer_armed_words: frozenset[str]
    force_words: frozenset[str]
    mob_words: frozenset[str]
    victim_words: frozenset[str]
    unarmed: re.Pattern[str] | None
    rules: tuple[AcledRule, ...]


KINDS = frozenset({"label", "hard", "lexicon", "classifier", "rule", "cue", "classifier-unsure"})


def _words(words: list[str] | None) -> re.Pattern[str] | None:
    """A pattern for any of `words` at the start of a word ("vandal" finds "vandalized",
    "rally" does not find "generally")."""
    if not words:
        return None
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(str(w).lower()) for w in words) + ")")


def _fail(path: str, node: Any, msg: str) -> DataFileError:
    return DataFileError(path, line_of(node) if isinstance(node, dict) else 0, msg)


def _against(path: str, pol: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    """Issue 12: `classifier_min_prob_against`, sub-type -> the probability a classifier needs
    to overrule the rules' choice of that sub-type."""
    raw = pol.get("classifier_min_prob_against") or {}
    bad = sorted(k for k in raw if k != "__line__" and k not in SUB_EVENT_TYPES)
    if bad:
        raise _fail(path, pol, f"unknown ACLED sub-event type(s) in classifier_min_prob_against: {bad}")
    return tuple((str(k), float(v)) for k, v in raw.items() if k != "__line__")


@lru_cache(maxsize=1)
def acled_tables() -> AcledTables:
    path = data_path("acled.yaml")
    p = str(path)
    raw = load_yaml(path)
    pol = raw["policy"]
    unknown = set(pol["precedence"]) - KINDS
    if unknown:
        raise _fail(p, pol, f"unknown evidence kind(s) in precedence: {sorted(unknown)}")
    policy = Policy(tuple(pol["precedence"]), float(pol["classifier_min_prob"]),
                    float(pol["classifier_fallback_prob"]), frozenset(pol.get("uncoded_modalities") or ()),
                    float(pol.get("classifier_note_prob", 1.01)), _against(p, pol))
    subtypes = {}
    for name, v in raw["subtypes"].items():
        if name == "__line__":
            continue
        if name not in SUB_EVENT_TYPES:
            raise _fail(p, v, f"unknown ACLED sub-event type {name!r}")
        subtypes[name] = SubType(name, v["type"], tuple((e, m, str(c)) for e, m, c in v.get("plover") or ()),
                                 float(v.get("rank", 1.0)))
    missing = set(SUB_EVENT_TYPES) - set(subtypes)
    if missing:
        raise _fail(p, raw["subtypes"], f"sub-event types missing from the table: {sorted(missing)}")
    labels = {k.lower(): v for k, v in raw["labels"].items() if k != "__line__"}
    for k, v in labels.items():
        if v not in subtypes:
            raise _fail(p, raw["labels"], f"label {k!r}: unknown sub-event type {v!r}")
    groups = {k: frozenset(v) for k, v in raw["groups"].items() if k != "__line__"}
    rules = []
    for r in raw["rules"]:
        for key in ("actor", "recipient", "parties", "no_parties"):
            bad = set(r.get(key) or ()) - set(groups) - {"none"}
            if bad:
                raise _fail(p, r, f"unknown sector group(s) {sorted(bad)}")
        if r["sub"] not in subtypes or subtypes[r["sub"]].type != r["type"]:
            raise _fail(p, r, f"rule {r.get('id')!r}: {r['type']!r}/{r['sub']!r} is not an ACLED type and sub-type")
        allowed = subtypes[r["sub"]].plover
        if allowed and r["event"] not in {e for e, _m, _c in allowed} and not r.get("recode"):
            raise _fail(p, r, f"rule {r.get('id')!r}: {r['event']} is not a PLOVER type of {r['sub']!r} (subtypes table)")
        if r.get("kind") not in (None, "noun", "verb"):
            raise _fail(p, r, f"rule {r.get('id')!r}: kind must be noun or verb")
        if not r.get("id") or not r.get("example"):
            raise _fail(p, r, "every rule needs an `id` and an `example` sentence")
        rules.append(AcledRule(
            id=r["id"], event=r["event"], modes=frozenset(r.get("modes") or ()),
            actor=tuple(r["actor"]) if "actor" in r else None,
            recipient=tuple(r["recipient"]) if "recipient" in r else None,
            parties=tuple(r["parties"]) if "parties" in r else None,
            no_parties=tuple(r["no_parties"]) if "no_parties" in r else None,
            lemmas=frozenset(str(w).lower() for w in r.get("lemmas") or ()),
            kind=r.get("kind"),
            sentence=_words(r.get("sentence")), unless=_words(r.get("unless")),
            type=r["type"], sub=r["sub"], needs_recipient=bool(r.get("needs_recipient")),
            hard=bool(r.get("hard")), example=str(r["example"]),
        ))
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or ())

    return AcledTables(policy, subtypes, labels, groups, words("armed_words"), words("doer_armed_words"),
                       words("force_words"), words("mob_words"), words("victim_words"), _words(raw.get("unarmed_words")), tuple(rules))


ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "PRM", "SPY", "UAF"})


def sector_for_rules(e: Entity, doer: bool = True) -> str:
    """The sector the rules see: PLC for a recipient read from the place only ("attacked
    Djibo"); an entity whose words say it is armed ("armed youths", "Seleka elements") counts
    as an armed group (UAF) whatever its sector unless it is a mob (MOB: "a vigilante mob" is a
    crowd), and so does a doer named as a community
    ("Fulani herders attacked": a communal militia; as victims they are civilians); "forces",
    "troops" are armed forces (MIL) whatever the resolver made of them; a victim named as
    off duty, retired or unarmed (`unarmed_words`) is a civilian (CVL)."""
    if ("source", "place") in e.attributes:
        return "PLC"
    t = acled_tables()
    if not doer and t.unarmed is not None and t.unarmed.search(e.entity_text.lower()):
        return "CVL"  # "an off-duty policeman", "a retired soldier": a civilian victim
    words = set(e.entity_text.lower().replace("-", " ").split())
    if words & t.mob_words:  # "a vigilante mob": a crowd, however armed
        return "MOB"
    if e.sector not in ARMED_SECTORS and words & t.armed_words:
        return "UAF"
    if e.sector not in ARMED_SECTORS and doer and words & t.doer_armed_words:
        return "UAF"
    if e.sector not in ARMED_SECTORS and e.sector != "GOV" and words & t.force_words:
        return "MIL"
    return e.sector or "UNK"


def _in_groups(entities: Sequence[Entity], names: tuple[str, ...], groups: dict[str, frozenset[str]],
               doer: bool = True) -> bool:
    if not names or not entities:  # an empty list, or "none" in it, means "no entity at all"
        return not entities and (not names or "none" in names)
    sectors = {sector_for_rules(e, doer) for e in entities}
    codes = {e.code for e in entities}
    wanted: set[str] = set()
    for n in names:
        wanted |= groups.get(n, frozenset())
    return bool(sectors & wanted) or ("IMG" in wanted and "IMG" in codes)


SCOPE_SENTENCES = 2  # sentence words are read in the event's sentence and this many after it

# Stand-ins for an actor that is not named: ACLED names one anyway (see data/acled.yaml).
UNNAMED = ("source", "unnamed")
UNNAMED_ACTOR = {"ASSAULT": Entity("unidentified armed group", sector="UAF", attributes=(UNNAMED,)),
                 "PROTEST": Entity("protesters", sector="CVL", attributes=(UNNAMED,))}


def scope_text(d: Draft) -> str:
    """The event's sentence and the next SCOPE_SENTENCES sentences, lowercased."""
    sent = d.sent
    doc = sent.doc
    end = sent.end
    for _ in range(SCOPE_SENTENCES):
        if end >= len(doc):
            break
        end = doc[end].sent.end
    scope = doc[sent.start:end]
    # the Span's text, cut from the story's (Span.text makes a Token per word)
    return _MONTH.sub(" ", doc_text(doc)[scope.start_char:scope.end_char]).lower()


_MONTH = re.compile(r"\bMarch\b")  # the month, not a march


def rule_matches(rule: AcledRule, d: Draft, actors: Sequence[Entity], recipients: Sequence[Entity],
                 groups: dict[str, frozenset[str]], scope: str | None = None) -> bool:
    if rule.event != d.entry.event:
        return False
    if rule.modes and d.entry.mode not in rule.modes:
        return False
    if rule.lemmas and d.head.lemma_.lower() not in rule.lemmas:
        return False
    if rule.kind and d.kind != rule.kind:
        return False
    if rule.actor is not None and not _in_groups(actors, rule.actor, groups):
        return False
    if rule.recipient is not None and not _in_groups(recipients, rule.recipient, groups, doer=False):
        return False
    if rule.parties is not None and not (_in_groups(actors, rule.parties, groups)
                                         or _in_groups(recipients, rule.parties, groups, doer=False)):
        return False
    named = [a for a in actors if UNNAMED not in a.attributes]
    if rule.no_parties is not None and (_in_groups(named, rule.no_parties, groups)
                                        or _in_groups(recipients, rule.no_parties, groups, doer=False)):
        return False
    if rule.needs_recipient and not recipients:
        return False
    if rule.sentence or rule.unless:
        text = scope if scope is not None else scope_text(d)
        if rule.sentence and not rule.sentence.search(text):
            return False
        if rule.unless and rule.unless.search(text):
            return False
    return True


def is_victim(e: Entity) -> bool:
    """ "3 civilians killed in a raid", "dozens injured": a headline's casualties that the parse
    read as the doer (`victim_words`). They are never the side that used force."""
    return bool(set(e.entity_text.lower().replace("-", " ").split()) & acled_tables().victim_words)


def rule_evidence(d: Draft, actors: Sequence[Entity], recipients: Sequence[Entity]) -> Evidence | None:
    """The first matching rule of the decision list, as evidence. With no actor named, the
    rules see the actor ACLED would name (an unidentified armed group, protesters); a doer
    named only by casualty words (`is_victim`) counts as no actor named."""
    t = acled_tables()
    if d.entry.event == "ASSAULT":
        actors = [a for a in actors if not is_victim(a)]
    if not actors and d.entry.event in UNNAMED_ACTOR:
        actors = (UNNAMED_ACTOR[d.entry.event],)
    scope = scope_text(d)
    for rule in t.rules:
        if rule_matches(rule, d, actors, recipients, t.groups, scope):
            return Evidence(source=f"rule:{rule.id}", sub=rule.sub, event=d.entry.event, mode=d.entry.mode,
                            strength=0.9 if rule.hard else 0.7, reason="hard" if rule.hard else "")
    return None


def lexicon_evidence(d: Draft) -> Evidence | None:
    """The trigger's own ACLED sub-type (weapon-specific entries: "suicide bomber", "grenade")."""
    if not d.entry.acled_sub:
        return None
    return Evidence(source="lexicon", sub=d.entry.acled_sub, event=d.entry.event, mode=d.entry.mode,
                    strength=0.9, reason=d.entry.source)


_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z /-]{1,40}?)\s*:\s")


def label_evidence(d: Draft) -> Evidence | None:
    """A story that opens with one of ACLED's note labels ("Looting: ...") for the event of its
    first sentence."""
    doc = d.sent.doc
    if d.sent.start != next(iter(doc.sents)).start:
        return None
    m = _LABEL.match(doc[: min(len(doc), 12)].text)
    sub = acled_tables().labels.get(m.group(1).lower()) if m else None
    if sub is None:
        return None
    return Evidence(source=f"label:{m.group(1).lower()}" if m else "label", sub=sub, strength=0.95,
                    reason="the note opens with ACLED's label")
