"""Property tests: whatever the input, the date resolver, the readers and the filter parsers
answer or raise one of titfortat's own errors, never anything else."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from titfortat.cli.analysis import read_events_file
from titfortat.errors import StoryError, TitForTatError, UsageError
from titfortat.ingest.checks import clean_text
from titfortat.ingest.dates import parse_date
from titfortat.ingest.html import parse_html
from titfortat.ingest.readers import read_file, story_from_record
from titfortat.model import PRECISIONS, Story
from titfortat.store.queries import parse_bbox, parse_party
from titfortat.temporal import calendar as cal
from titfortat.temporal.calendar import DateValue
from titfortat.temporal.expressions import find_time_expressions
from titfortat.temporal.resolve import resolve

FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PHRASES = ("on Sunday", "next week", "last month", "a million years later", "two days earlier",
           "in 9999", "in the year 1", "9000 years ago", "next spring", "on 31 February",
           "this weekend", "March 5", "yesterday", "99999999 weeks later", "in winter 9999",
           "last Tuesday", "earlier this year", "three hours later", "in recent decades")
CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85,
                                   0x200B, 0xFEFF])
texts = st.lists(st.sampled_from(PHRASES) | st.text(max_size=12), max_size=6).map(" ".join)
any_date = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@FEW
@given(texts, st.none() | any_date, st.booleans(), st.none() | any_date, st.sampled_from(PRECISIONS))
def test_resolving_any_expression_from_any_date(text: str, pub: dt.date | None, future: bool,
                                                anchor: dt.date | None, precision: str) -> None:
    base = DateValue(anchor, precision, "anchor") if anchor else None
    for expr in find_time_expressions(text):
        value = resolve(expr, pub, future=future, anchor=base)
        assert value is None or cal.in_range(value.date)


@FEW
@given(st.text(max_size=60) | st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "٢٠٢٤-٠٣-٠٥",
                                               "Tuesday, 5 March 2025", "5 Smarch 2025"]))
def test_story_dates(value: str) -> None:
    try:
        day = parse_date(value, "f:1")
    except StoryError:
        return
    assert day is None or cal.in_range(day)


values = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | \
    st.lists(st.integers(), max_size=2) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
records = st.dictionaries(st.sampled_from(["id", "text", "date", "title", "url", "source", "language", "x"]),
                          values | st.just("Police arrested two men in Basra on Sunday." + CONTROL))


@FEW
@given(records)
def test_records_of_any_shape(record: dict[str, object]) -> None:
    try:
        story = story_from_record(record, "f:1", dt.date(2024, 3, 5))
    except StoryError as exc:
        assert "\x00" not in str(exc) and "\n" not in str(exc)  # one line, storable
        return
    _clean(story)


def _clean(story: Story) -> None:
    for value in (story.id, story.text, story.title, story.url, story.source):
        assert value is None or not set(value) & set(CONTROL)
    assert story.date is None or cal.in_range(story.date)


@FEW
@given(st.binary(max_size=300) | texts.map(lambda t: t.encode()) |
       st.lists(records.map(lambda r: json.dumps(r, default=str)), max_size=3).map(lambda ls: "\n".join(ls).encode()),
       st.sampled_from(["txt", "jsonl", "html"]))
def test_reading_any_bytes(data: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input.{fmt}"
        path.write_bytes(data)
        for item in read_file(path, fmt, dt.date(2024, 3, 5)):
            if isinstance(item, Story):
                _clean(item)
            else:
                assert isinstance(item, StoryError) and item.origin.startswith(str(path))
                assert "\x00" not in str(item) and "\n" not in str(item)


@FEW
@given(st.text(max_size=200) | st.text(alphabet="<>/=\"' abmetaprsolihd", max_size=200))
def test_any_html(html: str) -> None:
    record = parse_html(html)
    assert isinstance(record.get("text"), str)


@FEW
@given(st.text(max_size=40) | st.lists(st.floats() | st.integers(-400, 400), min_size=3, max_size=5)
       .map(lambda xs: ",".join(str(x) for x in xs)))
def test_bbox_values(value: str) -> None:
    try:
        w, s, e, n = parse_bbox(value)
    except UsageError:
        return
    assert -180 <= w <= e <= 180 and -90 <= s <= n <= 90


@FEW
@given(st.text(max_size=20) | st.text(alphabet="IRQGOVMILX:", max_size=12))
def test_actor_values(value: str) -> None:
    try:
        code, sector = parse_party(value)
    except UsageError:
        return
    assert code is None or (len(code) == 3 and code.isalpha())
    assert code or sector


@FEW
@given(st.binary(max_size=200) | st.lists(records.map(lambda r: json.dumps(r, default=str)), max_size=3)
       .map(lambda ls: "\n".join(ls).encode()))
def test_event_files_of_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.jsonl"
        path.write_bytes(data)
        try:
            events = read_events_file(str(path))
        except TitForTatError:
            return
        assert all(e.date is None or cal.in_range(e.date) for e in events)


def test_cleaning_keeps_text_and_drops_controls() -> None:
    assert clean_text("a\x00b\r\nc\rd\u200be\ufeff\tf\x1b") == "ab\nc\nde\tf"
