"""Finding place names in a parsed story: named entities, capitalised names the gazetteer
knows, kind words ("Karma district", "the town of Kurmuk") and the dateline.

The small spaCy model misses places ("Dahuk" tagged DATE, "Karma" untagged) and tags the
all-caps dateline as an organisation, so entities are only one source; a capitalised run of
proper nouns is a mention too when the gazetteer knows it. Person and organisation names are
never geocoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from titfortat.geo.gazetteer import Candidate, Gazetteer
from titfortat.geo.words import (
    CONNECTORS,
    DIRECTIONS,
    DISTRICT_WORDS,
    FEATURE_WORDS,
    LOCATIVE_PREPS,
    OF_HEADS,
    PROVINCE_WORDS,
    TOWN_WORDS,
)
from titfortat.nlp.draft import doc_text

PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model often puts on places ("Samarra" NORP, "Gao" PERSON, "Dahuk" DATE):
# such a name counts only with place evidence around it.
DOUBTFUL_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "NORP", "DATE", "WORK_OF_ART", "PRODUCT", "EVENT"})
BIG_CITY = 50_000
UNKNOWN_KINDS: frozenset[str] = frozenset({"village", "town", "city", "hamlet", "camp", "neighbourhood",
                                           "neighborhood", "area", "locality"}) | DISTRICT_WORDS
MAX_NAME_TOKENS = 5
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\u2019-]{1,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z .'-]{1,30}?))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[-\u2013\u2014]{1,2}\s"
)


@dataclass(frozen=True)
class Mention:
    """A place name in the text, with its candidates."""

    span: Span  # the name itself ("Karma", "Anbar", "Tahrir Square")
    root: Token  # the token the parse attaches the whole phrase by (the kind word if any)
    feature: str | None  # kind word: "province", "district", "town", ...
    candidates: tuple[Candidate, ...]
    tied_country: str | None = None  # alpha-2 of "..., Iraq" written right after the name
    fuzzy: bool = False  # known only by its spelling skeleton ("Nassiriya"): resolved in the story's country

    @property
    def text(self) -> str:
        return self.span.text


def find_mentions(doc: Doc, gaz: Gazetteer, skip: Span | None = None) -> list[Mention]:
    """Place mentions of the doc in text order (tokens of `skip`, the dateline, excluded)."""
    doubtful = {t.i: e for e in doc.ents if e.label_ in DOUBTFUL_LABELS for t in e}
    skipped = {t.i for t in skip} if skip is not None else set()
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            spans.append(ent)
    runs = _name_runs(doc)
    taken: set[int] = set(skipped)
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for span in sorted(spans + runs, key=lambda s: (s.start, -len(s))):
        if (span.start, span.end) in seen:
            continue  # an entity that is also a name run: same span, same outcome
        seen.add((span.start, span.end))
        for sub in _known_subspans(span, gaz):
            idx = set(range(sub.start, sub.end))
            if idx & taken:
                continue
            mention = _mention(sub, gaz, doubtful=[doubtful[i] for i in sorted(idx) if i in doubtful])
            if mention is not None:
                taken |= idx
                out.append(mention)
    starts = {m.span.start for m in out if any(c.kind != "country" for c in m.candidates)}
    for run in runs:
        if not set(range(run.start, run.end)) & taken and (unknown := _unknown(run, starts)) is not None:
            out.append(unknown)
    out.sort(key=lambda m: m.span.start)
    return _tie_countries(out, gaz)


def _unknown(run: Span, known_starts: set[int] = frozenset()) -> Mention | None:  # type: ignore[assignment]
    """A name the gazetteer lacks but the text calls a place ("the village of Albu Aitha",
    "Zarqa village", "in Hayy al-Askari, Basra", "near Tall Hamad (Rutba, Anbar)"): kept,
    unresolved, rather than lost or guessed; the places holding it can place it."""
    root, doc = run.root, run.doc
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in UNKNOWN_KINDS:
        return Mention(span=run, root=root.head.head, feature=root.head.head.lower_, candidates=())
    if (sub := _sub_district(doc, run.end)) is not None:  # "Kuna Masi sub-district"
        return Mention(span=run, root=sub, feature="sub-district", candidates=())
    after = doc[run.end] if run.end < len(doc) else None
    if after is not None and after.lower_ in UNKNOWN_KINDS and root.dep_ == "compound":
        return Mention(span=run, root=after, feature=after.lower_, candidates=())
    before = doc[run.start - 1] if run.start > 0 else None
    gap = doc[run.end: run.end + 4]  # ", Basra", " (Rutba", " in Tarmiyah", ", north of Hillah"
    held = after is not None and after.text in (",", "(", "in") and any(
        t.i in known_starts and all(g.is_punct or g.lower_ in DIRECTIONS | {"in", "of", "near"} for g in gap[: k])
        for k, t in enumerate(gap) if k > 0)
    if held and len(run) > 1 and before is not None and before.lower_ in LOCATIVE_PREPS | {"raided", "attacked"}:
        return Mention(span=run, root=root, feature=None, candidates=())
    return None


def _name_runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised proper-noun tokens (with "al-"-style connectors inside)."""
    runs: list[Span] = []
    start: int | None = None
    for tok in [*doc, None]:
        ok = tok is not None and (_namey(tok) or (tok.lower_ in CONNECTORS and _joins(tok, start is not None)))
        if ok and start is None and tok is not None:
            start = tok.i
        elif not ok and start is not None:
            end = (tok.i if tok is not None else len(doc))
            runs.append(doc[start:end])
            start = None
    return runs


