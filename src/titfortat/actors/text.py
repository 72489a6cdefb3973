"""Tokens and the compiled phrase matcher used for every actor lookup.

Aliases and mention texts go through the same tokenizer, so matching is a dictionary
lookup on tuples of normalised tokens: accents stripped, lower case, "U.S." read as "us",
and the articles "the", "al-", "el-" dropped ("al-Kadhimi" and "Kadhimi" meet). The
`PhraseIndex` finds the longest alias at each position, left to right (a dict of token
tuples keyed by length; no regular expressions per alias, so thousands of aliases cost
one hash lookup per token and length).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+\.?|[A-Za-z0-9]+|'s\b|&|,")
# Tokens that never count for matching (they are kept in the token list for offsets).
SKIP: frozenset[str] = frozenset({"the", "al", "el", "a", "an"})
# Words that end a mention's head phrase: prepositions and relative pronouns ("police in Kunar",
# "militias who attacked").
CUT: frozenset[str] = frozenset(
    ["in", "from", "at", "near", "on", "to", "against", "with", "inside", "outside", "across", "after", "during", "for", "by", "over", "who", "which", "that", "under", "into"])


class Tok(NamedTuple):
    """One word of a mention: normalised form, original text (case kept) and offsets.

    A named tuple rather than a frozen dataclass: every story's whole text is tokenized for
    its main country, and a tuple is several times cheaper to build."""

    norm: str
    text: str
    start: int
    end: int

    @property
    def capitalized(self) -> bool:
        return capitalized(self.text)


def capitalized(word: str) -> bool:
    """Names start with a capital letter (or a digit: "23 March Movement")."""
    return word[:1].isupper() or word[:1].isdigit()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_APOSTROPHES = "\u2019\u2018\u02bc"
_FOLDED: dict[int, str] = {}  # code point of a non-ASCII character -> its one-character fold


def _fold_char(ch: str) -> str:
    """The ASCII stand-in of one non-ASCII character, or the character itself."""
    if ch in _APOSTROPHES:
        return "'"
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base and ord(base) < 128 else ch


def fold(text: str) -> str:
    """Strip accents character by character (offsets stay valid) and unify apostrophes.

    Every character maps to exactly one character, so this is one `str.translate` over the
    few distinct non-ASCII characters of the text (most news text is ASCII: no work)."""
    if text.isascii():
        return text
    for ch in set(_NON_ASCII.findall(text)):
        if ord(ch) not in _FOLDED:
            _FOLDED[ord(ch)] = _fold_char(ch)
    return text.translate(_FOLDED)


def tokenize(text: str) -> list[Tok]:
    """The tokens of `text`, articles included (see `SKIP`)."""
    toks = []
    for m in _TOKEN_RE.finditer(fold(text)):
        raw = m.group(0)
        clean = raw.replace(".", "") if "." in raw else raw
        toks.append(Tok(clean.lower(), clean, *m.span()))
    return toks


def words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The significant tokens of `text` as (normalised forms, texts), like `tokenize` less
    the articles and offsets: the cheap form for scanning a whole story."""
    texts = [w.replace(".", "") if "." in w else w for w in _TOKEN_RE.findall(fold(text))]
    kept = [(norm, w) for w in texts if (norm := w.lower()) not in SKIP]
    return tuple(n for n, _ in kept), tuple(w for _, w in kept)


def is_acronym(alias: str) -> bool:
    """Aliases like "IS", "JeM", "ISIS-K" match only with the same capitals."""
    return " " not in alias.strip() and sum(c.isupper() for c in alias) >= 2


def key_of(text: str, exact: bool = False) -> tuple[str, ...]:
    """The lookup key of an alias: its significant tokens, folded unless `exact`."""
    return tuple(t.text if exact else t.norm for t in tokenize(text) if t.norm not in SKIP)


@dataclass(frozen=True)
class Match(Generic[T]):
    """An alias found in a mention: token span [start, end) over the significant tokens."""

    start: int
    end: int
    targets: tuple[T, ...]
    toks: tuple[Tok, ...]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.toks)


