"""Last coding stage: discard and recode rules (data/discard.yaml), merging of duplicate
triggers for one event, casualty numbers, and the final confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from titfortat.coding.lexicon import default_lexicon
from titfortat.coding.triggers import object_tokens
from titfortat.datafiles import data_path, line_of, load_yaml
from titfortat.errors import DataFileError
from titfortat.model import EVENT_TYPES
from titfortat.nlp.draft import Draft, drafts


@dataclass(frozen=True)
class Rule:
    name: str
    events: frozenset[str]
    triggers: frozenset[str]
    objects: frozenset[str]
    subjects: frozenset[str]
    sentence: tuple[str, ...]
    discard: str | None
    recode: dict[str, str] | None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    path = data_path("discard.yaml")
    raw = load_yaml(path)
    out = []
    for r in raw["rules"]:
        when: dict[str, Any] = r.get("when") or {}
        events = frozenset(when.get("events") or EVENT_TYPES)
        bad = events - set(EVENT_TYPES)
        if bad or not (r.get("discard") or r.get("recode")):
            raise DataFileError(str(path), line_of(r), f"rule {r.get('name')!r}: bad events {sorted(bad)} or no action")
        out.append(Rule(
            name=r["name"], events=events,
            triggers=frozenset(when.get("triggers") or ()),
            objects=frozenset(when.get("objects") or ()),
            subjects=frozenset(when.get("subjects") or ()),
            sentence=tuple(str(s).lower() for s in when.get("sentence") or ()),
            discard=r.get("discard"),
            recode={k: v for k, v in r["recode"].items() if k != "__line__"} if r.get("recode") else None,
        ))
    return tuple(out)


def _padded(tokens: Any) -> tuple[str, str]:
    words = " " + " ".join(t.lower_ for t in tokens) + " "
    lemmas = " " + " ".join(t.lemma_.lower() for t in tokens) + " "
    return words, lemmas


def _subjects(tok: Token) -> set[str]:
    return {c.lemma_.lower() for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")} | (
        {tok.head.lemma_.lower()} if tok.dep_ in ("acl", "relcl") else set())


def rule_matches(rule: Rule, d: Draft) -> bool:
    if d.entry.event not in rule.events:
        return False
    if rule.triggers and d.head.lemma_.lower() not in rule.triggers:
        return False
    if rule.objects:
        objs = {t.lemma_.lower() for t in object_tokens(d.head)} if d.kind == "verb" else set()
        if d.kind == "noun":
            objs = {c.lemma_.lower() for c in d.head.subtree}
        if not objs & rule.objects:
            return False
    if rule.subjects and not _subjects(d.head) & rule.subjects:
        return False
    if rule.sentence:
        words, lemmas = _padded(d.sent)
        if not any(f" {s} " in words or f" {s} " in lemmas for s in rule.sentence):
            return False
    return True


def apply_rules(d: Draft) -> None:
    for rule in rules():
        if not rule_matches(rule, d):
            continue
        if rule.discard:
            d.discarded = f"rule {rule.name!r}: {rule.discard}"
        elif rule.recode:
            lex = default_lexicon()
            d.entry = lex.variant(d.entry, event=rule.recode.get("event"), mode=rule.recode.get("mode"),
                                  cameo=rule.recode.get("cameo"))
            d.notes.append(f"rule {rule.name!r} recoded to {d.entry.event}")
        return


def merge_duplicates(ds: list[Draft]) -> None:
    """One event, several triggers: "a drone strike killed ...", "attacked and killed ..."."""
    by_head = {d.head.i: d for d in ds if d.discarded is None}
    for d in ds:
        if d.discarded is not None or d.kind != "verb":
            continue
        for c in d.head.children:
            n = by_head.get(c.i)
            if c.dep_ == "nsubj" and n is not None and n.kind == "noun" and n.entry.event == d.entry.event:
                if n.entry.specificity + (1 if n.entry.mode else 0) >= (1 if d.entry.mode else 0):
                    d.entry = n.entry
                d.actor_spans = n.actor_spans or d.actor_spans
                d.actors = n.actors or d.actors
                d.trigger = d.head.doc[min(n.trigger.start, d.trigger.start):max(n.trigger.end, d.trigger.end)] \
                    if abs(n.head.i - d.head.i) <= 6 else d.trigger
                n.discarded = f"merged into {d.head.text!r}"
        if d.head.dep_ in ("advcl", "conj") and d.head.tag_ == "VBG":
            # "launched a drone strike on the convoy, killing three guards"
            gov = d.head.head
            n = next((by_head[c.i] for c in gov.children if c.dep_ in ("dobj", "obj") and c.i in by_head), None)
            if n is None or n.entry.event != d.entry.event:
                n = by_head.get(gov.i)
            if n is not None and n is not d and n.discarded is None and n.entry.event == d.entry.event:
                n.recipient_spans = n.recipient_spans + d.recipient_spans
                n.recipients = n.recipients + [r for r in d.recipients if r not in n.recipients]
                d.discarded = f"merged into {n.trigger.text!r}"
                continue
        if d.head.dep_ == "conj":
            first = by_head.get(d.head.head.i)
            if first is not None and first.discarded is None and first.entry.event == d.entry.event \
                    and first.modality == d.modality:
                first.recipients = first.recipients + [r for r in d.recipients if r not in first.recipients]
                first.recipient_spans = first.recipient_spans + d.recipient_spans
                d.discarded = f"merged into {first.head.text!r}"


_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUM = r"(\d[\d,]*|" + "|".join(_NUM_WORDS) + r"|dozens|scores|hundreds)"
_FILL = r"(?:(?!and\b|but\b|while\b)[\w-]+\s+){0,4}"
_SIZE_PATTERNS = (
    ("dead", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)?\s*(?:killed|dead|died|shot dead)\b", re.I)),
    ("dead", re.compile(rf"\b(?:killing|killed|leaving|left)\s+(?:at least\s+)?{_NUM}\b", re.I)),
    ("dead", re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{_NUM}\b", re.I)),
    ("injured", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)?\s*(?:injured|wounded|hurt)\b", re.I)),
    ("injured", re.compile(rf"\b(?:wounding|injuring|wounded|injured)\s+(?:at least\s+)?{_NUM}\b", re.I)),
    ("arrested", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)?\s*(?:arrested|detained)\b", re.I)),
    ("arrested", re.compile(rf"\b(?:arrested|detained|arresting|detaining)\s+(?:at least\s+)?{_NUM}\b", re.I)),
)
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200}


def _number(word: str) -> int | None:
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return _NUM_WORDS.get(w) or _VAGUE.get(w)


def sizes(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, pat in _SIZE_PATTERNS:
        if key in out:
            continue
        m = pat.search(text)
        if m:
            n = _number(m.group(1))
            if n is not None and n < 100000:
                out[key] = n
    return out


def finalize(d: Draft) -> None:
    """Casualty numbers and the final confidence, with the reasons in notes."""
    if d.entry.event in ("ASSAULT", "COERCE", "PROTEST"):
        d.size = sizes(d.sent.text)
    c = d.entry.confidence
    if any(a.code or a.identifier_id for a in d.actors):
        c += 0.15
    elif not d.actors:
        c -= 0.15
    if any(r.code or r.identifier_id for r in d.recipients):
        c += 0.1
    if d.modality in ("claimed", "hypothetical"):
        c *= 0.85
    d.confidence = max(0.05, min(0.99, c))


@Language.factory("titfortat_discard")
def make_discard(nlp: Language, name: str) -> DiscardStage:
    return DiscardStage()


class DiscardStage:
    """spaCy component: vetoes or recodes drafts by rule, merges duplicates, scores confidence."""

    def __call__(self, doc: Doc) -> Doc:
        ds = drafts(doc)
        for d in ds:
            if d.discarded is None:
                apply_rules(d)
        merge_duplicates(ds)
        for d in ds:
            if d.discarded is None:
                finalize(d)
        return doc
