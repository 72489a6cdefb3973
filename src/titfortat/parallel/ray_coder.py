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
# A cluster this process starts serves this machine only: it listens on the loopback address.
LOCAL: dict[str, Any] = {"_node_ip_address": "127.0.0.1"}
RESTARTS = 3  # times Ray restarts a dead actor, and runs a failed batch again


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise UsageError("--ray needs Ray: pip install 'titfortat[ray]' (or `make setup`)") from exc
    return ray


def connect(address: str, workers: int = 0) -> Any:
    """Join the cluster at `address`: "auto" joins the cluster running on this machine, or
    starts one; "local" always starts a new one (with `workers` CPUs, 0: all); anything
    else is a cluster's host:port or ray:// address. Returns the ray module."""
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
                ray.init(address="local", num_cpus=workers or None, **LOCAL, **kwargs)
        elif address == "local":
            ray.init(address="local", num_cpus=workers or None, **LOCAL, **kwargs)
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

    def peak_rss_mb(self) -> float:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _actor_class(ray: Any) -> Any:
    return ray.remote(num_cpus=1, max_restarts=RESTARTS, max_task_retries=RESTARTS)(Coder)


def code_on_ray(items: Iterable[Item], address: str = "auto", workers: int = 0,
                batch_size: int | None = None, model: str | None = None,
                actors: Iterable[str] = ()) -> Iterator[StoryResult]:
    """Code `items` on `workers` Ray actors (0: one per CPU of the cluster); same results,
    same order as `titfortat.api.code_stories`."""
    coder = RayCoder(connect(address, workers), workers, batch_size, model, actors)
    try:
        yield from coder.run(items)
    finally:
        coder.close()


class RayCoder:
    """A set of `Coder` actors and the driver loop that feeds them batches in turn."""

    def __init__(self, ray: Any, workers: int = 0, batch_size: int | None = None,
                 model: str | None = None, actors: Iterable[str] = ()) -> None:
        self.ray = ray
        self.size: int = batch_size or settings.get("batch_size")
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        cls = _actor_class(ray)
        self.actors = [cls.remote(model, tuple(str(a) for a in actors)) for _ in range(n)]

    def run(self, items: Iterable[Item]) -> Iterator[StoryResult]:
        n = len(self.actors)
        queue: deque[tuple[list[Item], Any]] = deque()
        for i, batch in enumerate(batched(items, self.size)):
            queue.append((batch, self.actors[i % n].code.remote(batch, self.size)))
            while len(queue) >= n * IN_FLIGHT_PER_ACTOR:
                yield from self._take(*queue.popleft())
        while queue:
            yield from self._take(*queue.popleft())

    def ready(self) -> None:
        """Wait until every actor has loaded its pipeline."""
        self.ray.get([a.pid.remote() for a in self.actors])

    def peak_rss_mb(self) -> list[float]:
        """Each actor's peak resident memory so far, in MB."""
        return [float(mb) for mb in self.ray.get([a.peak_rss_mb.remote() for a in self.actors])]

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)

    def _take(self, batch: list[Item], ref: Any) -> list[StoryResult]:
        try:
            results: list[StoryResult] = self.ray.get(ref)
        except (self.ray.exceptions.RayActorError, self.ray.exceptions.RayTaskError) as exc:
            reason = " ".join(str(exc).split())[:200]
            return lost(batch, f"a Ray worker failed on it {RESTARTS + 1} times: {reason}")
        return results
