"""ACLED's actor classes (inter 1-8) for the entities of a decided event, and the actors ACLED
names where the text only implies them (an unidentified armed group, a crowd).

The class table is the `inter` block of data/acled.yaml, a dictionary entry's own `acled`
class (data/actors/*.yaml) and the communities of data/acled_actors.yaml; `titfortat.coding.decide`
calls `assign` once the event's ACLED type is known, since rioters and protesters are told
apart by it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

from spacy.tokens import Span

from titfortat.datafiles import LINE_KEY, data_path, line_of, load_yaml
from titfortat.errors import DataFileError
from titfortat.model import Entity, Event
from titfortat.nlp.draft import Draft, drafts, memory, span_noun_chunks

# Sectors whose members ACLED names as the doer of armed violence when the sentence names
# them without the parse making them the event's actor ("clashes between X and Y").
ARMED_SECTORS: frozenset[str] = frozenset({"MIL", "COP", "SPY", "REB", "PRM", "UAF", "CRM"})
FORCE_HEADS: frozenset[str] = frozenset({"force", "troop", "soldier", "army", "unit", "guard", "militia"})
SPEECH_VERBS: frozenset[str] = frozenset({"say", "tell", "report", "claim", "confirm", "accuse", "announce",
                                          "state", "add", "deny", "blame", "allege"})
# Words of an unnamed armed group ("an armed group", "suspected militants", "jihadists"):
# ACLED's "Unidentified Armed Group" (3), not a rebel group, unless the dictionary names it.
UNNAMED_ARMED: frozenset[str] = frozenset({"group", "groups", "militant", "militants", "jihadist", "jihadists",
                                           "terrorist", "terrorists", "islamist", "islamists"})
MAX_CHUNKS = 8  # noun chunks of the sentence read for an implied actor
# Sectors of the people a crowd is made of: a doer of violence from them is a mob (rioters).
CROWD_DOERS: frozenset[str] = frozenset({"CVL", "SOC", "LAB", "EDU"})
CROWD_NOUNS: frozenset[str] = frozenset({"mob", "crowd", "group", "gang"})
# Words for people in general: "men fired shots" are armed men, "people fled" the victims.
PLAIN_PEOPLE: frozenset[str] = frozenset({"man", "men", "person", "people", "individual", "persons"})
# PLOVER events by which a crowd's violence is told ("clashed", "attacked", "looted").
CROWD_ACTS: frozenset[str] = frozenset({"ASSAULT", "PROTEST", "COERCE"})
# Sectors of a crowd: ordinary people, workers, students, party members.
CROWD_SECTORS: frozenset[str | None] = frozenset({"CVL", "SOC", "LAB", "EDU", "OPP", "PTY", "AGR", None})


@dataclass(frozen=True)
class InterTable:
    by_id: dict[str, int]
    codes: dict[str, int]
    identity_words: frozenset[str]
    state_sectors: frozenset[str]
    sectors: dict[str, int]
    crowd: dict[str, int]
    armed_types: frozenset[str]
    implied: dict[str, tuple[str, str]]
    communities: frozenset[str] = frozenset()
    communal_cues: tuple[str, ...] = ()
    weapons: frozenset[str] = frozenset()
    observers: frozenset[str] = frozenset()


def _word_list(raw: dict[str, object], key: str, path: str) -> list[str]:
    items = raw.get(key)
    if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
        raise DataFileError(path, line_of(raw), f"{key} must be a list of words")
    return [w.strip().lower() for w in items]


ACTORS_KEYS = ("communities", "identity_nouns", "communal_cues", "weapons", "observers")


@lru_cache(maxsize=2)
def identity_words(path: Path | None = None) -> tuple[frozenset[str], tuple[str, ...], frozenset[str],
                                                      frozenset[str], frozenset[str]]:
    """The communities, communal cue words, weapon words, identity nouns ("tribes",
    "clansmen") and observer words of data/acled_actors.yaml (or `path`), lower case."""
    path = path or data_path("acled_actors.yaml")
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise DataFileError(str(path), None, f"expected a mapping with {', '.join(ACTORS_KEYS)}")
    unknown = set(raw) - {*ACTORS_KEYS, LINE_KEY}
    if unknown:
        raise DataFileError(str(path), line_of(raw), f"unknown key(s) {', '.join(sorted(unknown))}")
    return (frozenset(_word_list(raw, "communities", str(path))),
            tuple(_word_list(raw, "communal_cues", str(path))), frozenset(_word_list(raw, "weapons", str(path))),
            frozenset(_word_list(raw, "identity_nouns", str(path))), frozenset(_word_list(raw, "observers", str(path))))


@lru_cache(maxsize=1)
def inter_table() -> InterTable:
    raw = load_yaml(data_path("acled.yaml"))["inter"]

    def ints(d: dict[str, object]) -> dict[str, int]:
        return {k: int(v) for k, v in d.items() if k != "__line__"}  # type: ignore[call-overload]

    communities, cues, weapons, nouns, observers = identity_words()
    return InterTable(ints(raw["groups_by_id"]), ints(raw["codes"]),
                      frozenset(w.lower() for w in raw["identity_words"]) | nouns, frozenset(raw["state_sectors"]),
                      ints(raw["sectors"]), ints(raw["crowd"]), frozenset(raw["armed_types"]),
                      {k: (str(v[0]), str(v[1])) for k, v in raw["implied"].items() if k != "__line__"},
                      communities, cues, weapons, observers)


def entry_class(identifier_id: str) -> int | None:
    """The `acled` class a dictionary entry sets for itself (None when it sets none)."""
    from titfortat.actors import dictionary
    from titfortat.actors.component import setting_files

    entry = dictionary.load(tuple(setting_files())).entries.get(identifier_id)
    return entry.acled if entry is not None else None


def _words(text: str) -> set[str]:
    words = set(text.lower().replace("-", " ").replace("'s", "").split())
    return words | {w[:-1] for w in words if w.endswith("s")}


def names_community(text: str) -> bool:
    """The text names an ethnic, clan or religious community ("armed Fulani", "Pokot raiders")."""
    return not _words(text).isdisjoint(inter_table().communities)


def inter_of(e: Entity, acting: bool, acled_type: str | None, country: str | None) -> int:
    """ACLED's class of entity `e`: `acting` for an actor (else a recipient), `acled_type`
    the event's ACLED type, `country` the alpha-3 code of where the event happened."""
    t = inter_table()
    known = _known_class(e.identifier_id)
    if acting and acled_type == "Protests" and e.sector not in t.state_sectors and known not in (1, 8):
        return 6  # members of a militia or a party who demonstrate are protesters
    if known is not None:
        return known
    if e.code in t.codes:
        return t.codes[e.code]
    words = _words(e.entity_text)
    if words & t.identity_words and e.sector not in t.state_sectors:
        return 4
    if (acting or acled_type == "Battles") and e.sector not in t.state_sectors and e.identifier_id is None \
            and acled_type is not None and acled_type not in t.crowd and names_community(e.entity_text):
        return 4  # "armed Fulani", "Pokot raiders": a community's armed men, also when they loot
    if e.sector in ARMED_SECTORS and e.identifier_id is None:
        backed = _known_class(dict(e.attributes).get("affiliation"))
        if backed is not None:
            return backed  # "pro-Houthi forces": the forces of the side they belong to
    if e.sector in t.state_sectors:
        return 8 if country and e.code and e.code != country else 1
    if e.sector == "REB" and e.identifier_id is None and not words.isdisjoint(UNNAMED_ARMED):
        return 3  # "an armed group", "suspected militants": ACLED's Unidentified Armed Group
    if e.sector in t.sectors:
        return t.sectors[e.sector]
    if acting and acled_type in t.crowd:
        return t.crowd[acled_type]
    if not acting and acled_type == "Protests" and e.sector in CROWD_SECTORS:
        return 6  # the protesters that force was used on
    if acting and acled_type is not None and e.sector in CROWD_SECTORS - {None, "PTY", "OPP"}:
        return 5  # a crowd that fights, attacks, loots or burns: rioters, not civilians
    if acting and acled_type in t.armed_types and e.sector in (None, "UNK", "PTY", "OPP"):
        return 3
    return 7


