"""Place-name normalisation: the one key function used to index and to look up names.

"Al-Anbar", "al Anbar" and "ANBAR" share the key "anbar"; "Tal 'Afar" and "Tal Afar" share
"tal afar". Accents, apostrophes, dots and hyphens are folded away and a leading Arabic
article is dropped, so transliteration variants meet without listing every one of them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLES: frozenset[str] = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "the"})
# Words that say what kind of division a name is; dropped for province look-ups.
ADMIN_WORDS: frozenset[str] = frozenset({
    "province", "governorate", "state", "region", "oblast", "district", "prefecture",
    "muhafazat", "wilayat", "department", "county", "territory", "municipality", "division",
    "emirate", "canton", "voivodeship", "krai", "okrug",
})
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


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The index key of a name: folded, leading article ("al-", "the") dropped."""
    words = fold(text).split()
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def admin_key(text: str) -> str:
    """The key of a province name without its kind words ("Anbar province" -> "anbar")."""
    words = [w for w in key(text).split() if w not in ADMIN_WORDS]
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words) if words else key(text)


def is_indexable(k: str) -> bool:
    """Only Latin-script keys are indexed: English news spells places in Latin letters."""
    return len(k) > 1 and _LATIN_KEY.match(k) is not None


def display(text: str) -> str:
    """A clean English display form of a GeoNames name ("Diyālá" -> "Diyala")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_APOSTROPHES.sub("", text).split())
