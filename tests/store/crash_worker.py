"""Ingest a deterministic synthetic corpus: `python crash_worker.py DB_URL N_STORIES`.

Used by test_crash.py, which kills this process with SIGKILL mid-run and starts it again.
The corpus has duplicate reports (clusters), corrected stories (same id, new text) and
unreadable items, so every write path runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from tests.store.factory import BAGHDAD, BASRA, StoryResult, failure, make_event, result
from titfortat.store import Store


def corpus(n: int) -> Iterator[StoryResult]:
    for i in range(n):
        if i % 97 == 13:
            yield failure(f"feed.jsonl:{i}")
            continue
        day = 1 + (i // 7) % 28
        loc = BAGHDAD if i % 3 else BASRA
        events = [make_event(f"s{i}", k, date=f"2025-02-{day:02d}", loc=loc, confidence=0.3 + (i % 5) / 10,
                             event=("ASSAULT", "PROTEST", "COERCE")[(i + k) % 3]) for k in range(1 + i % 3)]
        yield result(f"s{i}", events, source=f"src{i % 4}")
        if i % 50 == 49:  # a correction of an earlier story
            j = i - 30
            yield result(f"s{j}", [make_event(f"s{j}", 0, date="2025-02-20", loc=BASRA)], text=f"fixed {i}",
                         source=f"src{j % 4}")


if __name__ == "__main__":
    url, n = sys.argv[1], int(sys.argv[2])
    with Store.open(url) as store:
        store.ingest(corpus(n), batch_size=10)
