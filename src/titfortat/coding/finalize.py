"""Last coding stage: merging of duplicate triggers for one event, recodes that need the
resolved actors, casualty numbers, and the final confidence with its reasons."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from titfortat.coding.lexicon import default_lexicon
from titfortat.coding.modes import find_cue_token
from titfortat.coding.syntax import is_in_protest, np_span
from titfortat.model import Entity
from titfortat.nlp.draft import Draft, drafts
from titfortat.nlp.prefilter import Needs, casefold_for_regex, has_words

STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "SPY", "COP", "PRE"})
CIVILIAN_SECTORS = frozenset({"CVL", "PTY", "OPP", "LAB", "EDU", "AGR", "REL", "MED", "JRN", "SOC"})
CROWD_LEMMAS = frozenset({"rioter", "protester", "protestor", "demonstrator", "mob", "crowd", "looter"})
# A crowd that fires missiles or flies drones is fighting, not rioting.
MILITARY_WEAPON_MODES = frozenset({"heavy-weapons", "aerial", "drone", "unconventional", "suicide-attack"})


# A purpose clause ("to protest", "to discuss") restating the act of the verb it hangs on: the
# events of that verb it merges into.
PURPOSE_LEMMAS: dict[str, frozenset[str]] = {
    "protest": frozenset({"PROTEST", "ACCUSE"}), "complain": frozenset({"PROTEST", "ACCUSE"}),
    "object": frozenset({"PROTEST", "ACCUSE"}), "discuss": frozenset({"CONSULT"}),
    "negotiate": frozenset({"CONSULT"}), "talk": frozenset({"CONSULT"})}


def _absorb(main: Draft, d: Draft, actors: bool) -> None:
    """`d` is the same event as `main`: `main` takes the roles it lacks, `d` is dropped."""
    if actors:
        main.actor_spans = main.actor_spans or d.actor_spans
        main.actors = main.actors or d.actors
    main.recipient_spans = main.recipient_spans or d.recipient_spans
    main.recipients = main.recipients or d.recipients
    d.discarded = f"merged into {main.trigger.text!r}"


def merge_duplicates(ds: list[Draft]) -> None:
    """One event, several triggers: "a drone strike killed ...", "attacked and killed ..."."""
    by_head = {d.head.i: d for d in ds if d.discarded is None}
    for d in ds:
        if d.discarded is not None:
            continue
        for c in (d.head.children if d.kind == "verb" else ()):
            n = by_head.get(c.i)
            if c.dep_ in ("nsubj", "nsubjpass") and n is not None and n.kind == "noun" and n.entry.event == d.entry.event:
                if n.entry.specificity + (1 if n.entry.mode else 0) >= (1 if d.entry.mode else 0):
                    d.entry = n.entry
                d.actor_spans = n.actor_spans or d.actor_spans
                d.actors = n.actors or d.actors
                d.recipient_spans = n.recipient_spans + [s for s in d.recipient_spans if s not in n.recipient_spans]
                d.recipients = n.recipients + [r for r in d.recipients if r not in n.recipients]
                d.trigger = d.head.doc[min(n.trigger.start, d.trigger.start):max(n.trigger.end, d.trigger.end)] \
                    if abs(n.head.i - d.head.i) <= 6 else d.trigger
                n.discarded = f"merged into {d.head.text!r}"
        if d.kind == "noun" and d.head.dep_ == "pobj" and d.head.head.dep_ == "prep":
            # "arrived in Amman on a visit": one visit, two triggers
            v = by_head.get(d.head.head.head.i)
            if v is not None and v is not d and v.discarded is None and v.entry.event == d.entry.event:
                d.discarded = f"merged into {v.trigger.text!r}"
                continue
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
        clause = d.head if d.kind == "verb" else d.head.head if d.head.dep_ == "nsubj" else None
        if clause is not None and clause.dep_ == "advcl" and any(
                m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as") for m in clause.children):
            # "three protesters were killed when police fired live rounds", "two soldiers were
            # wounded when a roadside bomb exploded": one attack
            main = by_head.get(clause.head.i)
            if main is not None and main is not d and main.discarded is None and main.entry.event == d.entry.event \
                    and main.modality == d.modality:
                _absorb(main, d, actors=True)
                continue
        if d.kind == "verb" and d.head.dep_ in ("advcl", "xcomp") and d.head.lemma_ in PURPOSE_LEMMAS \
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in d.head.children):
            # "marched through the city to protest against the bill", "summoned the ambassador to
            # protest against ...", "met his counterpart to discuss ...": one act and its purpose
            main = by_head.get(d.head.head.i)
            if main is not None and main is not d and main.discarded is None \
                    and main.entry.event in PURPOSE_LEMMAS[d.head.lemma_]:
                _absorb(main, d, actors=False)
                continue
        if d.head.dep_ == "conj":
            first = by_head.get(d.head.head.i)
            if first is not None and first.discarded is None and first.entry.event == d.entry.event \
                    and first.modality == d.modality:
                first.recipients = first.recipients + [r for r in d.recipients if r not in first.recipients]
                first.recipient_spans = first.recipient_spans + d.recipient_spans
                d.discarded = f"merged into {first.head.text!r}"


_NUM_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_NUM = r"(\d[\d,]*|" + "|".join(_NUM_WORDS) + r"|dozens|scores|hundreds)"
_FILL = r"(?:(?!and\b|but\b|while\b)[\w-]+\s+){0,4}"
# (what is counted, pattern, the words every match contains: see titfortat.nlp.prefilter)
_SIZE_PATTERNS: tuple[tuple[str, re.Pattern[str], Needs], ...] = (
    ("dead", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)?\s*(?:killed|dead|died|shot dead)\b", re.I),
     (("killed", "dead", "died"),)),
    ("dead", re.compile(rf"\b(?:killing|killed|leaving|left)\s+(?:at least\s+)?{_NUM}\b", re.I),
     (("killing", "killed", "leaving", "left"),)),
    ("dead", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)\s+(?:stabbed|shot|beaten|hacked|burned|burnt|stoned|tortured)\s+to\s+death\b", re.I),
     (("death",),)),
    ("dead", re.compile(rf"\b(?:shot|stabbed|hacked)\s+dead\s+(?:at least\s+)?{_NUM}\b", re.I), (("dead",),)),
    ("dead", re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{_NUM}\b", re.I), (("death toll",),)),
    ("injured", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)?\s*(?:injured|wounded|hurt)\b", re.I),
     (("injured", "wounded", "hurt"),)),
    ("injured", re.compile(rf"\b(?:wounding|injuring|wounded|injured)\s+(?:at least\s+)?{_NUM}\b", re.I),
     (("wounding", "injuring", "wounded", "injured"),)),
    ("arrested", re.compile(rf"\b{_NUM}\s+{_FILL}(?:were|was|had been|have been)?\s*(?:arrested|detained)\b", re.I),
     (("arrested", "detained"),)),
    ("arrested", re.compile(rf"\b(?:arrested|detained|arresting|detaining)\s+(?:at least\s+)?{_NUM}\b", re.I),
     (("arrested", "detained", "arresting", "detaining"),)),
)
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200}


def _number(word: str) -> int | None:
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return _NUM_WORDS.get(w) or _VAGUE.get(w)


def sizes(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    lowered = casefold_for_regex(text)
    for key, pat, needs in _SIZE_PATTERNS:
        if key in out or not has_words(lowered, needs):
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


CROWD_NOUNS = frozenset({"protester", "protestor", "demonstrator", "rioter", "crowd", "marcher", "supporter"})


def _is_crowd(e: Entity) -> bool:
    words = e.entity_text.lower().split()
    return bool(words) and e.identifier_id is None and (
        words[-1].rstrip("s") in CROWD_NOUNS or words[-1] in CROWD_NOUNS)


def protest_coreference(ds: list[Draft]) -> None:
    """In a story where one named group protests, "the protesters" are that group's people
    ("Police clashed with protesters" after "supporters of X protested")."""
    groups = {(e.code, e.sector, e.identifier_id): e for d in ds if d.discarded is None
              and d.entry.event == "PROTEST" for e in d.actors if e.identifier_id}
    if len(groups) != 1:
        return
    g = next(iter(groups.values()))
    for d in ds:
        if d.discarded is not None:
            continue
        for attr in ("actors", "recipients"):
            ents: list[Entity] = getattr(d, attr)
            if any(_is_crowd(e) for e in ents):
                setattr(d, attr, [Entity(e.entity_text, g.code, g.sector, g.identifier_id, g.identifier_text,
                                         g.attributes + (("coreference", "protest"),)) if _is_crowd(e) else e
                                  for e in ents])
                d.notes.append(f"'protesters' in this story are those of {g.identifier_text or g.entity_text}")


UNATTRIBUTED_MODES = frozenset({"explosives", "suicide-attack"})


def unattributed_attacker(d: Draft) -> None:
    """ "A roadside bomb killed two soldiers": a bombing nobody is named for still has an actor,
    an unidentified armed actor (UAF) with no country, marked source=unattributed, so the
    event counts as violence by someone rather than by no one."""
    if d.entry.event != "ASSAULT" or d.actors or d.entry.mode not in UNATTRIBUTED_MODES:
        return
    cue = find_cue_token(d, "ASSAULT")
    text = d.trigger.text
    subj = next((c for c in d.head.children if c.dep_ == "nsubj"), None) if d.kind == "verb" else None
    if subj is not None and subj.pos_ == "NOUN":
        text = np_span(subj).text  # "a roadside bombing killed ..."
    elif cue is not None:
        tok = cue[1]
        while tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN":
            tok = tok.head  # "roadside" -> "roadside bombing"
        text = np_span(tok).text if tok.pos_ in ("NOUN", "PROPN") else tok.text
    d.actors = [Entity(entity_text=text, code=None, sector="UAF", attributes=(("source", "unattributed"),))]
    d.notes.append("actor: no perpetrator named for a bombing -> unidentified armed actor (UAF)")


def unidentified_country(d: Draft) -> None:
    """An unidentified armed actor (UAF) gets the country where the event happened, as ACLED's
    "Unidentified Armed Group (Iraq)": the group operates there, its origin stays unknown.
    The entity is marked code_from=place so an analyst can tell this code from a named one."""
    loc = d.location
    if loc is None or not loc.country_code:
        return
    for i, a in enumerate(d.actors):
        if a.sector == "UAF" and a.code is None:
            attrs = tuple(sorted((*a.attributes, ("code_from", "place"))))
            d.actors[i] = Entity(a.entity_text, loc.country_code, a.sector, a.identifier_id, a.identifier_text, attrs)
            d.notes.append(f"actor {a.entity_text!r}: unidentified armed actor operating in {loc.country_code}")


SYMPATHY_PREPS = frozenset({"for", "over", "after", "following"})


def sympathy_recipients(ds: list[Draft]) -> None:
    """ "expressed sorrow for the shootings in South Carolina": sympathy with no one named goes
    to the victims of the event it is about (that event's recipients)."""
    by_head = {x.head.i: x for x in ds if x.discarded is None}
    for d in ds:
        if d.discarded is not None or d.entry.cameo != "018" or d.recipients:
            continue
        heads = [d.head, *[c for c in d.head.children if c.dep_ in ("dobj", "obj")]]
        about = next((by_head[p.i] for h in heads for prep in h.children
                      if prep.dep_ == "prep" and prep.lower_ in SYMPATHY_PREPS
                      for p in prep.children if p.dep_ == "pobj" and p.i in by_head), None)
        if about is not None and about is not d and about.recipients:
            d.recipients = list(about.recipients)
            d.notes.append(f"sympathy goes to the victims of {about.trigger.text!r}")


def alleged_doers(d: Draft) -> None:
    """ "Israel said a mortar was fired at it from Gaza": an accusation whose act names no doer
    is aimed at whoever the act's own coding found (here an unidentified armed actor in PSE).
    Runs after the act itself is finalized (accusations are appended after their acts)."""
    if d.about is None or d.recipients:
        return
    speakers = {(a.code, a.sector) for a in d.actors}
    if d.about.discarded is None:
        d.recipients = [a for a in d.about.actors if (a.code, a.sector) not in speakers]
    if d.recipients:
        d.notes.append(f"accused: the doer found for {d.about.trigger.text!r}")
    else:  # "the ministry said 41 of its officers were injured": a report, no one accused
        d.discarded = f"no one is accused of {d.about.trigger.text!r}"


def is_word_protest(d: Draft) -> bool:
    """ "Japan protested to China": the bare word "protest" can be a complaint; "staged a
    protest", "marched", "held a rally" are always a crowd in the street."""
    return len(d.trigger) == 1 and d.head.lemma_.lower() == "protest"


def actor_recodes(d: Draft) -> None:
    """Recodes that depend on who acts: states do not demonstrate; crowds riot."""
    lex = default_lexicon()
    e = d.entry
    if e.event == "PROTEST" and e.mode in ("demo", None) and is_word_protest(d) and d.actors and all(
            a.code and a.sector in ("GOV", None) and a.code not in ("NGO",) for a in d.actors):
        d.entry = lex.variant(e, event="ACCUSE", mode="disapprove", cameo="114")
        d.notes.append("a state's protest is a diplomatic complaint: ACCUSE")
    elif e.event == "ASSAULT" and e.mode not in MILITARY_WEAPON_MODES and d.actor_spans and all(
            s.root.lemma_.lower() in CROWD_LEMMAS for s in d.actor_spans):
        d.entry = lex.variant(e, event="PROTEST", mode="riot", cameo="145")
        d.notes.append("violence by a crowd of protesters: PROTEST riot")
    elif e.event == "ASSAULT" and e.mode == "abduct" and d.head.lemma_ in ("capture", "seize", "nab", "grab") \
            and d.actors and all(a.sector in ("COP", "SPY", "JUD") for a in d.actors):
        d.entry = lex.variant(e, event="COERCE", mode="arrest", cameo="173")
        d.notes.append("a capture by police or intelligence is an arrest, not an abduction")
    elif e.event == "MOBILIZE" and d.actors and all(a.sector in CIVILIAN_SECTORS for a in d.actors):
        d.entry = lex.variant(e, event="PROTEST", mode="obstruct" if d.head.lemma_ in ("surround", "block") else "demo",
                              cameo="144" if d.head.lemma_ in ("surround", "block") else "141")
        d.notes.append("civilians gathering is a protest, not a mobilization")
    elif e.event == "MOBILIZE" and d.head.lemma_ in ("exercise", "drill", "game", "hold", "conduct") \
            and len({a.code for a in [*d.actors, *d.recipients] if a.code and "source" not in dict(a.attributes)}) >= 2:
        d.entry = lex.variant(e, event="COOPERATE", mode=None, cameo="062")
        d.notes.append("exercises by several countries are joint: COOPERATE")
    elif e.event == "CONSULT" and e.mode is None and any(
            x.code in ("IGO", "UNO") for x in [*d.actors, *d.recipients]):
        d.entry = lex.variant(e, mode="multilateral")
        d.notes.append("meeting in an international organisation: multilateral")


NO_PLACE_TARGET = frozenset({"PROTEST"})
# Events whose target, when only a town is named, is the town's population.
PEOPLE_OF_PLACE_EVENTS = frozenset({"ASSAULT", "COERCE", "THREATEN", "AID", "SANCTION"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


PURPOSE_EVENTS = frozenset({"REQUEST", "PROTEST", "ACCUSE", "REJECT"})


def purpose_recipients(ds: list[Draft]) -> None:
    """ "began a sit-in to demand the dismissal of X", "rallied to protest X's decision":
    a protest with no target of its own is aimed at the target of the demand or protest that
    states its purpose (an infinitive clause of the same verb). "marched in protest against X"
    is one event: the "in protest" noun only states the march's purpose and is dropped."""
    live = [d for d in ds if d.discarded is None]
    for d in live:
        if d.entry.event != "PROTEST" or is_in_protest(d.head):
            continue
        gov = d.head if d.kind == "verb" else d.head.head
        if d.kind == "noun" and d.head.dep_ not in ("dobj", "obj", "nsubj", "nsubjpass"):
            continue
        for o in live:
            h = o.head
            if o is d or o.discarded is not None or o.entry.event not in PURPOSE_EVENTS:
                continue
            if is_in_protest(h) and h.head.head.i in (gov.i, d.head.i):
                if not d.recipients:
                    d.recipients = list(o.recipients)
                    d.notes.append(f"recipient from {('in ' + o.trigger.text)!r}")
                o.discarded = f"'in protest' states the purpose of {d.trigger.text!r}"
                break
            if not o.recipients or d.recipients:
                continue
            clause = h.head if o.kind == "noun" and h.dep_ in ("dobj", "obj") else h  # "to show their disapproval"
            if clause.dep_ in ("advcl", "xcomp") and clause.head.i == gov.i and any(c.lower_ == "to" for c in clause.children):
                d.recipients = list(o.recipients)
                d.notes.append(f"recipient from the purpose clause {o.trigger.text!r}")
                break


def back_references(ds: list[Draft]) -> None:
    """ "the attack", "the arrest" after an earlier report of the same event type refers to
    that event: missing actors or recipients are taken from it."""
    earlier: dict[str, list[Draft]] = {}
    verbal = {x.head.i: x for x in ds if x.discarded is None and x.kind == "verb"
              and x.entry.event in ("ACCUSE", "SUPPORT", "REJECT", "REQUEST")}
    for d in sorted((x for x in ds if x.discarded is None), key=lambda x: x.head.i):
        before = [p for p in earlier.get(d.entry.event, []) if p.sent.start != d.sent.start]
        # the same word first ("the attack" -> "attacked"), else the story's first such event
        prior = next((p for p in before if p.head.lemma_[:5] == d.head.lemma_[:5]), before[0] if before else None)
        definite = d.kind == "noun" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in d.head.children)
        if prior is not None and definite and prior.sent.start != d.sent.start and d.actors \
                and not prior.actors and d.modality == "claimed":
            # "officials blamed X for the attack": the lede's attack gets its alleged perpetrator
            prior.actors = list(d.actors)
            prior.actor_spans = list(d.actor_spans)
            if prior.modality == "asserted":
                prior.modality = "claimed"
            prior.notes.append(f"alleged actor from a later sentence: {d.sent.text[:80]!r}")
            d.discarded = f"same event as {prior.trigger.text!r}, its attribution moved there"
            continue
        if prior is not None and definite and prior.sent.start != d.sent.start:
            taken = []
            if not d.recipients and prior.recipients:
                d.recipients = list(prior.recipients)
                taken.append("recipient")
            if not d.actors and prior.actors:
                d.actors = list(prior.actors)
                taken.append("actor")
            if prior.date and (d.date_text is None or any("narrative time" in n for n in d.notes)):
                d.date, d.date_precision, d.date_text = prior.date, prior.date_precision, prior.date_text
                taken.append("date")
            if taken:
                d.notes.append(f"'{d.trigger.text}' refers back to '{prior.trigger.text}' "
                               f"(sentence {prior.sent.start}): {' and '.join(taken)} taken from it")
            if d.head.dep_ in ("dobj", "pobj", "nsubjpass") and d.head.head.i in verbal:
                # "condemned the arrest": a mention of the event already coded, not a new one
                verbal[d.head.head.i].recipients = verbal[d.head.head.i].recipients or list(prior.actors)
                d.discarded = f"mention of the event coded from {prior.trigger.text!r}"
                continue
        earlier.setdefault(d.entry.event, []).append(d)


def place_recipient(d: Draft) -> None:
    """No recipient named: the country where the event happens is its target, when it is not
    the actor's own country ("flew the wounded out of Kurmuk", "arrived in Amman").
    The entity is marked with the attribute source=place."""
    loc = d.location
    if d.recipients or loc is None or not loc.country_code:
        return
    if d.entry.event in NO_PLACE_TARGET and not any(a.code == loc.country_code for a in d.actors):
        return  # a protest abroad: its target is not the host country
    town = loc.resolution in ("city", "place") and d.entry.event in PEOPLE_OF_PLACE_EVENTS
    if not town and any(a.code == loc.country_code and (a.sector in STATE_SECTORS or a.sector is None)
                        for a in d.actors):
        return  # a state acting at home: no target can be read from a country or province
    # a non-state actor acting at home (a protest, a show of force) is addressing its state;
    # a curfew, raid or strike on a town falls on the people who live there
    sector = "CVL" if town else "GOV"
    d.recipients = [Entity(entity_text=loc.extracted_place, code=loc.country_code, sector=sector,
                           attributes=(("source", "place"),))]
    d.notes.append(f"recipient from the place: {loc.extracted_place} -> {loc.country_code}"
                   + (" (its people: CVL)" if town else " (its state: GOV)"))


@Language.factory("titfortat_finalize")
def make_finalize(nlp: Language, name: str) -> FinalizeStage:
    return FinalizeStage()


class FinalizeStage:
    """spaCy component: merges duplicate triggers, applies actor-based recodes, scores confidence."""

    def __call__(self, doc: Doc) -> Doc:
        ds = drafts(doc)
        merge_duplicates(ds)
        protest_coreference(ds)
        back_references(ds)
        purpose_recipients(ds)
        for d in ds:
            if d.discarded is None:
                actor_recodes(d)
                unattributed_attacker(d)
                unidentified_country(d)
                alleged_doers(d)
                place_recipient(d)
                finalize(d)
        sympathy_recipients(ds)
        return doc
