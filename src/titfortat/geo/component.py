"""The `titfortat_places` pipeline stage: where each draft event happened.

For every draft: the place attached to the trigger ("in", "at", "near", "north of", "the
Baghdad attack"), else the nearest place in its sentence that is not used as an actor, else
the story's dateline or main place. Names are disambiguated by the country they are tied to
("Bam, Iran"), the story's country, the provinces named in the sentence, then population.

Also stores `memory(doc)["main_country"]` (alpha-3) and `memory(doc)["main_place"]`
(a Location) for later stages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from titfortat.geo.attach import Attachment, actor_like, attachment, locative
from titfortat.geo.choose import Evidence, best, clear, to_location
from titfortat.geo.gazetteer import KINDS, Candidate, Gazetteer
from titfortat.geo.mentions import Mention, dateline, find_mentions
from titfortat.model import Location
from titfortat.nlp.draft import Draft, drafts, memory, register_extensions


@dataclass(frozen=True)
class Story:
    """What the stage knows about the whole story before placing events."""

    mentions: list[Mention]
    country: str | None  # alpha-2
    dateline: Location | None
    main_place: Location | None


class PlacesComponent:
    """Fills `draft.location` for every draft; the gazetteer loads on first use."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gaz = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = Gazetteer.load()
        return self._gaz

    def preload(self) -> None:
        """Load the gazetteer now (called by `pipeline.load`)."""
        _ = self.gazetteer

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
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
        line = dateline(doc)
        mentions = find_mentions(doc, gaz, skip=line[0] if line else None)
        votes: Counter[str] = Counter()
        line_choice: Candidate | None = None
        if line is not None:
            _, place, region = line
            tied = gaz.country_code(region) if region else None
            line_choice = best(gaz.lookup(place), Evidence(tied_country=tied))
            if line_choice is not None:
                votes[line_choice.country] += 6
        for m in mentions:
            ev = Evidence(tied_country=m.tied_country, feature=m.feature)
            c = best(m.candidates, ev)
            if c is not None and clear(m.candidates, ev):
                votes[c.country] += 4 if locative(m) else 1 if actor_like(m) else 2
        for tok in doc:
            if tok.is_title and (cc := gaz.demonym(tok.text)):
                votes[cc] += 1
        country = _top(votes)
        line_loc = None
        if line is not None:
            _, place, region = line
            tied = gaz.country_code(region) if region else None
            choice = best(gaz.lookup(place), Evidence(tied_country=tied, story_country=country))
            line_loc = to_location(place.title() if place.isupper() else place, choice, gaz) if choice else None
        main = line_loc or self._main_place(mentions, country)
        return Story(mentions=mentions, country=country, dateline=line_loc, main_place=main)

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

    def resolve(self, m: Mention, sentence: list[Mention], country: str | None) -> Candidate | None:
        """The best candidate of a mention given its sentence's provinces and the story country."""
        provinces = []
        for other in sentence:
            if other is not m:
                provinces += [(c.country, c.admin1) for c in other.candidates
                              if c.kind == "province" and c.admin1 and other.feature != "district"]
        expected = m.tied_country or country
        ev = Evidence(story_country=country, tied_country=m.tied_country, provinces=tuple(provinces),
                      feature=m.feature, neighbours=self.gazetteer.neighbours(expected) if expected else frozenset())
        return best(m.candidates, ev)

    # --- one event ------------------------------------------------------------------------

    def place_of(self, draft: Draft, story: Story) -> tuple[Location | None, str]:
        """The draft's Location and a note saying how it was chosen."""
        sent = draft.sent
        in_sent = [m for m in story.mentions if sent.start <= m.span.start < sent.end]
        trigger = {t.i for t in draft.trigger} | {draft.head.i}
        attached = [(a, m) for m in in_sent if (a := attachment(m, trigger, draft.kind)) is not None]
        if attached:
            # the most specific resolved place wins; "east of X" only when nothing is in or at
            def order(am: tuple[Attachment, Mention]) -> tuple[int, ...]:
                c = self.resolve(am[1], in_sent, story.country)
                kind = KINDS.index(c.kind) if c is not None else len(KINDS)
                return (c is None, am[0].direction, kind, *am[0].rank, am[1].span.start)

            m = min(attached, key=order)[1]
            return self._locate(m, in_sent, story), f"{m.text!r} attached to the trigger"
        head = draft.head
        if head.dep_ in ("advcl", "xcomp", "conj") and head.head.i != head.i:
            # "shelled Malakal ..., killing 12 people": a participle happens where its verb does
            governing = [(a, m) for m in in_sent if (a := attachment(m, {head.head.i}, "verb")) is not None]
            if governing:
                m = min(governing, key=lambda am: (am[0].direction, *am[0].rank, am[1].span.start))[1]
                return self._locate(m, in_sent, story), f"{m.text!r} attached to the governing verb"
        nearby = [m for m in in_sent if not actor_like(m)]
        if nearby:
            m = min(nearby, key=lambda m: (abs(m.span.start - draft.head.i), m.span.start))
            return self._locate(m, in_sent, story), f"{m.text!r} nearest in the sentence"
        if story.main_place is not None:
            how = "dateline" if story.main_place is story.dateline else "main place of the story"
            return story.main_place, f"{story.main_place.extracted_place!r} from the {how}"
        return None, "none found"

    def _locate(self, m: Mention, sentence: list[Mention], story: Story) -> Location:
        return to_location(m.text, self.resolve(m, sentence, story.country), self.gazetteer)



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
