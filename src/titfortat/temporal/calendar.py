"""The precision model: a resolved date is a period start plus how wide the period is.

`DateValue.date` is the first day of the period the words denote ("last month" is the 1st
of that month); `precision` is one of day < week < month < season < year. Calendar units
(month, season, year, and calendar weeks such as "last week") snap to their first day;
offsets ("two weeks later") keep the day they land on. Helpers here also infer a missing
year: the most recent past occurrence, or the next one for future events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from titfortat.model import PRECISIONS

EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2199, 12, 31)

RANK: dict[str, int] = {p: i for i, p in enumerate(PRECISIONS)}

# Meteorological seasons (northern hemisphere): the month each one starts in.
SEASON_START: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


@dataclass(frozen=True)
class DateValue:
    """A resolved date: period start, precision, and the words it came from."""

    date: dt.date
    precision: str
    text: str | None = None


def in_range(day: dt.date) -> bool:
    """Is `day` within the dates titfortat handles (EARLIEST to LATEST)?"""
    return EARLIEST <= day <= LATEST


def coarser(a: str, b: str) -> str:
    """The wider of two precisions."""
    return a if RANK[a] >= RANK[b] else b


def snap(day: dt.date, precision: str) -> dt.date:
    """The first day of the calendar period of `precision` containing `day`.

    Weeks are not snapped: an offset of "two weeks" lands on a day, not on a Monday.
    """
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "season":
        return season_containing(day)
    return day


def widen(value: DateValue, precision: str, text: str | None = None) -> DateValue:
    """`value` made at least as wide as `precision`, snapped to the wider period."""
    prec = coarser(value.precision, precision)
    return DateValue(snap(value.date, prec), prec, text if text is not None else value.text)


def week_start(day: dt.date) -> dt.date:
    """Monday of the week containing `day`."""
    return day - dt.timedelta(days=day.weekday())


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """`day` moved by `amount` units (hour, day, week, month, year); hours count as days/24."""
    if unit == "hour":
        return day + dt.timedelta(days=round(amount / 24))
    if unit == "minute":
        return day
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "year":
        return add_months(day, 12 * amount)
    raise ValueError(f"unknown time unit {unit!r}")


def season_start(season: str, year: int) -> dt.date:
    """First day of `season` in `year`; winter YYYY is the one containing January of YYYY."""
    month = SEASON_START[season]
    return dt.date(year - 1 if month == 12 else year, month, 1)


def season_containing(day: dt.date) -> dt.date:
    """First day of the meteorological season containing `day`."""
    starts = [dt.date(day.year - 1, 12, 1), dt.date(day.year, 3, 1), dt.date(day.year, 6, 1),
              dt.date(day.year, 9, 1), dt.date(day.year, 12, 1)]
    return max(s for s in starts if s <= day)


def season_near(season: str, pub: dt.date, *, future: bool, which: str = "") -> dt.date:
    """Start of the `season` meant relative to `pub`.

    Plain ("over the summer"): the latest one begun by `pub`, or for future events the one
    under way or the next. "last": the latest one before the current season; "next": the
    first after it; "this": the current one if it is that season, else as plain.
    """
    candidates = [season_start(season, y) for y in range(pub.year - 2, pub.year + 3)]
    current = season_containing(pub)
    if which == "last":
        return max(c for c in candidates if c < current)
    if which == "next":
        return min(c for c in candidates if c > current)
    if which == "this" and current in candidates:
        return current
    if future:
        return min(c for c in candidates if c >= current)
    return max(c for c in candidates if c <= pub)


PAST_GRACE_DAYS = 1  # a past event's day without a year may lie this far after publication (a dateline lag)


def infer_year(month: int, day: int | None, pub: dt.date, *, future: bool,
               weekday: int | None = None) -> int:
    """The year of a month (and day) given without one.

    Past events take the most recent occurrence on or before the publication date (the
    current month counts for a bare month), or a day at most PAST_GRACE_DAYS after it (a
    report dated the day before the events it tells, "on November 29" in a story of
    November 28, is not about last year); future events the next one on or after it. A
    stated weekday ("Sunday, November 7") overrides when it fits the neighbouring year.
    """
    def key(y: int) -> dt.date:
        return dt.date(y, month, _clamp(y, month, day or 1))

    ref = pub if day is not None else pub.replace(day=1)
    year = pub.year
    if future:
        if key(year) < ref:
            year += 1
    elif key(year) > ref + dt.timedelta(days=PAST_GRACE_DAYS if day is not None else 0):
        year -= 1
    if weekday is not None and day is not None and key(year).weekday() != weekday:
        other = year + (1 if future else -1)
        if key(other).weekday() == weekday:
            year = other
    return year


def _clamp(year: int, month: int, day: int) -> int:
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return min(day, last)


def weekday_near(weekday: int, pub: dt.date, *, future: bool, strict: bool = False) -> dt.date:
    """The most recent `weekday` on or before `pub` (the next on or after it when future).

    `strict` excludes the publication day itself ("last Sunday" written on a Sunday).
    """
    if future:
        ahead = (weekday - pub.weekday()) % 7
        if strict and ahead == 0:
            ahead = 7
        return pub + dt.timedelta(days=ahead)
    back = (pub.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)
