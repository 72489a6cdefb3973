"""Word tests that prove a case-insensitive regular expression cannot match a text.

Scanning a story with an `re.IGNORECASE` pattern costs a step at every character, while most
stories lack the words every match of the pattern contains ("ago", "killed", "shortly" and
"after"). Looking for those words first, as substrings of the lower-cased text, is far
cheaper: when one group is missing the pattern is skipped; when all are there it runs as
before. The test can only say "no match", so results never change.

    lowered = casefold_for_regex(text)
    if has_words(lowered, (("killed", "dead"),)):
        ...  # run the pattern
"""

from __future__ import annotations

# A pattern's needed words: one word of each group occurs in every match.
Needs = tuple[tuple[str, ...], ...]

# The non-ASCII characters re.IGNORECASE matches to an ASCII letter: İ and ı (i), ſ (s) and
# the Kelvin sign (k). They are written as that letter, so a needed word is found whenever
# the pattern could match it.
_CASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def casefold_for_regex(text: str) -> str:
    """`text` lower-cased as a case-insensitive pattern reads it (for `has_words`)."""
    return text.translate(_CASE_TWINS).lower()


def has_words(lowered: str, needs: Needs) -> bool:
    """Does `lowered` (from `casefold_for_regex`) hold one word of every group of `needs`?
    No groups: nothing is needed."""
    return all(any(w in lowered for w in group) for group in needs)
