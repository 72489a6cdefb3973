"""Place-name normalisation: the key used to index and to look up names, and the spelling
skeleton that forgives transliteration.

"Al-Anbar", "al Anbar" and "ANBAR" share the key "anbar"; "Tal 'Afar" and "Tal Afar" share
"tal afar". Accents, apostrophes, dots and hyphens are folded away and a leading Arabic
article is dropped. The skeleton goes further ("Nasiriyah" = "Nassiriya", "Erbil" = "Irbil",
"Al Qaim" = "Al Gaim"), with its rules as data in `data/geo/spelling.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from titfortat.datafiles import data_path, load_yaml
from titfortat.errors import DataFileError

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4]")
_SEPARATORS = re.compile(r"[\-\u2010-\u2015/_,()]+")
_LATIN_KEY = re.compile(r"^[a-z][a-z0-9 ]*$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form: accents, apostrophes and dots removed, separators to spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _APOSTROPHES.sub("", text).replace(".", "")
    return " ".join(_SEPARATORS.sub(" ", text).split())


@dataclass(frozen=True)
class Spelling:
    """The rules of `data/geo/spelling.yaml`."""

    articles: frozenset[str]
    kind_words: frozenset[str]
    admin_articles: frozenset[str]
    suffixes: tuple[tuple[str, str], ...]
    letters: tuple[tuple[str, str], ...]
    drop: frozenset[str]
    min_consonants: int


@lru_cache(maxsize=1)
def spelling() -> Spelling:
    """The spelling rules, read once."""
    path = data_path("geo", "spelling.yaml")
    data = load_yaml(path) or {}

    def pairs(name: str) -> tuple[tuple[str, str], ...]:
        out = []
        for item in data.get(name) or ():
            if not (isinstance(item, list) and len(item) == 2):
                raise DataFileError(str(path), None, f"{name}: each rule is [from, to], got {item!r}")
            out.append((str(item[0]), str(item[1])))
        return tuple(out)

    try:
        return Spelling(articles=frozenset(map(str, data["articles"])),
                        kind_words=frozenset(map(str, data["kind_words"])),
                        admin_articles=frozenset(map(str, data["admin_articles"])),
                        suffixes=pairs("suffixes"), letters=pairs("letters"),
                        drop=frozenset(map(str, data["drop"])), min_consonants=int(data["min_consonants"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(str(path), None, f"missing or bad entry: {exc}") from exc


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The index key of a name: folded, leading article ("al-", "the") dropped."""
    words = fold(text).split()
    articles = spelling().articles
    while len(words) > 1 and words[0] in articles:
        words = words[1:]
    return " ".join(words)


def admin_key(text: str) -> str:
    """The key of a province name without its kind words ("Anbar province" -> "anbar")."""
    rules = spelling()
    words = [w for w in key(text).split() if w not in rules.kind_words]
    while len(words) > 1 and (words[0] in rules.articles or words[0] in rules.admin_articles):
        words = words[1:]  # "Province du Yatenga", "Prefecture de la Kozah"
    return " ".join(words) if words else key(text)


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """The spelling skeleton of a name, "" when too short to trust ("Nasiriyah" -> "nsr")."""
    rules = spelling()
    words = [w for w in admin_key(text).split() if w not in rules.articles]
    if not words:
        return ""
    last = words[-1]
    for old, new in rules.suffixes:  # only the name's last word: "Salah" of "Salah al-Din" stays
        if last.endswith(old) and len(last) > len(old) + 1:
            words[-1] = last[: -len(old)] + new
            break
    s = "".join(words)
    for old, new in rules.letters:
        s = s.replace(old, new)
    s = "".join(c for c in s if c not in rules.drop)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s if len(s) >= rules.min_consonants else ""


def is_indexable(k: str) -> bool:
    """Only Latin-script keys are indexed: English news spells places in Latin letters."""
    return len(k) > 1 and _LATIN_KEY.match(k) is not None


def display(text: str) -> str:
    """A clean English display form of a GeoNames name ("Diyālá" -> "Diyala")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_APOSTROPHES.sub("", text).split())
