"""The endpoint's worker processes and checkpoints (issue #18, item 2), without a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aimsgraph.engine.endpoint.answers import QueryTimeoutError, QueryTooLargeError
from aimsgraph.engine.endpoint.snapshots import Snapshots, snapshot_root
from aimsgraph.engine.endpoint.sparql import Endpoint
from aimsgraph.engine.errors import QueryRefusedError
from aimsgraph.engine.store import EmbeddedStore
from aimsgraph.engine.store.datasets import ONTOLOGY
from procinfo import alive

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:p>|!<urn:p>)* ?o }"


@pytest.fixture
def store(tmp_path: Path, _analysis_store: EmbeddedStore) -> EmbeddedStore:
    _analysis_store.checkpoint(tmp_path / "store")
    return EmbeddedStore(tmp_path / "store")


@pytest.fixture
def endpoint(store: EmbeddedStore) -> Iterator[Endpoint]:
    running = Endpoint(store, max_rows=20, timeout=2, workers=2)
    yield running
    running.close()


def test_a_timed_out_query_kills_its_worker(endpoint: Endpoint) -> None:
    before = set(endpoint.worker_pids())
    with pytest.raises(QueryTimeoutError, match="stopped"):
        endpoint.run(EXPENSIVE, "", None)
    after = set(endpoint.worker_pids())
    killed = before - after
    assert len(killed) == 1 and not any(alive(p) for p in killed)
    assert len(after) == 2  # a fresh worker took its place
    answer = endpoint.run("ASK { ?s ?p ?o }", "application/sparql-results+json", None)
    assert answer.body == b'{"head": {}, "boolean": true}'


def test_errors_come_back_from_the_worker_as_they_were(endpoint: Endpoint) -> None:
    with pytest.raises(QueryTooLargeError, match="more than 20 rows"):
        endpoint.run("SELECT * WHERE { ?s ?p ?o }", "", None)
    with pytest.raises(QueryRefusedError, match="urn:f"):
        endpoint.run("SELECT (<urn:f>(1) AS ?x) {}", "", None)
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        endpoint.run("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "", None)


def test_long_queries_are_checked_in_the_worker(endpoint: Endpoint) -> None:
    """150 triple patterns in a row exceed the default recursion limit of rdflib's parser;
    the worker, single-threaded and killable, allows more (and parses there, not here)."""
    patterns = " ".join(f"<urn:s> <urn:p{n}> <urn:o> ." for n in range(150))
    answer = endpoint.run(f"ASK {{ {patterns} }}", "text/csv", None)
    assert answer.body == b"false"


def test_workers_see_writes_through_a_new_checkpoint(
    endpoint: Endpoint, store: EmbeddedStore
) -> None:
    ask = "ASK { <urn:new> ?p ?o }"
    assert endpoint.run(ask, "text/csv", None).body == b"false"
    data = store.export(ONTOLOGY.graph) + b"<urn:new> <urn:p> <urn:o> .\n"
    store.replace_graph(ONTOLOGY.graph, data, "nt", "a new version")
    assert endpoint.run(ask, "text/csv", None).body == b"true"
    assert len(list(snapshot_root(store.location).iterdir())) == 1  # the old one is gone


def test_checkpoints_are_cleaned_at_start_and_close(store: EmbeddedStore) -> None:
    root = snapshot_root(store.location)
    (root / "7").mkdir(parents=True)  # left by a killed server
    snapshots = Snapshots(store)
    assert list(root.iterdir()) == []
    with snapshots.use() as first:
        assert first.is_dir() and first.parent == root
        # next to the store, so the checkpoint's tables are hard links, not copies
        assert any(table.stat().st_nlink > 1 for table in first.glob("*.sst"))
    store.replace_graph("urn:g", "<urn:a> <urn:b> <urn:c> .\n", "nt", "1")
    with snapshots.use() as second:
        assert second != first and not first.exists()  # the old one had no users
        store.replace_graph("urn:g", "<urn:a> <urn:b> <urn:d> .\n", "nt", "2")
        with snapshots.use() as third:
            assert second.exists() and third.exists()  # in use: kept
        assert third.exists()  # the newest stays
    assert not second.exists()
    snapshots.close()
    assert not root.exists()
