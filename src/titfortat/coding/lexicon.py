"""The trigger lexicon and the code tables (CAMEO, PLOVER scores), loaded from data files.

Trigger files (`data/triggers/*.yaml`) hold one mapping per trigger:

    event: ASSAULT             # default PLOVER type for the file's entries
    entries:
      - {pattern: "drone strike", pos: noun, cameo: "195", mode: drone}

`pattern` is lemmas. For a verb: the verb, then an optional particle ("pull out") and
optional object lemmas ("take hostage", "hold talk"). For a noun: optional modifiers and
the head last ("drone strike"). Everything else (Goldstein, PLOVER intensity, quad class,
default mode and contexts) comes from the code tables unless the entry overrides it.
See docs/lexicon.md for the full schema.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from titfortat.datafiles import data_path, line_of, load_yaml, read_csv
from titfortat.errors import DataFileError
from titfortat.model import EVENT_TYPES

# Second words of a verb pattern that are matched as particles or prepositions of the verb
# ("pull out", "call for", "crack down"), not as objects.
PARTICLES: frozenset[str] = frozenset(
    ["out", "up", "down", "off", "back", "away", "over", "in", "on", "upon", "into", "through", "aside", "for", "against", "with", "ablaze", "alight"]
)
# How a noun trigger's possessor and "of" phrase map to roles: "Iran's attack" (agent) versus
# "the commander's arrest" (patient). Verbs ignore this.
ROLE_SCHEMES: frozenset[str] = frozenset({"normal", "patient"})
ENTRY_KEYS: frozenset[str] = frozenset(
    {"pattern", "pos", "cameo", "event", "mode", "acled", "contexts", "confidence",
     "needs_recipient", "note", "roles", "__line__"}
)


@dataclass(frozen=True)
class CameoCode:
    code: str
    goldstein: float
    event: str | None
    mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class LexEntry:
    """One trigger of the lexicon, with every code it implies."""

    pattern: str
    pos: str  # verb | noun
    lemma: str  # the verb, or the noun head
    particle: str | None
    objects: tuple[str, ...]  # verb patterns: required direct-object lemma(s)
    modifiers: tuple[str, ...]  # noun patterns: required modifier lemmas
    event: str
    mode: str | None
    cameo: str
    goldstein: float
    event_scale: float
    quad_code: int
    contexts: tuple[str, ...]
    acled_type: str | None
    acled_sub: str | None
    confidence: float
    needs_recipient: bool
    roles: str  # noun role scheme: "normal" (possessor acts) or "patient" (possessor undergoes)
    source: str  # "file:line"

    @property
    def specificity(self) -> int:
        return (1 if self.particle else 0) + len(self.objects) + len(self.modifiers)


class Lexicon:
    """All triggers, indexed by lemma, plus the code tables."""

    def __init__(self, entries: list[LexEntry], cameo: dict[str, CameoCode],
                 scores: dict[tuple[str, str | None], tuple[float, int]], files: list[str]) -> None:
        self.entries = entries
        self.cameo = cameo
        self.scores = scores
        self.files = files
        self.verbs: dict[str, list[LexEntry]] = defaultdict(list)
        self.nouns: dict[str, list[LexEntry]] = defaultdict(list)
        for e in entries:
            (self.verbs if e.pos == "verb" else self.nouns)[e.lemma].append(e)
        for table in (self.verbs, self.nouns):
            for cands in table.values():
                cands.sort(key=lambda e: -e.specificity)

    def score(self, event: str, mode: str | None) -> tuple[float, int]:
        return self.scores.get((event, mode)) or self.scores[(event, None)]

    def variant(self, entry: LexEntry, *, event: str | None = None, mode: str | None = None,
                cameo: str | None = None) -> LexEntry:
        """A copy of `entry` recoded (e.g. THREATEN instead of ASSAULT), scores recomputed."""
        from dataclasses import replace

        ev = event or entry.event
        md = mode if mode is not None else (entry.mode if ev == entry.event else None)
        code = cameo or entry.cameo
        scale, quad = self.score(ev, md)
        gold = self.cameo[code].goldstein if code in self.cameo else entry.goldstein
        return replace(entry, event=ev, mode=md, cameo=code, goldstein=gold,
                       event_scale=scale, quad_code=quad,
                       acled_type=None if ev != entry.event else entry.acled_type,
                       acled_sub=None if ev != entry.event else entry.acled_sub)


def load_cameo(path: Path | None = None) -> dict[str, CameoCode]:
    path = path or data_path("cameo.csv")
    out: dict[str, CameoCode] = {}
    for line, row in read_csv(path):
        try:
            code = row["cameo"].strip()
            out[code] = CameoCode(
                code=code,
                goldstein=float(row["goldstein"]),
                event=row["plover_event"] or None,
                mode=row["plover_mode"] or None,
                contexts=tuple(c for c in row["contexts"].split(";") if c),
            )
        except (KeyError, ValueError) as exc:
            raise DataFileError(str(path), line, f"bad CAMEO row: {exc}") from exc
    return out


def load_scores(path: Path | None = None) -> dict[tuple[str, str | None], tuple[float, int]]:
    path = path or data_path("plover_scores.csv")
    out: dict[tuple[str, str | None], tuple[float, int]] = {}
    for line, row in read_csv(path):
        try:
            out[(row["event"], row["mode"] or None)] = (float(row["event_scale"]), int(row["quad_code"]))
        except (KeyError, ValueError) as exc:
            raise DataFileError(str(path), line, f"bad score row: {exc}") from exc
    return out


def _parse_entry(raw: dict[str, Any], default_event: str | None, where: str,
                 cameo: dict[str, CameoCode],
                 scores: dict[tuple[str, str | None], tuple[float, int]]) -> LexEntry:
    path, _, line = where.rpartition(":")
    lineno = int(line) if line.isdigit() else None

    def fail(msg: str) -> DataFileError:
        return DataFileError(path, lineno, msg)

    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise fail(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(ENTRY_KEYS - {'__line__'})}")
    pattern = str(raw.get("pattern", "")).strip().lower()
    if not pattern:
        raise fail("missing 'pattern'")
    pos = raw.get("pos")
    if pos not in ("verb", "noun"):
        raise fail(f"'pos' must be verb or noun, not {pos!r}")
    code = str(raw.get("cameo", "")).strip()
    if code not in cameo:
        raise fail(f"unknown CAMEO code {code!r}")
    info = cameo[code]
    event = raw.get("event") or default_event or info.event
    if event not in EVENT_TYPES:
        raise fail(f"unknown PLOVER event {event!r}")
    mode = raw.get("mode", info.mode if info.event == event else None)
    if (event, mode) not in scores and mode is not None:
        raise fail(f"unknown mode {mode!r} for {event}")
    scale, quad = scores.get((event, mode)) or scores[(event, None)]
    words = pattern.split()
    particle: str | None = None
    objects: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    if pos == "verb":
        lemma = words[0]
        rest = words[1:]
        if rest and rest[0] in PARTICLES:
            particle, rest = rest[0], rest[1:]
        objects = tuple(rest)
    else:
        lemma = words[-1]
        modifiers = tuple(words[:-1])
    acled = raw.get("acled")
    acled_type = acled_sub = None
    if acled:
        acled_type, _, acled_sub = str(acled).partition("|")
        if not acled_sub:
            raise fail("'acled' must be 'Event type|Sub-event type'")
    contexts = raw.get("contexts")
    ctx = tuple(contexts) if isinstance(contexts, list) else info.contexts
    roles = raw.get("roles", "normal")
    if roles not in ROLE_SCHEMES:
        raise fail(f"'roles' must be one of {sorted(ROLE_SCHEMES)}, not {roles!r}")
    return LexEntry(
        pattern=pattern, pos=pos, lemma=lemma, particle=particle, objects=objects,
        modifiers=modifiers, event=event, mode=mode, cameo=code, goldstein=info.goldstein,
        event_scale=scale, quad_code=quad, contexts=ctx, acled_type=acled_type,
        acled_sub=acled_sub.strip() if acled_sub else None,
        confidence=float(raw.get("confidence", 0.7)),
        needs_recipient=bool(raw.get("needs_recipient", False)), roles=roles, source=where,
    )


def load_trigger_file(path: Path, cameo: dict[str, CameoCode],
                      scores: dict[tuple[str, str | None], tuple[float, int]]) -> list[LexEntry]:
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise DataFileError(str(path), 1, "expected a mapping with an 'entries' list")
    default_event = doc.get("event")
    out = []
    for raw in doc["entries"]:
        if not isinstance(raw, dict):
            raise DataFileError(str(path), None, f"entry is not a mapping: {raw!r}")
        out.append(_parse_entry(raw, default_event, f"{path}:{line_of(raw)}", cameo, scores))
    return out


def load_lexicon(extra: list[Path] | None = None) -> Lexicon:
    cameo = load_cameo()
    scores = load_scores()
    files = sorted(data_path("triggers").glob("*.yaml")) + list(extra or [])
    entries: list[LexEntry] = []
    seen: dict[tuple[str, str, str], str] = {}
    for f in files:
        for e in load_trigger_file(f, cameo, scores):
            key = (e.pos, e.pattern, e.event)
            if key in seen:
                raise DataFileError(str(f), int(e.source.rpartition(":")[2] or 0) or None,
                                    f"duplicate trigger {e.pos} {e.pattern!r} (first at {seen[key]})")
            seen[key] = e.source
            entries.append(e)
    return Lexicon(entries, cameo, scores, [str(f) for f in files])


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
