"""Candidate sentences: parse only the sentences that can hold an event (setting `prefilter`).

Events start at words of the trigger lexicon (verbs and event nouns, found by lemma or by
form, `coding.triggers`) or at a demand modal ("Russia said Sudan must leave",
`coding.reported`). A sentence holding none of their inflected forms cannot hold an event.
`EventWords` is that set of forms, derived when the pipeline loads from the lexicon's lemmas
and the model's own lemmatizer tables (each rule and exception read backwards), so it
follows every trigger added to the lexicon files.

`CandidateParse` then replaces the model's components in the pipeline. It cuts each story
into sentences with spaCy's rule sentencizer; a story whose sentences all hold an event word
goes through the model's components whole, exactly as without the prefilter. Otherwise the
runs of consecutive candidate sentences are made into one Doc, which the tagger, parser and
lemmatizer annotate; their annotations are copied back onto the same tokens of the story's
Doc (character offsets never change: it is the same Doc). NER still reads the whole story,
because actors, dates and places read entities story-wide. A skipped sentence keeps its
tokens, entities and sentencizer boundaries, and lacks tags, lemmas and dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import minibatch

from titfortat.coding.lexicon import Lexicon

# The token attributes the tagger, attribute ruler, lemmatizer and parser write.
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
_NOT_START = 2**64 - 1  # -1 as spaCy stores it: "not a sentence start"
MAX_REMEMBERED = 500_000  # word forms whose answer `CandidateParse` keeps


@dataclass(frozen=True)
class EventWords:
    """The lower-cased word forms that can be an event's first word."""

    forms: frozenset[str]
    stems: frozenset[str]  # lemmas the trigger stage also finds under a regular "-ed"

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self.forms:
            return True
        # triggers._candidates: "raped" -> "rape", "shelled" -> "shell", "stopped" -> "stop"
        return word.endswith("ed") and any(word[:-k] in self.stems for k in (1, 2, 3))


def inflections(lemmas: Iterable[str], rules: dict[Any, list[list[str]]],
                exceptions: dict[Any, dict[str, list[str]]]) -> set[str]:
    """Every form a rule lemmatizer with these tables turns into one of `lemmas`: the lemma
    itself, each suffix rule read backwards, and each irregular form of it."""
    wanted = set(lemmas)
    out = set(wanted)
    for table in rules.values():
        for old, new in table:
            out.update(lemma[:len(lemma) - len(new)] + old for lemma in wanted if lemma.endswith(new))
    for irregular in exceptions.values():
        out.update(form for form, its in irregular.items() if wanted.intersection(its))
    return out


def event_words(nlp: Language, lexicon: Lexicon | None = None) -> EventWords:
    """The event words of `lexicon` (default: the trigger lexicon files) and the demand
    modals, inflected with `nlp`'s lemmatizer tables and attribute-ruler lemmas."""
    from titfortat.coding.lexicon import default_lexicon
    from titfortat.coding.syntax import role_data

    lexicon = lexicon or default_lexicon()
    lemmas = set(lexicon.verbs) | set(lexicon.nouns)
    rules: dict[Any, list[list[str]]] = {}
    exceptions: dict[Any, dict[str, list[str]]] = {}
    if "lemmatizer" in nlp.component_names:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        if lookups.has_table("lemma_rules"):
            rules = dict(lookups.get_table("lemma_rules").items())
        if lookups.has_table("lemma_exc"):
            exceptions = dict(lookups.get_table("lemma_exc").items())
    forms = inflections(lemmas, rules, exceptions) | set(role_data().demand_modals)
    if "attribute_ruler" in nlp.component_names:
        for pattern in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
            if str(pattern["attrs"].get("LEMMA", "")).lower() in lemmas:
                forms.update(str(tok["LOWER"]) for seq in pattern["patterns"] for tok in seq if "LOWER" in tok)
    return EventWords(frozenset(forms), frozenset(lemmas))


def candidate_runs(is_event: list[bool], starts: list[bool]) -> list[tuple[int, int]]:
    """Token ranges of the runs of consecutive sentences with an event word: `is_event` flags
    the event words, `starts` the first token of each sentence."""
    runs: list[tuple[int, int]] = []
    bounds = [i for i, s in enumerate(starts) if s or i == 0] + [len(is_event)]
    for lo, hi in pairwise(bounds):
        if any(is_event[lo:hi]):
            if runs and runs[-1][1] == lo:
                runs[-1] = (runs[-1][0], hi)
            else:
                runs.append((lo, hi))
    return runs


@Language.factory("titfortat_candidates", default_config={"stages": []})
def make_candidates(nlp: Language, name: str, stages: list[str]) -> CandidateParse:
    return CandidateParse(nlp, [(s, nlp.get_pipe(s)) for s in stages])


