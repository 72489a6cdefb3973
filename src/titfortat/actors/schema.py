"""The actor dictionary schema: one entry per person or organisation (docs/actors.md).

A file is a YAML mapping with `actors:` (a list of entries) and optional `type:` (the
default entry type). Entry fields:

    id        stable identifier: a Wikidata QID ("Q7747") or a project key ("tft:irq-pmf")
    name      canonical name (also an alias)
    type      person | organisation
    country   ISO alpha-3 or a PLOVER non-state code (IGO UNO NGO IMG MNC)
    sector    PLOVER sector; for people, the sector when no office applies
    aliases   other spellings; the surname of a person is added as a weak alias
    offices   "TITLE [SECTOR] @CODE: FROM..TO" strings or {title, sector, country, from, to}
    periods   organisations: "SECTOR: FROM..TO" sector changes over time
    before / after   a person's sector before the first / after the last office (UNK / ELI)
    backer, affiliation, secondary, kind (igo), surname (false), exact_case, note
    acled     ACLED's actor class (inter 1-8) where ACLED classes the group otherwise than
              its sector says (ACLED counts the ex-Seleka factions as political militias, 3)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from titfortat.datafiles import LINE_KEY
from titfortat.errors import DataFileError
from titfortat.model import SECTORS

NON_STATE: frozenset[str] = frozenset({"IGO", "UNO", "NGO", "IMG", "MNC", "ISM", "EUR"})
FIELDS: frozenset[str] = frozenset({
    "id", "name", "type", "country", "sector", "aliases", "offices", "periods", "before",
    "after", "backer", "affiliation", "secondary", "kind", "surname", "exact_case", "note",
    "acled", LINE_KEY,
})
_OFFICE_RE = re.compile(
    r"^(?P<title>[^:\[@]+?)\s*(?:\[(?P<sector>[A-Z]{3})\])?\s*(?:@(?P<code>[A-Z]{3}))?\s*:"
    r"\s*(?P<start>[\d-]*)\s*\.\.\s*(?P<end>[\d-]*)$"
)
_PERIOD_RE = re.compile(r"^(?P<sector>[A-Z]{3})\s*:\s*(?P<start>[\d-]*)\s*\.\.\s*(?P<end>[\d-]*)$")


@dataclass(frozen=True)
class Office:
    """A position held between two dates (open ends allowed)."""

    title: str
    sector: str
    code: str | None
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One known person or organisation of the dictionary."""

    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]
    periods: tuple[Office, ...]
    before: str | None
    after: str
    backer: str | None
    affiliation: str | None
    secondary: tuple[str, ...]
    kind: str
    surname: bool
    exact_case: bool
    source: str  # "file:line"
    acled: int | None = None  # ACLED's actor class (inter 1-8) when set in the entry

    @property
    def is_person(self) -> bool:
        return self.type == "person"


