"""Resolving a mention ("Iraqi police", "Kadhimi", "the US and France") to Entities.

The plain-Python API, independent of spaCy:

    resolver = ActorResolver.load(["my_militias.yaml"])
    res = resolver.resolve("Iran-backed militias", date=dt.date(2021, 3, 1), default_country="IRQ")
    res.entities   # [Entity(entity_text="Iran-backed militias", code="IRQ", sector="PRM", ...)]
    res.reason     # which rule or dictionary entry decided

Rules, in order: a known person (sector by the event date) or organisation from the
dictionary; else the role noun gives the sector ("police" COP) and the country comes from a
country bound inside the mention ("Iraqi", "Iraq's", "in Iraq"), else from the caller's
default (the story's main country), else stays null. A country after "-backed" is the
backer, kept as an attribute. Compounds give one entity per conjunct.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from titfortat.actors import dictionary
from titfortat.actors.dictionary import ActorDictionary, Target, deletions, uncapitalized_ok
from titfortat.actors.parts import ARMED_HEADS, Part, Reading, read_part, split_parts
from titfortat.actors.places import is_place_name, place_country
from titfortat.actors.schema import ActorEntry
from titfortat.actors.text import Match, capitalized, strip_quantity, tokenize, words
from titfortat.model import Entity

# A capitalized Arabic article just before a name counts as the name's capital letter: the
# tokenizer drops the article, but "Al shabaab" is written as a name.
CAPITAL_ARTICLE = re.compile(r"(?:^|\s)(?:Al|El|Ad|Ar|As|Ash|An)[\s-]+$")

STATE_SECTORS: frozenset[str] = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
ANONYMOUS_HEADS: frozenset[str] = frozenset({"man", "person", "people", "individual"})
ASSAULT_LIKE: frozenset[str] = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE"})


@dataclass(frozen=True)
class Mention:
    """One resolved entity plus what story-level coreference needs to know about it."""

    entity: Entity
    reason: str
    head: str | None = None  # role noun, singular ("militia", "prime minister")
    office: str | None = None
    plural: bool = False
    person: bool = False  # a single individual (he/she can refer to it)
    pronoun: str | None = None  # person | group | thing, when the mention is a pronoun
    names: tuple[str, ...] = ()  # capitalised words not in the dictionary (a new surname)
    entry_id: str | None = None


@dataclass(frozen=True)
class Resolution:
    """The entities of a mention (several for compounds) and why."""

    entities: list[Entity]
    reason: str
    mentions: list[Mention]


READINGS_KEPT = 20_000  # mention texts whose date-free reading is kept (about 2 KB each)


class ActorResolver:
    """Resolves mention texts with one compiled ActorDictionary.

    The date-free part of resolving a text (tokens, alias matches, conjuncts, what each says)
    is kept per text: news repeats its mention texts ("police", "the government", "Hamas")
    within and across stories, and only the choice of a dictionary entry and the defaults
    depend on the call."""

    def __init__(self, lexicon: ActorDictionary) -> None:
        self.d = lexicon
        self._readings: dict[str, tuple[Reading, ...]] = {}

    @classmethod
    def load(cls, extra_files: Sequence[str] = ()) -> ActorResolver:
        """A resolver over the shipped dictionaries plus `extra_files` (cached)."""
        return cls(dictionary.load(tuple(str(f) for f in extra_files)))

    # ---- country helpers -------------------------------------------------------------
    def countries_in(self, text: str) -> list[str]:
        """Every country named in `text` (names, adjectives, capitals, seats), in order."""
        norms, texts = words(text)
        lower = text.islower()
        out = []
        for i, _, targets in self.d.index.spans(norms, texts):
            codes = [t.value for t in targets if t.kind == "country"]
            if codes and (capitalized(texts[i]) or uncapitalized_ok(targets, lower)):
                out.append(codes[0])
        return out

    def actor_countries_in(self, text: str) -> list[str]:
        """Countries of the text's named countries and of the dictionary people and national
        groups it names ("Ramaphosa" counts for South Africa), in order. Currency words ("US $20
        million") and ethnic adjectives ("ethnic Albanians") do not count."""
        norms, texts = words(CURRENCY_RE.sub(" ", text))
        lower = text.islower()
        spans = self.d.index.spans(norms, texts)
        kinds = [{t.kind for t in targets} for _, _, targets in spans]
        out = []
        for k, (i, j, targets) in enumerate(spans):
            if not capitalized(texts[i]) and not (
                    (lower or "country" in kinds[k]) and uncapitalized_ok(targets, lower)):
                continue
            # "ethnic Albanians" in Macedonia, an "anti-Syria" journalist, the "Israeli-held"
            # town: the dictionary's ethnic, opposing and control words say it is not theirs
            if k and spans[k - 1][1] == i and kinds[k - 1] & {"ethnic", "opposing"}:
                continue
            if k + 1 < len(spans) and spans[k + 1][0] == j and "control" in kinds[k + 1]:
                continue
            codes = [t.value for t in targets if t.kind == "country"]
            if not codes:
                alone = not any(capitalized(texts[x]) for x in (i - 1, j) if 0 <= x < len(texts))
                entries = {t.value for t in targets if t.kind == "entry" and (not t.weak or alone)}
                if len(entries) > 1:  # a surname several people share says nothing
                    entries = set()
                codes = [e.country for x in entries if (e := self.d.entries.get(x)) is not None
                         and e.country and len(e.country) == 3 and e.country not in NON_STATE_CODES][:1]
            if codes:
                out.append(codes[0])
        return out

    def ranked_countries(self, text: str) -> list[str]:
        """Countries of a text, most mentioned first (ties: the first mentioned), counting the
        countries of named dictionary people and groups too."""
        found = self.actor_countries_in(text)
        counts = Counter(found)
        return sorted(counts, key=lambda c: (-counts[c], found.index(c)))

    def main_country(self, text: str) -> str | None:
        """The most mentioned country of a text (ties: the first mentioned)."""
        ranked = self.ranked_countries(text)
        return ranked[0] if ranked else None

    # ---- resolution ------------------------------------------------------------------
    def resolve(self, text: str, date: dt.date | None = None, context: str | None = None,
                default_country: str | None = None, place_country: str | None = None,
                event: str | None = None, role: str = "actor") -> Resolution:
        """Resolve one mention. `default_country` is the story's main country (computed from
        `context` when not given); `place_country` the event location's country."""
        text = " ".join(text.split())
        defaults = [default_country] if default_country else (
            self.ranked_countries(context) if context else [])
        if place_country:
            defaults.append(place_country)
        if text.isupper() and text in self.d.country_names:
            ent = Entity(text, text, "GOV")
            return Resolution([ent], f"country code {text}", [Mention(ent, f"country code {text}")])
        parts = [r.on(date) for r in self.read(text)]
        _share_heads(parts)
        mentions: list[Mention] = []
        for part in parts:
            mention = self._resolve_part(part, text if len(parts) == 1 else part.text, date,
                                         defaults, event, role)
            if all(_key(mention.entity) != _key(m.entity) for m in mentions):
                mentions.append(mention)
        return Resolution([m.entity for m in mentions], "; ".join(m.reason for m in mentions),
                          mentions)

    def read(self, text: str) -> tuple[Reading, ...]:
        """The date-free reading of each conjunct of a (whitespace-normalised) mention text;
        kept per text, and forgotten all at once when READINGS_KEPT texts are held."""
        found = self._readings.get(text)
        if found is None:
            if len(self._readings) >= READINGS_KEPT:
                self._readings.clear()
            core = strip_quantity(text)
            toks = tokenize(core)
            matches = [m for m in self.d.index.find(toks) if self._usable(m, core)]
            named = any(t.kind in ("country", "entry", "region") for m in matches for t in m.targets)
            if not named and (fixed := self._spelling(core)) is not None:
                core, toks = fixed, tokenize(fixed)
                matches = [m for m in self.d.index.find(toks) if self._usable(m, core)]
            found = self._readings[text] = tuple(read_part(p, self.d) for p in split_parts(toks, matches, core))
        return found

    def _spelling(self, text: str) -> str | None:
        """ "Kazakstan", "Lebannon": a capitalised word one slip (a letter added, dropped, changed or
        two swapped) from exactly one country name, adjective or capital, when nothing else
        in the mention is known. None when no word is such a slip."""
        out, changed = [], False
        for word in text.split():
            bare = word[:-2] if word.endswith(("'s", "\u2019s")) else word
            fix = self._near_country(bare) if bare[:1].isupper() and bare.isalpha() and len(bare) >= 6 else None
            if fix is not None and is_place_name(bare):
                fix = None  # "Indiana" is a place, not a slip for "Indian"
            out.append(fix + word[len(bare):] if fix else word)
            changed = changed or fix is not None
        return " ".join(out) if changed else None

    def _near_country(self, word: str) -> str | None:
        forms = self.d.typo_forms
        cands = {c for f in deletions(word) for c in forms.get(f, ())}
        close = [c for c in cands if one_slip(word.lower(), c.lower())]
        return close[0] if len(close) == 1 else None  # two names one slip away: no guess

    @staticmethod
    def _usable(m: Match[Target], text: str) -> bool:
        """Names (dictionary entries, countries) need a capital letter, so "the guards" stay
        common nouns; a country's name or demonym counts in any case ("iSrael", "tunisian
        rioters") unless written all lowercase it is an ordinary word ("turkey" the bird,
        "chad", "us"); an all-lowercase query is trusted for the other names."""
        if not any(t.kind in ("entry", "country") for t in m.targets):
            return True
        return any(t.capitalized for t in m.toks) or uncapitalized_ok(m.targets, text.islower()) \
            or bool(CAPITAL_ARTICLE.search(text[:m.toks[0].start]))

    def _resolve_part(self, p: Part, text: str, date: dt.date | None, defaults: list[str],
                      event: str | None, role: str) -> Mention:
        attrs: list[tuple[str, str]] = [("backer", p.backer)] if p.backer else []
        if p.ethnicity:
            attrs.append(("ethnicity", p.ethnicity))
        if p.affiliation:
            attrs.append(("affiliation", p.affiliation))
        if p.residence:
            attrs.append(("residence", p.residence))
        if p.entry is not None:
            return self._from_entry(p, p.entry, text, date, attrs)
        sector, why = p.sector, p.sector_why
        code, code_why = p.country, f"country {p.country} from {p.country_text!r}" if p.country else ""
        if sector is None and p.country:
            if p.country_form == "adj" and _named(p.names):
                sector, why = "UNK", f"unknown person {' '.join(p.names)!r}"
            elif p.country_form == "adj":
                sector, why = "CVL", f"people of {p.country}"
            elif p.country_form == "capital" and role == "recipient" and event in ASSAULT_LIKE:
                sector, why = "CVL", f"city {p.country_text!r} attacked"
            else:
                sector, why = "GOV", f"{p.country_form} {p.country_text!r} stands for the government"
        if sector is None and p.bare_name and not p.pronoun:
            town = " ".join(p.names)
            code = place_country(town, defaults[0] if defaults else None, bare=True)
            if code:
                sector = "CVL" if role == "recipient" and event in ASSAULT_LIKE else "UNK"
                why = f"place {town!r} in {code} -> {sector}"
                ent = Entity(text, code, sector, attributes=tuple(attrs))
                return Mention(ent, f"{text!r}: {why}")
        if sector is None:
            why = f"pronoun {p.pronoun!r}: resolved from the story" if p.pronoun else "no known actor words"
            ent = Entity(text, code, "UNK", attributes=tuple(attrs))
            return Mention(ent, f"{text!r}: {why}", pronoun=p.pronoun, names=p.names,
                           plural=p.pronoun == "group")
        if role == "actor" and event == "ASSAULT" and sector == "CVL" and p.head in ANONYMOUS_HEADS and not p.names:
            # "two men opened fire on the mayor's car": people described only as people who
            # commit violence are an unidentified armed actor, not civilians
            sector, why = "UAF", f"{why}; unnamed {p.head!r} doing violence -> UAF"
        if sector == "UAF" and not p.country:
            code, code_why = None, "unidentified: no country"
        elif sector == "UAF":
            pass  # "Palestinian suicide bombers": unidentified people of a named country
        elif code is None and (camp := self._camp(p, date)):
            code, code_why = camp, f"country {camp} of the camp it belongs to"
        elif code is None and p.nonstate:
            code, code_why = p.nonstate, f"non-state {p.nonstate}"
        elif code is None and p.place and (found := place_country(p.place, defaults[0] if defaults else None)):
            code, code_why = found, f"country {found} of the place {p.place!r}"
        elif code is None:
            # a backed group operates where the event happens ("pro-Russia rebels" shooting down
            # a Malaysian airliner over Ukraine are Ukrainian rebels), else the story's country
            # and unnamed victims of violence ("killed nine people" in Kharkiv) are where it happened
            # a group linked to an organisation ("Hezbollah-allied militias") is from the
            # story's other country when there is one, else from the organisation's
            victims = role == "recipient" and event == "ASSAULT" and sector in ("CVL", None)
            place_first = (p.backer or p.affiliation or victims) and len(defaults) > 1
            order = [*defaults[1:], *defaults[:1]] if place_first else defaults
            # exiles and refugees are not of the country they live in ("exiled dissidents in London")
            linked = _country_of(self.d.entries[p.affiliation], date) if p.affiliation in self.d.entries else None
            code = next((c for c in order if c not in (p.backer, linked, p.residence)),
                        linked if linked in order or not order else None)
            code_why = f"story country {code}" if code else "no country in text or story"
        holder = self._holder(code, p, date) if code else None
        ident = (holder.id, holder.name) if holder else (None, None)
        if holder:
            why += f"; office holder {holder.id}"
        if p.secondary:
            attrs.append(("secondary", p.secondary))
        if p.affiliation:
            why += f"; affiliated with {p.affiliation}, not it"
        ent = Entity(text, code, sector, ident[0], ident[1], tuple(sorted(attrs)))
        return Mention(ent, f"{text!r}: {why}; {code_why}", head=p.head, office=p.office,
                       plural=p.plural, person=bool(p.office) or bool(p.names) and not p.plural,
                       names=p.names, entry_id=ident[0])

    def _camp(self, p: Part, date: dt.date | None) -> str | None:
        """The country of what a mention belongs to ("loyal to", "linked to"), when that says who
        it is: a person's ("militants loyal to Abu Musab al-Zarqawi", "a businessman close to
        Putin"), or for an actor that is not armed a state's or state body's ("hackers linked to
        Russian military intelligence" are Russian). Armed groups linked to a state or an
        organisation are often its proxies abroad: the story decides ("Iran-linked militias")."""
        if not p.belongs:
            return None
        e = self.d.entries.get(p.affiliation) if p.affiliation else None
        if e is not None and e.is_person:
            return _country_of(e, date)
        if p.sector is None or p.sector in ARMED_HEADS:
            return None
        if e is not None:
            state = e.sector in STATE_SECTORS and e.country not in NON_STATE_CODES
            return e.country if state else None
        return p.backer

    def _holder(self, code: str, p: Part, date: dt.date | None) -> ActorEntry | None:
        """The one dictionary person holding office `p.office` in `code` on `date`."""
        if not p.office or date is None or p.names or p.plural or p.eli:
            return None
        found = {e.id: e for e, o in self.d.holders.get((code, p.office), ()) if o.covers(date)}
        return next(iter(found.values())) if len(found) == 1 else None

    def _from_entry(self, p: Part, e: ActorEntry, text: str, date: dt.date | None,
                    attrs: list[tuple[str, str]]) -> Mention:
        code, sector, why = state_at(e, date, p.role_sectors)
        if e.kind == "igo" and p.sector and not p.sector_weak and p.sector != sector:
            sector, why = p.sector, f"{why}; role {p.head!r} -> {p.sector}"
        if p.eli and (sector in STATE_SECTORS or e.is_person and date and not _in_office(e, date)):
            sector, why = "ELI", f"{why}; 'former' -> ELI"
        for key, value in (("backer", e.backer), ("affiliation", e.affiliation),
                           ("secondary", " ".join(e.secondary))):
            if value and key not in dict(attrs):
                attrs.append((key, value))
        ent = Entity(text, code, sector, e.id, e.name, tuple(sorted(attrs)))
        return Mention(ent, f"{text!r} -> dictionary {e.id} ({why}) [{e.source}]",
                       head=p.head, office=p.office, plural=p.plural and not e.is_person,
                       person=e.is_person, entry_id=e.id)


def one_slip(a: str, b: str) -> bool:
    """a and b differ by exactly one letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                   and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def state_at(e: ActorEntry, date: dt.date | None,
             roles: tuple[str, ...] = ()) -> tuple[str | None, str, str]:
    """An entry's code and sector on `date`, with the reason (office, period, before/after).
    Without a date, the office named in the mention ("Prime Minister Haniyeh", "General
    Aoun": title or role sector) is preferred to the latest one."""
    if not e.is_person or not e.offices:
        sector = e.sector or "UNK"
        for period in e.periods:
            if date and period.covers(date):
                return e.country, period.sector, f"{period.sector} since {period.start}"
        return e.country, sector, e.sector or "no sector"
    if date is None:
        named = [o for o in e.offices if o.title in roles] or [o for o in e.offices if o.sector in roles]
        if named:
            o = named[-1]
            return o.code or e.country, o.sector, f"no date: office named in the text, {o.title}"
        last = max(e.offices, key=lambda o: o.start or dt.date.min)
        return last.code or e.country, last.sector, f"no date: latest office {last.title}"
    held = [o for o in e.offices if o.covers(date)]
    if held:
        o = max(held, key=lambda o: o.start or dt.date.min)
        return o.code or e.country, o.sector, f"{o.title} {o.start or ''}..{o.end or ''}"
    first = min(o.start or dt.date.min for o in e.offices)
    if date < first:
        return e.country, e.before or e.sector or "UNK", f"before first office ({first})"
    return e.country, e.after, f"no office on {date}: former official -> {e.after}"


# "US $50 million", "Hong Kong dollars": currency, not a country acting
CURRENCY_RE = re.compile(r"\b(?:U\.?S\.?|[A-Z][a-z]+(?: [A-Z][a-z]+)?) ?\$|\b[A-Z][a-z]+ dollars?\b")
NON_STATE_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "AFR", "ASA", "MEA", "WST"})

