"""Event dates: temporal expressions, their resolution, and which date belongs to which event.

    >>> import datetime as dt
    >>> from titfortat.temporal import resolve_expression
    >>> resolve_expression("two days ago", dt.date(2024, 3, 5))
    DateValue(date=datetime.date(2024, 3, 3), precision='day', text='two days ago')

The pipeline stage is `titfortat.temporal.component` ("titfortat_dates"); see docs/dates.md.
"""

from titfortat.temporal.calendar import DateValue
from titfortat.temporal.expressions import TimeExpr, find_time_expressions
from titfortat.temporal.resolve import resolve_expression

__all__ = ["DateValue", "TimeExpr", "find_time_expressions", "resolve_expression"]