def parse_date(value: Any, where: tuple[str, int | None], end: bool = False) -> dt.date | None:
    """A date from YYYY, YYYY-MM or YYYY-MM-DD (partial dates take the first day)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DataFileError(where[0], where[1], f"bad date {text!r} (use YYYY-MM-DD)") from exc


def _code(value: Any, where: tuple[str, int | None], what: str, codes: frozenset[str]) -> str:
    code = str(value)
    if code not in codes and code not in NON_STATE:
        raise DataFileError(where[0], where[1], f"unknown {what} code {code!r}: use ISO alpha-3 "
                            f"(IRQ) or one of {', '.join(sorted(NON_STATE))}")
    return code


def _sector(value: Any, where: tuple[str, int | None]) -> str:
    if value not in SECTORS:
        raise DataFileError(where[0], where[1], f"unknown sector {value!r}; PLOVER sectors: "
                            f"{' '.join(SECTORS)}")
    return str(value)


def _acled_class(value: Any, where: tuple[str, int | None]) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        raise DataFileError(where[0], where[1], f"acled must be ACLED's actor class 1-8 (1 state forces, "
                            f"2 rebels, 3 political militia, 4 identity militia, ... 8 external), not {value!r}")
    return value


def parse_office(raw: Any, where: tuple[str, int | None], codes: frozenset[str]) -> Office:
    """An office from its string form or its mapping form."""
    if isinstance(raw, str):
        m = _OFFICE_RE.match(raw.strip())
        if not m:
            raise DataFileError(where[0], where[1], f"bad office {raw!r}: write "
                                "\"TITLE [SECTOR] @CODE: YYYY-MM-DD..YYYY-MM-DD\"")
        raw = {"title": m["title"], "sector": m["sector"], "country": m["code"],
               "from": m["start"], "to": m["end"]}
    if not isinstance(raw, dict) or not raw.get("title"):
        raise DataFileError(where[0], where[1], "an office needs a title")
    start = parse_date(raw.get("from"), where)
    end = parse_date(raw.get("to"), where)
    if start and end and end < start:
        raise DataFileError(where[0], where[1], f"office {raw['title']!r} ends before it starts")
    code = raw.get("country")
    return Office(
        title=str(raw["title"]).strip().lower(),
        sector=_sector(raw.get("sector") or "GOV", where),
        code=_code(code, where, "country", codes) if code else None,
        start=start, end=end,
    )


def parse_entry(raw: Any, path: str, default_type: str, codes: frozenset[str]) -> ActorEntry:
    """Check one raw YAML entry and build it; DataFileError names file and line."""
    line = raw.get(LINE_KEY) if isinstance(raw, dict) else None
    where = (path, line)
    if not isinstance(raw, dict):
        raise DataFileError(path, line, "each actor must be a mapping")
    unknown = set(raw) - FIELDS
    if unknown:
        raise DataFileError(path, line, f"unknown field(s) {', '.join(sorted(unknown))}; "
                            f"allowed: {', '.join(sorted(FIELDS - {LINE_KEY}))}")
    for req in ("id", "name"):
        if not raw.get(req):
            raise DataFileError(path, line, f"missing required field {req!r}")
    etype = str(raw.get("type", default_type))
    if etype not in ("person", "organisation"):
        raise DataFileError(path, line, f"type must be person or organisation, not {etype!r}")
    offices = tuple(parse_office(o, where, codes) for o in raw.get("offices") or ())
    if not raw.get("country") and not offices:
        raise DataFileError(path, line, f"{raw['id']}: missing country")
    if etype == "organisation" and not raw.get("sector"):
        raise DataFileError(path, line, f"{raw['id']}: an organisation needs a sector")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise DataFileError(path, line, f"{raw['id']}: aliases must be a list of names")
    periods = []
    for p in raw.get("periods") or ():
        m = _PERIOD_RE.match(str(p))
        if not m:
            raise DataFileError(path, line, f"bad period {p!r}: write \"SECTOR: FROM..TO\"")
        periods.append(Office("period", _sector(m["sector"], where), None,
                              parse_date(m["start"], where), parse_date(m["end"], where)))
    country = raw.get("country") or (offices[-1].code if offices else None)
    return ActorEntry(
        id=str(raw["id"]), name=str(raw["name"]), type=etype,
        country=_code(country, where, "country", codes) if country else None,
        sector=_sector(raw["sector"], where) if raw.get("sector") else None,
        aliases=tuple(a.strip() for a in aliases),
        offices=offices, periods=tuple(periods),
        before=_sector(raw["before"], where) if raw.get("before") else None,
        after=_sector(raw.get("after") or "ELI", where),
        backer=_code(raw["backer"], where, "backer", codes) if raw.get("backer") else None,
        affiliation=str(raw["affiliation"]) if raw.get("affiliation") else None,
        secondary=tuple(_sector(s, where) for s in raw.get("secondary") or ()),
        kind=str(raw.get("kind") or ("person" if etype == "person" else "group")),
        surname=bool(raw.get("surname", True)),
        exact_case=bool(raw.get("exact_case", False)),
        source=f"{path}:{line}",
        acled=_acled_class(raw.get("acled"), where),
    )
