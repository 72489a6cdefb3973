"""Reading one mention's matches: conjuncts, bound country, role noun, modifiers, entry.

`split_parts` cuts "the US, France and Britain" into conjuncts (commas alone are taken as
apposition: "Kadhimi, Iraq's prime minister" is one person). `read_part` turns the alias
matches of one conjunct into a `Reading`: the bound country (first country before a
preposition, else after "in"/"of"/"from"), the head role noun (last strong agent before a
preposition), the modifiers ("former", "opposition", "rebel", "unknown") and the dictionary
entries it may name, leaving aside what names another party (`links`: the backer "Iran-backed",
the affiliation "Al Qaeda-linked", "loyal to Abu Musab al-Zarqawi") and where people living
abroad live (`residence`: "exiled dissidents in London"); `Reading.on` picks the entry valid
on a date and gives the final `Part`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from titfortat.actors.dictionary import ActorDictionary, Target, country_of, entry_choices
from titfortat.actors.links import (
    affiliates,
    apply_affiliation,
    backing,
    controllers,
    glued,
    read_backers,
    word_links,
)
from titfortat.actors.residence import read_residence
from titfortat.actors.schema import ActorEntry
from titfortat.actors.text import CUT, SKIP, Match, Tok

CONJ: frozenset[str] = frozenset({"and", "&", ","})
BINDING: frozenset[str] = frozenset({"in", "from", "inside", "of"})
ARMED_HEADS: frozenset[str] = frozenset({"REB", "PRM", "MIL", "UAF"})
NOT_NAMES: frozenset[str] = frozenset(
    ["senior", "top", "two", "three", "four", "five", "several", "some", "many", "local", "most", "other", "both", "chief", "new", "former", "ex", "acting", "deputy", "interim", "unnamed", "unknown", "armed", "hundreds", "thousands", "dozens", "i", "we", "you", "one"])


@dataclass(frozen=True)
class Part:
    """What one conjunct of a mention says."""

    text: str
    entry: ActorEntry | None = None
    sector: str | None = None
    sector_why: str = ""
    sector_weak: bool = False
    head: str | None = None
    office: str | None = None
    plural: bool = False
    country: str | None = None
    country_text: str = ""
    country_form: str = ""
    backer: str | None = None
    nonstate: str | None = None
    pronoun: str | None = None
    names: tuple[str, ...] = ()
    eli: bool = False
    secondary: str | None = None
    ethnicity: str | None = None
    role_sectors: tuple[str, ...] = ()  # sectors of every role noun, for a person's office
    place: str | None = None  # unknown capitalised words after "in/of/from" or before "'s"
    bare_name: bool = False  # the conjunct is nothing but unknown capitalised words
    affiliation: str | None = None  # id of an organisation or person it is linked to, not it
    belongs: bool = False  # linked by a belonging word ("loyal to", "linked to"): in that camp
    residence: str | None = None  # where people living abroad live ("exiled dissidents in London")


@dataclass(frozen=True)
class PartInput:
    text: str
    toks: list[Tok]  # significant tokens of the conjunct
    matches: list[Match[Target]]
    offset: int  # index of toks[0] among the mention's significant tokens
    source: str = ""  # the mention text the tokens' offsets point into (to see hyphens)


def split_parts(toks: list[Tok], matches: list[Match[Target]], source: str = "") -> list[PartInput]:
    """Conjuncts of a mention; a single part unless every conjunct names something.
    `source` is the text `toks` were cut from."""
    sig = [t for t in toks if t.norm not in SKIP]
    inside = {i for m in matches for i in range(m.start, m.end)}
    cuts = [i for i, t in enumerate(sig) if t.norm in CONJ and i not in inside]
    whole = [_part(toks, sig, matches, 0, len(sig), source)]
    if not any(sig[i].norm != "," for i in cuts):
        return whole
    bounds = [-1, *cuts, len(sig)]
    parts = [_part(toks, sig, matches, a + 1, b, source) for a, b in zip(bounds, bounds[1:], strict=False)
             if b > a + 1]
    named = all(any(t.kind in ("entry", "country", "agent") for m in p.matches for t in m.targets)
                for p in parts)
    return parts if named and len(parts) > 1 else whole


def _part(toks: list[Tok], sig: list[Tok], matches: list[Match[Target]], a: int, b: int,
          source: str) -> PartInput:
    mine = [m for m in matches if a <= m.start and m.end <= b]
    if not sig[a:b]:
        return PartInput("", [], [], a, source)
    first, last = sig[a], sig[b - 1]
    # keep a leading article in the text: "the US", not "US"
    lead = [t for t in toks if t.end <= first.start and t.norm in SKIP]
    start = lead[-1].start if lead and a == 0 else first.start
    text = _slice(toks, start, last.end)
    return PartInput(text, sig[a:b], mine, a, source)


def _slice(toks: list[Tok], start: int, end: int) -> str:
    return " ".join(t.text for t in toks if t.start >= start and t.end <= end).replace(" 's", "'s")


ADJECTIVE_ING: frozenset[str] = frozenset(
    ["leading", "ruling", "governing", "founding", "outgoing", "incoming", "sitting", "acting", "reigning",
     "warring", "remaining", "neighbouring", "neighboring", "emerging", "striking", "opposing"])


def _is_cut(t: Tok) -> bool:
    """A preposition or a gerund ("militias attacking the embassy") ends the head phrase;
    adjectives in -ing ("Algeria's leading rights activist", "the ruling party") do not."""
    return t.norm in CUT or (t.norm.endswith("ing") and len(t.norm) > 5 and t.text.islower()
                             and t.norm not in ADJECTIVE_ING)


PRE_HEAD: frozenset[str] = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "'s"])


def _before_head(toks: list[Tok], j: int) -> bool:
    """ "the visiting Iraqi prime minister": an -ing word first in the phrase or right after a
    determiner or possessive modifies the head to come; it does not end the phrase."""
    return j == 0 or toks[j - 1].norm in PRE_HEAD


def _hyphenated(inp: PartInput, j: int) -> bool:
    """ "stone-throwing youths": a gerund glued to the word before by a hyphen is an adjective."""
    return j > 0 and glued(inp.source, inp.toks[j - 1], inp.toks[j])


def _weak_head(agents: list[tuple[Match[Target], Target]], inp: PartInput) -> tuple[Match[Target], Target]:
    """Among weak role nouns, the head: the one before "of" ("supporters of the coalition" are
    supporters), else the last ("the coalition's fighters" are fighters)."""
    of = next((i for i, t in enumerate(inp.toks, inp.offset) if t.norm == "of"), None)
    before = [a for a in agents if of is not None and a[0].start < of]
    if before and len(before) < len(agents):
        return before[-1]
    return agents[-1]


def _on_date(entries: tuple[ActorEntry, ...], date: dt.date | None) -> ActorEntry | None:
    """The entry to use on `date`: the only one, else the first valid on the date."""
    if not entries:
        return None
    if len(entries) == 1 or date is None:
        return entries[0]
    valid = [e for e in entries if not e.offices or any(o.covers(date) for o in e.offices)]
    return valid[0] if valid else entries[0]


@dataclass(frozen=True)
class Reading:
    """What one conjunct says whatever the date: its Part without a dictionary entry, and
    the entries it may name. Only the choice of entry depends on the date, so a Reading can
    be kept per mention text and reused on every date (see `ActorResolver.read`)."""

    inp: PartInput
    part: Part  # entry left None
    entries: tuple[ActorEntry, ...]  # candidate entries, best first
    surnames: tuple[tuple[ActorEntry, ...], ...]  # people a bare surname may name, per match
    _with_entry: dict[str, Part] = field(default_factory=dict, compare=False, repr=False)

    def on(self, date: dt.date | None) -> Part:
        """The Part on `date`."""
        entry = _on_date(self.entries, date)
        if entry is None:
            entry = _surname_on(self.surnames, date)
        if entry is not None and self.part.country and entry.country and entry.country != self.part.country \
                and _one_word_alias(entry, self.inp.matches):
            entry = None  # "the Zambia Labour Congress" is no branch of Britain's Labour Party
        if entry is None:
            return self.part
        if entry.id not in self._with_entry:
            self._with_entry[entry.id] = replace(self.part, entry=entry)
        return self._with_entry[entry.id]


def read_part(inp: PartInput, d: ActorDictionary) -> Reading:
    """The date-free Reading of one conjunct (see module docstring)."""
    ms = inp.matches
    cut = next((i for i, t in enumerate(inp.toks, inp.offset) if _is_cut(t)
                and not _hyphenated(inp, i - inp.offset)
                and not (t.norm not in CUT and _before_head(inp.toks, i - inp.offset))
                and not any(m.start <= i < m.end and backing(m) is None for m in ms)), None)
    # "the Hamas-run health ministry" is the ministry: a name glued to "run", "held", "controlled"
    held_by = controllers(ms)
    # "the Al Qaeda-linked Somali group" is Somali: a name glued to "linked", "backed", "pro-", "anti-",
    # or after "linked to", "loyal to", "backed by"
    words = word_links(inp)
    linked = affiliates(inp, words)
    entries = entry_choices([(d.entries[t.value], t.layer) for k, m in enumerate(ms) for t in m.targets
                             if t.kind == "entry" and not t.weak and t.value in d.entries and k not in held_by
                             and k not in linked and not _party_as_adjective(d.entries[t.value], ms, k)])
    fields: dict[str, object] = {"text": inp.text}
    backer_idx = read_backers(fields, inp, words, linked)
    for k, m in enumerate(ms):
        if any(t.kind == "ethnic" for t in m.targets) and k + 1 < len(ms) and country_of(ms[k + 1]):
            fields["ethnicity"] = ms[k + 1].text  # "ethnic Albanians" live elsewhere
            backer_idx.add(k + 1)
    countries = [(k, m) for k, m in enumerate(ms) if country_of(m) and k not in backer_idx]
    home, lives_in, there = read_residence(inp, cut, countries)
    if lives_in is not None:  # "exiled dissidents in London" live in Britain: not who they are
        fields["residence"] = lives_in
    countries = [(k, m) for k, m in countries if k not in there]
    bind = next((i for i, t in enumerate(inp.toks, inp.offset) if t.norm in BINDING
                 and not any(m.start <= i < m.end for m in ms)), None)
    headed = cut is not None and any(m.start < cut for m in ms)  # not "wants to help Israel"
    stop = min(x for x in (cut if headed else None, bind, 10**6) if x is not None)
    before = [(k, m) for k, m in countries if m.start < stop]
    after = [(k, m) for k, m in countries if bind is not None and m.start > bind]
    if before and after and country_of(before[0][1])[1] == "adj" and _plural_people(before[0][1]):  # type: ignore[index]
        fields["ethnicity"] = before[0][1].text  # "the Serbs of northern Kosovo" live in Kosovo
        before = []
    if before or after:
        _, m = (before or after)[0]
        code, form = country_of(m)  # type: ignore[misc]
        plural = any(t.plural for t in m.targets if t.kind == "country")
        fields.update(country=code, country_text=m.text, country_form=form, plural=plural)
    agents = [(m, t) for m in ms for t in m.targets if t.kind == "agent"
              and (cut is None or m.start < cut or (m.start > cut and inp.toks[cut - inp.offset].norm == "of"))]
    strong = [(m, t) for m, t in agents if not t.weak]
    chosen = strong[-1] if strong else _weak_head(agents, inp) if agents else None
    mods = {t.value for m in ms for t in m.targets if t.kind == "modifier" and (cut is None or m.start < cut)}
    if chosen:
        m, t = chosen
        office = next((x.office for x in m.targets if x.kind == "agent" and x.office), None)
        fields.update(sector=t.value, sector_why=f"role {m.text!r} -> {t.value}", sector_weak=t.weak,
                      head=t.form, office=office, plural=any(x.plural for x in m.targets if x.kind == "agent"))
    _apply_modifiers(fields, mods)
    fields["nonstate"] = next((t.value for m in ms for t in m.targets if t.kind == "nonstate"), None)
    fields["pronoun"] = next((t.value for m in ms for t in m.targets if t.kind == "pronoun"), None)
    fields["names"] = _names(inp)
    if "country" not in fields and home is None:
        fields["place"] = _place_words(inp)
    fields["bare_name"] = not ms and bool(fields["names"])
    fields["eli"] = "ELI" in mods
    fields["role_sectors"] = tuple(t.office or t.value for _, t in agents)
    if "ethnicity" in fields and not fields.get("sector"):
        fields.update(sector="CVL", sector_why=f"ethnic group {fields['ethnicity']!r} -> CVL")
    apply_affiliation(fields, [(ms[k], ms[w]) for k, (kind, w) in linked.items() if kind == "backing"], d)
    surnames = _surname_choices([m for k, m in enumerate(ms) if k not in linked], d, inp.toks, inp.offset)
    return Reading(inp, Part(**fields), entries, surnames)  # type: ignore[arg-type]


def _party_as_adjective(e: ActorEntry, ms: list[Match[Target]], k: int) -> bool:
    """"Labour Minister X" is a minister, not the Labour Party."""
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    return (e.sector == "PTY" and nxt is not None and nxt.start == ms[k].end
            and any(t.kind == "agent" and t.value == "GOV" for t in nxt.targets))


def _one_word_alias(e: ActorEntry, ms: list[Match[Target]]) -> bool:
    """The entry was matched only by a one-word alias ("Labour", "Likud")."""
    spans = [m for m in ms if any(t.kind == "entry" and t.value == e.id for t in m.targets)]
    return bool(spans) and all(m.end - m.start == 1 for m in spans)


def _plural_people(m: Match[Target]) -> bool:
    return any(t.kind == "country" and t.plural for t in m.targets)


def _unknown_name(toks: list[Tok], i: int, taken: set[int], offset: int) -> bool:
    j = i - offset
    return 0 <= j < len(toks) and i not in taken and toks[j].text[:1].isupper()


def _surname_choices(ms: list[Match[Target]], d: ActorDictionary, toks: list[Tok],
                     offset: int) -> tuple[tuple[ActorEntry, ...], ...]:
    """For each alias match that is a known surname, the dictionary people it may name."""
    taken = {i for m in ms for i in range(m.start, m.end)}
    out = []
    for m in ms:
        ids = {t.value for t in m.targets if t.kind == "entry" and t.weak and t.value in d.entries}
        if not ids or any(_unknown_name(toks, i, taken, offset) for i in (m.start - 1, m.end)):
            continue  # "Ahmed Smith": part of a longer name the dictionary does not know
        out.append(tuple(d.entries[i] for i in sorted(ids)))
    return tuple(out)


def _surname_on(choices: tuple[tuple[ActorEntry, ...], ...], date: dt.date | None) -> ActorEntry | None:
    """A bare surname names a person only when one dictionary person fits the date."""
    for cands in choices:
        if date is not None:
            cands = tuple(e for e in cands if any(o.covers(date) for o in e.offices)) or (
                cands if len(cands) == 1 else ())
        if len(cands) == 1:
            return cands[0]
    return None


def _apply_modifiers(f: dict[str, object], mods: set[str]) -> None:
    sector, weak = f.get("sector"), bool(f.get("sector_weak"))
    if "ELI" in mods and sector in ("GOV", "MIL", "COP", "LEG", "JUD", "SPY"):
        f.update(sector="ELI", sector_why=f"{f['sector_why']}; 'former' -> ELI")
    elif "OPP" in mods:
        if sector in (None, "CVL", "PTY", "UNK") or (sector == "GOV" and weak) or sector == "OPP":
            f.update(sector="OPP", sector_why="opposition -> OPP")
        else:
            f["secondary"] = "OPP"
    elif "REB" in mods and (sector is None or weak or sector in ("CVL", "UNK")):
        f.update(sector="REB", sector_why="rebel -> REB")
    elif "UAF" in mods and (sector is None or weak or sector in ("CVL", "UAF")):
        f.update(sector="UAF", sector_why="unidentified -> UAF")
    elif "PRM" in mods and (sector is None or weak or sector in ("PRM", "REB", "CVL")):
        f.update(sector="PRM", sector_why="pro-government -> PRM")


def _place_words(inp: PartInput) -> str | None:
    """"in Kunar province", "of the Tyumen", "Tyumen's": a candidate town or province."""
    toks = inp.toks
    inside = {i - inp.offset for m in inp.matches for i in range(m.start, m.end)}
    prep = next((j for j, t in enumerate(toks) if t.norm in BINDING and j not in inside), None)
    if prep is not None:
        words: list[str] = []
        for j in range(prep + 1, len(toks)):
            if j in inside or not toks[j].text[:1].isupper():
                if words:
                    break
                continue
            words.append(toks[j].text)
        if words:
            return " ".join(words)
    for j, t in enumerate(toks):
        if t.norm == "'s" and j and j - 1 not in inside and toks[j - 1].text[:1].isupper():
            return toks[j - 1].text
    return None


def _names(inp: PartInput) -> tuple[str, ...]:
    """Capitalised words outside every alias: a name the dictionary does not know."""
    inside = {i for m in inp.matches for i in range(m.start, m.end)}
    out = []
    for i, t in enumerate(inp.toks, inp.offset):
        if i in inside or not t.text[:1].isupper() or t.norm in NOT_NAMES or t.norm in CONJ:
            continue
        nxt = inp.toks[i + 1 - inp.offset] if i + 1 - inp.offset < len(inp.toks) else None
        if i == inp.offset and nxt is not None and not nxt.text[:1].isupper():
            continue  # "Senior officials": a capital at the start is not a name by itself
        out.append(t.text)
    return tuple(out)
