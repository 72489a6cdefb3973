"""Links between an actor and another party: who backs, opposes, holds or is allied with it.

A mention often names a second party that is not the actor: a backer ("Iran-backed
militias", "backed by Iran", "pro-Iranian", "Iran's proxies"), an adversary ("an anti-Syria
journalist"), a controller ("Russian-held Kherson", "the Hamas-run health ministry") or an
organisation or person the actor is affiliated with ("the Al Qaeda-linked Somali group",
"pro-Hamas protesters", "militants loyal to Abu Musab al-Zarqawi"). The link is written
either glued by a hyphen or out in full: a backing word, then "to", "with" or "by", then
the name ("linked to", "allied with", "backed by"; "close to" is one phrase).

These helpers find such links among the alias matches of one conjunct, so that
`parts.read_part` does not take the other party for the actor: a backer's country becomes
`Part.backer`, an affiliated organisation or person `Part.affiliation` (with `belongs` when
the word says the actor is in that camp), and an armed affiliation arms a generic head.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from titfortat.actors.dictionary import ActorDictionary, Target, country_of, entry_choices
from titfortat.actors.text import CUT, Match, Tok

if TYPE_CHECKING:
    from titfortat.actors.parts import PartInput

PATRON_WORDS: frozenset[str] = frozenset({"ally", "allies", "proxy", "proxies"})
HYPHENS = "-\u2010\u2011"
ARMED_SECTORS: frozenset[str] = frozenset({"REB", "PRM"})
LINK_PREPS: frozenset[str] = frozenset({"to", "with", "by"})  # "linked to", "allied with", "backed by"


def glued(source: str, a: Tok, b: Tok) -> bool:
    """ "Qaeda-linked", "pro-Hamas": two words joined by a hyphen."""
    return b.start == a.end + 1 and source[a.end:b.start] in HYPHENS


def backing(m: Match[Target]) -> Target | None:
    """The backing word of a match ("linked", "backed", "close to"), patron nouns aside."""
    return next((t for t in m.targets if t.kind == "backing" and t.form not in PATRON_WORDS), None)


def controllers(ms: list[Match[Target]]) -> set[int]:
    """Matches glued to the control word after them ("the Hamas-run health ministry" is the
    ministry): a name glued to "run", "held", "controlled" holds the body, it is not it."""
    return {k - 1 for k, m in enumerate(ms) if k > 0 and ms[k - 1].end == m.start
            and any(t.kind == "control" for t in m.targets)}


def word_links(inp: PartInput) -> dict[int, tuple[int, ...]]:
    """Links written out: a backing word, then "to", "with" or "by" ("linked to", "loyal to",
    "allied with", "backed by"; "close to" is one phrase), then at once a name. Index of the
    backing match -> indices of the matches of the phrase it links, up to the next
    preposition other than "of" ("loyal to the jihadist leader Abu Musab al-Zarqawi")."""
    ms, toks, off = inp.matches, inp.toks, inp.offset
    end = off + len(toks)
    out: dict[int, tuple[int, ...]] = {}
    for k, m in enumerate(ms[:-1]):
        if backing(m) is None:
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
    found = country_of(ms[j])
    if found is None or found[1] != "adj":
        return True
    nxt = ms[j + 1] if j + 1 < len(ms) else None
    return nxt is not None and nxt.start == ms[j].end and any(t.kind in ("agent", "entry") for t in nxt.targets)


def _names_entry(m: Match[Target]) -> bool:
    return country_of(m) is None and any(t.kind == "entry" for t in m.targets)


def affiliates(inp: PartInput, words: dict[int, tuple[int, ...]]) -> dict[int, tuple[str, int]]:
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
        if kind == "backing" and prev and _names_entry(prev) and glued(source, prev.toks[-1], m.toks[0]):
            out[k - 1] = (kind, k)
        elif nxt and _names_entry(nxt) and glued(source, m.toks[-1], nxt.toks[0]):
            out[k + 1] = (kind, k)
        elif k in words:
            for j in reversed(words[k]):
                if _names_entry(ms[j]):
                    out[j] = (kind, k)
    return out


def read_backers(f: dict[str, object], inp: PartInput, words: dict[int, tuple[int, ...]],
                 linked: dict[int, tuple[str, int]]) -> set[int]:
    """Sets `backer` (and `belongs`) in the Part's fields `f` from a backing word and its
    country ("Iran-backed", "backed by Iran", "pro-Iranian") or from a patron noun and its
    possessor ("Israel's militia ally", "Iran's proxies"). Returns the indices of the country
    matches that name another party, not the actor: backers, the country of a linked body
    ("linked to Russia's GRU"), adversaries ("an anti-Syria journalist") and controllers
    ("Russian-held Kherson")."""
    ms = inp.matches
    backer_idx: set[int] = set()
    for k, m in enumerate(ms):
        word = backing(m)
        if word is None:
            continue
        prev, rem = ms[k - 1] if k else None, words.get(k, ())
        backer = None
        if prev and prev.end == m.start and country_of(prev) and word.form != "close to":
            backer = k - 1  # "Iran-backed"
        elif k - 1 in linked:
            pass  # the backing word belongs to the organisation before it, not the country after
        elif any(j in linked for j in rem):
            backer_idx.update(j for j in rem if country_of(ms[j]))  # "linked to Russia's GRU": the body's country
        elif rem and country_of(ms[rem[0]]) and _noun_like(ms, rem[0]):
            backer = rem[0]  # "backed by Iran", "linked to the Syrian government"
            backer_idx.update(j for j in rem if country_of(ms[j]))
        elif k + 1 < len(ms) and country_of(ms[k + 1]) and glued(inp.source, m.toks[-1], ms[k + 1].toks[0]):
            backer = k + 1  # "pro-Iranian"
        if backer is not None:
            f["backer"] = country_of(ms[backer])[0]  # type: ignore[index]
            f["belongs"] = word.value == "belonging"
            backer_idx.add(backer)
    for k, m in enumerate(ms):
        patron = next((t for t in m.targets if t.kind == "backing" and t.form in PATRON_WORDS), None)
        if patron is not None and k not in backer_idx and "backer" not in f:
            # "Israel's militia ally", "Iran's proxies": the possessor is the patron
            prior = [j for j in range(k) if country_of(ms[j]) and j not in backer_idx]
            if prior:
                f["backer"] = country_of(ms[prior[-1]])[0]  # type: ignore[index]
                backer_idx.add(prior[-1])
        if any(t.kind == "opposing" for t in m.targets) and k + 1 < len(ms) and country_of(ms[k + 1]):
            backer_idx.add(k + 1)  # "an anti-Syria journalist" is not Syrian
        if any(t.kind == "control" for t in m.targets) and k > 0 and ms[k - 1].end == m.start and country_of(ms[k - 1]):
            backer_idx.add(k - 1)  # "Russian-held Kherson" is not Russia's people
    return backer_idx


def apply_affiliation(f: dict[str, object], linked: list[tuple[Match[Target], Match[Target]]],
                      d: ActorDictionary) -> None:
    """The first linked organisation or person (with the match of its link word) is kept as
    `affiliation`; a mention with no role noun, or only a weak "group", linked to an armed group
    is armed too ("an Al Qaeda-linked group" REB)."""
    for m, word in linked:
        named = [t for t in m.targets if t.kind == "entry" and t.value in d.entries]
        weak = {t.value for t in named if t.weak}  # a surname: only when one person has it
        choices = entry_choices([(d.entries[t.value], t.layer) for t in named if not t.weak]) or (
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