ORG_WORDS: frozenset[str] = frozenset(
    ["Front", "Party", "Movement", "Army", "Council", "Union", "Alliance", "Forces", "Brigade", "Brigades", "Organization", "Organisation", "Committee", "League", "Congress", "Association"])


def _named(names: tuple[str, ...]) -> bool:
    """An unknown person or organisation ("Ariel Sharon", "Patriotic Front"), not a
    people ("Kurds", "Serbs")."""
    return len(names) >= 2 and (not names[-1].endswith("s") or names[-1] in ORG_WORDS)


def _country_of(e: ActorEntry, date: dt.date | None) -> str | None:
    """An entry's country (a person's from the office held on `date`)."""
    return state_at(e, date)[0] if e.is_person else e.country


def _key(e: Entity) -> tuple[str | None, str | None, str | None]:
    return (e.code, e.sector, e.identifier_id)


def _in_office(e: ActorEntry, date: dt.date) -> bool:
    return any(o.covers(date) for o in e.offices)


def _share_heads(parts: list[Part]) -> None:
    """In "Hungarian and Romanian officials" the bare adjective takes the shared head;
    in "Israeli helicopters and tanks" the bare noun takes the shared country."""
    if len(parts) < 2:
        return
    heads = [p for p in parts if p.sector and p.entry is None]
    for i, p in enumerate(parts):
        # "US and British activists": a short country name before a noun phrase is used as an adjective
        as_adjective = p.country_form == "adj" or (
            p.country_form == "name" and i < len(parts) - 1 and len(p.text.split()) <= 2 and p.text.isupper())
        if p.entry is None and p.sector is None and p.country and as_adjective and heads:
            donor = heads[-1]
            parts[i] = replace(p, sector=donor.sector, sector_why=f"shared head {donor.head!r}",
                               head=donor.head, plural=donor.plural)
        elif p.entry is None and p.sector and p.country is None:
            donors = [q for q in parts[:i] if q.country and q.entry is None]
            if donors:
                parts[i] = replace(p, country=donors[-1].country, country_text=donors[-1].country_text)
