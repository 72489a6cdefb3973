"""The model's attribute ruler, matched by lookup instead of spaCy's Matcher: same output.

The attribute ruler of the English models maps each fine tag (and some words) to a coarse
part of speech, morphology and lemma through about 180 one-token patterns. spaCy runs them
with its general Matcher, which tries every pattern at every token: about 20 microseconds of
CPU a token, some 6 % of a whole coding run on long stories. `RuleIndex` finds the same matches by
looking each token's tag and lower-cased form up in tables built once from the ruler's own
patterns, then hands them to the ruler's `set_annotations`, in the order the ruler sorts
them: the annotations are the ruler's, token for token (`tests/scale/test_attributes.py`).
A pattern with an operator this index does not know makes it fall back to the Matcher.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc

# The token attributes a pattern may test, and their column in the Doc array.
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
INDEXED = ("LOWER", "TAG")  # equality tests looked up in a table, most selective first

MAX_REMEMBERED = 200_000  # token attribute combinations whose one-token matches are kept

Test = Callable[[tuple[int, ...], Callable[[int], str]], bool]


class Unsupported(ValueError):
    """A pattern this index cannot reproduce exactly: use spaCy's Matcher."""


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler: its key (the ruler sorts matches by it) and token tests."""

    attr_id: int
    key: int  # hash of str(attr_id), the Matcher's match id
    tokens: tuple[tuple[Test, ...], ...]


def _test(attr: str, value: Any, strings: Any) -> Test:
    if attr not in COLUMNS:
        raise Unsupported(attr)
    col = COLUMNS[attr]
    if isinstance(value, bool):
        want = int(value)
        return lambda row, text: row[col] == want
    if isinstance(value, str):
        h = strings.add(value)
        return lambda row, text: row[col] == h
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            hashes = frozenset(strings.add(v) for v in arg)
            if op == "IN":
                return lambda row, text: row[col] in hashes
            return lambda row, text: row[col] not in hashes
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda row, text: rx.search(text(row[col])) is not None
    raise Unsupported(f"{attr}: {value!r}")


def _index_keys(first: dict[str, Any], strings: Any) -> list[tuple[int, int]]:
    """(column, value) pairs one of which a token must have to match `first`: from its
    equality or IN test on LOWER, else on TAG; none when it has neither."""
    for attr in INDEXED:
        value = first.get(attr)
        if isinstance(value, str):
            return [(COLUMNS[attr], strings.add(value))]
        if isinstance(value, dict) and list(value) == ["IN"]:
            return [(COLUMNS[attr], strings.add(v)) for v in value["IN"]]
    return []


class RuleIndex:
    """The ruler's patterns, indexed by their first token's equality test on LOWER or TAG."""

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        self.text: Callable[[int], str] = strings.__getitem__
        self.by_value: dict[tuple[int, int], list[Rule]] = defaultdict(list)
        self.scanned: list[Rule] = []  # rules without an indexable first-token test
        self._singles: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        # patterns of several tokens (a handful: "gon na"), with the position of the token
        # they are looked up by
        self._longer: dict[tuple[int, int], list[tuple[Rule, int]]] = defaultdict(list)
        # pattern i of `ruler.patterns` is the rule the ruler added as str(i) (AttributeRuler.add)
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not pattern:
                    raise Unsupported("an empty pattern")
                tokens = tuple(tuple(_test(a, v, strings) for a, v in spec.items()) for spec in pattern)
                rule = Rule(attr_id, strings.add(str(attr_id)), tokens)
                if len(tokens) == 1:
                    keys = _index_keys(pattern[0], strings)
                    for key in keys:
                        self.by_value[key].append(rule)
                    if not keys:
                        self.scanned.append(rule)
                    continue
                # a longer pattern is looked up by its first token that has index keys
                at = next((k for k, spec in enumerate(pattern) if _index_keys(spec, strings)), None)
                if at is None:
                    raise Unsupported("a pattern of several tokens without an equality test")
                for key in _index_keys(pattern[at], strings):
                    self._longer[key].append((rule, at))
        self._longer_lowers = frozenset(h for col, h in self._longer if col == 1)
        self._longer_tags = frozenset(h for col, h in self._longer if col == 0)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(attr_id, match id, start, end) of every match, sorted as the ruler sorts them.

        A one-token pattern's match depends only on the token's four tested attributes, so
        the rules matching each combination seen are remembered (a few thousand in a corpus)."""
        rows = list(map(tuple, doc.to_array(ARRAY_ATTRS).tolist()))
        remembered = self._singles.get
        out: list[tuple[int, int, int, int]] = []
        longer: set[tuple[int, int, int, int]] = set()
        for i, row in enumerate(rows):
            singles = remembered(row)
            if singles is None:
                singles = self._learn(row)
            for attr_id, key in singles:
                out.append((attr_id, key, i, i + 1))
            if row[1] in self._longer_lowers or row[0] in self._longer_tags:
                longer.update(self._longer_at(rows, i))
        out.extend(longer)
        out.sort()
        return out

    def _learn(self, row: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """The one-token rules that match a token with these attributes."""
        if len(self._singles) > MAX_REMEMBERED:
            self._singles.clear()
        rules = (*self.by_value.get((1, row[1]), ()), *self.by_value.get((0, row[0]), ()), *self.scanned)
        hits = tuple(dict.fromkeys((r.attr_id, r.key) for r in rules
                                   if all(t(row, self.text) for t in r.tokens[0])))
        self._singles[row] = hits
        return hits

    def _longer_at(self, rows: list[tuple[int, ...]], i: int) -> Iterator[tuple[int, int, int, int]]:
        """Matches of the longer patterns whose looked-up token is token i."""
        row = rows[i]
        for rule, at in (*self._longer.get((1, row[1]), ()), *self._longer.get((0, row[0]), ())):
            start, end = i - at, i - at + len(rule.tokens)
            if start >= 0 and end <= len(rows) and all(
                    all(t(rows[j], self.text) for t in tests)
                    for j, tests in zip(range(start, end), rule.tokens, strict=True)):
                yield (rule.attr_id, rule.key, start, end)


class IndexedRuler:
    """spaCy component: the model's attribute ruler, matched through a `RuleIndex`."""

    def __init__(self) -> None:
        self.ruler: Any = None
        self.index: RuleIndex | None = None

    def use(self, ruler: Any, index: RuleIndex | None = None) -> None:
        """Match `ruler`'s patterns through `index` (built here when not given; raises
        `Unsupported` when a pattern is beyond the index)."""
        self.index = index or RuleIndex(ruler)
        self.ruler = ruler

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The ruler's patterns (`AttributeRuler.patterns`)."""
        return list(self.ruler.patterns)

    def __call__(self, doc: Doc) -> Doc:
        assert self.index is not None, "IndexedRuler.use() was not called"
        self.ruler.set_annotations(doc, self.index.match(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("titfortat_attribute_ruler")
def make_indexed_ruler(nlp: Language, name: str) -> IndexedRuler:
    return IndexedRuler()


def index_attribute_ruler(nlp: Language) -> bool:
    """Put an `IndexedRuler` in place of `nlp`'s attribute ruler (same name, same place);
    False, and the Matcher kept, when one of its patterns is beyond the index."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        index = RuleIndex(ruler)  # built once, before the model's ruler leaves the pipeline
    except Unsupported:
        return False
    replace_pipe(nlp, "attribute_ruler", "titfortat_attribute_ruler").use(ruler, index)
    return True


def replace_pipe(nlp: Language, name: str, factory: str) -> Any:
    """Put a new component made by `factory` in place of `nlp`'s component `name` (same
    name, same place in the pipeline); returns the new component."""
    names = nlp.pipe_names
    at = names.index(name)
    nlp.remove_pipe(name)
    where = {"before": names[at + 1]} if at + 1 < len(names) else {"last": True}
    return nlp.add_pipe(factory, name=name, **where)
