"""Reading one mention's matches: conjuncts, bound country, role noun, modifiers, entry.

`split_parts` cuts "the US, France and Britain" into conjuncts (commas alone are taken as
apposition: "Kadhimi, Iraq's prime minister" is one person). `read_part` turns the alias
matches of one conjunct into a `Reading`: the bound country (first country before a
preposition, else after "in"/"of"/"from"), the backer ("Iran-backed", "backed by Iran"), the
organisation or person it is affiliated with ("Al Qaeda-linked", "pro-Hamas", "loyal to Abu
Musab al-Zarqawi"), where people living abroad live ("exiled dissidents in London"), the
head role noun (last strong agent before a preposition), the modifiers ("former",
"opposition", "rebel", "unknown") and the dictionary entries it may name; `Reading.on` picks
the entry valid on a date and gives the final `Part`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from titfortat.actors.dictionary import ActorDictionary, Target
from titfortat.actors.schema import ActorEntry
from titfortat.actors.text import SKIP, Match, Tok

CONJ: frozenset[str] = frozenset({"and", "&", ","})
PATRON_WORDS: frozenset[str] = frozenset({"ally", "allies", "proxy", "proxies"})
HYPHENS = "-\u2010\u2011"
ARMED_SECTORS: frozenset[str] = frozenset({"REB", "PRM"})
CUT: frozenset[str] = frozenset(
    ["in", "from", "at", "near", "on", "to", "against", "with", "inside", "outside", "across", "after", "during", "for", "by", "over", "who", "which", "that", "under", "into"])
BINDING: frozenset[str] = frozenset({"in", "from", "inside", "of"})
LINK_PREPS: frozenset[str] = frozenset({"to", "with", "by"})  # "linked to", "allied with", "backed by"
ARMED_HEADS: frozenset[str] = frozenset({"REB", "PRM", "MIL", "UAF"})
SETTLED: frozenset[str] = frozenset({"living", "based", "residing", "sheltering", "staying", "settled"})
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
    return j > 0 and _glued(inp.source, inp.toks[j - 1], inp.toks[j])


def _weak_head(agents: list[tuple[Match[Target], Target]], inp: PartInput) -> tuple[Match[Target], Target]:
    """Among weak role nouns, the head: the one before "of" ("supporters of the coalition" are
    supporters), else the last ("the coalition's fighters" are fighters)."""
    of = next((i for i, t in enumerate(inp.toks, inp.offset) if t.norm == "of"), None)
    before = [a for a in agents if of is not None and a[0].start < of]
    if before and len(before) < len(agents):
        return before[-1]
    return agents[-1]


def _entry_choices(cands: list[tuple[ActorEntry, int]]) -> tuple[ActorEntry, ...]:
    """Among dictionary candidates, those of the user's layer (the top one), people first."""
    if not cands:
        return ()
    top = max(layer for _, layer in cands)
    entries = list({e.id: e for e, layer in cands if layer == top}.values())
    people = [e for e in entries if e.is_person]
    return tuple(people or entries)  # "UN chief Antonio Guterres" is the person


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
                and not any(m.start <= i < m.end and _backing(m) is None for m in ms)), None)
    # "the Hamas-run health ministry" is the ministry: a name glued to "run", "held", "controlled"
    controllers = {k - 1 for k, m in enumerate(ms) if k > 0 and ms[k - 1].end == m.start
                   and any(t.kind == "control" for t in m.targets)}
    # "the Al Qaeda-linked Somali group" is Somali: a name glued to "linked", "backed", "pro-", "anti-",
    # or after "linked to", "loyal to", "backed by"
    words = _word_links(inp)
    linked = _affiliates(inp, words)
    entries = _entry_choices([(d.entries[t.value], t.layer) for k, m in enumerate(ms) for t in m.targets
                              if t.kind == "entry" and not t.weak and t.value in d.entries and k not in controllers
                              and k not in linked and not _party_as_adjective(d.entries[t.value], ms, k)])
    fields: dict[str, object] = {"text": inp.text}
    backer_idx: set[int] = set()
    for k, m in enumerate(ms):
        word = _backing(m)
        if word is None:
            continue
        prev, rem = ms[k - 1] if k else None, words.get(k, ())
        backer = None
        if prev and prev.end == m.start and _country(prev) and word.form != "close to":
            backer = k - 1  # "Iran-backed"
        elif k - 1 in linked:
            pass  # the backing word belongs to the organisation before it, not the country after
        elif any(j in linked for j in rem):
            backer_idx.update(j for j in rem if _country(ms[j]))  # "linked to Russia's GRU": the body's country
        elif rem and _country(ms[rem[0]]) and _noun_like(ms, rem[0]):
            backer = rem[0]  # "backed by Iran", "linked to the Syrian government"
            backer_idx.update(j for j in rem if _country(ms[j]))
        elif k + 1 < len(ms) and _country(ms[k + 1]) and _glued(inp.source, m.toks[-1], ms[k + 1].toks[0]):
            backer = k + 1  # "pro-Iranian"
        if backer is not None:
            fields["backer"] = _country(ms[backer])[0]  # type: ignore[index]
            fields["belongs"] = word.value == "belonging"
            backer_idx.add(backer)
    for k, m in enumerate(ms):
        patron = next((t for t in m.targets if t.kind == "backing" and t.form in PATRON_WORDS), None)
        if patron is not None and k not in backer_idx and "backer" not in fields:
            # "Israel's militia ally", "Iran's proxies": the possessor is the patron
            prior = [j for j in range(k) if _country(ms[j]) and j not in backer_idx]
            if prior:
                fields["backer"] = _country(ms[prior[-1]])[0]  # type: ignore[index]
                backer_idx.add(prior[-1])
        if any(t.kind == "opposing" for t in m.targets) and k + 1 < len(ms) and _country(ms[k + 1]):
            backer_idx.add(k + 1)  # "an anti-Syria journalist" is not Syrian
        if any(t.kind == "control" for t in m.targets) and k > 0 and ms[k - 1].end == m.start and _country(ms[k - 1]):
            backer_idx.add(k - 1)  # "Russian-held Kherson" is not Russia's people
    for k, m in enumerate(ms):
        if any(t.kind == "ethnic" for t in m.targets) and k + 1 < len(ms) and _country(ms[k + 1]):
            fields["ethnicity"] = ms[k + 1].text  # "ethnic Albanians" live elsewhere
            backer_idx.add(k + 1)
    countries = [(k, m) for k, m in enumerate(ms) if _country(m) and k not in backer_idx]
    home = _residence(inp, cut) if any(t.kind == "abroad" for m in ms for t in m.targets) else None
    if home is not None:  # "exiled dissidents in London" live in Britain: not who they are
        end = next((i for i, t in enumerate(inp.toks[home + 1 - inp.offset:], home + 1) if t.norm in CUT
                    and not any(m.start <= i < m.end for m in ms)), 10**6)
        lives = [k for k, m in countries if home < m.start < end]
        if lives:
            fields["residence"] = _country(ms[lives[0]])[0]  # type: ignore[index]
        countries = [(k, m) for k, m in countries if k not in lives]
    bind = next((i for i, t in enumerate(inp.toks, inp.offset) if t.norm in BINDING
                 and not any(m.start <= i < m.end for m in ms)), None)
    headed = cut is not None and any(m.start < cut for m in ms)  # not "wants to help Israel"
    stop = min(x for x in (cut if headed else None, bind, 10**6) if x is not None)
    before = [(k, m) for k, m in countries if m.start < stop]
    after = [(k, m) for k, m in countries if bind is not None and m.start > bind]
    if before and after and _country(before[0][1])[1] == "adj" and _plural_people(before[0][1]):  # type: ignore[index]
        fields["ethnicity"] = before[0][1].text  # "the Serbs of northern Kosovo" live in Kosovo
        before = []
    if before or after:
        _, m = (before or after)[0]
        code, form = _country(m)  # type: ignore[misc]
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
    _apply_affiliation(fields, [(ms[k], ms[w]) for k, (kind, w) in linked.items() if kind == "backing"], d)
    surnames = _surname_choices([m for k, m in enumerate(ms) if k not in linked], d, inp.toks, inp.offset)
    return Reading(inp, Part(**fields), entries, surnames)  # type: ignore[arg-type]


