"""Finding temporal expressions in English news text: a small regular grammar.

Each rule turns a match into a `TimeExpr`, the parsed but unresolved expression: explicit
dates ("31 December 2020", "Dec. 31", "31/12/2020", "in March", "in 2019"), weekdays,
seasons, words relative to the publication date ("yesterday", "last week", "two days ago",
"in recent weeks") and offsets from another event ("two days before the attack", "barely 48
hours later", "the next day"). Overlapping matches keep the longest. Resolution to dates is
in `resolve.py`; attachment to events in `attach.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from titfortat.nlp.prefilter import Needs, casefold_for_regex, has_words

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty-eight": 48, "forty eight": 48, "seventy-two": 72,
    "seventy two": 72,
}
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
)
ORDINALS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)}
VAGUE_NUMBERS: dict[str, int] = {"a few": 3, "few": 3, "several": 3, "a couple of": 2, "couple of": 2}

_MON = (r"(?:(?:" + "|".join(k for k in MONTHS if len(k) > 4 or k in ("may", "june", "july"))
        + r")\b|(?:" + "|".join(k for k in MONTHS if len(k) <= 4 and k not in ("may", "june", "july"))
        + r")\b\.?)")
_WD = "|".join(WEEKDAYS)
_YEAR = r"(?:1[89]|20)\d{2}"
_NUM = r"(?:\d{1,3}|a\s+few|a\s+couple\s+of|couple\s+of|few|several|" + "|".join(
    sorted((k.replace(" ", r"\s+") for k in NUMBERS), key=len, reverse=True)) + ")"
_QUAL = (r"(?:(?:about|around|some|nearly|almost|roughly|approximately|more\s+than|less\s+than|"
         r"fewer\s+than|just\s+over|just\s+under|over|under|barely|only|just|at\s+least)\s+)")
_ORD = "|".join(ORDINALS)
_UNIT = r"(?P<unit>minutes?|hours?|days?|weeks?|months?|years?)"
_EDGE = r"(?:(?:early|late|mid-?)\s*)"
_REF_STOP = frozenset({
    "and", "but", "or", "when", "as", "while", "in", "on", "at", "near", "which", "that", "who",
    "where", "after", "before", "during", "with", "from", "by", "killed", "said", "says", "was",
    "were", "is", "are", "had", "has", "have",
})


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression found in text, parsed but not yet resolved to a date.

    kind: "date" (some of year/month/day), "weekday", "season", "deictic" (calendar unit
    counted from the publication date: "yesterday", "last month"), "ago", "window" ("in
    recent weeks"), or "offset" (from an anchor event or the story's narrative time).
    """

    text: str
    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    season: str | None = None
    which: str = ""  # last | this | next, where the words say so
    unit: str | None = None  # minute | hour | day | week | month | year | weekend
    amount: int = 0  # signed: negative is earlier
    vague: bool = False  # the amount was not stated ("days later", "a few weeks ago")
    ref_text: str | None = None  # what an offset is relative to ("the attack")
    ref_start: int | None = None
    ref_end: int | None = None
    ref_expr: TimeExpr | None = None  # when the reference is itself a date ("after 3 March")

    @property
    def anchored(self) -> bool:
        """True when the expression needs another event's date (or the narrative time)."""
        return self.kind == "offset"


def _num(raw: str | None) -> tuple[int, bool]:
    """The value of a number phrase and whether it is vague; no number means vague."""
    if not raw:
        return 3, True
    word = " ".join(raw.lower().split())
    if word in VAGUE_NUMBERS:
        return VAGUE_NUMBERS[word], True
    return (int(word), False) if word.isdigit() else (NUMBERS[word], False)


def _unit(raw: str) -> str:
    return raw.lower().rstrip("s")


def _capitalised(m: re.Match[str], group: str) -> bool:
    value = m.groupdict().get(group)
    return value is None or value[0].isupper()


Handler = Callable[[re.Match[str]], dict[str, object] | None]
# A rule: the full pattern, an optional cheap "core" pattern every match contains (the full
# pattern then only runs in a window around each core hit), the handler, and the words each
# match of a case-insensitive rule contains (most stories have no season, "ago" or "shortly
# after": the rule is skipped, see `titfortat.nlp.prefilter`).
Rule = tuple[re.Pattern[str], re.Pattern[str] | None, Handler, Needs]
WINDOW = 80
_UNITS = ("minute", "hour", "day", "week", "month", "year")
_PARTS_OF_DAY = ("day", "night", "morning", "afternoon", "evening", "week", "month", "year")


