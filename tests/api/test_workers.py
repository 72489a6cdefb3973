"""`titfortat serve --workers 2`: two processes on one port give the same answers, and a
write (through either process, or by `titfortat ingest`) shows at once in both, although
each keeps its answers in its own cache."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests.serving import TOKEN, Server, serve

from .conftest import BACKENDS, sample_db

T = TypeVar("T")
pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc to tell the processes apart")

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
# Written for this test: a story dated in a month the sample corpus does not cover.
POSTED = (b'{"id": "workers-1", "date": "2031-06-11", "title": "Detentions near Mosul", '
          b'"text": "Turkish soldiers detained three smugglers near Mosul on Tuesday, a local official said."}\n')
INGESTED = ('{"id": "workers-2", "date": "2031-06-18", "title": "Talks in Erbil", '
            '"text": "The Iraqi prime minister met Kurdish leaders in Erbil on Wednesday to discuss the budget."}\n')
MONTH = "/api/events?since=2031-06-01&until=2031-06-30&limit=1000"
SAME = [
    "/api/events?limit=25",
    "/api/events?limit=10&type=COERCE",
    "/api/exchanges?a=IRQ:GOV&b=IRQ:PRM",
    "/api/dyads/series?a=IRQ:GOV&b=IRQ:PRM&period=month",
    "/api/reciprocity?a=IRQ:GOV&b=IRQ:PRM",
    "/api/dyads",
    "/api/timeline",
    "/api/map?limit=50",
    "/api/actors",
    "/api/events?since=not-a-date",
    "/api/events?limit=100000",
    "/api/events/no-such-id",
    "/api/exchanges?a=IRQ:GOV",
]


def processes(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return [pid, *children]


def owner(conn: http.client.HTTPConnection, port: int, pids: list[int]) -> int | None:
    """The server process holding the other end of `conn` (from /proc/net/tcp's socket inode)."""
    assert conn.sock is not None
    mine = conn.sock.getsockname()[1]
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and int(fields[2].split(":")[1], 16) == mine:
            inode = f"socket:[{fields[9]}]"
    for pid in pids:
        fds = Path(f"/proc/{pid}/fd")
        for fd in fds.iterdir():
            try:
                if os.readlink(fd) == inode:
                    return pid
            except OSError:
                continue
    return None


def get(conn: http.client.HTTPConnection, path: str, method: str = "GET", body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    res = conn.getresponse()
    return res.status, res.read()


def keeping_alive(conns: list[http.client.HTTPConnection], work: Callable[[], T]) -> T:
    """`work()` in a thread while the connections ask for /api/health every second (the
    server closes a connection idle for 5 s, and a new one may reach the other process)."""
    out: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        for conn in conns:
            assert get(conn, "/api/health")[0] == 200
        thread.join(1.0)
    if failed:
        raise failed[0]
    return out[0]


@pytest.fixture(scope="module", params=BACKENDS)
def two(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of two processes over the sample corpus."""
    tmp = tmp_path_factory.mktemp("workers")
    # connections stay open however slowly a busy machine runs the test between two requests
    with serve(sample_db(request.param, tmp), tmp / "server.log", args=("--workers", "2"),
               extra_env={"TITFORTAT_SERVE_KEEP_ALIVE": "600"}) as running:
        yield running


@pytest.fixture()
def per_process(two: Server) -> Iterator[dict[int, http.client.HTTPConnection]]:
    """A kept-alive connection to each of the two processes (new connections until the
    kernel has handed one to each)."""
    pids = processes(two.pid)
    assert len(pids) == 2, f"expected the server and one forked copy, found {pids}"
    found: dict[int, http.client.HTTPConnection] = {}
    spare = []
    for _ in range(400):
        conn = http.client.HTTPConnection(two.host, two.port, timeout=120)
        assert get(conn, "/api/health")[0] == 200
        pid = owner(conn, two.port, pids)
        if pid is not None and pid not in found:
            found[pid] = conn
        else:
            spare.append(conn)
        for kept in found.values():  # the server closes a connection idle for 5 s
            assert get(kept, "/api/health")[0] == 200
        if len(found) == 2:
            break
        if len(spare) > 20:  # hold some open so that the busy process is not always the one to accept
            spare.pop(0).close()
    assert len(found) == 2, "the kernel gave every connection to one process"
    yield found
    for conn in [*found.values(), *spare]:
        conn.close()


def ask(conn: http.client.HTTPConnection, other: http.client.HTTPConnection, path: str, method: str = "GET",
        body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """`get` on `conn`, keeping `other` alive meanwhile (a first analysis can take seconds)."""
    return keeping_alive([other], lambda: get(conn, path, method, body, headers))


def test_both_processes_give_the_same_answers(per_process: dict[int, http.client.HTTPConnection]) -> None:
    first, second = per_process.values()
    for path in SAME:
        a, b = ask(first, second, path), ask(second, first, path)
        assert a == b, path
        assert a[0] == 200 or (400 <= a[0] < 500 and "error" in json.loads(a[1])), (path, a)
        again = ask(first, second, path)  # from the cache now
        assert again == a, path


def test_a_write_through_one_process_shows_at_once_in_the_other(
        per_process: dict[int, http.client.HTTPConnection]) -> None:
    writer, reader = per_process.values()
    before = {e["id"] for e in json.loads(ask(reader, writer, MONTH)[1])["items"]}  # now in the reader's cache
    assert not any(i.startswith("workers-1-") for i in before)
    status, body = ask(writer, reader, "/api/stories", "POST", POSTED, AUTH)
    assert status == 200, body[:300]
    new = [i for i in json.loads(body)["event_ids"] if i.startswith("workers-1-")]
    assert new
    for conn, other in ((reader, writer), (writer, reader)):
        listed = {e["id"] for e in json.loads(ask(conn, other, MONTH)[1])["items"]}
        assert set(new) <= listed
        assert ask(conn, other, f"/api/events/{new[0]}")[0] == 200


def test_an_ingest_from_the_command_line_shows_at_once(per_process: dict[int, http.client.HTTPConnection],
                                                       two: Server, tmp_path: Path) -> None:
    first, second = per_process.values()
    for conn, other in ((first, second), (second, first)):  # the month's answer is in both caches
        assert ask(conn, other, MONTH)[0] == 200
    stories = tmp_path / "stories.jsonl"
    stories.write_text(INGESTED, encoding="utf-8")
    command = [sys.executable, "-m", "titfortat", "ingest", str(stories), "--db", two.db, "--quiet"]
    done = keeping_alive(list(per_process.values()),
                         lambda: subprocess.run(command, capture_output=True, text=True, timeout=600))
    assert done.returncode == 0, done.stderr[-2000:]
    for conn, other in ((first, second), (second, first)):
        listed = {e["story_id"] for e in json.loads(ask(conn, other, MONTH)[1])["items"]}
        assert "workers-2" in listed
