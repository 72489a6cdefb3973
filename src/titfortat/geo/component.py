"""The `titfortat_places` pipeline stage: where each draft event happened.

For every draft: the place attached to the trigger ("in", "at", "near", "north of", "the
Baghdad attack"), else the nearest place in its sentence that is not used as an actor, else
the story's dateline or main place, else the story's country. Names are disambiguated by the
country they are tied to ("Bam, Iran"), the story's country, the provinces named in the
sentence, the distance to the story's other places, then population. A name the gazetteer
cannot place falls back to the next larger place named with it ("the village of X in Y
district, Z province"), then to the story's country.

Also stores `memory(doc)["main_country"]` (alpha-3) and `memory(doc)["main_place"]`
(a Location) for later stages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from titfortat import settings
from titfortat.geo.attach import Attachment, actor_like, attachment, locative
from titfortat.geo.chain import CLOSE_SPELLING, chain_country, chained_to_locative, find_containers, origin
from titfortat.geo.choose import Evidence, best, clear, to_location
from titfortat.geo.gazetteer import KINDS, Candidate, Gazetteer
from titfortat.geo.groups import Theatres
from titfortat.geo.mentions import Mention, dateline, find_mentions
from titfortat.geo.names import admin_key
from titfortat.geo.words import ABROAD_NOUNS, CURRENCY_WORDS, DISTRICT_WORDS
from titfortat.model import Location
from titfortat.nlp.draft import Draft, doc_text, drafts, memory, register_extensions


@dataclass(frozen=True)
class Story:
    """What the stage knows about the whole story before placing events."""

    mentions: list[Mention]
    country: str | None  # alpha-2
    dateline: Location | None
    main_place: Location | None
    # the story's country when places or people say so (not only actors: "Iraq accused Iran")
    place_country: str | None = None
    anchors: tuple[tuple[float, float], ...] = ()  # clearly placed towns and provinces of the story
    hint: str | None = None  # the user's country hint (alpha-2), when the story or a setting gives one
    region: frozenset[str] = frozenset()  # countries on the continents of the story's evidence
    home: frozenset[str] = frozenset()  # countries of its demonyms ("Kenyan police") and groups ("Koglweogo")

    @property
    def fallback_country(self) -> str | None:
        """The country an unplaced event falls back to: the place country, else the user's
        hint, else the story's country when a demonym or a group says so ("Kenyan police"; not
        an actor's name alone: "Moscow rejected the proposal")."""
        if self.place_country is not None:
            return self.place_country
        return self.hint or (self.country if self.country in self.home else None)