def _known_class(identifier_id: str | None) -> int | None:
    """The class the `inter` table or the dictionary entry itself gives an identity."""
    if not identifier_id:
        return None
    by_id = inter_table().by_id
    return by_id[identifier_id] if identifier_id in by_id else entry_class(identifier_id)


def implied_actor(d: Draft, acled_type: str | None, sub: str | None = None) -> None:
    """An ACLED-coded event with no actor named gets the one ACLED would name: for armed
    violence the armed group or state force its sentence names ("clashes between the army and
    militants": the army), else the `implied` table (the crowd of a protest or riot, an
    unidentified armed group for violence or looting, a communal militia where the sentence
    speaks of an ethnic clash or a cattle raid, the police for arrests), with the event's
    country, marked source=sentence or source=implied. A strategic development the table has
    no actor for takes the sentence's armed actor only; a battle between two named sides that
    the parse made both targets takes the first as actor."""
    if acled_type is None:
        return
    if d.actors and all(is_weapon(e) for e in d.actors):
        d.notes.append(f"actor: {d.actors[0].entity_text!r} is the weapon, not who used it")
        d.actors, d.actor_spans = [], []
    if d.actors and acled_type in inter_table().armed_types and all(is_observer(e) for e in d.actors):
        d.notes.append(f"actor: {d.actors[0].entity_text!r} observed or reported the violence, not its doer")
        d.actors, d.actor_spans = [], []
    if d.actors or d.actor_spans:
        return
    if acled_type == "Battles" and len(d.recipients) >= 2:
        # "clashes between the army and militants": ACLED names the sides in the text's order
        first, *rest = d.recipients
        d.actors, d.recipients = [replace(first, attributes=(*first.attributes, ("source", "sentence")))], rest
        d.notes.append(f"actor: a battle between named sides -> {first.entity_text!r} first")
        return
    found = inter_table().implied.get(sub or "") or inter_table().implied.get(acled_type)
    name, sector = found or (None, "UAF")
    country = d.location.country_code if d.location else None
    if sector in ("UAF", "MIL"):
        named = sentence_actor(d)
        if named is not None:
            if named.code is None and country and named.sector in ARMED_SECTORS | {"GOV"}:
                named = replace(named, code=country)  # state forces and unnamed groups of the event's country
            d.actors = [replace(named, attributes=(*named.attributes, ("source", "sentence")))]
            d.notes.append(f"actor: none in the parse for {sub or acled_type} -> {named.entity_text!r} "
                           f"named in the sentence ({named.code}/{named.sector})")
            return
        if name is not None and sector == "UAF" and communal(d.sent):
            name = "unidentified communal militia"
    if name is None:
        return  # a strategic development with no armed actor named: none implied
    d.actors = [Entity(entity_text=name, code=country, sector=sector, attributes=(("source", "implied"),))]
    d.notes.append(f"actor: none named for {sub or acled_type} -> {name}" + (f" ({country})" if country else ""))