def _joins(tok: Token, inside: bool) -> bool:
    """A connector continues a name when a name follows it ("Salah al-Din", "al-Anbar")."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    while nxt is not None and nxt.lower_ in CONNECTORS and nxt.i + 1 < len(tok.doc):
        nxt = nxt.nbor(1)
    if nxt is None or not _namey(nxt):
        return False
    return inside or tok.lower_ in ("al", "el") and tok.nbor(1).text == "-"


def _namey(tok: Token) -> bool:
    if not tok.text[:1].isupper() or not tok.is_alpha:
        return False
    return tok.pos_ == "PROPN" or not tok.is_sent_start


_KIND_WORDS: frozenset[str] = PROVINCE_WORDS | DISTRICT_WORDS | TOWN_WORDS  # a name ending in one is tried trimmed


def _known_subspans(span: Span, gaz: Gazetteer) -> list[Span]:
    """The span as a known name: whole ("West Bank"), else less a leading direction and a
    trailing kind word ("south Lebanon", "Karma District"); never a part of a longer name,
    so "Sri" of "Sri Lankan" is no town."""
    doc = span.doc
    comma = next((t for t in span[1:-1] if t.text == ","), None)
    if comma is not None:  # "Khanaqin, Diyala" tagged as one entity: two names
        return _known_subspans(doc[span.start: comma.i], gaz) + _known_subspans(doc[comma.i + 1: span.end], gaz)
    toks = [t for t in span if not (t.lower_ in ("the", "'s", "’s") or t.is_punct and t.text != "-")]
    if not toks:
        return []
    whole = doc[toks[0].i: toks[-1].i + 1]
    if toks[-1].lower_ in _KIND_WORDS | {"mountain", "mountains"} and gaz.is_landmark(whole.text):
        return [whole]  # "Kurdistan Region", "Hamrin Mountains": a region's own name
    whole_tried = toks[-1].lower_ not in _KIND_WORDS
    if whole_tried and not gaz.is_not_place(whole.text) and gaz.lookup(whole.text):
        return [whole]
    dash = next((t for t in toks[1:-1] if t.text == "-" and t.whitespace_ and doc[t.i - 1].whitespace_), None)
    if dash is not None:  # "Dhaka - Badda": a town and its quarter, the town known
        left = doc[toks[0].i: dash.i]
        return [left] if _known(left.text, gaz) else []
    if whole_tried and _known(whole.text, gaz):  # by its spelling skeleton
        return [whole]
    trimmed = toks
    while trimmed[0].lower_ in DIRECTIONS and len(trimmed) > 1:
        trimmed = trimmed[1:]
    while len(trimmed) > 1 and trimmed[-1].lower_ in FEATURE_WORDS:
        trimmed = trimmed[:-1]
    if whole_tried and len(trimmed) == len(toks):
        return []  # nothing trimmed: the same name, already not known
    sub = doc[trimmed[0].i: trimmed[-1].i + 1]
    return [sub] if _known(sub.text, gaz) else []


def _known(name: str, gaz: Gazetteer) -> bool:
    """Does the gazetteer know `name` as a place, by name or by spelling skeleton (and not
    list it as no place)?"""
    return not gaz.is_not_place(name) and (bool(gaz.lookup(name)) or gaz.known_skeleton(name))


def _mention(span: Span, gaz: Gazetteer, doubtful: list[Span]) -> Mention | None:
    doc = span.doc
    feature, root = None, span.root
    after = doc[span.end] if span.end < len(doc) else None
    if span.root.head.lower_ in FEATURE_WORDS and span.root.head.i == span.end:
        feature, root = span.root.head.lower_, span.root.head  # "Karma District" as one run
    elif after is not None and after.lower_ in FEATURE_WORDS:
        feature, root = after.lower_, after
    elif (sub := _sub_district(doc, span.end)) is not None:  # "Sidakan sub-district"
        feature, root = "sub-district", sub
    elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in FEATURE_WORDS | {"province"}:
        feature, root = root.head.head.lower_, root.head.head  # "the town of Kurmuk"
    elif root.dep_ in ("compound", "appos") and root.head.lower_ in FEATURE_WORDS:
        feature, root = root.head.lower_, root.head
    if span.start > 0 and doc[span.start - 1].lower_ in ("province", "governorate") and feature is None:
        feature = doc[span.start - 1].lower_  # "province of Anbar" parsed flat
    if gaz.is_adjective(span.text) or _hyphen_joined(span):
        return None
    cands = tuple(gaz.lookup(span.text))
    if not cands:  # known by its skeleton only: a place only with place evidence, never an acronym
        if span.text.isupper() or feature is None and span.root.ent_type_ in ("ORG", "PERSON", "NORP"):
            return None
        if span.root.ent_type_ not in PLACE_LABELS and not _plausible(span, feature):
            return None
        return Mention(span=span, root=root, feature=feature, candidates=(), fuzzy=True)
    if span.text.isupper() and len(span.text) <= 5:
        # an acronym names a country ("CAR", "DRC") or a landmark, never a town: an agency
        # called "APS" is no other name of the city Anapolis, "MISCA" no village in Romania
        cands = tuple(c for c in cands if c.kind in ("country", "place"))
        if not cands:
            return None
    if span.root.ent_type_ not in PLACE_LABELS and not _plausible(span, feature):
        # without place evidence only a well-known city counts ("struck Sanaa"), never a
        # person's full name ("Jordan Peterson"); "Al Qaim" is no person's name
        person = any(e.label_ == "PERSON" and len(e) > 1 and e[0].lower_ not in ("al", "el") for e in doubtful) \
            and not _held(span, cands, gaz)  # "Tal Afar, Nineveh" is no person
        if person or span.root.pos_ != "PROPN" or not any(c.population >= BIG_CITY for c in cands):
            return None
    return Mention(span=span, root=root, feature=feature, candidates=cands)


def _sub_district(doc: Doc, i: int) -> Token | None:
    """The "district" of "sub-district" written from token i ("sub", "-", "district"), else None."""
    words = [t.lower_ for t in doc[i: i + 3]]
    if words[:3] == ["sub", "-", "district"]:
        return doc[i + 2]
    if words[:2] == ["sub", "district"]:
        return doc[i + 1]
    return None


def _held(span: Span, cands: tuple[Candidate, ...], gaz: Gazetteer) -> bool:
    """Is the name followed by a comma or bracket and a province or country that holds one
    of its readings ("Tal Afar, Nineveh", "Koya (Erbil)")?"""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in (",", "("):
        return False
    end = span.end + 1
    while end < len(doc) and end - span.end <= MAX_NAME_TOKENS and (
            doc[end].text[:1].isupper() or doc[end].lower_ in CONNECTORS):
        end += 1
    name = doc[span.end + 1: end].text
    if not name:
        return False
    holders = {(h.country, h.admin1 if h.kind == "province" else None)
               for h in gaz.lookup(name) if h.kind in ("province", "country")}
    return any((c.country, c.admin1) in holders or (c.country, None) in holders for c in cands)


def _hyphen_joined(span: Span) -> bool:
    """"Dar-ul-Aman", "Baghdad-based": a name glued by a hyphen to more words is another name."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.text == "-" and not span[-1].whitespace_) or (
        before is not None and before.text == "-" and not before.whitespace_)