class PlacesComponent:
    """Fills `draft.location` for every draft; the gazetteer loads on first use."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gaz = gazetteer
        self._actors: Any = None  # the actors stage's resolver, loaded on first use
        self._resolved: dict[tuple[Any, ...], Candidate | None] = {}  # per story
        self._held: dict[int, list[Mention]] = {}  # per story: containers by mention start
        self._region: frozenset[str] = frozenset()  # per story: Story.region, once read

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = Gazetteer.load()
        return self._gaz

    def preload(self) -> None:
        """Load the gazetteer and the actors' resolver now (called by `pipeline.load`)."""
        _ = self.gazetteer
        self.actor_countries(None)

    def actor_countries(self, doc: Doc | None) -> list[str]:
        """Alpha-3 countries of the story's actors (names, groups, people of the actor
        dictionary), read with the actors stage's own resolver; none without that stage."""
        if self._actors is None:
            try:
                from titfortat.actors.component import setting_files
                from titfortat.actors.resolver import ActorResolver
            except ImportError:
                self._actors = False
                return []
            self._actors = ActorResolver.load(setting_files())
        if self._actors is False or doc is None:
            return []
        return list(self._actors.actor_countries_in(doc_text(doc)))

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
        self._resolved.clear()
        self._held.clear()
        self._region = frozenset()
        story = self.read_story(doc)
        mem = memory(doc)
        mem["main_country"] = self.gazetteer.alpha3(story.country) if story.country else None
        mem["main_place"] = story.main_place
        for draft in drafts(doc):
            draft.location, why = self.place_of(draft, story)
            draft.notes.append(f"place: {why}")
        return doc

    # --- the story ------------------------------------------------------------------------

    def read_story(self, doc: Doc) -> Story:
        gaz = self.gazetteer
        hint = self.hint(doc)  # the user's country: names are read inside it first ("Tripoli")
        line = dateline(doc)
        mentions = find_mentions(doc, gaz, skip=line[0] if line else None)
        votes: Counter[str] = Counter()  # in quarters of a vote
        place_votes: Counter[str] = Counter()  # the same, without names used as actors
        line_choice: Candidate | None = None
        if line is not None:
            _, place, region = line
            tied = gaz.country_code(region) if region else None
            line_choice = best(gaz.lookup(place), Evidence(tied_country=tied, story_country=hint))
            if line_choice is not None:
                votes[line_choice.country] += 24
                place_votes[line_choice.country] += 24
        clear_places: list[Candidate] = []
        weak: Counter[str] = Counter()  # countries a name could be in, one vote per mention
        chained = chained_to_locative(mentions)
        for m in mentions:
            if _foreign(m.span[-1], doc):
                continue  # "the US dollar", "a French company": money or foreigners, not a place
            ev = Evidence(tied_country=m.tied_country, feature=m.feature, story_country=hint)
            c = best(m.candidates, ev)
            if c is not None and clear(m.candidates, ev):
                actor = actor_like(m)
                # "in Sidakan sub-district, Soran district, Erbil province": the chain is locative
                weight = 16 if locative(m) or id(m) in chained else 4 if actor else 8  # in quarters
                if origin(m):  # "a drone launched from Syria": where it came from, not where it hit
                    weight = 4
                if c.kind == "city" and c.population < SMALL_VOTER:
                    weight //= 4  # a village's name is often a village's name elsewhere too
                votes[c.country] += weight
                if not actor:
                    place_votes[c.country] += weight
                    if c.kind in ("city", "district", "province") and c.lat is not None:
                        clear_places.append(c)
            elif not actor_like(m):
                weak.update({c.country for c in m.candidates if not c.fuzzy})
        named = {t.i for m in mentions for t in m.span}
        home: set[str] = set()  # countries a demonym names as the story's ("Kenyan police")
        abroad: set[str] = set()  # ... or as foreigners or money ("Russian mercenaries", "US dollar")
        for tok in doc:
            if not tok.is_title and not tok.is_upper:
                continue
            cc = gaz.demonym(tok.text) or (gaz.country_code(tok.text) if tok.i in named else None)
            if cc is None:
                continue
            if _foreign(tok, doc):
                abroad.add(cc)
            elif tok.i not in named:
                home.add(cc)
                votes[cc] += 6  # not a place vote: "French troops" in a story about Mali
        for code in self.actor_countries(doc):  # "FACA soldiers", "Awami League supporters"
            if (cc := gaz.country_code(code)) is not None and (cc in home or cc not in abroad):
                votes[cc] += 4
        theatres: set[str] = set()
        for _, where in Theatres.load().countries_in(doc_text(doc)):  # "Koglweogo", "ex-Seleka"
            if len(where) == 1:  # where the group acts says where its events are, like a place
                votes[where[0]] += GROUP_VOTE
                place_votes[where[0]] += GROUP_VOTE
            else:  # "al-Shabaab": Somalia or Kenya, a weak vote each
                weak.update(where)
                theatres.update(where)
                votes.update({cc: 4 for cc in where})
        total = Counter({cc: 3 * n for cc, n in votes.items()})
        total.update({cc: 4 * n for cc, n in weak.items() if n >= 2})
        if hint is not None:
            total[hint] += 1  # the hint breaks a tie; the text's own country wins
        country = _top(total) or hint
        place_country = country if country is not None and (place_votes[country] > 0 or weak[country] >= 2
                                                             or country == hint) else None
        # the continents the story's places, groups, own demonyms or hint point to (not actors'
        # names: "a U.S. soldier" near Samarra): a small town elsewhere is not believed
        sure = place_country or hint
        near: frozenset[str] = frozenset().union(*(gaz.continent_mates(cc) for cc in (
            [sure] if sure else theatres or (home if country in home else ()))))
        self._region = near
        anchors = tuple((c.lat, c.lon) for c in clear_places if c.country == country
                        and c.lat is not None and c.lon is not None)
        line_loc = None
        if line is not None:
            _, place, region = line
            tied = gaz.country_code(region) if region else None
            choice = best(gaz.lookup(place), Evidence(tied_country=tied, story_country=country))
            line_loc = to_location(place.title() if place.isupper() else place, choice, gaz) if choice else None
        main = line_loc or self._main_place(mentions, country)
        return Story(mentions=mentions, country=country, dateline=line_loc, main_place=main,
                     place_country=place_country, anchors=anchors, hint=hint, region=near,
                     home=frozenset(home | theatres | {cc for cc, n in place_votes.items() if n}))

    def hint(self, doc: Doc) -> str | None:
        """Alpha-2 of the user's country hint: the story's `country`, else the `country`
        setting (`--country`); None when neither is given or the gazetteer does not know it."""
        story = doc._.tft_story
        given = getattr(story, "country", None) or settings.get("country")
        return self.gazetteer.country_code(given) if given else None

    def _main_place(self, mentions: list[Mention], country: str | None) -> Location | None:
        """The most-mentioned locative place of the story (towns before countries)."""
        seen: Counter[tuple[int, str]] = Counter()
        first: dict[tuple[int, str], Mention] = {}
        for m in mentions:
            if not locative(m):
                continue
            c = self.resolve(m, [], country)
            if c is None or (country and c.country != country):
                continue
            k = (1 if c.kind == "country" else 0, c.name)
            seen[k] += 1
            first.setdefault(k, m)
        if not seen:
            return None
        k = min(seen, key=lambda k: (k[0], -seen[k], first[k].span.start))
        m = first[k]
        return to_location(m.text, self.resolve(m, [], country), self.gazetteer)

    def resolve(self, m: Mention, sentence: list[Mention], country: str | None,
                anchors: tuple[tuple[float, float], ...] = (), fuzzy_in: str | None = None) -> Candidate | None:
        """The best candidate of a mention given its sentence's provinces and districts, the
        story country and the story's other places; with `fuzzy_in` (alpha-2) also the
        places of that country with the name's spelling skeleton. Kept per story."""
        memo = (m.span.start, m.span.end, bool(sentence), country, len(anchors), fuzzy_in)
        if memo not in self._resolved:
            self._resolved[memo] = self._resolve(m, sentence, country, anchors, fuzzy_in)
        return self._resolved[memo]

    def _resolve(self, m: Mention, sentence: list[Mention], country: str | None,
                 anchors: tuple[tuple[float, float], ...], fuzzy_in: str | None) -> Candidate | None:
        provinces = []
        for other in sentence:
            if other is not m:
                provinces += [(c.country, c.admin1) for c in other.candidates
                              if c.kind in ("province", "district") and c.admin1
                              and (c.kind == "district" or other.feature not in DISTRICT_WORDS)]
        expected = m.tied_country or country
        cands = m.candidates
        if fuzzy_in is not None:
            near = self.gazetteer.neighbours(fuzzy_in) | {fuzzy_in}
            if not any(c.country in near for c in cands):
                cands = (*cands, *self.gazetteer.fuzzy(m.text, fuzzy_in))  # "Nassiriya" in Iraq
        ev = Evidence(story_country=country, tied_country=m.tied_country, provinces=tuple(provinces),
                      feature=m.feature, neighbours=self.gazetteer.neighbours(expected) if expected else frozenset(),
                      anchors=anchors, region=self._region)
        return best(cands, ev)

    # --- one event ------------------------------------------------------------------------

    def place_of(self, draft: Draft, story: Story) -> tuple[Location | None, str]:
        """The draft's Location and a note saying how it was chosen."""
        sent = draft.sent
        in_sent = [m for m in story.mentions if sent.start <= m.span.start < sent.end]
        holders = {id(c): m for m in in_sent for c in self._containers(m, in_sent)}
        held = set(holders)
        trigger = {t.i for t in draft.trigger} | {draft.head.i}
        attached = [(a, m) for m in in_sent if (a := attachment(m, trigger, draft.kind)) is not None]
        if any(id(m) not in held for _, m in attached):
            attached = [(a, m) for a, m in attached if id(m) not in held]  # "in X (Y district, Z)": X
        if attached:
            # the most specific resolved place wins; "east of X" only when nothing is in or at
            # "a drone launched from Iran hit a camp in Koya": an origin ("from", "to") gives
            # way to a place the event is in, even one the gazetteer must fall back for
            strong = any(a.prep_strength == 0 and not a.direction for a, _ in attached)

            def order(am: tuple[Attachment, Mention]) -> tuple[int, ...]:
                c = self.resolve(am[1], in_sent, story.country, story.anchors)
                kind = KINDS.index(c.kind) if c is not None else len(KINDS)
                motion = strong and am[0].prep_strength == 2
                return (motion, c is None, am[0].direction, kind, *am[0].rank, am[1].span.start)

            m = min(attached, key=order)[1]
            while id(m) in holders:  # "in Hayy al-Askari, Basra": the name Basra holds
                m = holders[id(m)]
            loc, how = self._locate(m, in_sent, story)
            return loc, f"{m.text!r} attached to the trigger{how}"
        head = draft.head
        if head.dep_ in ("advcl", "xcomp", "conj") and head.head.i != head.i:
            # "shelled Malakal ..., killing 12 people": a participle happens where its verb does
            governing = [(a, m) for m in in_sent if (a := attachment(m, {head.head.i}, "verb")) is not None]
            if governing:
                m = min(governing, key=lambda am: (am[0].direction, *am[0].rank, am[1].span.start))[1]
                loc, how = self._locate(m, in_sent, story)
                return loc, f"{m.text!r} attached to the governing verb{how}"
        nearby = [m for m in in_sent if not actor_like(m) and id(m) not in held]
        if nearby:
            m = min(nearby, key=lambda m: (abs(m.span.start - draft.head.i), m.span.start))
            loc, how = self._locate(m, in_sent, story)
            return loc, f"{m.text!r} nearest in the sentence{how}"
        if story.main_place is not None:
            how = "dateline" if story.main_place is story.dateline else "main place of the story"
            return story.main_place, f"{story.main_place.extracted_place!r} from the {how}"
        named = [m for m in in_sent if m.root.dep_ not in ("nsubj", "nsubjpass", "dobj")]
        for m in named:  # "residents of Molo protested": the only place named
            c = self.resolve(m, in_sent, story.country, story.anchors)
            if c is not None and c.kind != "country":
                return to_location(m.text, c, self.gazetteer), f"{m.text!r} the place named in the sentence"
        if (fallback := story.fallback_country) is not None:
            gaz = self.gazetteer
            name = gaz.country(fallback).name
            return to_location(name, gaz.country(fallback), gaz), "no place named: the story's country"
        return None, "none found"

    def _locate(self, m: Mention, sentence: list[Mention], story: Story) -> tuple[Location, str]:
        """The Location of a mention. A name that cannot be placed, or only outside the
        district or province written with it ("Orikhove, Luhansk"), falls back to that larger
        place ("X village of Y district, Z province"), then to a spelling variant in the
        story's country, then to the story's country. `resolution` and the note say which."""
        gaz = self.gazetteer
        c = self.resolve(m, sentence, story.country, story.anchors)
        chain = self._containers(m, sentence)
        containers = [(o, oc) for o in chain if (oc := self._holder(o, sentence, story)) is not None]
        if containers:  # "Bamenda (Mezam, Nord-Ouest)": the country most of the chain can be in
            holder = chain_country([m, *chain], containers, story.country)
            containers = [(o, oc) for o, oc in ((o, oc if oc.country == holder else
                                                 self._holder(o, sentence, story, holder)) for o, oc in containers)
                          if oc is not None]
            if c is not None and c.country != holder and (home := [x for x in m.candidates if x.country == holder]):
                c = best(home, Evidence(story_country=holder, feature=m.feature)) or c  # "Kandi (Kandi, Alibori)"
        if c is not None and (not containers or any(c.country == oc.country and c.admin1 == oc.admin1
                                                    for _, oc in containers)
                              or c.kind == "city" and all(oc.kind == "city" for _, oc in containers)):
            return to_location(m.text, c, gaz), ""  # "Ouahigouya, Kaya and Koudougou": a list, not a chain
        if containers:
            inside = self._variant_inside(m, containers)
            if inside is not None:  # "Suq al-Shuyukh, Dhi Qar": Suq ash Shuyukh in Dhi Qar
                return to_location(m.text, inside, gaz), f"; a spelling variant of {inside.name!r} in {containers[-1][1].name}"
            oc = containers[0][1]
            why = "unknown" if c is None else f"not in {oc.name}"
            return to_location(m.text, oc, gaz), f"; {why}, fell back to the {oc.kind} {oc.name!r}"
        if story.place_country is not None:
            fc = self.resolve(m, sentence, story.country, story.anchors, fuzzy_in=story.place_country)
            if fc is not None and fc.fuzzy:
                return to_location(m.text, fc, gaz), f"; a spelling variant of {fc.name!r}"
        if c is not None:
            return to_location(m.text, c, gaz), ""
        beside = self._beside(m, sentence, story)
        if beside is not None:  # "at Tononoka grounds in Mombasa", "X area, 35 km from Moyale town"
            o, oc = beside
            return to_location(m.text, oc, gaz), f"; unknown, fell back to the {oc.kind} {o.text!r} named beside it"
        if (fallback := story.fallback_country) is not None:
            return to_location(m.text, gaz.country(fallback), gaz), "; unknown, fell back to the story's country"
        return to_location(m.text, None, gaz), "; unknown"

    def _variant_inside(self, m: Mention, containers: list[tuple[Mention, Candidate]]) -> Candidate | None:
        """A place with the name's spelling skeleton inside the province of its containers
        ("Suq al-Shuyukh, Dhi Qar"), the most populous; None when there is none."""
        oc = containers[0][1]
        if not oc.admin1:
            return None
        name = admin_key(m.text)
        found = [c for c in self.gazetteer.fuzzy(m.text, oc.country)
                 if c.admin1 == oc.admin1 and c.kind in ("city", "district") and c.lat is not None
                 and SequenceMatcher(None, name, admin_key(c.name)).ratio() >= CLOSE_SPELLING]
        found.sort(key=lambda c: c.kind != "city")  # the town before its district
        return found[0] if found else None

    def _beside(self, m: Mention, sentence: list[Mention], story: Story) -> tuple[Mention, Candidate] | None:
        """The nearest other place of the sentence that is not an actor and lies in the
        story's country (a town, district or province), for a name the gazetteer lacks."""
        found = []
        for o in sentence:
            if o is m or actor_like(o) or not o.candidates:
                continue
            oc = self.resolve(o, sentence, story.country, story.anchors)
            if oc is not None and oc.kind in ("city", "district", "province") \
                    and (story.country is None or oc.country == story.country):
                found.append((abs(o.span.start - m.span.start), o, oc))
        if not found:
            return None
        _, o, oc = min(found, key=lambda f: f[0])
        return o, oc

    def _holder(self, m: Mention, sentence: list[Mention], story: Story, country: str | None = None) -> Candidate | None:
        """A place written as what holds another: "Orikhove, Luhansk" is Luhansk oblast; with
        `country` (alpha-2), its reading in that country only."""
        if country is None:
            c = self.resolve(m, sentence, story.country, story.anchors)
        else:
            c = best([x for x in m.candidates if x.country == country], Evidence(story_country=country, feature=m.feature))
        if c is None or c.kind not in ("city", "district", "province"):
            return None
        if c.kind == "city" and m.feature is None:
            province = next((p for p in m.candidates if p.kind == "province" and p.country == c.country
                             and p.admin1 == c.admin1), None)
            return province or c
        return c

    def _containers(self, m: Mention, sentence: list[Mention]) -> list[Mention]:
        """The places written right after a name as what holds it: "X, Luhansk", "X (Y, Z)",
        "X village of Y district", "X in Y province" (most specific first). Kept per story."""
        if m.span.start not in self._held:
            self._held[m.span.start] = find_containers(m, sentence)
        return self._held[m.span.start]

GROUP_VOTE = 12  # a group that acts in one country votes for it between a place named with and without "in"
SMALL_VOTER = 50_000  # a town below this size votes for the story's country with a quarter weight


def _foreign(tok: Token, doc: Doc) -> bool:
    """A country word that names foreigners or money: "Russian mercenaries", "a French aid
    worker", "the US dollar", "Russian and Syrian mercenaries" (up to three words on)."""
    for nxt in doc[tok.i + 1: tok.i + 4]:
        if nxt.lower_ in ABROAD_NOUNS or nxt.lower_ in CURRENCY_WORDS:
            return True
        if not (nxt.text == "-" or nxt.lower_ in ("and", "or", ",") or nxt.is_title or nxt.is_upper):
            return False
    return False


def _top(votes: Counter[str]) -> str | None:
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None  # a tie says nothing ("Iranian and Saudi negotiators")
    return ranked[0][0]


@Language.factory("titfortat_places")
def make_places(nlp: Language, name: str) -> PlacesComponent:
    """spaCy factory of the places stage."""
    return PlacesComponent()
