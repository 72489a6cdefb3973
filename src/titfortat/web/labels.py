"""Readable names for actor codes and dyad keys: "Iraq, militia" for IRQ:PRM, and
"unidentified armed group, Iraq" for an entity with no country code attacking in Iraq.

Never shows a bare ``XXX``: an unknown country reads as "country unknown", or as the country
of the event's place when there is one. Names come from `data/sectors.yaml` and pycountry.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pycountry

from titfortat.datafiles import LINE_KEY, data_path, load_yaml
from titfortat.errors import DataFileError

UNKNOWN = "XXX"
_CODES = re.compile(r"[A-Z]{0,3}(:[A-Z]{3})?")


@functools.cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    path = data_path("sectors.yaml")
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("sectors"), dict) or not isinstance(raw.get("codes"), dict):
        raise DataFileError(str(path), None, "need two mappings, 'sectors' and 'codes'")
    sectors = {str(k): str(v) for k, v in raw["sectors"].items() if k != LINE_KEY}
    codes = {str(k): str(v) for k, v in raw["codes"].items() if k != LINE_KEY}
    return sectors, codes


@functools.cache
def country_name(code: str | None) -> str | None:
    """The common name of an ISO alpha-3 code or a PLOVER non-state code; None if unknown."""
    if not code or code == UNKNOWN:
        return None
    _, codes = _names()
    if code in codes:
        return codes[code]
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return None
    return str(getattr(found, "common_name", None) or found.name)


def sector_name(sector: str | None) -> str | None:
    if not sector:
        return None
    sectors, _ = _names()
    return sectors.get(sector, sector)


def entity_label(entity: dict[str, Any], place_country: str | None = None) -> str:
    """An event record's entity as a reader sees it: its words, then what the codes say."""
    return f"{entity.get('entity_text') or '?'} ({party_label(entity.get('code'), entity.get('sector'), place_country)})"


def party_label(code: str | None, sector: str | None, place_country: str | None = None) -> str:
    """ "Iraq, militia"; without a code: "unidentified armed group, Iraq" (the place's country)
    or "unidentified armed group, country unknown"."""
    country = country_name(code)
    kind = sector_name(sector)
    if country:
        return f"{country}, {kind}" if kind else country
    where = place_country or "country unknown"
    return f"{kind or 'unidentified actor'}, {where}"


def key_label(key: str) -> str:
    """A dyad key of `titfortat.analysis` (IRQ:GOV, XXX:UAF, XXX, an identifier) in words."""
    code, _, sector = key.partition(":")
    if not _CODES.fullmatch(key) or (code != UNKNOWN and code and country_name(code) is None):
        return key  # an identifier or a name at level "identifier"
    return party_label(None if code == UNKNOWN else code, sector or None)
