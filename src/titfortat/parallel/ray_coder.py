"""`ingest --ray ADDRESS`: code stories on a Ray cluster, results in input order.

Each Ray actor (`Coder`) loads the pipeline once and codes whole batches. The driver reads
the input lazily, keeps at most `IN_FLIGHT_PER_ACTOR` batches per actor in flight (so a
corpus is never held in memory), and yields each batch's results in input order; the caller
writes them (the Store: one writer, SQLite or PostgreSQL). Ray restarts an actor whose
process died and runs its unfinished batches again (`max_restarts`, `max_task_retries`);
a batch that still fails comes back as `WorkerLost` errors, recorded as skipped stories,
which a rerun codes again. No story is lost without a trace.

Ray is an optional dependency (`pip install 'titfortat[ray]'`); it is imported only here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from titfortat import settings
from titfortat.api import StoryResult
from titfortat.errors import UsageError
from titfortat.parallel.batches import Item, batched, lost

IN_FLIGHT_PER_ACTOR = 2
RESTARTS = 3  # times Ray restarts a dead actor, and runs a failed batch again


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise UsageError("--ray needs Ray: pip install 'titfortat[ray]' (or `make setup`)") from exc
    return ray


def connect(address: str, workers: int = 0) -> Any:
    """Join the cluster at `address` ("auto": a running local cluster, else a new one on
    this machine with `workers` CPUs, all when 0). Returns the ray module."""
    ray = _ray()
    if ray.is_initialized():
        return ray
    env = {"env_vars": {k: v for k, v in os.environ.items() if k.startswith("TITFORTAT_")}}
    kwargs: dict[str, Any] = {"runtime_env": env, "log_to_driver": False,
                              "include_dashboard": False, "configure_logging": False}
    try:
        if address == "auto":
            try:
                ray.init(address="auto", **kwargs)
            except ConnectionError:
                ray.init(num_cpus=workers or None, **kwargs)
        else:
            ray.init(address=address, **kwargs)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise UsageError(f"cannot join the Ray cluster at {address!r}: {exc}") from exc
    return ray


class Coder:
    """A Ray actor holding one pipeline (wrapped by `ray.remote` in `_actor_class`)."""

    def __init__(self, model: str | None, actors: tuple[str, ...]) -> None:
        from titfortat.nlp import pipeline

        self.nlp = pipeline.load(model, actors)

    def code(self, batch: list[Item], size: int) -> list[StoryResult]:
        from titfortat.api import code_stories

        return list(code_stories(batch, nlp=self.nlp, batch_size=size))

    def pid(self) -> int:
        return os.getpid()


def _actor_class(ray: Any) -> Any:
    return ray.remote(num_cpus=1, max_restarts=RESTARTS, max_task_retries=RESTARTS)(Coder)


def code_on_ray(items: Iterable[Item], address: str = "auto", workers: int = 0,
                batch_size: int | None = None, model: str | None = None,
                actors: Iterable[str] = ()) -> Iterator[StoryResult]:
    """Code `items` on `workers` Ray actors (0: one per CPU of the cluster); same results,
    same order as `titfortat.api.code_stories`."""
    ray = connect(address, workers)
    size: int = batch_size or settings.get("batch_size")
    n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    cls = _actor_class(ray)
    pool = [cls.remote(model, tuple(str(a) for a in actors)) for _ in range(n)]
    queue: deque[tuple[list[Item], Any]] = deque()
    try:
        for i, batch in enumerate(batched(items, size)):
            queue.append((batch, pool[i % n].code.remote(batch, size)))
            while len(queue) >= n * IN_FLIGHT_PER_ACTOR:
                yield from _take(ray, queue.popleft())
        while queue:
            yield from _take(ray, queue.popleft())
    finally:
        for actor in pool:
            ray.kill(actor)


def _take(ray: Any, entry: tuple[list[Item], Any]) -> list[StoryResult]:
    batch, ref = entry
    try:
        results: list[StoryResult] = ray.get(ref)
    except (ray.exceptions.RayActorError, ray.exceptions.RayTaskError) as exc:
        reason = " ".join(str(exc).split())[:200]
        return lost(batch, f"a Ray worker failed on it {RESTARTS + 1} times: {reason}")
    return results