def _date(m: re.Match[str]) -> dict[str, object] | None:
    if not (_capitalised(m, "m") and _capitalised(m, "wd")):
        return None
    g = m.groupdict()
    day = g.get("d")
    if day:
        day = ORDINALS.get(day.lower()) or int(day.rstrip("stndrh"))
    return {"kind": "date", "month": MONTHS[g["m"].lower().rstrip(".")], "day": day or None,
            "year": int(g["y"]) if g.get("y") else None,
            "weekday": WEEKDAYS[g["wd"].lower()] if g.get("wd") else None}


def _numeric(m: re.Match[str]) -> dict[str, object] | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    day, month = (b, a) if b > 12 >= a else (a, b)  # day first unless only month-first fits
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return {"kind": "date", "year": year, "month": month, "day": day}


def _iso(m: re.Match[str]) -> dict[str, object] | None:
    month, day = int(m["m"]), int(m["d"])
    ok = 1 <= month <= 12 and 1 <= day <= 31
    return {"kind": "date", "year": int(m["y"]), "month": month, "day": day} if ok else None


def _bare_month(m: re.Match[str]) -> dict[str, object] | None:
    if not _capitalised(m, "m"):
        return None
    which = (m.group("which") or "").lower()
    return {"kind": "date", "month": MONTHS[m["m"].lower().rstrip(".")],
            "which": which if which in ("last", "this", "next") else ""}


def _year(m: re.Match[str]) -> dict[str, object] | None:
    return {"kind": "date", "year": int(m["y"])}


def _season(m: re.Match[str]) -> dict[str, object] | None:
    which = (m.group("which") or "").lower()
    season = m["s"].lower()
    if not (m.group("pre") or which or m.group("y")) or m["s"][0].isupper() and not m.group("y"):
        return None  # "the fall of Mosul", "Arab Spring"
    return {"kind": "season", "season": "autumn" if season == "fall" else season,
            "year": int(m["y"]) if m.group("y") else None, "which": "last" if which == "past" else which}


def _weekday(m: re.Match[str]) -> dict[str, object] | None:
    if not _capitalised(m, "wd"):
        return None
    which = " ".join((m.group("which") or "").lower().split())
    which = {"this past": "last", "past": "last"}.get(which, which)
    return {"kind": "weekday", "weekday": WEEKDAYS[m["wd"].lower()],
            "which": which if which in ("last", "this", "next") else ""}


_DEICTIC_WORDS: dict[str, int] = {
    "yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1,
    "this morning": 0, "this afternoon": 0, "this evening": 0, "earlier today": 0,
    "later today": 0,
}


def _deictic_word(m: re.Match[str]) -> dict[str, object] | None:
    words = " ".join(m["x"].lower().split())
    first = words.split()[0]
    amount = _DEICTIC_WORDS.get(words, _DEICTIC_WORDS.get(first, 0))
    return {"kind": "deictic", "unit": "day", "amount": amount}


def _calendar(m: re.Match[str]) -> dict[str, object] | None:
    which = (m.groupdict().get("which") or "this").lower()
    return {"kind": "deictic", "unit": m["u"].lower(), "which": which,
            "amount": {"last": -1, "this": 0, "next": 1}[which]}


def _ago(m: re.Match[str]) -> dict[str, object] | None:
    n, vague = _num(m.group("n"))
    return {"kind": "ago", "unit": _unit(m["unit"]), "amount": -n, "vague": vague}


def _window(m: re.Match[str]) -> dict[str, object] | None:
    unit = m["unit"].lower()
    if not (m.group("the") or m.group("pre") or unit.endswith("s") or m["q"].lower() == "recent"):
        return None  # plain "last week" is a calendar week, not a window
    n, vague = _num(m.group("n")) if m.group("n") or unit.endswith("s") else (1, False)
    return {"kind": "window", "unit": _unit(unit), "amount": -n, "vague": vague}


def _offset(m: re.Match[str]) -> dict[str, object] | None:
    n, vague = _num(m.group("n"))
    direction = m["dir"].lower().split()[0]
    sign = -1 if direction in ("earlier", "before", "prior") else 1
    return {"kind": "offset", "unit": _unit(m["unit"]), "amount": sign * n, "vague": vague}


def _named_offset(m: re.Match[str]) -> dict[str, object] | None:
    g = m.groupdict()
    word = (g.get("which") or g.get("dir") or "same").lower()
    sign = {"previous": -1, "preceding": -1, "before": -1, "next": 1, "following": 1,
            "subsequent": 1, "after": 1}.get(word, 0)
    unit = m["unit"].lower()
    unit = "day" if unit in ("night", "morning", "afternoon", "evening") else unit
    return {"kind": "offset", "unit": unit, "amount": sign}


def _within(m: re.Match[str]) -> dict[str, object] | None:
    unit = _unit(m["unit"])
    return {"kind": "offset", "unit": unit, "amount": 0, "vague": unit not in ("minute", "hour")}


def _shortly(m: re.Match[str]) -> dict[str, object] | None:
    return {"kind": "offset", "unit": "day", "amount": 0, "vague": m["adv"].lower() == "soon"}


