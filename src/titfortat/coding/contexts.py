"""Stage: PLOVER contexts from the event's sentence and the story's words (data/contexts.yaml)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from titfortat.datafiles import data_path, load_yaml
from titfortat.nlp.draft import doc_lemmas, drafts, memory

Rules = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=1)
def context_rules() -> Rules:
    raw = load_yaml(data_path("contexts.yaml"))
    return tuple((k, tuple(str(w).lower() for w in v)) for k, v in raw.items() if k != "__line__")


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...]]:
    """Single-word keywords by word, and multi-word phrases with their context."""
    single: dict[str, list[str]] = {}
    phrases: list[tuple[str, str]] = []
    for ctx, words in context_rules():
        for w in words:
            if " " in w:
                phrases.append((f" {w} ", ctx))
            else:
                single.setdefault(w, []).append(ctx)
    return {k: tuple(v) for k, v in single.items()}, tuple(phrases)


def contexts_in(text: str, rules: Rules | None = None) -> Counter[str]:
    """How often each context's words occur in a lemmatised, space-padded text."""
    single, phrases = _index()
    found: Counter[str] = Counter()
    for word in text.split():
        for ctx in single.get(word, ()):
            found[ctx] += 1
    for phrase, ctx in phrases:
        if phrase in text:
            found[ctx] += text.count(phrase)
    return found


@Language.factory("titfortat_contexts")
def make_contexts(nlp: Language, name: str) -> ContextStage:
    return ContextStage()


class ContextStage:
    """spaCy component: adds contexts to every draft (lexicon contexts first, then words)."""

    def __call__(self, doc: Doc) -> Doc:
        ds = drafts(doc)
        if not ds:
            return doc
        mem = memory(doc)
        lemmas = doc_lemmas(doc)
        story_counts = contexts_in(" " + " ".join(lemmas) + " ")
        mem["story_contexts"] = story_counts
        story_level = {c for c, n in story_counts.items() if n >= 2}
        sent_cache: dict[int, Counter[str]] = {}
        for d in ds:
            sent = d.sent
            if sent.start not in sent_cache:
                sent_cache[sent.start] = contexts_in(" " + " ".join(lemmas[sent.start:sent.end]) + " ")
            found = list(d.entry.contexts) + sorted(sent_cache[sent.start]) + sorted(story_level)
            if d.entry.mode in ("cyber", "misinformation"):
                found.append(d.entry.mode)
            d.contexts = list(dict.fromkeys(found))
        return doc
