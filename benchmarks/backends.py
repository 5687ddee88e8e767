#!/usr/bin/env python3
"""The same organisation on each store backend: import, gaps, coverage, one column each.

    python benchmarks/backends.py --backend embedded,oxigraph-server,virtuoso [--systems 1000]

(also ``python benchmarks/run.py --backend ...``). The servers are started here on
127.0.0.1 with temporary databases, exactly as the test suite starts them
(``tests/remote/servers.py``: the Oxigraph server from PyPI, Virtuoso from Debian).
Catalog installation is timed separately: it happens once per store, not per analysis.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "remote")]
# Imported after the path is set: generate.py and the test suite's server starters.
from aimsgraph.engine import bootstrap  # noqa: E402
from aimsgraph.engine.analysis import coverage, gaps  # noqa: E402
from aimsgraph.engine.org import loader  # noqa: E402
from aimsgraph.engine.store import EmbeddedStore, Store  # noqa: E402
from aimsgraph.engine.store.remote import RemoteStore  # noqa: E402
from generate import generate  # noqa: E402
from servers import oxigraph, virtuoso  # noqa: E402

BACKENDS = ("embedded", "oxigraph-server", "virtuoso")
PHASES = ("install catalogs", "import", "gaps", "coverage", "import + gaps + coverage")


@contextmanager
def open_backend(name: str, directory: Path) -> Iterator[Store]:
    if name == "embedded":
        yield EmbeddedStore(directory / "store")
    elif name == "oxigraph-server":
        with oxigraph(directory) as server:
            yield RemoteStore(server.config)
    elif name == "virtuoso":
        with virtuoso(directory) as server:
            yield RemoteStore(server.config)
    else:
        raise SystemExit(f"unknown backend {name!r}; choose from {', '.join(BACKENDS)}")


def measure(name: str, folder: Path, as_of: dt.date) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, open_backend(name, Path(tmp)) as store:
        times: dict[str, float] = {}
        start = time.perf_counter()
        bootstrap.install_all(store)
        times["install catalogs"] = time.perf_counter() - start
        start = time.perf_counter()
        data, _ = loader.import_org(store, folder)
        times["import"] = time.perf_counter() - start
        org = data.organisation.id
        start = time.perf_counter()
        gaps.gaps(store, org, as_of, "fast")
        times["gaps"] = time.perf_counter() - start
        start = time.perf_counter()
        coverage.coverage(store, org, as_of)
        times["coverage"] = time.perf_counter() - start
        times["import + gaps + coverage"] = times["import"] + times["gaps"] + times["coverage"]
        return times


def compare(backends: list[str], systems: int, seed: int, as_of: dt.date, data: Path) -> None:
    """Print one table, a column per backend."""
    folder = data / f"org-{systems}-seed{seed}"
    if not (folder / "evidence.csv").exists():
        generate(systems, seed, folder)
    results = {name: measure(name, folder, as_of) for name in backends}
    print(f"\n{systems} AI systems, per backend (seconds)\n")
    print("| phase | " + " | ".join(backends) + " |")
    print("|---|" + "---|" * len(backends))
    for phase in PHASES:
        cells = " | ".join(f"{results[b][phase]:.2f} s" for b in backends)
        print(f"| {phase} | {cells} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default=",".join(BACKENDS))
    parser.add_argument("--systems", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-11-23")
    args = parser.parse_args()
    compare(
        args.backend.split(","),
        args.systems,
        args.seed,
        dt.date.fromisoformat(args.as_of),
        HERE / "data",
    )


if __name__ == "__main__":
    main()
