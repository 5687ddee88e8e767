"""The CLI next to a running server (issue #18, items 7 and 9): a write while `serve` holds
the embedded store is one plain sentence naming the server and what to do (no RocksDB LOCK
error), read-only commands keep working, and messages print user text as written."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from liveserver import LiveServer, live_server

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "northwind-bank"


def aimsgraph(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIMSGRAPH_STORE": str(store), "COLUMNS": "200"}
    return subprocess.run(
        [AIMSGRAPH, *args], capture_output=True, text=True, env=env, check=False, timeout=300
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LiveServer]]:
    store = tmp_path_factory.mktemp("shared") / "store"
    with live_server(store) as server:
        yield store, server


def test_a_write_while_the_server_runs_says_so_plainly(served: tuple[Path, LiveServer]) -> None:
    store, server = served
    result = aimsgraph(store, "org", "import", str(EXAMPLE))
    assert result.returncode == 4
    line = " ".join(result.stderr.split())
    assert f"is in use by `aimsgraph serve` (process {server.process.pid})" in line
    assert f"change data through its API at {server.base}" in line
    assert "stop the server first" in line and "pass --store DIR" in line
    assert "LOCK" not in result.stderr and "Traceback" not in result.stderr


def test_a_second_server_on_the_same_store_is_one_line(served: tuple[Path, LiveServer]) -> None:
    store, server = served
    result = aimsgraph(store, "serve", "--port", "1")  # exits before binding anything
    assert result.returncode == 4
    assert result.stderr.startswith("error: the store at") and result.stderr.count("\n") == 1
    assert f"its API at {server.base}" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr and "LOCK" not in result.stderr


HOLD = """
import sys
from aimsgraph.engine.store import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


def test_a_write_while_another_process_holds_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        ready, _, _ = select.select([holder.stdout], [], [], 120)  # bounded wait
        assert ready and holder.stdout.readline() == "holding\n"
        result = aimsgraph(store, "org", "import", str(EXAMPLE))
    finally:
        holder.communicate(timeout=60)
    assert result.returncode == 4
    line = " ".join(result.stderr.split())
    assert result.stderr.count("\n") == 1 and line.startswith("error: the store at")
    assert f"(process {holder.pid})" in line
    assert "wait for it to finish, stop it, or pass --store DIR" in line
    assert "Traceback" not in result.stderr and "LOCK" not in result.stderr


def test_read_only_commands_work_while_the_server_runs(served: tuple[Path, LiveServer]) -> None:
    store, _ = served
    result = aimsgraph(store, "catalog", "frameworks", "--format", "json")
    assert result.returncode == 0, result.stderr


def test_messages_print_emoji_codes_as_written(tmp_path: Path) -> None:
    store = tmp_path / ":id:" / "store"
    result = aimsgraph(store, "store", "info", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "/:id:/store" in result.stdout and "\U0001f194" not in result.stdout  # no emoji
