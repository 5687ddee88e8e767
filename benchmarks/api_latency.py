#!/usr/bin/env python3
"""p50/p95/max latency of GET /orgs/{org}/coverage and /gaps on a real server on 127.0.0.1.

    python benchmarks/api_latency.py --systems 0,1000 --requests 20
    python benchmarks/api_latency.py --before /work/main/.venv/bin/aimsgraph

Size 0 means the bundled example organisation. The script starts ``aimsgraph serve`` on a
free loopback port with a throw-away store, registers each organisation, uploads its files,
sends the requests one after another on one kept-alive connection (``--new-client``: a new
client per request) and prints the percentiles (the first request included: ``max`` shows
what a cold start costs). It does so for each server in one run, on
the same store: ``cache-off`` (``AIMSGRAPH_ANALYSIS_CACHE=off``, the reference path: every
query over every analysis graph), ``cache-on`` (the default), and with ``--before``
another checkout's ``aimsgraph`` (e.g. main before the cache) first. Bounded in count and time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "latency-admin"
AS_OF = "2026-11-23"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(binary: str, store: Path, cache: str) -> tuple[subprocess.Popen[bytes], str]:
    """A server on a free loopback port, once it answers /health."""
    port = free_port()
    env = {
        **os.environ,
        "AIMSGRAPH_STORE": str(store),
        "AIMSGRAPH_ADMIN_KEY": ADMIN,
        "AIMSGRAPH_MAX_BODY": str(200 * 1024 * 1024),
        "AIMSGRAPH_ANALYSIS_CACHE": cache,
    }
    server = subprocess.Popen(
        [binary, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(480):
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"{binary} serve did not answer /health")


def upload(base: str, size: int, tmp: Path) -> tuple[str, str]:
    """Register the organisation of ``size`` systems and upload its files: (id, key)."""
    folder = ROOT / "examples" / "northwind-bank"
    if size:
        folder = tmp / f"org-{size}"
        generate(size, 7, folder)
    org = f"latency-{size}"
    key = httpx.post(
        f"{base}/orgs", json={"id": org, "name": org}, headers={"X-API-Key": ADMIN}
    ).json()["api_key"]
    files = [("files", (p.name, p.read_bytes())) for p in sorted(folder.iterdir())]
    response = httpx.put(
        f"{base}/orgs/{org}/data", files=files, headers={"X-API-Key": key}, timeout=600
    )
    response.raise_for_status()
    return org, key


def measure(
    base: str, org: str, key: str, path: str, requests: int, new_client: bool = False
) -> list[float]:
    """Seconds per request, sequential, the first one included.

    One HTTP client for all of them (a kept-alive connection, as an integration's client
    keeps it), so the figures are the server's. ``new_client``: a new client per request,
    as this harness did until session 5; that adds the client's own set-up (~40 ms on this
    machine, mostly building its TLS context, even for plain HTTP) to every figure."""
    timings = []
    with httpx.Client(timeout=600) as shared:
        for _ in range(requests):
            start_time = time.perf_counter()
            if new_client:
                with httpx.Client(timeout=600) as client:
                    response = client.get(
                        f"{base}/orgs/{org}/{path}",
                        params={"as_of": AS_OF},
                        headers={"X-API-Key": key},
                    )
            else:
                response = shared.get(
                    f"{base}/orgs/{org}/{path}",
                    params={"as_of": AS_OF},
                    headers={"X-API-Key": key},
                )
            response.raise_for_status()
            timings.append(time.perf_counter() - start_time)
    return sorted(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default="0,1000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--paths", default="coverage,gaps")
    parser.add_argument("--before", help="another checkout's aimsgraph executable")
    parser.add_argument(
        "--new-client",
        action="store_true",
        help="a new HTTP client per request (the harness's method before session 5)",
    )
    args = parser.parse_args()
    ours = str(Path(sys.executable).parent / "aimsgraph")
    servers = [("cache-off", ours, "off"), ("cache-on", ours, "on")]
    if args.before:
        servers.insert(0, ("before", args.before, "on"))
    sizes = [int(s) for s in args.systems.split(",")]
    print("| server | organisation | AI systems | path | requests | p50 | p95 | max |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        orgs: dict[int, tuple[str, str]] = {}
        for label, binary, cache in servers:
            server, base = start(binary, store, cache)
            try:
                for size in sizes:
                    if size not in orgs:
                        orgs[size] = upload(base, size, Path(tmp))
                    org, key = orgs[size]
                    for path in args.paths.split(","):
                        timings = measure(base, org, key, path, args.requests, args.new_client)
                        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
                        print(
                            f"| {label} | {org} | {size or 4} | /{path} | {len(timings)} | "
                            f"{statistics.median(timings) * 1000:.0f} ms | "
                            f"{p95 * 1000:.0f} ms | {timings[-1] * 1000:.0f} ms |",
                            flush=True,
                        )
            finally:
                server.terminate()
                server.wait(timeout=60)


if __name__ == "__main__":
    main()
