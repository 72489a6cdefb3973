"""Scale fixtures: a corpus of many stories made from the sample stories (examples/), and
helpers to run the CLI in a subprocess and compare stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from titfortat.api import StoryResult, code_stories
from titfortat.ingest.readers import read_paths
from titfortat.model import Story
from titfortat.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def sample_stories() -> list[Story]:
    return [s for s in read_paths([str(EXAMPLES)]) if isinstance(s, Story)]


def write_corpus(path: Path, copies: int) -> Path:
    """`copies` times every sample story, each copy under its own id, plus one unreadable
    line in the middle (its error must come out in its place)."""
    stories = sample_stories()
    with path.open("w", encoding="utf-8") as f:
        for k in range(copies):
            for s in stories:
                f.write(json.dumps({"id": f"{s.id}-{k}", "text": s.text, "title": s.title,
                                    "date": s.date.isoformat() if s.date else None}) + "\n")
            if k == copies // 2:
                f.write("{not json\n")
    return path


@pytest.fixture(scope="module")
def serial(nlp: Language, corpus: Path) -> list[StoryResult]:
    """The corpus coded by one process, the reference for every parallel run."""
    return list(code_stories(read_paths([str(corpus)]), nlp=nlp))


def result_lines(results: list[StoryResult]) -> list[str]:
    """Each story's records as one JSON line (or its error), for byte-for-byte comparison."""
    return [json.dumps([e.to_dict() for e in r.events]) if r.error is None else f"error {r.error}"
            for r in results]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "stories.jsonl", 2)


def titfortat(*args: str, env: dict[str, str] | None = None,
              timeout: float = 600) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "titfortat", *args], capture_output=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def dump(url: str) -> list[str]:
    with Store.open(url) as s:
        return list(s.canonical_dump())
