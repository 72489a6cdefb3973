"""Rules stage: discard and recode rules (data/discard.yaml) and mode refinement from weapon
words, applied right after roles so that operators and modality see the final codes."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from titfortat.coding.lexicon import default_lexicon
from titfortat.coding.modes import refine_mode
from titfortat.coding.triggers import object_tokens
from titfortat.datafiles import data_path, line_of, load_yaml
from titfortat.errors import DataFileError
from titfortat.model import EVENT_TYPES
from titfortat.nlp.draft import Draft, doc_lemmas, drafts, memory


@dataclass(frozen=True)
class Rule:
    name: str
    events: frozenset[str]
    triggers: frozenset[str]
    objects: frozenset[str]
    subjects: frozenset[str]
    sentence: tuple[str, ...]
    min_hits: int
    discard: str | None
    recode: dict[str, str] | None
    # `sentence` split for matching: one-word terms (a set lookup) and phrases (a substring)
    sentence_words: frozenset[str] = frozenset()
    sentence_phrases: tuple[str, ...] = ()


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
            sentence_words=frozenset(str(s).lower() for s in when.get("sentence") or () if " " not in str(s)),
            sentence_phrases=tuple(str(s).lower() for s in when.get("sentence") or () if " " in str(s)),
            min_hits=int(when.get("min_hits", 1)),
            discard=r.get("discard"),
            recode={k: v for k, v in r["recode"].items() if k != "__line__"} if r.get("recode") else None,
        ))
    return tuple(out)


def _padded(sent: Any) -> tuple[str, str, frozenset[str]]:
    """Space-padded words and lemmas of a sentence, and the set of both (cached on the Doc per
    sentence): one-word terms are looked up in the set, phrases in the strings."""
    cache = memory(sent.doc).setdefault("padded", {})
    assert isinstance(cache, dict)
    if sent.start not in cache:
        words = [t.lower_ for t in sent]
        lemmas = doc_lemmas(sent.doc)[sent.start:sent.end]
        cache[sent.start] = (" " + " ".join(words) + " ", " " + " ".join(lemmas) + " ",
                             frozenset(words) | frozenset(lemmas))
    out: tuple[str, str, frozenset[str]] = cache[sent.start]
    return out


def _subjects(tok: Token) -> set[str]:
    """Subject lemmas of the trigger, also through "..., killing 12" to the main verb; a passive
    trigger's by-agent counts as its subject ("victims killed by the crash")."""
    out = {c.lemma_.lower() for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")}
    out |= {g.lemma_.lower() for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"}
    if tok.dep_ in ("acl", "relcl"):
        out.add(tok.head.lemma_.lower())
    t = tok
    for _ in range(3):
        if out or t.dep_ not in ("advcl", "conj", "xcomp"):
            break
        t = t.head
        out |= {c.lemma_.lower() for c in t.children if c.dep_ in ("nsubj", "nsubjpass")}
    return out


def _near_objects(verb: Token) -> list[Token]:
    """The verb's object words up to the first comma after it: across a comma the parser
    often hangs a trailing clause on the verb ("abused immigrants, a human rights
    organization charged" made "organization" a second object)."""
    comma = next((t.i for t in verb.doc[verb.i + 1:verb.sent.end] if t.text == ","), verb.sent.end)
    return [t for t in object_tokens(verb) if t.i < comma]


def _object_lemmas(d: Draft) -> frozenset[str]:
    """Lemmas the `objects` condition looks at."""
    if d.kind == "noun":
        return frozenset(c.lemma_.lower() for c in d.head.subtree)
    objs = {t.lemma_.lower() for t in _near_objects(d.head)}
    if d.head.dep_ in ("acl", "relcl", "amod"):
        objs.add(d.head.head.lemma_.lower())  # "a report released on Tuesday"
    return frozenset(objs)


def _per_head(d: Draft, words: Callable[[Draft], Collection[str]]) -> Collection[str]:
    """`words(d)`, computed once per trigger head for all the rules (kept in the Doc's memory)."""
    cache = memory(d.head.doc).setdefault(f"rule_{words.__name__}", {})
    assert isinstance(cache, dict)
    if d.head.i not in cache:
        cache[d.head.i] = words(d)
    out: Collection[str] = cache[d.head.i]
    return out


def _subject_lemmas(d: Draft) -> set[str]:
    return _subjects(d.head)


def rule_matches(rule: Rule, d: Draft) -> bool:
    if d.entry.event not in rule.events:
        return False
    if rule.triggers and d.head.lemma_.lower() not in rule.triggers:
        return False
    if rule.objects and rule.objects.isdisjoint(_per_head(d, _object_lemmas)):
        return False
    if rule.subjects and rule.subjects.isdisjoint(_per_head(d, _subject_lemmas)):
        return False
    if rule.sentence:
        words, lemmas, tokens = _padded(d.sent)
        hits = len(rule.sentence_words & tokens) + sum(
            1 for s in rule.sentence_phrases if f" {s} " in words or f" {s} " in lemmas)
        if hits < rule.min_hits:
            return False
    return True


@lru_cache(maxsize=1)
def rules_by_event() -> dict[str, tuple[Rule, ...]]:
    """The rules that apply to each event type, in file order (most drafts meet only a few)."""
    return {ev: tuple(r for r in rules() if ev in r.events) for ev in EVENT_TYPES}


def apply_rules(d: Draft) -> None:
    for rule in rules_by_event().get(d.entry.event, ()):
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


@Language.factory("titfortat_rules")
def make_rules(nlp: Language, name: str) -> RuleStage:
    return RuleStage()


RESPONSE_NOUNS = frozenset({"retaliation", "reprisal", "response", "revenge"})


def reference_noun(d: Draft) -> None:
    """ "Three days after the raid", "in retaliation for the arrest": an event noun that places
    another event in time or motive refers to an event reported elsewhere; it is not coded again."""
    from titfortat.coding.syntax import role_data

    tok = d.head
    if d.kind == "noun" and any(c.lower_ in ("such", "similar") for c in tok.children):
        d.discarded = "'such/similar ...' refers to events reported elsewhere"
        return
    if d.kind != "noun" or tok.dep_ != "pobj":
        return
    prep = tok.head
    if prep.lower_ in ("in", "to", "of") and prep.head.lemma_.lower() in role_data().pause_nouns:
        d.discarded = f"'{prep.head.text} {prep.text} {tok.text}': the event stops, it is not reported"
    elif prep.lower_ in role_data().reference_preps:
        d.discarded = f"refers to an event reported elsewhere ({prep.text} ...)"
    elif tok.lemma_.lower() in RESPONSE_NOUNS and prep.lower_ == "in":
        d.discarded = f"'{prep.text} {tok.text}' gives a motive, not an event"
    elif prep.lower_ == "for" and prep.head.lemma_.lower() in RESPONSE_NOUNS:
        d.discarded = f"the motive of a {prep.head.text}, reported elsewhere"


def labour_strike(d: Draft) -> None:
    """ "dock workers walked out at the start of an indefinite strike over pay": a strike
    noun in a sentence about workers, pay or unions, with no weapon or nation on it and no
    target after on/against, is a labour strike (PROTEST/strike), not an attack."""
    from titfortat.coding.syntax import role_data

    rd = role_data()
    tok = d.head
    if d.entry.event != "ASSAULT" or d.kind != "noun" or tok.lemma_.lower() != "strike":
        return
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    if any(c.lemma_.lower() in rd.military_modifiers or c.ent_type_ in ("NORP", "GPE", "ORG") for c in mods):
        return
    if any(c.dep_ == "prep" and c.lower_ in ("on", "against") and any(
            g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in c.children) for c in tok.children):
        return  # "a strike on the base" (not "a strike on Monday")
    if tok.dep_ in ("nsubj", "nsubjpass", "agent", "pobj") and tok.head.lemma_.lower() in rd.harm_verbs | {"by"}:
        return  # "strikes killed five aid workers", "wounded by a strike"
    if not any(t.lemma_.lower() in rd.labour_words for t in d.sent):
        return
    d.entry = default_lexicon().variant(d.entry, event="PROTEST", mode="strike", cameo="143")
    d.notes.append("a strike in a sentence about workers, pay or unions: labour strike (PROTEST)")


def accused_status(d: Draft) -> None:
    """ "two aid workers accused of espionage", "a man charged with
    spying", "two men sought in the killing": an accusation (or a manhunt) in a reduced relative with no accuser describes who the people are,
    not an accusation made in the story."""
    from titfortat.coding.syntax import trailing_attribution

    tok = d.head
    status = d.entry.event == "ACCUSE" or (d.entry.event == "REQUEST" and tok.lemma_.lower() == "seek")
    if status and d.kind == "verb" and tok.dep_ == "acl" and tok.tag_ == "VBN" \
            and not any(c.dep_ == "agent" for c in tok.children) and not trailing_attribution(tok):
        d.discarded = f"'{tok.head.text} {tok.text} ...' says who they are, not who accuses them"


class RuleStage:
    """spaCy component: vetoes or recodes drafts by rule and refines modes from weapon words."""

    def __call__(self, doc: Doc) -> Doc:
        for d in drafts(doc):
            reference_noun(d)
            accused_status(d)
            if d.discarded is None:
                labour_strike(d)
                apply_rules(d)
            if d.discarded is None:
                refine_mode(d)
        return doc
