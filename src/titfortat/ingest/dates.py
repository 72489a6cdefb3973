"""Publication dates as stories give them: the one place a story's date is read and checked.

Accepted: ISO dates and timestamps (`2025-03-04`, `2025-03-04T10:00:00Z`), e-mail style
dates (`Tue, 04 Mar 2025 10:00:00 GMT`) and written dates with or without a weekday
(`Tuesday, 4 March 2025`, `March 4, 2025`). Digits of any script count (`٢٠٢٥-٠٣-٠٤`).
Every date is range-checked here (`temporal.calendar.EARLIEST` to `LATEST`), so the stages
after reading never see a date that arithmetic on could overflow.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from titfortat.errors import RejectedStory
from titfortat.temporal.calendar import EARLIEST, LATEST, in_range

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for m in names}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[t\s_])")
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY_MONTH = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def parse_date(value: object, origin: str) -> dt.date | None:
    """The publication date in `value`, None when absent; RejectedStory when it is not a
    date or lies outside the supported range."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RejectedStory(origin, f"date {value!r} is not a YYYY-MM-DD string")
    day = read_date(value)
    if day is None:
        raise RejectedStory(origin, f"date {_short(value)!r} is not a date (expected YYYY-MM-DD)")
    if not in_range(day):
        raise RejectedStory(origin, f"date {day.isoformat()} is out of range "
                            f"({EARLIEST.isoformat()} to {LATEST.isoformat()})")
    return day


def read_date(value: str) -> dt.date | None:
    """The calendar date written in `value`, or None (no range check)."""
    s = _ascii_digits(value.strip()).lower()
    if len(s) > 100:
        return None
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(s):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif (m := _DAY_MONTH.match(s)) and m[2] in _MONTHS:
        parts = int(m[3]), _MONTHS[m[2]], int(m[1])
    elif (m := _MONTH_DAY.match(s)) and m[1] in _MONTHS:
        parts = int(m[3]), _MONTHS[m[1]], int(m[2])
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:  # 31 February, year 0
        return None


def _ascii_digits(s: str) -> str:
    """Digits of any script as ASCII digits; other characters unchanged."""
    return "".join(str(unicodedata.digit(c)) if not c.isascii() and c.isdigit() and
                   unicodedata.digit(c, None) is not None else c for c in s)


def _short(s: str) -> str:
    s = s.strip()
    return s if len(s) <= 40 else s[:37] + "..."