def is_weapon(e: Entity) -> bool:
    """The actor is a weapon ("an IED", "a roadside bomb"), not a group or person."""
    words = e.entity_text.lower().replace("(", " ").replace(")", " ").split()
    return (e.identifier_id is None and e.sector in (None, "UNK", "UAF") and bool(words)
            and words[-1] in inter_table().weapons)


def is_observer(e: Entity) -> bool:
    """The actor is a monitor or observer mission ("the OSCE SMM recorded 40 explosions"):
    the source of the report, not an armed side."""
    return e.sector not in ARMED_SECTORS and not _words(e.entity_text).isdisjoint(inter_table().observers)


def communal(sent: Span) -> bool:
    """The sentence speaks of communal violence ("an ethnic clash", "a cattle raid")."""
    text = " " + " ".join(sent.text.lower().replace("-", " ").split()) + " "
    t = inter_table()
    return any(f" {cue.replace('-', ' ')} " in text for cue in t.communal_cues) or names_community(sent.text)


def sentence_actor(d: Draft) -> Entity | None:
    """The first armed group or state force named in the event's sentence (not as a speaker,
    not the trigger, not the event's target), else the first armed group of the dictionary
    named elsewhere in the story, else unidentified armed men named in the sentence, else a
    crowd that does something in it ("locals demonstrated and clashed with police"), resolved
    like an actor; None when there is none."""
    from titfortat.actors.story import StoryMemory

    mem = memory(d.trigger.doc).get("actors")
    if not isinstance(mem, StoryMemory) or mem.resolver is None:
        return None
    place = d.location.country_code if d.location else None
    sent = d.sent
    others = (c for s in sent.doc.sents if s.start != sent.start for c in span_noun_chunks(s))
    unidentified: Entity | None = None
    crowd: Entity | None = None
    acts = {x.head.i for x in drafts(sent.doc) if x.entry.event in CROWD_ACTS}  # verbs a crowd's violence is told by
    for chunk in chain(islice(span_noun_chunks(sent), MAX_CHUNKS), islice(others, MAX_CHUNKS)):
        root = chunk.root
        inside = sent.start <= root.i < sent.end
        if root.i == d.head.i or any(r.start <= root.i < r.end for r in d.recipient_spans) \
                or (inside and root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in SPEECH_VERBS):
            continue  # the trigger, the event's target, a speaker
        res = mem.resolver.resolve(chunk.text, date=d.date or mem.date, default_country=mem.main_country,
                                   place_country=place, role="actor")
        for m in res.mentions:
            e = m.entity
            if not inside:
                if e.identifier_id and e.sector in ("REB", "PRM"):
                    return e  # elsewhere in the story only a named group: "Al Shabaab claimed it"
            elif e.sector == "UAF":
                if unidentified is None and not is_weapon(e):
                    unidentified = e  # "gunmen": kept unless a named force comes later
            elif e.sector in ARMED_SECTORS or (e.sector in ("GOV", "PRE") and root.lemma_.lower() in FORCE_HEADS) \
                    or (e.identifier_id and entry_class(e.identifier_id) in (1, 2, 3, 4, 8)) \
                    or (m.entry_id is None and _doer(chunk) and names_community(chunk.text)):
                return e
            elif crowd is None and _crowd_doer(e, chunk, acts):
                crowd = e  # "locals ... clashed with police": a crowd, kept unless armed men are named
    return unidentified or crowd


