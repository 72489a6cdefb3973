"""`--workers N`: code stories on N processes of this machine, results in input order.

The driver loads the pipeline once and forks the workers, which inherit it loaded (the
pages stay shared until written; `pipeline.load` freezes them out of the garbage
collector's reach for that reason). The driver reads the input lazily, sends batches of
stories to the workers, keeps at most two batches per worker in flight, and yields each
batch's results when its turn in the input order comes: the output is the output of one
process, byte for byte, and memory does not grow with the corpus.

A worker that dies (killed, out of memory) breaks the pool: a new pool is started and each
unfinished batch runs again alone, so the batch that kills a worker is known; it is tried
`RETRIES` more times, then its stories come back as `WorkerLost` errors, which ingest
records as skipped (a rerun tries them again). Every other story is coded.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.language import Language

from titfortat import settings
from titfortat.api import StoryResult, code_stories
from titfortat.nlp import pipeline
from titfortat.parallel.batches import Item, batched, lost, resolve_workers

RETRIES = 2  # new attempts for a batch whose worker died
IN_FLIGHT_PER_WORKER = 2

_NLP: Language | None = None  # the worker's pipeline (set in the driver before the fork)


def code_parallel(items: Iterable[Item], workers: int = 1, batch_size: int | None = None,
                  model: str | None = None, actors: Iterable[str] = ()) -> Iterator[StoryResult]:
    """Code `items` on `workers` processes (0: all cores); same results, same order as
    `titfortat.api.code_stories`. One worker codes in this process."""
    n = resolve_workers(workers)
    size: int = batch_size or settings.get("batch_size")
    nlp = pipeline.load(model, tuple(str(a) for a in actors))
    if n == 1:
        yield from code_stories(items, nlp=nlp, batch_size=size)
        return
    global _NLP
    _NLP = nlp  # inherited by the forked workers
    yield from _Driver(n, size).run(batched(items, size))


def _code_batch(batch: list[Item], size: int) -> list[StoryResult]:
    """Runs in a worker: one batch through the inherited pipeline."""
    assert _NLP is not None, "worker started without a pipeline"
    return list(code_stories(batch, nlp=_NLP, batch_size=size))


def _worker_init(parent: int) -> None:
    """Runs in a worker as it starts: leave Ctrl-C to the driver (which stops the pool), and
    end when the driver ends, even by `kill -9` (no orphans). Linux signals the worker
    itself; elsewhere a thread watches for the parent to change.

    Each worker also starts a session of its own, as Ray's workers do. Linux schedules by
    session ("autogroup"): workers left in the driver's session share one session's CPU
    time, so on a machine busy with other work N workers ran no faster than one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # already a session leader
        os.setsid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL) == 0 and os.getppid() == parent:  # 1: PR_SET_PDEATHSIG
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Driver:
    """Feeds batches to a process pool and hands back results in input order."""

    def __init__(self, workers: int, size: int) -> None:
        self.workers = workers
        self.size = size
        self.pool = self._new_pool()
        # (batch, tries so far, future) in input order
        self.queue: deque[tuple[list[Item], int, Future[list[StoryResult]]]] = deque()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(os.getpid(),))

    def run(self, batches: Iterator[list[Item]]) -> Iterator[StoryResult]:
        try:
            for batch in batches:
                self.queue.append((batch, 0, self._submit(batch)))
                while len(self.queue) >= self.workers * IN_FLIGHT_PER_WORKER:
                    yield from self._next()
            while self.queue:
                yield from self._next()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: list[Item]) -> Future[list[StoryResult]]:
        try:
            return self.pool.submit(_code_batch, batch, self.size)
        except BrokenProcessPool:
            self._restart()
            return self.pool.submit(_code_batch, batch, self.size)

    def _next(self) -> Iterator[StoryResult]:
        """The results of the oldest batch (after a worker died: see `_recover`)."""
        batch, _tries, future = self.queue[0]
        try:
            results = future.result()
        except BrokenProcessPool:
            self._recover()
            results = self.queue[0][2].result()
        self.queue.popleft()
        yield from results

    def _recover(self) -> None:
        """A worker died, and with it the pool. Which batch killed it is unknown, so each
        unfinished batch runs again alone on a new pool: one that kills its worker again is
        to blame, and is tried again up to `RETRIES` times before its stories are given up."""
        self._restart()
        for i, (batch, tries, future) in enumerate(self.queue):
            if future.done() and not future.cancelled() and future.exception() is None:
                continue
            while True:
                retry = self._submit(batch)
                try:
                    self.queue[i] = (batch, tries, _finished(retry.result()))
                    break
                except BrokenProcessPool:
                    self._restart()
                    tries += 1
                    if tries >= RETRIES:
                        reason = f"a worker process died while coding it ({tries + 1} tries)"
                        self.queue[i] = (batch, tries, _finished(lost(batch, reason)))
                        break

    def _restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()


def _finished(results: list[StoryResult]) -> Future[list[StoryResult]]:
    done: Future[list[StoryResult]] = Future()
    done.set_result(results)
    return done
