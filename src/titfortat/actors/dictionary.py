"""Loading the actor knowledge (countries, agent nouns, known actors) into one index.

Everything shipped lives in `titfortat/data/actors/`: `countries.yaml`, `agents.yaml` and
every other `*.yaml` (including `people/`) as actor dictionaries. User dictionaries (the
`actors` setting, `--actors FILE`) are loaded after them: an entry with the same id replaces
the shipped one, and an alias shared with a shipped entry resolves to the user's entry.
Loading is lazy and cached per set of extra files.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from titfortat.actors.schema import ActorEntry, Office, parse_entry
from titfortat.actors.text import Match, PhraseIndex, is_acronym, key_of, plural
from titfortat.datafiles import LINE_KEY, data_path
from titfortat.errors import DataFileError

TABLE_FILES: frozenset[str] = frozenset({"countries.yaml", "agents.yaml"})
NAME_PARTICLES: frozenset[str] = frozenset({"al", "el", "bin", "ibn", "de", "da", "von", "der", "van"})


@dataclass(frozen=True)
class Target:
    """What an alias stands for. kind: entry | country | agent | modifier | backing |
    opposing | control | ethnic | abroad | region | pronoun | nonstate. `value` is the entry id, alpha-3
    code, sector or pronoun class; for backing, `belonging` or `backer` (see agents.yaml).

    Names need a capital letter, except a country's name or demonym (`any_case`: "iSrael",
    "tunisian rioters"); one that written all lowercase is an ordinary word (`common`:
    "turkey", "chad", "us") needs its capital even in an all-lowercase text."""

    kind: str
    value: str
    form: str = ""  # country: name/adj/capital/seat; agent: singular phrase; entry: alias/surname
    weak: bool = False
    plural: bool = False
    office: str | None = None
    layer: int = 0
    any_case: bool = False
    common: bool = False


def uncapitalized_ok(targets: Sequence[Target], lower_text: bool) -> bool:
    """Whether a match written without a capital letter still names its targets: a country's
    name or demonym does in any case; in an all-lowercase text every name does, except the
    country words that are then ordinary English ("turkey", "china", "us")."""
    return any(t.any_case for t in targets) or (lower_text and not any(t.common for t in targets))


def country_of(m: Match[Target]) -> tuple[str, str] | None:
    """The country a match names, as (alpha-3 code, form), if any."""
    t = next((t for t in m.targets if t.kind == "country"), None)
    return (t.value, t.form) if t else None


def entry_choices(cands: list[tuple[ActorEntry, int]]) -> tuple[ActorEntry, ...]:
    """Among dictionary candidates (entry, layer), those of the user's layer (the top one),
    people first."""
    if not cands:
        return ()
    top = max(layer for _, layer in cands)
    entries = list({e.id: e for e, layer in cands if layer == top}.values())
    people = [e for e in entries if e.is_person]
    return tuple(people or entries)  # "UN chief Antonio Guterres" is the person


@dataclass
class ActorDictionary:
    """The compiled knowledge: entries by id, one phrase index, office holders."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    index: PhraseIndex[Target] = field(default_factory=PhraseIndex)
    holders: dict[tuple[str, str], list[tuple[ActorEntry, Office]]] = field(
        default_factory=lambda: defaultdict(list))
    country_names: dict[str, str] = field(default_factory=dict)  # alpha-3 -> name
    # one-letter-deleted forms of one-word country names, adjectives and capitals -> the
    # words, to find misspellings ("Kazakstan" -> "Kazakhstan") without scanning every name
    typo_forms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _LineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Fast (libyaml) safe loader that records each mapping's line under LINE_KEY."""


def _mapping(loader: Any, node: yaml.MappingNode) -> dict[str, Any]:
    out: dict[str, Any] = loader.construct_mapping(node, deep=True)
    out[LINE_KEY] = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; errors name the file and line."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - safe loader subclass
    except FileNotFoundError as exc:
        raise DataFileError(str(path), None, "file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(str(path), mark.line + 1 if mark else None,
                            f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, f"not UTF-8: {exc}") from exc