def _crowd_doer(e: Entity, chunk: Span, acts: set[int]) -> bool:
    """The chunk is a crowd ("locals", "a mob", "taxi drivers"; not "men" or "people") that is
    the subject of a verb of violence or protest."""
    root = chunk.root
    return e.sector in CROWD_DOERS and e.identifier_id is None and _doer(chunk) and root.head.i in acts \
        and (root.tag_ in ("NNS", "NNPS") or root.lemma_.lower() in CROWD_NOUNS) \
        and root.lemma_.lower() not in PLAIN_PEOPLE


def _doer(chunk: Span) -> bool:
    """The chunk is a subject or a passive's agent ("killed by armed Fulani")."""
    root = chunk.root
    return root.dep_ == "nsubj" or (root.dep_ == "pobj" and root.head.lower_ == "by")


def assign(d: Draft, acled_type: str | None) -> None:
    """Set `acled_inter` on the draft's actors and recipients (spans become entities)."""
    country = d.location.country_code if d.location else None
    d.actors = [_classed(_state_of_place(d, e, acled_type, country), True, acled_type, country)
                for e in (d.actors or [Entity(s.text) for s in d.actor_spans])]
    if d.acled == ("Protests", "Peaceful protest"):
        # no one acts on the crowd: whoever demonstrates (employees of a ministry, police
        # auxiliaries, a leader's supporters) is a protester
        d.actors = [replace(e, acled_inter=inter_table().crowd["Protests"]) for e in d.actors]
    d.recipients = [_classed(e, False, acled_type, country)
                    for e in (d.recipients or [Entity(s.text) for s in d.recipient_spans])]


