"""The spaCy stage `titfortat_actors`: fills `draft.actors` and `draft.recipients`.

For every draft on `doc._.tft_events`, each actor/recipient span is resolved with the
event's date (else the publication date), the story's main country as the default for
generic agents, the event location's country as a fallback, and the story memory for
pronouns, bare roles and surnames. Decisions are appended to `draft.notes`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from titfortat import settings
from titfortat.actors.resolver import ActorResolver, Mention
from titfortat.actors.story import StoryMemory, linked, story_memory
from titfortat.coding.syntax import role_data, trailing_attribution
from titfortat.model import Entity
from titfortat.nlp.draft import Draft, drafts, memory, publication_date

FORCE_EVENTS: frozenset[str] = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})
BINDING_PREPS: frozenset[str] = frozenset({"in", "of", "from", "throughout", "across"})


def setting_files() -> list[str]:
    """Extra dictionary files from the `actors` setting (TITFORTAT_ACTORS)."""
    raw: str = settings.get("actors") or ""
    return [f for f in raw.split(os.pathsep) if f.strip()]


class ActorsComponent:
    """Resolves draft actors and recipients; the dictionary is loaded on first use."""

    def __init__(self, extra_files: list[str] | None = None) -> None:
        self.extra_files = [*setting_files(), *(extra_files or [])]
        self._resolver: ActorResolver | None = None

    @property
    def resolver(self) -> ActorResolver:
        if self._resolver is None:
            self._resolver = ActorResolver.load(self.extra_files)
        return self._resolver

    def preload(self) -> None:
        """Load the actor dictionaries now (called by `pipeline.load`)."""
        _ = self.resolver

    def __call__(self, doc: Doc) -> Doc:
        todo = drafts(doc)
        if not todo:
            return doc
        pub = publication_date(doc)
        mem = story_memory(doc, self.resolver, pub, memory(doc))
        for draft in sorted(todo, key=lambda d: d.trigger.start_char):
            date = draft.date or pub
            draft.actors = self._entities(draft, draft.actor_spans, date, mem, "actor")
            draft.recipients = self._entities(draft, draft.recipient_spans, date, mem, "recipient")
        return doc

    def _entities(self, draft: Draft, spans: list[Span], date: dt.date | None,
                  mem: StoryMemory, role: str) -> list[Entity]:
        place = draft.location.country_code if draft.location else None
        out: list[Entity] = []
        for span in spans:
            res = self.resolver.resolve(span.text, date=date, default_country=mem.main_country,
                                        place_country=place, event=draft.entry.event, role=role)
            for mention in res.mentions:
                entity, note = self._refine(span, mention, mem, date)
                loc = draft.location
                if entity.code is None and entity.sector in (None, "UNK") and loc is not None and loc.country_code \
                        and loc.extracted_place and _names_place(span.text, loc.extracted_place):
                    # "flew the wounded out of Kurmuk": the town the places stage geocoded
                    sector = "CVL" if role == "recipient" and draft.entry.event in FORCE_EVENTS | {"AID"} else "UNK"
                    entity = replace(entity, code=loc.country_code, sector=sector)
                    note += f"; the place {loc.extracted_place!r} in {loc.country_code}"
                if len(span) == 1 and span.root.dep_ in ("amod", "compound") and _on_act(span) \
                        and entity.sector == "CVL" and entity.code and entity.identifier_id is None:
                    # "Turkish air strikes", "Russian shelling": a nation's adjective on an act
                    # stands for its state, not its people
                    sector = "MIL" if draft.entry.event in FORCE_EVENTS else "GOV"
                    entity = replace(entity, sector=sector)
                    note += f"; adjective on the event -> the state ({sector})"
                draft.notes.append(f"{role} {note}")
                if entity not in out:
                    out.append(entity)
                mem.add(span.start_char, replace_entity(mention, entity))
        return out

    def _refine(self, span: Span, m: Mention, mem: StoryMemory,
                date: dt.date | None) -> tuple[Entity, str]:
        """Coreference first, then a country bound outside the span ("police in Iraq")."""
        ante = mem.antecedent(m, span.start_char)
        if ante is not None:
            return linked(m, ante), f"{m.entity.entity_text!r} -> earlier {ante.entity.entity_text!r} ({ante.reason})"
        if m.entity.identifier_id is None and (m.entity.sector in (None, "UNK") or m.entity.code is None
                                               or "story country" in m.reason):
            found = self._apposition(span, mem, date, weak=m.entity.sector not in (None, "UNK"))
            if found is not None:
                entity, note = found
                return entity, f"{m.entity.entity_text!r}: {note}"
        if m.entity.identifier_id is None and m.entity.sector not in ("UAF", "UNK") and "story country" in m.reason:
            bound = self._bound_country(span)
            if bound:
                return (replace_code(m.entity, bound),
                        f"{m.entity.entity_text!r}: country {bound} bound in the sentence")
        return m.entity, m.reason

    def _apposition(self, span: Span, mem: StoryMemory, date: dt.date | None,
                    weak: bool = False) -> tuple[Entity, str] | None:
        """ "Nadia Karimova, Uzbekistan's best-known rights campaigner": an unknown name takes
        the country and sector its apposition gives (and the apposition's name takes the role's).
        `weak`: the mention has a sector but only the story's country; then only an apposition
        that names its own country ("Qatar's emir") is used."""
        root = span.root
        others = [c for c in root.children if c.dep_ == "appos" and not span.start <= c.i < span.end]
        if root.dep_ == "appos" and not span.start <= root.head.i < span.end:
            others.append(root.head)
        for other in others:
            if any(trailing_attribution(c) for c in other.children):
                continue  # "abused migrants, a rights group charged": a trailing attribution
            words = [t for t in other.subtree if t.i < span.start or t.i >= span.end]
            if not words:
                continue
            phrase = span.doc[words[0].i: words[-1].i + 1]
            if any(t.dep_ in ("relcl", "appos") and t.i != other.i for t in phrase if t.head.i == other.i):
                phrase = span.doc[phrase.start: min(t.i for t in phrase if t.head.i == other.i
                                                       and t.dep_ in ("relcl", "appos"))]
            text = phrase.text.strip(" ,")
            res = self.resolver.resolve(text, date=date, default_country=mem.main_country, role="actor")
            if not res.mentions:
                continue
            first = res.mentions[0]
            e = first.entity
            if e.sector in (None, "UNK") and e.code is None:
                continue
            if weak and (e.code is None or "story country" in res.reason):
                continue
            ident = (e.identifier_id, e.identifier_text) if first.person else (None, None)
            entity = Entity(span.text, e.code, e.sector if e.sector not in (None, "UNK") else "UNK",
                            *ident, e.attributes)
            return entity, f"from the apposition {text!r} ({res.reason})"
        return None

    def _bound_country(self, span: Span) -> str | None:
        """A country in a possessive or "in/of/from X" attached to the span's head."""
        for child in span.root.children:
            if span.start <= child.i < span.end:
                continue
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in BINDING_PREPS):
                text = "".join(t.text_with_ws for t in child.subtree)
                found = self.resolver.countries_in(text)
                if found:
                    return found[0]
        return None


def _names_place(text: str, place: str) -> bool:
    words = [w for w in text.split() if w.lower() not in ("the", "a", "an")]
    return " ".join(words).lower() == place.lower()


def _on_act(span: Span) -> bool:
    """The span modifies an event or a decision, not a person ("Turkish air strikes", "a
    Kenyan peace plan")."""
    head = span.root.head
    return head.lemma_.lower() in role_data().act_nouns or any(d.head.i == head.i and d.kind == "noun" for d in drafts(span.doc))


def replace_code(entity: Entity, code: str) -> Entity:
    return replace(entity, code=code)


def replace_entity(mention: Mention, entity: Entity) -> Mention:
    return replace(mention, entity=entity)


@Language.factory("titfortat_actors", default_config={"extra_files": []})
def make_actors(nlp: Language, name: str, extra_files: list[str]) -> ActorsComponent:
    """Factory of the actor stage; `extra_files` add user dictionaries to the setting's."""
    return ActorsComponent(extra_files)
