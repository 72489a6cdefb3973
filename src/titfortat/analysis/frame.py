"""From events to one tidy DataFrame, and dyad keys at a chosen granularity.

Every analysis in this package works on the frame `events_to_frame` builds: one row per
directed dyad of an event (`titfortat.dyads`): a compound actor or recipient list expands
into several rows, a joint act ("A and B met") into both directions, and a meeting with a
recipient also counts as the recipient's act toward the actor. `with_dyads` then adds the `source` and `target` keys.

Levels (the `--level` option):

- ``country``: the country code alone (``IRQ``); a government and a militia of the same
  country collapse into one node, so their exchanges disappear (self-pairs are dropped).
- ``side`` (default): country plus sector, with the state's sectors (GOV COP MIL JUD LEG
  SPY PRE, or no sector) merged into the government side ``IRQ:GOV``, while non-state
  sectors stay apart (``IRQ:PRM``). An arrest by the police (COP) answered by a militia
  attack on the prime minister (GOV) is one exchange.
- ``sector``: country plus the literal sector (``IRQ:COP`` and ``IRQ:GOV`` apart).
- ``identifier``: the resolved person or organisation; the ``sector`` key when unresolved.

An unknown country code is written ``XXX``; an entity with neither code nor a known sector
(none or ``UNK``) is ``XXX`` at every level (unknown attackers still count toward their
target's alerts, but never make the most active pair).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from titfortat.dyads import dyads
from titfortat.errors import AnalysisError
from titfortat.model import Event

LEVELS: tuple[str, ...] = ("country", "side", "sector", "identifier")
DEFAULT_LEVEL = "side"
STATE_SECTORS: frozenset[str] = frozenset({"GOV", "COP", "MIL", "JUD", "LEG", "SPY", "PRE"})
# Events that did not happen are left out of every analysis.
EXCLUDED_MODALITIES: frozenset[str] = frozenset({"negated", "future", "hypothetical"})
UNKNOWN_CODE = "XXX"

COLUMNS: tuple[str, ...] = (
    "id", "story_id", "date", "event", "mode", "quad_code", "goldstein", "event_scale",
    "modality", "actor_code", "actor_sector", "actor_identifier", "actor_name",
    "recipient_code", "recipient_sector", "recipient_identifier", "recipient_name",
    "text", "sequence", "weight",
)


_CLUSTER_NOTE = re.compile(r"^cluster \S+: (\d+) reports")


def cluster_sizes_from_explanations(events: Iterable[Event]) -> dict[str, int]:
    """Cluster sizes from the store's note ("cluster ID: N reports, ...") on representatives."""
    sizes = {}
    for ev in events:
        for line in reversed(ev.explanation):
            found = _CLUSTER_NOTE.match(line)
            if found:
                sizes[ev.id] = int(found.group(1))
                break
    return sizes


def _entity_cols(prefix: str, ent: object | None) -> dict[str, object]:
    if ent is None:
        return {f"{prefix}_code": None, f"{prefix}_sector": None,
                f"{prefix}_identifier": None, f"{prefix}_name": None}
    return {
        f"{prefix}_code": getattr(ent, "code", None),
        f"{prefix}_sector": getattr(ent, "sector", None),
        f"{prefix}_identifier": getattr(ent, "identifier_id", None),
        f"{prefix}_name": getattr(ent, "identifier_text", None) or getattr(ent, "entity_text", None),
    }


