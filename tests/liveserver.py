"""Start ``aimsgraph serve`` as a real server on 127.0.0.1 for tests that need one.

Used by the API server tests and the security suite: a fresh store per server, the admin key
given, bounded start-up wait, the process always stopped (terminate, then kill).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")
ADMIN_KEY = "live-server-test-admin"


def free_port() -> int:
    """A port nobody listens on right now (on the loopback interface)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    """A running server: its base URL, admin key and process."""

    base: str
    admin_key: str
    process: subprocess.Popen[bytes]


@contextmanager
def live_server(
    store: Path,
    env: Mapping[str, str] | None = None,
    start_timeout: float = 120,
    log: Path | None = None,
) -> Iterator[LiveServer]:
    """Run ``aimsgraph serve`` on a free loopback port with ``store``; ``env`` adds settings;
    ``log`` receives the server's stdout and stderr (else they are discarded)."""
    port = free_port()
    environment = {
        **os.environ,
        "AIMSGRAPH_STORE": str(store),
        "AIMSGRAPH_ADMIN_KEY": ADMIN_KEY,
        **(env or {}),
    }
    output = log.open("wb") if log is not None else None
    process = subprocess.Popen(
        [AIMSGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        stdout=output or subprocess.DEVNULL,
        stderr=output or subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the server exited with {process.returncode} at start-up")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError(f"the server did not start within {start_timeout:g} s")
        yield LiveServer(base, ADMIN_KEY, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        if output is not None:
            output.close()
