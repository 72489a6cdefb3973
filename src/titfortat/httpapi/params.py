"""Query strings to typed values. Every problem is an ApiError with a status and one line
that says what was wrong and what is accepted."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from titfortat.analysis import LEVELS
from titfortat.errors import TitForTatError
from titfortat.model import EVENT_TYPES
from titfortat.store.queries import Filters
from titfortat.store.serving import Cursor

FORMATS = ("json", "jsonl", "csv")
PERIODS = ("day", "week", "month")
# Actor keys: CODE, CODE:SECTOR, :SECTOR, or an identifier (letters, digits, _ . - :).
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")
FILTER_NAMES = ("actor", "recipient", "type", "since", "until", "place", "bbox", "clusters")


class ApiError(TitForTatError):
    """An HTTP error with a JSON body {"error": message, "status": status}."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


def check_known(query: Mapping[str, str], allowed: tuple[str, ...]) -> None:
    """Unknown parameters are an error, so a misspelt filter never silently selects everything."""
    for name in query:
        if name not in allowed:
            raise ApiError(400, f"unknown parameter {name!r}; this endpoint takes: {', '.join(allowed) or 'none'}")


def text(query: Mapping[str, str], name: str, max_len: int = 200) -> str | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    if len(value) > max_len or any(ord(c) < 32 for c in value):
        raise ApiError(400, f"bad {name}: at most {max_len} printable characters")
    return value


def date(query: Mapping[str, str], name: str) -> dt.date | None:
    value = text(query, name, 40)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(name, value)
    except ValueError:
        return _bad_date(name, value)


def _bad_date(name: str, value: str) -> dt.date:
    raise ApiError(400, f"bad {name} {value!r}: use a date YYYY-MM-DD, e.g. 2025-02-11")


def integer(query: Mapping[str, str], name: str, default: int, lo: int, hi: int, status_over: int = 400) -> int:
    value = query.get(name)
    if value is None or value == "":
        return default
    if not re.fullmatch(r"-?\d{1,9}", value):
        raise ApiError(400, f"bad {name} {value[:40]!r}: use a whole number from {lo} to {hi}")
    number = int(value)
    if number > hi:
        raise ApiError(status_over, f"{name} {number} is over the limit of {hi}")
    if number < lo:
        raise ApiError(400, f"bad {name} {number}: use a whole number from {lo} to {hi}")
    return number


def boolean(query: Mapping[str, str], name: str, default: bool) -> bool:
    value = query.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise ApiError(400, f"bad {name} {value[:40]!r}: use true or false")


def choice(query: Mapping[str, str], name: str, options: tuple[str, ...], default: str) -> str:
    value = query.get(name) or default
    if value not in options:
        raise ApiError(400, f"bad {name} {value[:40]!r}: choose from {', '.join(options)}")
    return value


def key(query: Mapping[str, str], name: str, required: bool = False) -> str | None:
    """An actor key (IRQ, IRQ:GOV, :MIL or an identifier), upper-cased when it is codes."""
    value = text(query, name, 64)
    if value is None:
        if required:
            raise ApiError(400, f"missing {name}: give an actor key, e.g. {name}=IRQ:GOV")
        return None
    if not _KEY.match(value):
        raise ApiError(400, f"bad {name} {value[:40]!r}: use CODE, CODE:SECTOR or :SECTOR (e.g. IRQ:GOV)")
    return value.upper() if re.fullmatch(r"[A-Za-z]{0,3}(:[A-Za-z]{3})?", value) else value


def event_id(value: str) -> str:
    if not _ID.match(value) or ".." in value:
        raise ApiError(404, "no such event: ids are letters, digits and _ . - : (see /api/events)")
    return value


def filters(query: Mapping[str, str]) -> Filters:
    """The CLI's event filters: actor, recipient, type, since, until, place, bbox, clusters."""
    kind = text(query, "type", 16)
    if kind is not None and kind.upper() not in EVENT_TYPES:
        raise ApiError(400, f"unknown event type {kind!r}; choose from {', '.join(EVENT_TYPES)}")
    since, until = date(query, "since"), date(query, "until")
    if since and until and since > until:
        raise ApiError(400, f"since {since} is after until {until}")
    bbox = None
    raw = text(query, "bbox", 100)
    if raw is not None:
        try:
            w, s, e, n = (float(x) for x in raw.split(","))
        except ValueError:
            raise ApiError(400, f"bad bbox {raw!r}: use W,S,E,N in degrees, e.g. 44.0,33.0,45.0,34.0") from None
        if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
            raise ApiError(400, f"bad bbox {raw!r}: need -180 <= W <= E <= 180 and -90 <= S <= N <= 90")
        bbox = (w, s, e, n)
    return Filters(boolean(query, "clusters", True), key(query, "actor"), key(query, "recipient"),
                   kind.upper() if kind else None, since, until, text(query, "place", 100), bbox)


def cursor(query: Mapping[str, str]) -> Cursor | None:
    raw = text(query, "cursor", 240)
    if raw is None:
        return None
    try:
        return Cursor.decode(raw)
    except ValueError:
        raise ApiError(400, "bad cursor: pass back the next_cursor of the previous page unchanged") from None


def level(query: Mapping[str, str]) -> str:
    return choice(query, "level", LEVELS, "side")
