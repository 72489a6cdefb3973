"""Where people living abroad live: a place that says where they are, not who they are.

With an exile word in the mention (`abroad` in `agents.yaml`: "exiled", "exiles", "émigrés",
"diaspora", "refugees", "asylum seekers", "expatriates", "migrants"), an "in <place>" right
after the head phrase ("exiled dissidents in London", "dissidents in exile in Paris",
"refugees living in Lebanon") names the country they live in. `parts.read_part` keeps it as
`Part.residence` and does not take it for their country: "exiled Iranian dissidents in
London" are Iranian, "exiled dissidents in London" are not British.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from titfortat.actors.dictionary import Target, country_of
from titfortat.actors.text import CUT, Match

if TYPE_CHECKING:
    from titfortat.actors.parts import PartInput

SETTLED: frozenset[str] = frozenset({"living", "based", "residing", "sheltering", "staying", "settled"})


def _home(inp: PartInput, cut: int | None) -> int | None:
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


def read_residence(inp: PartInput, cut: int | None, countries: list[tuple[int, Match[Target]]]
                   ) -> tuple[int | None, str | None, set[int]]:
    """For a mention of people living abroad, whose head phrase ends at token `cut`: the index
    of the "in" that says where they live, the country they live in (the first of `countries`,
    match index and match, between that "in" and the next preposition) and the match indices
    of the countries of that place, which say where they live, not who they are. Otherwise
    (None, None, no indices)."""
    ms = inp.matches
    home = _home(inp, cut) if any(t.kind == "abroad" for m in ms for t in m.targets) else None
    if home is None:
        return None, None, set()
    end = next((i for i, t in enumerate(inp.toks[home + 1 - inp.offset:], home + 1) if t.norm in CUT
                and not any(m.start <= i < m.end for m in ms)), 10**6)
    lives = [k for k, m in countries if home < m.start < end]
    where = country_of(ms[lives[0]])[0] if lives else None  # type: ignore[index]
    return home, where, set(lives)