STATE_FORCES: frozenset[str] = frozenset({"MIL", "COP", "SPY"})


def _state_of_place(d: Draft, e: Entity, acled_type: str | None, country: str | None) -> Entity:
    """Unnamed state forces whose mention names no country ("police", "the army") are the
    forces of the country where the event happened, as ACLED codes them, not of the story's
    most mentioned country ("Police fired at the crowd" in a Kenyan town of a story about
    Somalis); "Kenyan troops" in Somalia keep their own country (external forces)."""
    from titfortat.actors.story import StoryMemory

    if acled_type is None or not country or e.identifier_id or e.sector not in STATE_FORCES \
            or e.code in (None, country):
        return e
    mem = memory(d.trigger.doc).get("actors")
    if not isinstance(mem, StoryMemory) or mem.resolver is None or e.code != mem.main_country:
        return e
    span = next((s for s in d.actor_spans if s.text == e.entity_text), None)
    if span is None or any(c.dep_ == "prep" and c.lower_ in ("from", "of", "in") for c in span.root.children):
        return e  # not the parse's own mention, or its country bound outside it ("soldiers from Chad")
    own = mem.resolver.resolve(e.entity_text, date=d.date or mem.date, role="actor").entities
    if own and own[0].code is not None:
        return e
    d.notes.append(f"actor: {e.entity_text!r} names no country -> the forces of {country}, where it happened")
    return replace(e, code=country)


def _classed(e: Entity, acting: bool, acled_type: str | None, country: str | None) -> Entity:
    """The entity with its ACLED class; in an ACLED-coded event an unnamed one without a
    country ("police", "protesters", "gunmen") takes the country where the event happened,
    as ACLED writes "Police Forces of Kenya", "Protesters (Kenya)"."""
    inter = inter_of(e, acting, acled_type, country)
    if acled_type is not None and country and e.code is None and e.identifier_id is None and inter not in (2, 8):
        return replace(e, code=country, acled_inter=inter)
    return replace(e, acled_inter=inter)


CROWD_TYPES = frozenset({"Protests", "Riots"})


def acled_sides(event: Event) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """ACLED's actor1 and actor2 entities of an event. In a protest or riot ACLED names the
    crowd first ("Protesters (Kenya)" against "Police Forces of Kenya"), so when the state
    acts on a crowd (the coded actor is state forces) the crowd it acts on comes first, with the
    class of protesters or rioters; when the text names no crowd ("police dispersed a
    sit-in"), the protesters or rioters of the event's country."""
    actors, recipients = event.actor, event.recipient
    t = event.acled_event_type
    if t not in CROWD_TYPES or not actors or actors[0].acled_inter not in (1, 8):
        return actors, recipients
    country = event.event_loc.country_code if event.event_loc else None
    crowd = tuple(replace(e, acled_inter=inter_of(e, True, t, country))
                  for e in recipients if e.acled_inter in (5, 6, 7))
    if not crowd:
        name, _sector = inter_table().implied[t]
        crowd = (Entity(name, country, "CVL", attributes=(("source", "implied"),),
                        acled_inter=inter_table().crowd[t]),)
    return crowd, actors
