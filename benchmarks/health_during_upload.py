#!/usr/bin/env python3
"""How responsive the server stays while an organisation uploads its data (issue #18, item 4).

    python benchmarks/health_during_upload.py --systems 2000

Generates the organisation (benchmarks/generate.py), starts ``aimsgraph serve`` on 127.0.0.1
with a fresh store (tests/liveserver.py), uploads the four files, and polls ``/health`` and
another organisation's ``GET /orgs/{org}`` for as long as the upload is in flight (the last
poll may end after the upload: before the fix it waited for the whole upload). Prints
the latencies (figures are printed, never asserted).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from generate import generate  # noqa: E402
from liveserver import live_server  # noqa: E402

FILES = ("organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv")


def register(base: str, admin: str, org: str) -> str:
    response = httpx.post(
        f"{base}/orgs", json={"id": org, "name": org}, headers={"X-API-Key": admin}, timeout=60
    )
    response.raise_for_status()
    return str(response.json()["api_key"])


def figures(name: str, latencies: list[float]) -> str:
    ms = sorted(x * 1000 for x in latencies)
    return (
        f"{name}: {len(ms)} answers, p50 {statistics.median(ms):.0f} ms, "
        f"p95 {ms[max(0, math.ceil(0.95 * len(ms)) - 1)]:.0f} ms, max {ms[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2, help="uploads (2nd on: a replace)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "org"
        generate(args.systems, 7, folder)
        with live_server(Path(tmp) / "store") as server:
            big = register(server.base, server.admin_key, "big")
            small = register(server.base, server.admin_key, "small")
            for round_number in range(1, args.rounds + 1):
                measure(server.base, folder, big, small, f"round {round_number}", args.systems)


def measure(base: str, folder: Path, big: str, small: str, name: str, systems: int) -> None:
    """One upload of ``folder`` as "big" while /health and "small" are polled."""
    done = threading.Event()
    result: dict[str, object] = {}

    def upload() -> None:
        started = time.perf_counter()
        parts = [("files", (n, (folder / n).read_bytes(), "text/plain")) for n in FILES]
        response = httpx.put(
            f"{base}/orgs/big/data", files=parts, headers={"X-API-Key": big}, timeout=900
        )
        result["status"] = response.status_code
        result["seconds"] = time.perf_counter() - started
        done.set()

    thread = threading.Thread(target=upload)
    thread.start()
    health: list[float] = []
    other: list[float] = []
    with httpx.Client(timeout=900) as client:
        while not done.is_set():
            for url, headers, into in (
                (f"{base}/health", {}, health),
                (f"{base}/orgs/small", {"X-API-Key": small}, other),
            ):
                started = time.perf_counter()
                client.get(url, headers=headers).raise_for_status()
                into.append(time.perf_counter() - started)  # the last may end after it
            time.sleep(0.05)
    thread.join()
    print(
        f"{name}: upload of {systems} systems: HTTP {result['status']} in {result['seconds']:.1f} s"
    )
    print("  " + figures("/health during the upload", health))
    print("  " + figures("another organisation's GET /orgs/{org}", other))


if __name__ == "__main__":
    main()
