"""Chains of places: a name and the places written as holding it ("X village of Y district,
Z province", "Kabo (Sido, Ouham)"), the country such a chain is in, and names that are an
event's origin rather than its place ("a drone launched from Syria")."""

from __future__ import annotations

from titfortat.geo.attach import locative
from titfortat.geo.gazetteer import KINDS, Candidate
from titfortat.geo.mentions import Mention

CONTAINER_GLUE: frozenset[str] = frozenset({"of", "in", "district", "village", "town", "area", "province",
                                             "county", "sub", "subdistrict", "governorate", "region",
                                             "upazila", "union", "lga", "commune", "sub-prefecture",
                                             "prefecture", "city", "locality", "neighbourhood", "the",
                                             "near", "outside", "north", "south", "east", "west",
                                             "northeast", "northwest", "southeast", "southwest",
                                             "ward", "constituency", "subcounty", "sub-county", "location",
                                             "division", "zone", "sector", "camp", "market", "grounds",
                                             "road", "estate", "quarter", "neighborhood", "suburb",
                                             "subdivision", "department", "arrondissement", "municipality",
                                             "tehsil", "mandal", "block", "settlement", "hamlet"})
# a skeleton match inside the containers' province must also be this close in letters
# ("Suq al-Shuyukh" is Suq ash Shuyukh; "Orikhove" is no Orikhivka)
CLOSE_SPELLING = 0.8
FALLBACK_WINDOW = 12  # tokens between a name and the larger place it falls back to
# "a drone launched from Syria", "rockets fired from X": the name after "from" is an origin
ORIGIN_VERBS: frozenset[str] = frozenset({"launch", "fire", "shoot", "lob", "send", "fly", "take", "come"})


def find_containers(m: Mention, sentence: list[Mention]) -> list[Mention]:
    """The places written right after a name as what holds it: "X, Luhansk", "X (Y, Z)",
    "X village of Y district", "X in Y province" (most specific first)."""
    doc = m.span.doc
    out: list[Mention] = []
    end = m.span.end
    for other in sentence:
        if other.span.start < end:
            continue
        gap = doc[end: other.span.start]
        if len(gap) > 4 or other.span.start - m.span.end > FALLBACK_WINDOW:
            break
        bracket = len(gap) > 0 and gap[0].text == "("
        words = {t.lower_ for t in gap if not t.is_punct and not (bracket and t.is_title)}  # "X (Kibra, Nairobi)"
        if not words <= CONTAINER_GLUE:
            break
        if other.candidates and all(c.kind == "country" for c in other.candidates):
            break
        if other.candidates:  # an unknown name inside the chain is passed over: "X (Kibra, Nairobi)"
            out.append(other)
        end = other.span.end
    return out


def chain_country(chain: list[Mention], containers: list[tuple[Mention, Candidate]], story: str | None) -> str:
    """The country of a name and the places written as holding it: the story's country when
    a holder is read there; else the one most of the names can be in ("Sidakan sub-district,
    Soran district, Erbil province" is in Iraq in a story about Turkish shelling; a holder
    counts fully as a district or province, half as a town, a name written twice once); else
    the country of the largest holder ("Kabo (Sido, Ouham)")."""
    if story is not None and any(oc.country == story for _, oc in containers):
        return story
    support: dict[str, float] = {}
    for i, x in enumerate({x.text.lower(): x for x in chain}.values()):  # "Solhan (Solhan, Yagha)": once
        weight: dict[str, float] = {}
        for c in x.candidates:
            if c.kind in ("city", "district", "province") and not c.fuzzy:
                w = 1.0 if i == 0 or c.kind != "city" else 0.5
                weight[c.country] = max(weight.get(c.country, 0.0), w)
        for cc, w in weight.items():
            support[cc] = support.get(cc, 0.0) + w
    ranked = sorted(support.items(), key=lambda kv: -kv[1])[:2]
    if ranked and ranked[0][1] >= 1.5 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1] + 0.5):
        return ranked[0][0]
    return max(containers, key=lambda oc: KINDS.index(oc[1].kind))[1].country


def origin(m: Mention) -> bool:
    """A name after "from" on a launch or fire verb or noun ("a drone launched from Syria",
    "rockets fired from Jurf al-Sakhar"): the origin of the event, not its place."""
    root = m.root
    return root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.lemma_ in ORIGIN_VERBS


def chained_to_locative(mentions: list[Mention]) -> set[int]:
    """Ids of the mentions written as what holds a locative one ("in X village, Y district, Z
    province": Y and Z), joined to it only by commas, brackets and kind words."""
    out: set[int] = set()
    for prev, m in zip(mentions, mentions[1:], strict=False):
        if not (locative(prev) or id(prev) in out):
            continue
        gap = m.span.doc[prev.span.end: m.span.start]
        if 0 < len(gap) <= 4 and all(t.is_punct or t.lower_ in CONTAINER_GLUE for t in gap):
            out.add(id(m))
    return out
