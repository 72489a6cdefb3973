"""Ray: coding on a real local cluster (started once for this module, 2 CPUs) gives the
records of one process in input order, survives a killed worker, and `ingest --ray` stores
what a one-process ingest stores."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from titfortat.api import StoryResult
from titfortat.cli import main
from titfortat.ingest.readers import read_paths
from titfortat.parallel.ray_coder import LOCAL, RayCoder

from .conftest import dump, result_lines

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A new local Ray cluster (not one another program may be running on this machine), in
    a short temporary folder: Ray's socket paths must stay under 108 characters."""
    folder = tempfile.mkdtemp(prefix="tft-ray-", dir="/tmp")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, **LOCAL,
             _temp_dir=folder)
    yield ray
    ray.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


def test_ray_codes_what_one_process_codes_even_when_a_worker_is_killed(
        cluster: Any, corpus: Path, serial: list[StoryResult]) -> None:
    coder = RayCoder(cluster, workers=2, batch_size=4)
    results = coder.run(read_paths([str(corpus)]))
    got = [next(results)]  # the actors are up and coding
    victim = cluster.get(coder.actors[0].pid.remote())
    os.kill(victim, signal.SIGKILL)
    got += list(results)
    coder.close()
    assert len(got) == len(serial)
    assert result_lines(got) == result_lines(serial)


def test_ingest_on_ray_stores_what_one_process_stores(cluster: Any, corpus: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TITFORTAT_BATCH_SIZE", "4")  # the driver cuts the batches
    one, on_ray = str(tmp_path / "one.db"), str(tmp_path / "ray.db")
    assert main(["ingest", str(corpus), "--db", one, "--quiet"]) == 1  # the unreadable line
    assert main(["ingest", str(corpus), "--db", on_ray, "--ray", "--workers", "2", "--quiet"]) == 1
    assert dump(on_ray) == dump(one)