class CandidateParse:
    """spaCy component in front of the model's own, which it runs: tagger, parser and
    lemmatizer on the candidate sentences only, NER on the whole story (module docstring)."""

    def __init__(self, nlp: Language, stages: list[tuple[str, Any]]) -> None:
        self.nlp = nlp
        self.stages = stages  # the model's components (and the dateline), in pipeline order
        self.sentencizer = Sentencizer()
        self._event: EventWords | None = None
        self._known: dict[int, bool] = {}

    @property
    def event(self) -> EventWords:
        if self._event is None:
            self._event = event_words(self.nlp)
        return self._event

    def _is_event(self, lower: int) -> bool:
        """Is the word with this lower-case hash an event word (answers remembered)?"""
        known = self._known.get(lower)
        if known is None:
            if len(self._known) > MAX_REMEMBERED:
                self._known.clear()
            known = self._known[lower] = self.nlp.vocab.strings[lower] in self.event
        return known

    def preload(self) -> None:
        """Derive the event words now (pipeline.preload), not inside the first story."""
        _ = self.event

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._batch(list(batch))

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        whole: list[Doc] = []
        parts: list[tuple[Doc, list[tuple[int, int]], list[bool], Doc]] = []
        dateline = dict(self.stages).get("titfortat_dateline")
        for doc, starts in zip(docs, self.sentencizer.predict(docs), strict=True):
            if dateline is not None:
                dateline(doc)
                starts = [bool(s) or t.is_sent_start is True for s, t in zip(starts, doc, strict=True)]
            lowers, spaces = doc.to_array([LOWER, IS_SPACE]).T.tolist() if len(doc) else ([], [])
            starts = _after_spaces(spaces, starts)
            runs = candidate_runs([self._is_event(h) for h in lowers], starts)
            if runs == [(0, len(doc))] or len(doc) == 0:
                whole.append(doc)
            else:
                parts.append((doc, runs, starts, _sub_doc(doc, runs)))
        parsed = whole + [sub for _, _, _, sub in parts]
        for name, proc in self.stages:
            if name not in ("ner", "titfortat_dateline"):  # the dateline was applied above
                parsed = _run(proc, parsed)
        for doc, runs, starts, sub in parts:
            _copy_back(doc, runs, starts, sub)
        ner = dict(self.stages).get("ner")
        if ner is not None:
            _run(ner, docs)
        return docs


def _after_spaces(spaces: list[int], starts: list[bool]) -> list[bool]:
    """Sentence starts moved past whitespace tokens ("\\n"), which the parser leaves at the
    end of the sentence before, as the sentencizer does not."""
    out = list(starts)
    for i, space in enumerate(spaces):
        if out[i] and space and i + 1 < len(spaces):
            out[i], out[i + 1] = False, True
    return out


def _run(proc: Any, docs: list[Doc]) -> list[Doc]:
    if not docs:
        return docs
    if hasattr(proc, "pipe"):
        return list(proc.pipe(docs, batch_size=max(1, len(docs))))
    return [proc(d) for d in docs]


def _sub_doc(doc: Doc, runs: list[tuple[int, int]]) -> Doc:
    """One Doc of the candidate runs, with the story's sentence starts preset at each run's
    start (and the dateline's, where it set one)."""
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool | int | None] = []
    for lo, hi in runs:
        for tok in doc[lo:hi]:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            sent_starts.append(True if tok.i == lo else tok.is_sent_start)
    return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=sent_starts)


def _copy_back(doc: Doc, runs: list[tuple[int, int]], starts: list[bool], sub: Doc) -> None:
    """The sub-Doc's parse onto the story's tokens; skipped sentences get the sentencizer's
    boundaries and no parse."""
    full = doc.to_array(PARSE_ATTRS)
    parsed = sub.to_array(PARSE_ATTRS)
    at = 0
    for lo, hi in runs:
        full[lo:hi] = parsed[at:at + hi - lo]  # heads are relative: they stay inside the run
        at += hi - lo
    doc.from_array(PARSE_ATTRS, full)  # type: ignore[arg-type]  # spaCy's stub: Ints2d
    bounds = doc.to_array([SENT_START])
    inside = [False] * len(doc)
    for lo, hi in runs:
        inside[lo:hi] = [True] * (hi - lo)
    for i, is_start in enumerate(starts):
        if not inside[i]:
            bounds[i] = 1 if is_start or i == 0 else _NOT_START
    doc.from_array([SENT_START], bounds.reshape(-1, 1))  # type: ignore[arg-type]