def _glued(source: str, a: Tok, b: Tok) -> bool:
    """ "Qaeda-linked", "pro-Hamas": two words joined by a hyphen."""
    return b.start == a.end + 1 and source[a.end:b.start] in HYPHENS


def _names_entry(m: Match[Target]) -> bool:
    return _country(m) is None and any(t.kind == "entry" for t in m.targets)


def _backing(m: Match[Target]) -> Target | None:
    """The backing word of a match ("linked", "backed", "close to"), patron nouns aside."""
    return next((t for t in m.targets if t.kind == "backing" and t.form not in PATRON_WORDS), None)


def _word_links(inp: PartInput) -> dict[int, tuple[int, ...]]:
    """Links written out: a backing word, then "to", "with" or "by" ("linked to", "loyal to",
    "allied with", "backed by"; "close to" is one phrase), then at once a name. Index of the
    backing match -> indices of the matches of the phrase it links, up to the next
    preposition other than "of" ("loyal to Iraq's Al-Qaeda frontman Abu Musab al-Zarqawi")."""
    ms, toks, off = inp.matches, inp.toks, inp.offset
    end = off + len(toks)
    out: dict[int, tuple[int, ...]] = {}
    for k, m in enumerate(ms[:-1]):
        if _backing(m) is None:
            continue
        start = m.end if m.toks[-1].norm in LINK_PREPS else m.end + 1
        if ms[k + 1].start != start or (start > m.end and toks[m.end - off].norm not in LINK_PREPS):
            continue
        stop = next((i for i in range(start, end) if toks[i - off].norm in CUT and toks[i - off].norm != "of"
                     and not any(x.start <= i < x.end for x in ms)), end)
        out[k] = tuple(j for j in range(k + 1, len(ms)) if ms[j].start < stop)
    return out


