"""Speed of the places stage: gazetteer load time (cold build, warm cache) and the stage's
cost per story next to the spaCy parse it runs after.

Stories are made of the sentences of tests/geo/place_cases.jsonl, eight to a story, with a
draft on every sentence's root (a trigger stage would create about as many).

    .venv/bin/python benchmarks/places_speed.py [N_STORIES]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from spacy.tokens import Doc

from titfortat.coding.lexicon import LexEntry
from titfortat.geo import tables
from titfortat.geo.component import PlacesComponent
from titfortat.geo.gazetteer import Gazetteer
from titfortat.nlp.draft import Draft, drafts, memory, register_extensions
from titfortat.nlp.pipeline import load_base

CASES = Path(__file__).resolve().parents[1] / "tests" / "geo" / "place_cases.jsonl"
ENTRY = LexEntry(pattern="bench", pos="verb", lemma="bench", particle=None, objects=(), modifiers=(),
                 event="ASSAULT", mode=None, cameo="190", goldstein=-10.0, event_scale=-9.0, quad_code=4,
                 contexts=(), acled_type=None, acled_sub=None, confidence=1.0, needs_recipient=False,
                 roles="normal", source="benchmark")


def stories(n: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    return [" ".join(texts[(i * 8 + j) % len(texts)] for j in range(8)) for i in range(n)]


def add_drafts(doc: Doc) -> None:
    for sent in doc.sents:
        root = sent.root
        drafts(doc).append(Draft(trigger=doc[root.i: root.i + 1], head=root, entry=ENTRY,
                                 kind="noun" if root.pos_ == "NOUN" else "verb"))


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 200
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        tables.load_tables(Path(tmp))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        gaz = Gazetteer(tables.load_tables(Path(tmp)))
        warm = time.perf_counter() - start
    print(f"gazetteer: first build {cold:.2f} s, load from cache {warm:.2f} s")

    register_extensions()
    nlp = load_base()
    stage = PlacesComponent(gaz)
    stage.preload()  # the actors' resolver too, loaded once by the pipeline
    texts = stories(n)
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - start
    for doc, text in zip(docs, texts, strict=True):
        memory(doc)["text"] = text  # as api.code_stories does: the stage reads the story text
        add_drafts(doc)
    start = time.perf_counter()
    for doc in docs:
        stage(doc)
    places = time.perf_counter() - start
    n_drafts = sum(len(drafts(d)) for d in docs)
    print(f"{n} stories, {n_drafts} drafts")
    print(f"spaCy parse:  {1000 * parse / n:.1f} ms per story")
    print(f"places stage: {1000 * places / n:.2f} ms per story ({100 * places / parse:.1f} % of the parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