def _plausible(span: Span, feature: str | None) -> bool:
    """A name not tagged as a place needs a kind word, a locative preposition or a comma link."""
    if feature is not None:
        return True
    head = span.root.head
    if span.root.dep_ == "pobj" and (head.lower_ in LOCATIVE_PREPS or head.head.lower_ in OF_HEADS):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.text == "(":
        return True  # "Kika (Tchaourou, Borgou)": the places holding a place
    if before is not None and before.lower_ in ("in", "at", "near") and span.end < len(span.doc) \
            and span.doc[span.end].text == ",":
        return True  # "in Afak, Diwaniyah province", however the parse hangs it
    return before is not None and before.text == "," and span.root.dep_ in ("appos", "conj", "npadvmod", "dep", "pobj", "compound")


def _tie_countries(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Bam, Iran": a country right after a name (with a comma) ties the name to it."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        owner = [o for o in mentions if o.root.dep_ == "poss" and o.root.head.i in (m.root.i, m.root.head.i)]
        if nxt is not None and nxt.span.start == m.span.end + 1 and m.span.doc[m.span.end].text == ",":
            owner.append(nxt)  # "Bam, Iran"
        for o in owner[-1:]:  # "Chad's capital N'Djamena"
            countries = [c.country for c in o.candidates if c.kind in ("country", "province")]
            if countries and not any(c.kind == "country" for c in m.candidates):
                m = Mention(m.span, m.root, m.feature, m.candidates, tied_country=countries[0], fuzzy=m.fuzzy)
        out.append(m)
    return out


def dateline(doc: Doc) -> tuple[Span, str, str | None] | None:
    """The dateline ("BAGHDAD (Reuters) -", "MOSUL, Iraq —"): its span, place and region."""
    match = DATELINE.match(doc_text(doc)[:120])
    if match is None:
        return None
    place = match.group("place").strip()
    if not (place.isupper() or "(" in match.group(0)):
        return None
    span = doc.char_span(0, match.end(), alignment_mode="expand")
    if span is None:
        return None
    return span, place, (match.group("region") or "").strip() or None
