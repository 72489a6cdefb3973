"""What the local pool and the Ray driver share: cutting the input into numbered batches,
the number of workers, and the stand-in result for stories a dead worker took with it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from titfortat.api import StoryResult
from titfortat.errors import StoryError, UsageError
from titfortat.model import Story

T = TypeVar("T")
Item = Story | StoryError


class WorkerLost(StoryError):
    """The process coding this story died (killed, out of memory) more often than retried."""


def resolve_workers(n: int) -> int:
    """`--workers N`: N processes; 0 means one per core this process may use."""
    if n < 0:
        raise UsageError(f"--workers must be 0 (all cores) or more, not {n}")
    if n == 0:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    return n


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` consecutive items (the last may be shorter); reads lazily."""
    if size < 1:
        raise UsageError(f"batch size must be 1 or more, not {size}")
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def lost(batch: list[Item], reason: str) -> list[StoryResult]:
    """Results for a batch no worker could finish: its errors pass through, and each story
    becomes a skipped story (recorded by ingest, so a rerun tries it again)."""
    out = []
    for item in batch:
        if isinstance(item, StoryError):
            out.append(StoryResult(story=None, error=item))
        else:
            out.append(StoryResult(story=None, error=WorkerLost(item.origin, reason)))
    return out