def read_entries(path: Path, codes: frozenset[str]) -> list[ActorEntry]:
    """The entries of one dictionary file, checked against the schema."""
    doc = read_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise DataFileError(str(path), None, "expected a mapping with an `actors:` list")
    default_type = str(doc.get("type", "organisation"))
    return [parse_entry(raw, str(path), default_type, codes) for raw in doc["actors"]]


def shipped_files() -> list[Path]:
    root = data_path("actors")
    return sorted(p for p in root.rglob("*.yaml") if p.name not in TABLE_FILES)


def deletions(word: str) -> set[str]:
    """The word and every form of it with one letter deleted (lower case)."""
    w = word.lower()
    return {w, *(w[:i] + w[i + 1:] for i in range(len(w)))}


def _add_typo_forms(forms: dict[str, list[str]], word: str) -> None:
    for f in deletions(word):
        if word not in forms[f]:
            forms[f].append(word)


def _plural_demonym(word: str) -> bool:
    """Demonyms that take a plural -s: "Iraqis", "Afghans", "Turks", "Serbs", "Britons";
    not adjectives in -ish, -ese, -ch ("Turkish", "Chinese", "French")."""
    return " " not in word and not word.endswith(("ish", "ese", "ch", "sh", "s", "x", "z")) and (
        word.endswith(("i", "an", "ian")) or len(word) <= 7)


def _add_countries(d: ActorDictionary) -> frozenset[str]:
    import pycountry

    path = data_path("actors", "countries.yaml")
    table = read_yaml(path)
    rows = {code: row for code, row in table.items() if code != LINE_KEY}
    written = {key_of(n) for row in rows.values() for n in row.get("names") or ()}
    for code, row in rows.items():
        iso = pycountry.countries.get(alpha_3=code)
        names = list(row.get("names") or [])
        if iso is not None:  # ISO names, unless the table gives the words to another country
            names += [n for n in (iso.name, getattr(iso, "common_name", None))
                      if n and "," not in n and key_of(n) not in written]
        d.country_names[code] = names[0] if names else code
        common = _common_words(row, names, str(path))
        for form in ("names", "adj", "capital", "seats"):
            words = names if form == "names" else list(row.get(form) or [])
            any_case = form in ("names", "adj")
            for w in words:
                ordinary = key_of(w) in common
                d.index.add(w, Target("country", code, form.rstrip("s"), any_case=any_case and not ordinary,
                                      common=ordinary))
                if form in ("names", "adj", "capital") and " " not in w and len(w) >= 5 and w.isalpha():
                    _add_typo_forms(d.typo_forms, w)
                if form == "adj" and _plural_demonym(w):
                    d.index.add(w + "s", Target("country", code, "adj", plural=True, any_case=not ordinary,
                                                common=ordinary))
    return frozenset(d.country_names)


def _common_words(row: dict[str, Any], names: list[str], path: str) -> set[tuple[str, ...]]:
    """The row's `common` words ("turkey", "chad"): its names, demonyms, capitals or seats that
    written all lowercase are ordinary English. Each must be one of the row's words."""
    words = {key_of(n) for n in names}
    words |= {key_of(w) for form in ("adj", "capital", "seats") for w in row.get(form) or ()}
    out = set()
    for w in row.get("common") or ():
        if key_of(str(w)) not in words:
            raise DataFileError(path, row.get(LINE_KEY), f"common word {w!r} is not one of the row's names, "
                                "adjectives, capitals or seats: list a word of the row, singular")
        out.add(key_of(str(w)))
    return out


