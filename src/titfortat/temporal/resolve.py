"""Resolving a `TimeExpr` to a `DateValue`: publication date, tense and anchor in, date out.

Explicit full dates need nothing; dates without a year, weekdays, seasons and words such
as "yesterday" need the publication date; offsets ("two days later") need an anchor, and
take its precision when it is wider than their own. Precision rules are in docs/dates.md.
"""

from __future__ import annotations

import datetime as dt

from titfortat.model import PRECISIONS
from titfortat.temporal import calendar as cal
from titfortat.temporal.calendar import DateValue
from titfortat.temporal.expressions import TimeExpr, find_time_expressions

# The precision of a stated offset or age, by unit.
UNIT_PRECISION: dict[str, str] = {
    "minute": "day", "hour": "day", "day": "day", "week": "week", "weekend": "week",
    "month": "month", "year": "year",
}


def unit_precision(unit: str, vague: bool) -> str:
    """Precision of "<n> <unit>s": unstated amounts ("days later") are one step wider."""
    prec = UNIT_PRECISION[unit]
    if vague and unit not in ("minute", "hour"):
        prec = PRECISIONS[min(cal.RANK[prec] + 1, len(PRECISIONS) - 1)]
    return prec


def window_precision(days: int) -> str:
    """Precision of a window ending at publication ("in recent weeks") from its length."""
    for limit, prec in ((1, "day"), (7, "week"), (31, "month"), (92, "season")):
        if days <= limit:
            return prec
    return "year"


def resolve(expr: TimeExpr, pub: dt.date | None, *, future: bool = False,
            anchor: DateValue | None = None) -> DateValue | None:
    """The date `expr` denotes, or None when it needs a publication date or anchor it lacks.

    `future` picks the next occurrence of a date given without a year (or of a weekday,
    a season) instead of the most recent one. `anchor` is the date offsets count from.
    A date outside `calendar.EARLIEST`..`LATEST` (an offset of a million years, "in 9999")
    is None too, so no date arithmetic can overflow.
    """
    try:
        value = _resolve(expr, pub, future, anchor)
    except (OverflowError, ValueError):  # beyond year 1..9999 on the way
        return None
    return value if value is None or cal.in_range(value.date) else None


def _resolve(expr: TimeExpr, pub: dt.date | None, future: bool,
             anchor: DateValue | None) -> DateValue | None:
    if expr.kind == "offset":
        base = anchor
        if base is None and expr.ref_expr is not None:
            base = resolve(expr.ref_expr, pub, future=future)
        return _offset(expr, base) if base is not None else None
    if expr.kind == "date" and expr.year is not None:
        return _explicit(expr, pub, future)
    if pub is None:
        return None
    day, prec = _relative(expr, pub, future)
    return DateValue(day, prec, expr.text) if day is not None else None


def _explicit(expr: TimeExpr, pub: dt.date | None, future: bool) -> DateValue | None:
    assert expr.year is not None
    try:
        if expr.month is None:
            return DateValue(dt.date(expr.year, 1, 1), "year", expr.text)
        if expr.day is None:
            return DateValue(dt.date(expr.year, expr.month, 1), "month", expr.text)
        return DateValue(dt.date(expr.year, expr.month, expr.day), "day", expr.text)
    except ValueError:  # 31 February
        return None


def _relative(expr: TimeExpr, pub: dt.date, future: bool) -> tuple[dt.date | None, str]:
    """Date and precision of an expression counted from the publication date."""
    if expr.kind == "date":
        return _yearless(expr, pub, future)
    if expr.kind == "weekday":
        assert expr.weekday is not None
        fut = future or expr.which == "next"
        if expr.which == "last":
            fut = False
        strict = expr.which in ("last", "next")
        return cal.weekday_near(expr.weekday, pub, future=fut, strict=strict), "day"
    if expr.kind == "season":
        assert expr.season is not None
        if expr.year is not None:
            return cal.season_start(expr.season, expr.year), "season"
        return cal.season_near(expr.season, pub, future=future, which=expr.which), "season"
    if expr.kind == "deictic":
        return _deictic(expr, pub, future)
    if expr.kind == "ago":
        assert expr.unit is not None
        prec = unit_precision(expr.unit, expr.vague)
        return cal.snap(cal.shift(pub, expr.amount, expr.unit), prec), prec
    if expr.kind == "window":
        assert expr.unit is not None
        start = cal.shift(pub, expr.amount, expr.unit)
        return start, window_precision((pub - start).days)
    return None, "day"


def _yearless(expr: TimeExpr, pub: dt.date, future: bool) -> tuple[dt.date | None, str]:
    """A month, or month and day, without a year: the year is inferred."""
    assert expr.month is not None
    if expr.day is None:
        this_year = dt.date(pub.year, expr.month, 1)
        current = pub.replace(day=1)
        if expr.which == "last":
            year = pub.year if this_year < current else pub.year - 1
        elif expr.which == "next":
            year = pub.year if this_year > current else pub.year + 1
        elif expr.which == "this":
            year = pub.year
        else:
            year = cal.infer_year(expr.month, None, pub, future=future)
        return dt.date(year, expr.month, 1), "month"
    year = cal.infer_year(expr.month, expr.day, pub, future=future, weekday=expr.weekday)
    try:
        return dt.date(year, expr.month, expr.day), "day"
    except ValueError:
        return None, "day"


def _deictic(expr: TimeExpr, pub: dt.date, future: bool) -> tuple[dt.date, str]:
    """Calendar units counted from publication: yesterday, last week, earlier this month."""
    unit = expr.unit or "day"
    if unit == "day":
        return pub + dt.timedelta(days=expr.amount), "day"
    if unit == "week":
        return cal.week_start(pub) + dt.timedelta(weeks=expr.amount), "week"
    if unit == "weekend":
        saturday = cal.week_start(pub) + dt.timedelta(days=5)
        if expr.amount == 0 and not future and saturday > pub:
            saturday -= dt.timedelta(weeks=1)  # "this weekend" written on a weekday, past tense
        return saturday + dt.timedelta(weeks=expr.amount), "week"
    if unit == "month":
        return cal.add_months(pub.replace(day=1), expr.amount), "month"
    return dt.date(pub.year + expr.amount, 1, 1), "year"


def _offset(expr: TimeExpr, anchor: DateValue) -> DateValue:
    """`anchor` moved by the offset; precision widens to the anchor's when that is wider."""
    assert expr.unit is not None
    unit = "week" if expr.unit == "weekend" else expr.unit
    prec = cal.coarser(unit_precision(expr.unit, expr.vague), anchor.precision)
    day = cal.shift(anchor.date, expr.amount, unit)
    return DateValue(cal.snap(day, prec), prec, expr.text)


def resolve_expression(text: str, pub: dt.date | None, *, future: bool = False,
                       anchor: DateValue | None = None) -> DateValue | None:
    """Resolve the first temporal expression in `text` (None if there is none).

        >>> resolve_expression("on Sunday", dt.date(2024, 3, 5))
        DateValue(date=datetime.date(2024, 3, 3), precision='day', text='Sunday')
    """
    found = find_time_expressions(text)
    return resolve(found[0], pub, future=future, anchor=anchor) if found else None
