"""How a place mention relates to an event trigger in the dependency parse.

A mention is *attached* when the path from it up to the trigger passes only through
locative links: "exploded near a market in the Karma district" (pobj -> in -> market ->
near -> exploded), "20 km east of Fallujah" (a direction, weaker), "the Baghdad attack"
(compound of a noun trigger), "shelled Aleppo" (a town as object of a verb trigger).
Names used as actors ("Iraq accused Iran") are neither attached nor nearby places.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from titfortat.geo.mentions import Mention
from titfortat.geo.words import (
    DIRECTIONS,
    DISTRICT_WORDS,
    LOCATIVE_PREPS,
    OF_HEADS,
    PROVINCE_WORDS,
    STRONG_PREPS,
    TOWN_WORDS,
    WEAK_PREPS,
)

TARGET_PREPS: frozenset[str] = frozenset({"on", "over", "upon", "toward", "towards", "against"})
ACTOR_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative", "attr", "ROOT", "poss", "agent"})
NON_LOCATIVE_PREPS: frozenset[str] = frozenset({"by", "with", "against", "for", "of", "about", "than", "like"})
MAX_DEPTH = 8


@dataclass(frozen=True)
class Attachment:
    """How strongly a mention is tied to the trigger; smaller `rank` is stronger."""

    direction: bool  # "east of X": near X rather than in X
    prep_strength: int  # 0 in/at/near, 1 on/over/into, 2 to/from, 3 compound or object
    depth: int

    @property
    def rank(self) -> tuple[int, int, int]:
        return (int(self.direction), self.prep_strength, self.depth)


def attachment(m: Mention, trigger: set[int], kind: str) -> Attachment | None:
    """The attachment of `m` to the trigger tokens, or None if it is not a locative of it."""
    tok: Token = m.root
    direction, strength, depth, saw_loc, target = False, 3, 0, False, False
    while tok.i not in trigger:
        if depth >= MAX_DEPTH or tok.dep_ == "ROOT":
            return None
        dep, head = tok.dep_, tok.head
        if dep == "pobj":
            prep = head.lower_
            if prep in LOCATIVE_PREPS:
                strength = min(strength, 0 if prep in STRONG_PREPS else 1 if prep in WEAK_PREPS else 2)
                saw_loc = True
                target = target or prep in TARGET_PREPS or (prep not in STRONG_PREPS and depth > 0)
            elif prep == "of" and head.head.i in trigger and kind == "noun" and _is_town(m):
                strength, saw_loc = min(strength, 1), True  # "the siege of Aleppo"
            elif prep == "of" and head.head.lower_ in OF_HEADS:
                direction = direction or head.head.lower_ in DIRECTIONS
                strength, saw_loc = min(strength, 0), True
            else:
                return None
            tok = head.head
        elif dep in ("appos", "conj", "npadvmod", "advmod"):
            tok = head
        elif head.i in trigger and _modifies(m, dep, kind):
            saw_loc, tok = True, head
        elif dep in ("dobj", "nsubj", "nsubjpass", "pobj", "attr", "acl", "relcl") and saw_loc:
            tok = head  # a locative of the trigger's argument ("attacked a checkpoint in Mosul")
        else:
            return None
        depth += 1
    if not saw_loc or (_is_country(m) and (strength > 2 or target)):
        return None  # "sanctions on Russia", "attack on Iran": the country takes part
    # but "extradited to Britain", "withdrew from Afghanistan" name where it happened
    return Attachment(direction, strength, depth)


def _modifies(m: Mention, dep: str, kind: str) -> bool:
    """"the Baghdad attack" (a noun trigger's modifier), "shelled Aleppo" (a town as object)."""
    if kind == "noun":
        return dep in ("compound", "nmod", "amod", "poss")
    return dep == "dobj" and _is_town(m)


def _is_country(m: Mention) -> bool:
    """A country named as such; "southern Lebanon" is a region, so a place."""
    if any(child.lower_ in DIRECTIONS for child in m.root.children):
        return False
    return any(c.kind == "country" for c in m.candidates)


def _is_town(m: Mention) -> bool:
    """A town, or a name the text calls a village or district ("attacked the village of X")."""
    kinds = {c.kind for c in m.candidates}
    if not kinds:
        return m.feature in TOWN_WORDS or m.feature in DISTRICT_WORDS
    return "country" not in kinds and bool(kinds & {"city", "district", "place", "province"})


def actor_like(m: Mention) -> bool:
    """Used as a participant rather than a location: subject, object, "by Iran", "US forces"."""
    if m.feature is not None and m.feature in PROVINCE_WORDS | DISTRICT_WORDS | TOWN_WORDS:
        return False  # "Dohuk province", "the village of X": a place, whatever its syntax
    root = m.root
    while root.dep_ in ("conj", "appos") and root.head is not root:
        root = root.head  # "Egypt and Israel signed": both are subjects
    if root.dep_ == "poss":  # "in Greece's biggest trial" is a place, "Iran's army" an actor
        owner = root.head
        return not (owner.dep_ == "pobj" and owner.head.lower_ in LOCATIVE_PREPS)
    if root.dep_ in ACTOR_DEPS:
        return True
    if root.dep_ == "pobj" and _is_country(m) and root.head.lower_ not in STRONG_PREPS:
        return True  # "sanctions on Russia", "flew to Britain"
    if root.dep_ == "pobj" and root.head.lower_ in NON_LOCATIVE_PREPS:
        return not (root.head.lower_ == "of" and root.head.head.lower_ in OF_HEADS)
    if root.dep_ in ("compound", "nmod", "amod"):
        return any(c.kind == "country" for c in m.candidates)
    return False


def locative(m: Mention) -> bool:
    """Introduced by a locative preposition anywhere ("in Mosul"), or a kind word ("Anbar province")."""
    root = m.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return root.head.lower_ in STRONG_PREPS or not _is_country(m)
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in OF_HEADS
