"""Orphaned staging graphs (issue #18, item 6): a staging graph left by a killed import is
removed by the next write and by `store init`, shown by `store info`; a running write's own
staging graph is never taken for a stale one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from aimsgraph.engine.store import EmbeddedStore
from aimsgraph.engine.store.protocol import STAGING

GRAPH = "https://w3id.org/aimsgraph/graph/test"
GOOD = "<urn:a> <urn:p> <urn:b> .\n"
ORPHAN = f"{STAGING}00000000-dead-beef-0000-000000000000"
AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")


def leave_orphan(store: EmbeddedStore, triples: int = 3) -> None:
    """What kill -9 during an import leaves: a filled staging graph, never swapped."""
    store._store.extend(
        ox.Quad(
            ox.NamedNode(f"urn:s{i}"),
            ox.NamedNode("urn:p"),
            ox.Literal(str(i)),
            ox.NamedNode(ORPHAN),
        )
        for i in range(triples)
    )


def test_the_next_replace_removes_a_stale_staging_graph(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1")
    leave_orphan(fresh_store)
    assert fresh_store.stale_staging() == [ORPHAN]
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v2")
    assert fresh_store.stale_staging() == []
    assert fresh_store.count(ORPHAN) == 0
    assert fresh_store.count() == 1 + 2  # the live triple and its version record (2 quads)


def test_a_first_load_and_a_drop_also_remove_it(fresh_store: EmbeddedStore) -> None:
    leave_orphan(fresh_store)
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1")  # the new-graph path
    assert fresh_store.count(ORPHAN) == 0
    leave_orphan(fresh_store)
    fresh_store.drop_graph(GRAPH)
    assert fresh_store.count() == 0


def test_a_running_writes_own_staging_graph_is_kept(fresh_store: EmbeddedStore) -> None:
    staging = ox.NamedNode(f"{STAGING}running")
    with fresh_store._cleanup(staging):
        fresh_store._store.add(
            ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"), staging)
        )
        assert fresh_store.drop_stale_staging() == []  # another thread's write, mid-load
        assert fresh_store.count(staging.value) == 1
    assert fresh_store.count(staging.value) == 0  # its own write removes it at the end


def test_store_info_shows_it_and_store_init_removes_it(tmp_path: Path) -> None:
    location = tmp_path / "store"
    store = EmbeddedStore(location)
    leave_orphan(store, triples=7)
    store.flush()
    del store

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [AIMSGRAPH, *args, "--store", str(location)],
            capture_output=True,
            text=True,
            timeout=300,
        )

    info = run("store", "info", "--format", "csv")
    assert info.returncode == 0, info.stderr
    assert f"{ORPHAN},staging: interrupted import" in info.stdout
    assert info.stdout.rstrip().endswith(",7")
    init = run("store", "init")
    assert init.returncode == 0, init.stderr
    assert "removed 1 staging graph" in init.stdout
    assert ORPHAN not in run("store", "info", "--format", "csv").stdout