def _add_agents(d: ActorDictionary) -> None:
    table = read_yaml(data_path("actors", "agents.yaml"))
    titles = {p: title for title, phrases in table["offices"].items() if title != LINE_KEY
              for p in phrases}
    for sector, phrases in table["agents"].items():
        if sector == LINE_KEY:
            continue
        for raw in phrases:
            phrase, weak = raw.rstrip("~"), raw.endswith("~")
            for form, many in ((phrase, False), (plural(phrase), True)):
                d.index.add(form, Target("agent", sector, phrase, weak, many and form != phrase))
    for phrase, title in titles.items():
        for form in (phrase, plural(phrase)):
            d.index.add(form, Target("agent", "GOV", phrase, False, form != phrase, office=title))
    for kind, section in (("modifier", "modifiers"), ("nonstate", "non_state"), ("pronoun", "pronouns")):
        for value, phrases in table[section].items():
            if value == LINE_KEY:
                continue
            for raw in phrases:
                phrase = raw.rstrip("~")
                for form in {phrase, plural(phrase) if kind == "nonstate" else phrase}:
                    d.index.add(form, Target(kind, value, phrase))
    belonging = set(table.get("belonging") or ())
    for word in table["backing"]:
        d.index.add(word, Target("backing", "belonging" if word in belonging else "backer", word))
    for word in table.get("abroad") or ():
        for form in {word, plural(word)}:
            d.index.add(form, Target("abroad", "abroad", word))
    for word in table.get("regions") or ():
        d.index.add(word, Target("region", "region", word))  # "Latin American": no country
    for word in table.get("opposing") or ():
        d.index.add(word, Target("opposing", "opposing", word))
    for word in table.get("control") or ():
        d.index.add(word, Target("control", "control", word))
    for word in table["ethnic"]:
        d.index.add(word, Target("ethnic", "ethnic"))


def surname_of(entry: ActorEntry) -> str | None:
    """The last significant word of a person's name, used as a weak alias."""
    words = [w for w in key_of(entry.name) if w not in NAME_PARTICLES]
    return words[-1] if len(words) >= 2 and len(words[-1]) >= 4 else None


def _add_entries(d: ActorDictionary, entries: list[ActorEntry], layer: int) -> None:
    for e in entries:
        d.entries[e.id] = e  # a later layer replaces an entry with the same id
    for e in entries:
        for alias in (e.name, *e.aliases):
            exact = e.exact_case or is_acronym(alias)
            d.index.add(alias, Target("entry", e.id, "alias", layer=layer), exact=exact)
        sn = surname_of(e) if e.is_person and e.surname else None
        if sn:
            d.index.add(sn, Target("entry", e.id, "surname", weak=True, layer=layer))
        for office in e.offices:
            d.holders[(office.code or e.country or "", office.title)].append((e, office))


def build(extra: tuple[str, ...] = ()) -> ActorDictionary:
    """Load shipped tables and dictionaries, then the user's files, into one index."""
    t0 = time.perf_counter()
    d = ActorDictionary()
    codes = _add_countries(d)
    _add_agents(d)
    layers = [(0, p) for p in shipped_files()] + [(i + 1, Path(f)) for i, f in enumerate(extra)]
    for layer, path in layers:
        _add_entries(d, read_entries(path, codes), layer)
        d.files.append(str(path))
    # entries replaced by a later layer keep no stale targets
    for idx in (d.index.folded, d.index.exact):
        for key, targets in idx.items():
            idx[key] = [t for t in targets if t.kind != "entry" or t.layer == _layer_of(d, t.value, layers)]
    d.seconds = time.perf_counter() - t0
    return d


def _layer_of(d: ActorDictionary, entry_id: str, layers: list[tuple[int, Path]]) -> int:
    source = d.entries[entry_id].source.rsplit(":", 1)[0]
    return next((layer for layer, p in reversed(layers) if str(p) == source), 0)


def load(extra: tuple[str, ...] = ()) -> ActorDictionary:
    """The cached dictionary for this tuple of extra files."""
    return _cached(tuple(extra))


@lru_cache(maxsize=8)
def _cached(extra: tuple[str, ...]) -> ActorDictionary:
    return build(extra)