_WITH_REF = re.compile(r"(?:after|before|of|prior\s+to)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def grammar() -> tuple[Rule, ...]:
    """The compiled rules (built on first use, not at import)."""
    mon = r"\b(?:" + "|".join(k.capitalize() + "|" + k.upper() for k in MONTHS) + r")\b"
    wd = r"\b(?:" + "|".join(k.capitalize() + "|" + k.upper() for k in WEEKDAYS) + r")\b"
    year = rf"\b{_YEAR}\b"
    units = r"\b(?:minutes?|hours?|days?|weeks?|months?|years?)\s+"
    raw: list[tuple[str, str | None, Handler, Needs]] = [
        (rf"\b(?P<x>(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{_ORD})(?:\s+of)?\s+"
         rf"(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR})\b)?)", mon, _date, ()),
        (rf"\b(?P<x>(?:(?P<wd>{_WD}),?\s+)?(?P<m>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
         rf"(?:,?\s+(?P<y>{_YEAR})\b)?)(?!\s*(?:%|percent))", mon, _date, ()),
        (r"\b(?P<x>(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2}))\b", None, _numeric, ()),
        (rf"\b(?P<x>(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}}))\b", None, _iso, ()),
        (rf"\b(?P<x>(?:{_EDGE}|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)?(?P<m>{_MON}),?"
         rf"\s+(?:of\s+)?(?P<y>{_YEAR}))\b", mon, _date, ()),
        (rf"\b(?:in|during|throughout|of)\s+(?P<x>(?P<which>{_EDGE})?(?P<m>{_MON}))\b(?!\.?\s*\d)",
         mon, _bare_month, ()),
        (rf"\b(?P<x>(?P<which>last|this|next|early|late|mid-?|(?:the\s+)?(?:end|beginning|start|middle)"
         rf"\s+of)\s*(?P<m>{_MON}))\b(?!\.?\s*\d)", mon, _bare_month, ()),
        (rf"\b(?:in|during|throughout|of)\s+(?P<x>{_EDGE}?(?P<y>{_YEAR}))\b(?![-/.]\d)", year, _year, ()),
        (rf"\b(?P<x>(?:{_EDGE}|(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)"
         rf"\s+of\s+)(?P<y>{_YEAR}))\b", year, _year, ()),
        (rf"\b(?:(?P<pre>in|during|over|through|throughout)\s+)?(?P<x>(?:the\s+)?(?:(?P<which>last|this|"
         rf"next|past)\s+)?{_EDGE}?(?P<s>summer|winter|spring|autumn|fall)(?:\s+(?:of\s+)?"
         rf"(?P<y>{_YEAR}))?)\b", r"\b(?:summer|winter|spring|autumn|fall)\b", _season,
         (("summer", "winter", "spring", "autumn", "fall"),)),
        (rf"\b(?P<x>(?:(?P<which>last|this|next|this\s+past|past|early|late)\s+)?(?P<wd>{_WD})"
         rf"(?:\s+(?:morning|afternoon|evening|night))?)\b", wd, _weekday, ()),
        (r"\b(?P<x>yesterday(?:\s+(?:morning|afternoon|evening))?|today|tonight|tomorrow|last\s+night|"
         r"this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+today)\b", None, _deictic_word,
         (("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening"),)),
        (r"\b(?P<x>(?:(?:earlier|later|early|late)\s+)?(?P<which>last|this|next)\s+"
         r"(?P<u>week|weekend|month|year))\b", r"\b(?:last|this|next)\s+(?:week|month|year)", _calendar,
         (("last", "this", "next"), ("week", "month", "year"))),
        (r"\b(?P<x>(?:earlier|later)\s+in\s+the\s+(?P<u>week|month|year))\b", None, _calendar,
         (("earlier", "later"), ("week", "month", "year"))),
        (rf"\b(?P<x>{_QUAL}?(?:(?P<n>{_NUM})\s+)?{_UNIT}\s+ago)\b", r"\bago\b", _ago, (("ago",),)),
        (rf"\b(?:(?P<pre>in|over|during|throughout|within)\s+)?(?P<x>(?P<the>(?:the|this)\s+)?"
         rf"(?P<q>recent|past|last)\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>days|weeks|months|years|day|week|"
         rf"month|year))\b", r"\b(?:recent|past|last)\b", _window,
         (("recent", "past", "last"),)),
        (rf"\b(?P<x>{_QUAL}?(?:(?P<n>{_NUM})\s+)?{_UNIT}\s+(?P<dir>later|earlier|afterwards?|after|"
         rf"before|prior\s+to))\b", units + r"(?:later|earlier|after|before|prior)", _offset,
         (_UNITS, ("later", "earlier", "after", "before", "prior"))),
        (r"\b(?P<x>the\s+(?P<unit>day|night|morning|evening|week|month|year|weekend)\s+"
         r"(?P<dir>before|after))\b", None, _named_offset, (("before", "after"),)),
        (r"\b(?P<x>the\s+(?:very\s+)?(?P<which>previous|next|following|preceding|same|subsequent)\s+"
         r"(?P<unit>day|night|morning|evening|afternoon|week|month|year|weekend))\b", None, _named_offset,
         (("previous", "next", "following", "preceding", "same", "subsequent"),)),
        (r"\b(?P<x>(?:(?:later|earlier)\s+)?(?:on\s+)?that\s+(?:same\s+)?(?P<unit>day|night|morning|"
         r"afternoon|evening|week|month|year))\b", None, _named_offset, (("that",), _PARTS_OF_DAY)),
        (rf"\b(?P<x>within\s+{_QUAL}?(?:(?P<n>{_NUM})\s+)?{_UNIT}\s+of)\b", r"\bwithin\b", _within, (("within",),)),
        (r"\b(?P<x>(?P<adv>shortly|soon|immediately|just|moments|right)\s+(?:after|before))\b", None,
         _shortly, (("shortly", "soon", "immediately", "just", "moments", "right"), ("after", "before"))),
    ]
    cased = (mon, wd)  # month and weekday names count only capitalised (not "may", "march")
    return tuple((re.compile(p, re.IGNORECASE),
                  re.compile(c, 0 if c in cased else re.IGNORECASE) if c else None, h, needs)
                 for p, c, h, needs in raw)


def _ref_after(text: str, end: int) -> tuple[int, int] | None:
    """The noun phrase after "before/after/of" at `end` (up to 6 words, to punctuation)."""
    words = list(re.finditer(r"[\w'’-]+|[^\w\s]", text[end:end + 120]))
    taken: list[re.Match[str]] = []
    for w in words:
        token = w.group().lower()
        if not w.group()[0].isalnum() or (taken and token in _REF_STOP) or len(taken) == 6:
            break
        taken.append(w)
    if not taken:
        return None
    return end + taken[0].start(), end + taken[-1].end()


def _matches(text: str, pattern: re.Pattern[str], hits: list[re.Match[str]] | None) -> list[re.Match[str]]:
    """Matches of `pattern`; given the hits of its core pattern, only in windows around
    them (faster)."""
    if hits is None:
        return list(pattern.finditer(text))
    seen: dict[tuple[int, int], re.Match[str]] = {}
    for hit in hits:
        for m in pattern.finditer(text, max(0, hit.start() - WINDOW), min(len(text), hit.end() + WINDOW)):
            if m.start() <= hit.start() and m.end() >= hit.end():
                seen.setdefault(m.span(), m)
    return sorted(seen.values(), key=lambda m: m.start())


def find_time_expressions(text: str) -> list[TimeExpr]:
    """All temporal expressions in `text`, in order, without overlaps (longest wins).

    An offset followed by its reference ("two days before the attack") covers the
    reference too; when the reference is itself a date, it becomes `ref_expr`.
    """
    found: list[TimeExpr] = []
    core_hits: dict[re.Pattern[str], list[re.Match[str]]] = {}  # rules share core patterns
    lowered = casefold_for_regex(text)
    for pattern, core, handler, needs in grammar():
        if not has_words(lowered, needs):
            continue
        hits = None
        if core is not None:
            if core not in core_hits:
                core_hits[core] = list(core.finditer(text))
            hits = core_hits[core]
        for m in _matches(text, pattern, hits):
            fields = handler(m)
            if fields is None:
                continue
            found.append(TimeExpr(text=m["x"], start=m.start("x"), end=m.end("x"), **fields))  # type: ignore[arg-type]
    found.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[TimeExpr] = []
    for e in found:
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    kept.sort(key=lambda e: e.start)
    out: list[TimeExpr] = []
    consumed: set[int] = set()
    for i, e in enumerate(kept):
        if i in consumed:
            continue
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        if e.anchored and _WITH_REF.search(e.text):
            if nxt is not None and not nxt.anchored and text[e.end:nxt.start].strip() in ("", "the"):
                consumed.add(i + 1)
                e = replace(e, text=text[e.start:nxt.end], end=nxt.end, ref_text=nxt.text,
                            ref_start=nxt.start, ref_end=nxt.end, ref_expr=nxt)
            else:
                e = _with_ref(text, e)
        out.append(e)
    return out


def _with_ref(text: str, e: TimeExpr) -> TimeExpr:
    ref = _ref_after(text, e.end)
    if ref is None:
        return e
    return replace(e, text=text[e.start:ref[1]], end=ref[1], ref_text=text[ref[0]:ref[1]],
                   ref_start=ref[0], ref_end=ref[1])
