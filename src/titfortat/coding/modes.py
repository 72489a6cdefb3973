"""Mode refinement from weapon and force words (data/weapons.yaml).

"Israeli warplanes struck a building" has the generic trigger "strike"; the warplanes make it
an aerial ASSAULT. Cues inside the trigger's own phrase beat cues elsewhere in the sentence;
then the nearest cue wins.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from titfortat.coding.lexicon import default_lexicon
from titfortat.datafiles import data_path, load_yaml
from titfortat.nlp.draft import Draft

Cues = dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


@lru_cache(maxsize=1)
def weapon_cues() -> Cues:
    raw = load_yaml(data_path("weapons.yaml"))
    out: Cues = {}
    for event, modes in raw.items():
        if event == "__line__":
            continue
        out[event] = tuple((mode, tuple(str(c).lower() for c in cues))
                           for mode, cues in modes.items() if mode != "__line__")
    return out


@lru_cache(maxsize=4)
def _cue_index(event: str) -> dict[str, tuple[tuple[tuple[str, ...], int, str], ...]]:
    """Cues by first word: (all words, rank of the mode, mode)."""
    index: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
    for rank, (mode, cues) in enumerate(weapon_cues().get(event, ())):
        for cue in cues:
            parts = tuple(cue.split())
            index.setdefault(parts[0], []).append((parts, rank, mode))
    return {k: tuple(v) for k, v in index.items()}


def find_cue(d: Draft, event: str, own_only: bool = False) -> str | None:
    """The mode whose cue is nearest to the trigger (own phrase first)."""
    found = find_cue_token(d, event, own_only)
    return found[0] if found else None


def find_cue_token(d: Draft, event: str, own_only: bool = False) -> tuple[str, Token] | None:
    """The nearest cue's mode and its first token."""
    index = _cue_index(event)
    if not index:
        return None
    sent = d.sent
    head = d.head
    inside = {t.i for t in head.subtree} | ({t.i for t in head.head.subtree} if d.kind == "noun" else set())
    lemmas = [t.lemma_.lower() for t in sent]
    words = [t.lower_ for t in sent]
    best: tuple[int, int, int, str, int] | None = None
    for k, tok in enumerate(sent):
        for key in {lemmas[k], words[k]}:
            for parts, rank, mode in index.get(key, ()):
                n = len(parts)
                if tuple(lemmas[k:k + n]) != parts and tuple(words[k:k + n]) != parts:
                    continue
                if d.trigger.start <= tok.i < d.trigger.end and d.entry.mode:
                    continue
                if own_only and tok.i not in inside:
                    continue
                cand = (0 if tok.i in inside else 1, abs(tok.i - head.i), rank, mode, tok.i)
                if best is None or cand < best:
                    best = cand
    return (best[3], sent.doc[best[4]]) if best else None


def refine_mode(d: Draft) -> None:
    e = d.entry
    if e.event == "ASSAULT" and (e.mode is None or e.mode == "explosives"):
        mode = find_cue(d, "ASSAULT")
        if mode and mode != e.mode and (e.mode is None or mode in ("aerial", "drone", "suicide-attack")):
            _set(d, mode)
    elif e.event == "ASSAULT" and e.mode == "heavy-weapons":
        mode = find_cue(d, "ASSAULT", own_only=True)
        if mode in ("aerial", "drone"):
            _set(d, mode)  # "the bombardment of the city by army aircraft"
    elif e.event == "MOBILIZE":
        mode = find_cue(d, "MOBILIZE")
        if mode and mode != e.mode:
            _set(d, mode)


def _set(d: Draft, mode: str) -> None:
    lex = default_lexicon()
    cameo = d.entry.cameo
    if d.entry.event == "ASSAULT":
        cameo = {"aerial": "195", "drone": "195", "heavy-weapons": "194", "firearms": "193",
                 "suicide-attack": "1831", "explosives": "183", "unconventional": "204",
                 "beat": "182", "crowd-control": "175"}.get(mode, cameo)
    d.entry = lex.variant(d.entry, mode=mode, cameo=cameo)
    d.notes.append(f"mode {mode} from weapon words in the sentence")