@dataclass
class PhraseIndex(Generic[T]):
    """Aliases (token tuples) to targets; longest match wins at each position."""

    folded: dict[tuple[str, ...], list[T]] = field(default_factory=dict)
    exact: dict[tuple[str, ...], list[T]] = field(default_factory=dict)
    max_len: int = 1
    # alias lengths by first token (folded, and as written for exact aliases), longest
    # first: most words start no alias at all
    starts: dict[str, list[int]] = field(default_factory=dict)
    exact_starts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, alias: str, target: T, exact: bool = False) -> tuple[str, ...]:
        key = key_of(alias, exact=exact)
        if key:
            bucket = (self.exact if exact else self.folded).setdefault(key, [])
            if target not in bucket:
                bucket.append(target)
            self.max_len = max(self.max_len, len(key))
            lengths = (self.exact_starts if exact else self.starts).setdefault(key[0], [])
            if len(key) not in lengths:
                lengths.append(len(key))
                lengths.sort(reverse=True)
        return key

    def lengths_at(self, norm: str, text: str) -> list[int] | tuple[int, ...]:
        """Alias lengths that can start at a token, longest first (usually none)."""
        folded = self.starts.get(norm, ())
        exact = self.exact_starts.get(text, ())
        if not exact:
            return folded
        if not folded:
            return exact
        return sorted({*folded, *exact}, reverse=True)

    def spans(self, norms: tuple[str, ...], texts: tuple[str, ...]) -> list[tuple[int, int, tuple[T, ...]]]:
        """Non-overlapping longest matches (start, end, targets) over significant tokens
        given as normalised forms and texts, left to right."""
        out: list[tuple[int, int, tuple[T, ...]]] = []
        starts, exact_starts, folded, exact = self.starts, self.exact_starts, self.folded, self.exact
        i, n = 0, len(norms)
        while i < n:
            if norms[i] not in starts and texts[i] not in exact_starts:
                i += 1  # most words start no alias
                continue
            for length in self.lengths_at(norms[i], texts[i]):
                if length > n - i:
                    continue
                found = list(folded.get(norms[i:i + length], ()))
                if exact:
                    found += exact.get(texts[i:i + length], ())
                if found:
                    out.append((i, i + length, tuple(found)))
                    i += length
                    break
            else:
                i += 1
        return out

    def find(self, toks: Iterable[Tok]) -> list[Match[T]]:
        """Non-overlapping longest matches over the significant tokens, left to right."""
        sig = [t for t in toks if t.norm not in SKIP]
        found = self.spans(tuple(t.norm for t in sig), tuple(t.text for t in sig))
        return [Match(i, j, targets, tuple(sig[i:j])) for i, j, targets in found]


_INVARIANT: frozenset[str] = frozenset(
    ["police", "personnel", "military", "media", "press", "clergy", "intelligence", "people", "cattle", "leadership", "staff"]
)


def plural(phrase: str) -> str:
    """English plural of a noun phrase's head ("gunman" -> "gunmen", "member of parliament"
    -> "members of parliament")."""
    words = phrase.split()
    idx = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    w = words[idx]
    if w in _INVARIANT:
        return phrase
    if w.endswith("man"):
        w = w[:-3] + "men"
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        w = w[:-1] + "ies"
    elif w.endswith("s") and not w.endswith("ss"):
        return phrase
    elif w.endswith(("ss", "x", "ch", "sh")):
        w = w + "es"
    else:
        w = w + "s"
    words[idx] = w
    return " ".join(words)


_NUMBER = (r"(?:\d[\d,.]*(?:\s+(?:million|thousand|hundred))?|a\s+dozen|a\s+hundred|a\s+few|one|two|three|four|"
           r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|"
           r"eighty|ninety|hundred|several|scores|dozens|hundreds|thousands|tens\s+of\s+thousands|"
           r"hundreds\s+of\s+thousands|millions)")
_QUANTITY_RE = re.compile(
    r"^(?:(?:up\s+to|at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|as\s+many\s+as|"
    r"some|about|around|nearly|almost|over|roughly|approximately|an\s+estimated|estimated|only|"
    r"just|another|the)\s+)?" + _NUMBER + r"\s+(?:(?:more|other)\s+)?(?:of\s+(?:the\s+)?)?(?=\S)",
    re.IGNORECASE)


def strip_quantity(text: str) -> str:
    """The mention without a leading count: "up to 2,000 Sudanese refugees" -> "Sudanese refugees",
    "at least four Kenyan police officers" -> "Kenyan police officers". Counts are sizes, not actors, and
    words like "at" or "to" in them would otherwise end the head phrase."""
    m = _QUANTITY_RE.match(text)
    if m is None or m.end() >= len(text):
        return text
    return text[m.end():]
