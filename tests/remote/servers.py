"""Start and stop the SPARQL servers the remote-store tests run against, on 127.0.0.1.

Each server gets a free port and a temporary directory of its own, and is stopped at the end
of the session. Oxigraph comes from PyPI (the ``oxigraph`` command, a dev dependency);
Virtuoso Open Source from Debian (``virtuoso-t``, installed by scripts/setup-test-deps.sh).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from aimsgraph.engine.store.remote_config import RemoteConfig

VIRTUOSO_USER = "aimsgraph_test"
VIRTUOSO_PASSWORD = "aimsgraph-test-password"


@dataclass(frozen=True)
class Server:
    """A running server and how to reach it."""

    name: str
    config: RemoteConfig
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start-up:\n{log.read_text()[-2000:]}")
        try:
            response = httpx.get(url, params={"query": "ASK {}"}, timeout=2)
            if response.status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} after {seconds:g} s:\n{log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise RuntimeError("the oxigraph server is missing: pip install '.[dev]'")
    return found


@contextmanager
def oxigraph(directory: Path) -> Iterator[Server]:
    """``oxigraph serve`` with its own database directory."""
    port = free_port()
    log = directory / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                oxigraph_command(),
                "serve",
                "--location",
                str(directory / "db"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query", process, log)
        config = RemoteConfig(
            query=f"{base}/query", update=f"{base}/update", graph_store=f"{base}/store"
        )
        yield Server("oxigraph", config, process, log)
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 30000
MaxDirtyBuffers = 20000
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def virtuoso_command() -> str:
    found = shutil.which("virtuoso-t")
    if found is None:
        raise RuntimeError("virtuoso-t is missing: run scripts/setup-test-deps.sh")
    return found


@contextmanager
def virtuoso(directory: Path) -> Iterator[Server]:
    """Virtuoso with a generated ini: its own database files and ports on 127.0.0.1, and a
    test user who alone is granted SPARQL update (through the Digest-protected endpoints)."""
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port),
        encoding="utf-8",
    )
    log = directory / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [virtuoso_command(), "-f", "-c", str(ini)],
            cwd=directory,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait(f"{base}/sparql", process, log)
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is None:
            raise RuntimeError("isql-vt is missing: run scripts/setup-test-deps.sh")
        grant = (
            f"DB.DBA.USER_CREATE ('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
            f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";'
        )
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        config = RemoteConfig(
            query=f"{base}/sparql-auth",
            update=f"{base}/sparql-auth",
            graph_store=f"{base}/sparql-graph-crud-auth",
            user=VIRTUOSO_USER,
            password=VIRTUOSO_PASSWORD,
        )
        yield Server("virtuoso", config, process, log)
    finally:
        _stop(process)