def events_to_frame(events: Iterable[Event], cluster_sizes: Mapping[str, int] | None = None,
                    keep_all_modalities: bool = False) -> pd.DataFrame:
    """One row per directed dyad (`titfortat.dyads.dyads`) of each dated event that happened.

    `cluster_sizes` maps an event id to the number of reports merged into it (the store's
    duplicate clusters); the `weight` column defaults to 1. Undated events and, unless
    `keep_all_modalities`, negated, future and hypothetical events are left out.
    Events without a recipient keep one row with empty recipient columns.
    """
    sizes = cluster_sizes or {}
    rows: list[dict[str, object]] = []
    for ev in events:
        if ev.date is None:
            continue
        if not keep_all_modalities and ev.modality in EXCLUDED_MODALITIES:
            continue
        base: dict[str, object] = {
            "id": ev.id, "story_id": ev.story_id, "date": ev.date, "event": ev.event,
            "mode": ev.mode, "quad_code": ev.quad_code, "goldstein": ev.goldstein,
            "event_scale": ev.event_scale, "modality": ev.modality, "text": ev.text,
            "sequence": ev.text_info.sequence, "weight": int(sizes.get(ev.id, 1)),
        }
        for pair in dyads(ev):
            rows.append({**base, **_entity_cols("actor", pair.source),
                         **_entity_cols("recipient", pair.target)})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    for col in ("quad_code", "sequence", "weight"):
        frame[col] = frame[col].astype("int64")
    for col in ("goldstein", "event_scale"):
        frame[col] = frame[col].astype("float64")
    return frame.sort_values(["date", "story_id", "sequence", "id"], kind="stable").reset_index(drop=True)


def _keys(frame: pd.DataFrame, prefix: str, level: str) -> pd.Series:
    raw_code = frame[f"{prefix}_code"]
    code = raw_code.fillna(UNKNOWN_CODE).astype(str)
    sector = frame[f"{prefix}_sector"]
    unknown = raw_code.isna() & (sector.isna() | (sector == "UNK"))
    if level == "country":
        return code
    if level == "side":
        state = sector.isna() | sector.isin(STATE_SECTORS)
        key = code + ":" + sector.where(~state, "GOV").astype(str)
    else:
        key = code.where(sector.isna(), code + ":" + sector.fillna("").astype(str))
        if level == "identifier":
            ident = frame[f"{prefix}_identifier"]
            key = ident.where(ident.notna(), key).astype(str)
            unknown = unknown & ident.isna()
    return key.where(~unknown, UNKNOWN_CODE)


def check_level(level: str) -> str:
    """The level, or an AnalysisError naming the valid ones."""
    if level not in LEVELS:
        raise AnalysisError(f"unknown level {level!r}; use one of: {', '.join(LEVELS)}")
    return level


def with_dyads(frame: pd.DataFrame, level: str = DEFAULT_LEVEL) -> pd.DataFrame:
    """The rows that form a dyad, with `source` and `target` keys at `level`.

    Rows without a recipient, and self-pairs (same key on both sides), are dropped. The keys
    are categorical columns sharing one set of categories.
    """
    check_level(level)
    if "source" in frame.columns and frame.attrs.get("level") == level:
        return frame
    has_recipient = frame["recipient_name"].notna() | frame["recipient_code"].notna() | frame["recipient_sector"].notna()
    out = frame.loc[has_recipient].copy()
    source = _keys(out, "actor", level)
    target = _keys(out, "recipient", level)
    keep = (source != target).to_numpy()
    # One ordered categorical dtype for both keys: fast grouping and merging of a million rows.
    codes, categories = pd.factorize(pd.concat([source[keep], target[keep]], ignore_index=True), sort=True)
    n = int(keep.sum())
    out = out.loc[keep].reset_index(drop=True)
    out["source"] = pd.Categorical.from_codes(codes[:n], categories=categories, ordered=True)
    out["target"] = pd.Categorical.from_codes(codes[n:], categories=categories, ordered=True)
    out.attrs["level"] = level
    return out


def normalise_key(key: str, level: str = DEFAULT_LEVEL) -> str:
    """A user's actor key rewritten at `level`, so that any spelling finds its node.

    At ``side`` level ``IRQ``, ``IRQ:COP`` and ``IRQ:GOV`` all become ``IRQ:GOV`` while
    ``IRQ:PRM`` stays; at ``country`` level every ``IRQ:...`` becomes ``IRQ``.
    """
    check_level(level)
    code, _, sector = key.partition(":")
    if level == "country":
        return code
    if level == "side":
        return f"{code}:GOV" if not sector or sector in STATE_SECTORS else f"{code}:{sector}"
    return key


def as_frame(data: pd.DataFrame | Iterable[Event]) -> pd.DataFrame:
    """Accept either a frame from `events_to_frame` or events."""
    if isinstance(data, pd.DataFrame):
        return data
    return events_to_frame(data)
