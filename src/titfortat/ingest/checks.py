"""Checks that decide whether a story can be coded at all."""

from __future__ import annotations

import functools
import re

from titfortat import settings
from titfortat.errors import ReadError, RejectedStory
from titfortat.ingest.dates import parse_date

__all__ = ["check_text", "clean_text", "decode", "looks_english", "parse_date"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z]")


@functools.cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported on first use: importing spaCy takes a second and
    tens of MB, which `titfortat serve` and the other read commands never need."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: refuse binary data and invalid UTF-8 with a clear reason."""
    if b"\x00" in data[:8192]:
        raise ReadError(origin, "binary file (NUL bytes), not text: skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            origin, f"invalid UTF-8 at byte {exc.start}: re-encode the file as UTF-8"
        ) from exc
    return text


# NUL and the other control characters (C0 but tab and newlines, DEL, C1), zero-width
# characters and stray byte-order marks: dropped. Line and paragraph separators: newlines.
_DROP = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
         0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
_CLEAN = {**{c: None for c in _DROP}, 0x2028: "\n", 0x2029: "\n\n"}


def clean_text(text: str) -> str:
    """`text` without control and zero-width characters, with CRLF and CR as newlines and lone
    surrogates as "?".

    Done once, on reading, for every format: no later stage (spaCy, the database) sees a NUL.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CLEAN)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates ("\ud800" in JSON) cannot be stored or printed
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def check_text(text: str, origin: str) -> None:
    """Reject empty, oversized and non-English texts."""
    if not text.strip():
        raise RejectedStory(origin, "empty story text")
    limit: int = settings.get("max_story_chars")
    if len(text) > limit:
        raise RejectedStory(
            origin, f"story is {len(text):,} characters, over the limit of {limit:,} "
            "(TITFORTAT_MAX_STORY_CHARS); split it into stories"
        )
    if not looks_english(text):
        raise RejectedStory(origin, "text does not look like English; only English is coded")


def looks_english(text: str) -> bool:
    """A cheap language check: share of Latin letters and of English function words."""
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if _LATIN.match(c)) / len(letters)
    if latin < 0.5:
        return False
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 8:
        return True  # too short to judge: give it the benefit of the doubt
    share = sum(1 for w in words if w in _stop_words()) / len(words)
    return share >= 0.12
