#!/usr/bin/env python3
"""p50/p95 latency of GET /orgs/{org}/coverage on a real server on 127.0.0.1.

    python benchmarks/api_latency.py --systems 0,1000 --requests 20

Size 0 means the bundled example organisation. The script starts ``aimsgraph serve`` on a
free loopback port with a throw-away store, registers each organisation, uploads its files,
sends the requests one after another and prints the percentiles. Bounded in count and time.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default="0,1000")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "AIMSGRAPH_STORE": f"{tmp}/store",
            "AIMSGRAPH_ADMIN_KEY": ADMIN,
            "AIMSGRAPH_MAX_BODY": str(200 * 1024 * 1024),
        }
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "aimsgraph"), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            print("| organisation | AI systems | requests | p50 | p95 | max |")
            print("|---|---|---|---|---|---|")
            for size in (int(s) for s in args.systems.split(",")):
                folder = ROOT / "examples" / "northwind-bank"
                if size:
                    folder = Path(tmp) / f"org-{size}"
                    generate(size, 7, folder)
                org = f"latency-{size}"
                key = httpx.post(
                    f"{base}/orgs", json={"id": org, "name": org}, headers={"X-API-Key": ADMIN}
                ).json()["api_key"]
                files = [("files", (p.name, p.read_bytes())) for p in sorted(folder.iterdir())]
                upload = httpx.put(
                    f"{base}/orgs/{org}/data", files=files, headers={"X-API-Key": key}, timeout=600
                )
                upload.raise_for_status()
                timings = []
                for _ in range(args.requests):
                    start = time.perf_counter()
                    response = httpx.get(
                        f"{base}/orgs/{org}/coverage",
                        params={"as_of": "2026-11-23"},
                        headers={"X-API-Key": key},
                        timeout=600,
                    )
                    response.raise_for_status()
                    timings.append(time.perf_counter() - start)
                timings.sort()
                p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
                systems = size or 4
                print(
                    f"| {org} | {systems} | {len(timings)} | {statistics.median(timings):.3f} s | "
                    f"{p95:.3f} s | {timings[-1]:.3f} s |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
