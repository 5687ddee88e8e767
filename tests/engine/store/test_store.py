"""The embedded store: atomic graph replacement, versions, idempotent install."""

from __future__ import annotations

import pytest
from aimsgraph.engine.errors import StoreError
from aimsgraph.engine.store import EmbeddedStore, Iri, datasets

GRAPH = "https://w3id.org/aimsgraph/graph/test"
GOOD = "<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> <urn:c> .\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_replace_graph_loads_and_records_version(fresh_store: EmbeddedStore) -> None:
    assert fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1") == 2
    assert fresh_store.count(GRAPH) == 2
    assert fresh_store.graph_versions() == {GRAPH: "v1"}
    assert fresh_store.replace_graph(GRAPH, "<urn:x> <urn:p> <urn:y> .", "nt", "v2") == 1
    assert fresh_store.select(COUNT, graphs=[GRAPH]) == [
        {"n": "1"}
    ]  # the old triples are gone, not merged
    assert fresh_store.graph_versions() == {GRAPH: "v2"}


def test_failed_replace_leaves_the_store_exactly_as_it_was(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1")
    before = sorted(map(str, fresh_store._store))
    with pytest.raises(StoreError, match="cannot parse"):
        fresh_store.replace_graph(GRAPH, "<urn:a> <urn:p> .", "nt", "v2")
    assert sorted(map(str, fresh_store._store)) == before
    assert fresh_store.graph_versions() == {GRAPH: "v1"}


def test_failed_first_load_writes_nothing(fresh_store: EmbeddedStore) -> None:
    # A graph that does not exist yet takes the one-transaction path (no staging graph).
    with pytest.raises(StoreError, match="cannot parse"):
        fresh_store.replace_graph(GRAPH, GOOD + "<urn:a> <urn:p> .", "nt", "v1")
    assert fresh_store.count() == 0
    assert fresh_store.graph_versions() == {}
    assert fresh_store.replace_graph(GRAPH, GOOD + GOOD, "nt", "v1") == 2  # duplicates once
    assert fresh_store.graph_versions() == {GRAPH: "v1"}


def test_unknown_format_is_refused(fresh_store: EmbeddedStore) -> None:
    with pytest.raises(StoreError, match="unsupported RDF format"):
        fresh_store.replace_graph(GRAPH, GOOD, "docx", "v1")
    assert fresh_store.count() == 0


def test_drop_graph(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1")
    assert fresh_store.drop_graph(GRAPH) is True
    assert fresh_store.count() == 0
    assert fresh_store.drop_graph(GRAPH) is False


def test_reads_are_confined_to_the_chosen_graphs(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1")
    fresh_store.replace_graph(GRAPH + "2", "<urn:z> <urn:p> <urn:z> .", "nt", "v1")
    assert fresh_store.select(COUNT, graphs=[GRAPH + "2"]) == [{"n": "1"}]
    assert fresh_store.select(COUNT, graphs=[GRAPH, GRAPH + "2"]) == [{"n": "3"}]
    # Without a choice, reads see the union of every graph (catalogs, metadata, ...).
    assert int(fresh_store.select(COUNT)[0]["n"]) > 3


def test_parameters_are_bound_not_spliced(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(GRAPH, GOOD, "nt", "v1")
    query = "SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o"
    assert [r["o"] for r in fresh_store.select(query, {"s": Iri("urn:a")})] == ["urn:b", "urn:c"]
    # A string that looks like SPARQL stays a literal and matches nothing.
    assert fresh_store.select(query, {"s": "urn:a } UNION { ?s ?p ?o"}) == []


def test_install_is_idempotent_and_persistent(tmp_path: pytest.TempPathFactory) -> None:
    location = tmp_path / "db"  # type: ignore[operator]
    first = datasets.install(EmbeddedStore(location))
    assert {r.action for r in first} == {"loaded"}
    reopened = EmbeddedStore(location)
    second = datasets.install(reopened)
    assert {r.action for r in second} == {"unchanged"}
    assert [r.triples for r in second] == [r.triples for r in first]


def test_a_new_catalog_version_replaces_the_old_graph(fresh_store: EmbeddedStore) -> None:
    datasets.install(fresh_store)
    graph = datasets.CATALOGS[0].graph
    fresh_store.replace_graph(graph, GOOD, "nt", "sha256:outdated")
    results = {r.graph: r for r in datasets.install(fresh_store)}
    assert results[graph].action == "replaced"
    assert fresh_store.count(graph) == results[graph].triples > 2