def _noun_like(ms: list[Match[Target]], j: int) -> bool:
    """A country after a link word names the state ("backed by Iran", "linked to the Syrian
    government", "Iranian intelligence"), not a thing of it ("close to the Syrian border")."""
    found = _country(ms[j])
    if found is None or found[1] != "adj":
        return True
    nxt = ms[j + 1] if j + 1 < len(ms) else None
    return nxt is not None and nxt.start == ms[j].end and any(t.kind in ("agent", "entry") for t in nxt.targets)


def _affiliates(inp: PartInput, words: dict[int, tuple[int, ...]]) -> dict[int, tuple[str, int]]:
    """Matches naming an organisation or person the actor is linked to or against, not the actor:
    glued by a hyphen to a backing or opposing word ("the Al Qaeda-linked group", "ISIS-inspired
    gunmen", "pro-Hamas protesters", "anti-Taliban militias") or in the phrase after a written-out
    link ("militants loyal to Abu Musab al-Zarqawi", "fighters backed by the RSF"; the last name
    of the phrase first, it is the phrase's head). Match index -> (the word's kind, backing or
    opposing; the word's match index), most likely affiliation first."""
    ms, source = inp.matches, inp.source
    out: dict[int, tuple[str, int]] = {}
    for k, m in enumerate(ms):
        kind = next((t.kind for t in m.targets
                     if t.kind in ("backing", "opposing") and t.form not in PATRON_WORDS), None)
        if kind is None:
            continue
        prev, nxt = ms[k - 1] if k else None, ms[k + 1] if k + 1 < len(ms) else None
        if kind == "backing" and prev and _names_entry(prev) and _glued(source, prev.toks[-1], m.toks[0]):
            out[k - 1] = (kind, k)
        elif nxt and _names_entry(nxt) and _glued(source, m.toks[-1], nxt.toks[0]):
            out[k + 1] = (kind, k)
        elif k in words:
            for j in reversed(words[k]):
                if _names_entry(ms[j]):
                    out[j] = (kind, k)
    return out


def _apply_affiliation(f: dict[str, object], linked: list[tuple[Match[Target], Match[Target]]],
                       d: ActorDictionary) -> None:
    """The first linked organisation or person (with the match of its link word) is kept as
    `affiliation`; a mention with no role noun, or only a weak "group", linked to an armed group
    is armed too ("an Al Qaeda-linked group" REB)."""
    for m, word in linked:
        named = [t for t in m.targets if t.kind == "entry" and t.value in d.entries]
        weak = {t.value for t in named if t.weak}  # a surname: only when one person has it
        choices = _entry_choices([(d.entries[t.value], t.layer) for t in named if not t.weak]) or (
            tuple(d.entries[i] for i in weak) if len(weak) == 1 else ())
        if not choices:
            continue
        e = choices[0]
        f["affiliation"] = e.id
        f["belongs"] = any(t.kind == "backing" and t.value == "belonging" for t in word.targets)
        sector = f.get("sector")
        generic = sector is None or (f.get("sector_weak") and sector == "SOC")
        if generic and not e.is_person and e.sector in ARMED_SECTORS:
            f.update(sector=e.sector, sector_why=f"linked to {e.name} ({e.sector})", sector_weak=False)
        return


def _residence(inp: PartInput, cut: int | None) -> int | None:
    """ "exiled dissidents in London", "dissidents in exile in Paris", "refugees living in Lebanon":
    the index of the "in" right after the head that says where people living abroad live."""
    if cut is None:
        return None
    norms = [t.norm for t in inp.toks]
    j = cut - inp.offset
    if norms[j:j + 2] == ["in", "exile"]:
        j += 2
    if j < len(norms) and norms[j] in SETTLED:
        j += 1
    return j + inp.offset if j < len(norms) and norms[j] in ("in", "inside") else None


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


def _country(m: Match[Target]) -> tuple[str, str] | None:
    t = next((t for t in m.targets if t.kind == "country"), None)
    return (t.value, t.form) if t else None


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
