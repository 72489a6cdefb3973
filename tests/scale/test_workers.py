"""`--workers N`: the same records in the same order as one process, on every path a user
takes (code to stdout, ingest to a store), and no story lost when a worker dies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from titfortat.api import StoryResult
from titfortat.errors import UsageError
from titfortat.ingest.readers import read_paths
from titfortat.parallel import code_parallel, pool, resolve_workers
from titfortat.parallel.batches import WorkerLost, batched

from .conftest import result_lines, titfortat


def test_workers_zero_means_every_core_and_negative_is_refused() -> None:
    assert resolve_workers(0) == len(os.sched_getaffinity(0))
    assert resolve_workers(3) == 3
    with pytest.raises(UsageError, match="--workers must be 0"):
        resolve_workers(-1)


def test_batched_reads_lazily_and_keeps_every_item() -> None:
    def endless():  # type: ignore[no-untyped-def]
        n = 0
        while True:
            yield n
            n += 1

    first = next(batched(endless(), 4))
    assert first == [0, 1, 2, 3]
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_two_workers_give_the_records_of_one_process_in_order(serial: list[StoryResult], corpus: Path) -> None:
    parallel = list(code_parallel(read_paths([str(corpus)]), workers=2, batch_size=5))
    assert len(parallel) == len(serial) > 80
    assert any(r.error is not None for r in parallel)  # the unreadable line, in its place
    assert result_lines(parallel) == result_lines(serial)


REAL_CODE_BATCH = pool._code_batch


def die_once(batch: list, size: int) -> list:  # type: ignore[type-arg]
    """A worker that is killed the first time it meets the story 'marker'."""
    flag = Path(os.environ["TFT_TEST_FLAG"])
    if not flag.exists() and any(getattr(i, "id", "").endswith("-1") for i in batch):
        flag.write_text("died")
        os._exit(137)
    return REAL_CODE_BATCH(batch, size)


def die_always(batch: list, size: int) -> list:  # type: ignore[type-arg]
    if any(getattr(i, "id", "") == "ex-2025-02-11-baghdad-commander-arrest-0" for i in batch):
        os._exit(137)
    return REAL_CODE_BATCH(batch, size)


def test_a_killed_worker_loses_no_story(serial: list[StoryResult], corpus: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TFT_TEST_FLAG", str(tmp_path / "flag"))
    monkeypatch.setattr(pool, "_code_batch", die_once)
    parallel = list(code_parallel(read_paths([str(corpus)]), workers=2, batch_size=5))
    assert (tmp_path / "flag").exists(), "no worker died: the test did not test anything"
    assert result_lines(parallel) == result_lines(serial)


def test_a_story_that_kills_every_worker_is_skipped_and_the_rest_goes_on(
        serial: list[StoryResult], corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "_code_batch", die_always)
    parallel = list(code_parallel(read_paths([str(corpus)]), workers=2, batch_size=5))
    assert len(parallel) == len(serial)
    lost = [r for r in parallel if isinstance(r.error, WorkerLost)]
    assert len(lost) == 5  # the poisoned story's batch, and no other
    assert "a worker process died while coding it (3 tries)" in str(lost[0].error)
    kept = [i for i, r in enumerate(parallel) if not isinstance(r.error, WorkerLost)]
    assert len(kept) == len(serial) - len(lost)
    assert [result_lines(parallel)[i] for i in kept] == [result_lines(serial)[i] for i in kept]


def test_code_cli_output_is_byte_for_byte_that_of_one_worker() -> None:
    """The sample corpus with its user actor dictionary, in batches of 4 stories."""
    env = {"TITFORTAT_BATCH_SIZE": "4"}
    args = ("code", "examples/", "--actors", "examples/actors.yaml", "--format", "jsonl")
    one = titfortat(*args, "--workers", "1", env=env)
    two = titfortat(*args, "--workers", "2", "--progress", env=env)
    assert one.returncode == two.returncode == 0, two.stderr.decode()[-2000:]
    assert one.stdout == two.stdout and one.stdout.count(b"\n") > 40
    assert b"Rafidain Resistance Alliance" in two.stdout  # the sample coalition, coded with its dictionary
    assert b"stories/s)" in two.stderr and b"code: " in two.stderr


def test_code_cli_refuses_negative_workers() -> None:
    done = titfortat("code", "examples/", "--workers", "-2")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == "titfortat: error: --workers must be 0 (all cores) or more, not -2"
