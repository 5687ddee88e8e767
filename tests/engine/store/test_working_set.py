"""Working sets: the shared graphs are cached per version and read again when a version
changes; a working set holds one organisation's graphs only, from the store or as given;
a graph is replaced atomically."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pyoxigraph as ox
import pytest
from aimsgraph.engine.errors import StoreError
from aimsgraph.engine.namespaces import GRAPH
from aimsgraph.engine.store import EmbeddedStore, working_set
from aimsgraph.engine.store.datasets import ONTOLOGY

EX = "http://example.org/"


def triples(*objects: str) -> bytes:
    """N-Triples of ``ex:s ex:p "o"`` for each object."""
    return "".join(f'<{EX}s> <{EX}p> "{o}" .\n' for o in objects).encode()


def objects(store: EmbeddedStore, graph: str) -> set[str]:
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }", graphs=[graph])
    return {row["o"] for row in rows}


def test_a_version_change_invalidates_the_shared_graphs(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(ONTOLOGY.graph, triples("first"), "nt", "v1")
    own = GRAPH + "org/a"
    fresh_store.replace_graph(own, triples("a"), "nt", "a1")
    before = working_set.shared_reads()
    first = working_set.working_set(fresh_store, [own])
    assert objects(first, ONTOLOGY.graph) == {"first"}
    assert working_set.shared_reads() == before + 1  # a new version: read from the store
    again = working_set.working_set(fresh_store, [own])
    assert objects(again, ONTOLOGY.graph) == {"first"}
    assert working_set.shared_reads() == before + 1  # same versions: from the cache
    fresh_store.replace_graph(ONTOLOGY.graph, triples("second"), "nt", "v2")
    changed = working_set.working_set(fresh_store, [own])
    assert objects(changed, ONTOLOGY.graph) == {"second"}
    assert working_set.shared_reads() == before + 2
    assert changed.graph_versions() == {ONTOLOGY.graph: "v2", own: "a1"}


def test_a_working_set_holds_one_organisation(fresh_store: EmbeddedStore) -> None:
    mine, theirs = GRAPH + "org/mine", GRAPH + "org/theirs"
    fresh_store.replace_graph(mine, triples("mine"), "nt", "m1")
    fresh_store.replace_graph(theirs, triples("theirs"), "nt", "t1")
    work = working_set.working_set(fresh_store, [mine])
    everything = work.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert {row["o"] for row in everything} == {"mine", "m1"}  # its triple and version record
    assert theirs not in work.graph_versions()
    text = b'<http://example.org/s> <http://example.org/p> "given" .\n'
    given = working_set.working_set(fresh_store, [theirs], {theirs: (text, "t2")})
    assert objects(given, theirs) == {"given"}  # the caller's text, not read back
    assert given.graph_versions()[theirs] == "t2"  # and its version, not the store's
    new = GRAPH + "org/new"  # an import still being written: not in the store yet
    pending = working_set.working_set(fresh_store, [new], {new: (text, "n1")})
    assert objects(pending, new) == {"given"} and pending.graph_versions()[new] == "n1"


def test_replace_graph_replaces_atomically(fresh_store: EmbeddedStore) -> None:
    graph = GRAPH + "org/x"
    assert fresh_store.replace_graph(graph, triples("1", "2"), "nt", "v1") == 2  # bulk-loaded
    assert fresh_store.replace_graph(graph, triples("3"), "nt", "v2") == 1  # the swap
    assert objects(fresh_store, graph) == {"3"}
    with pytest.raises(StoreError, match="cannot parse"):
        fresh_store.replace_graph(graph, b"<not n-triples", "nt", "v3")
    assert objects(fresh_store, graph) == {"3"}
    assert fresh_store.graph_versions()[graph] == "v2"
    assert fresh_store.stale_staging() == []
    new = GRAPH + "org/new"  # bad data for a graph that did not exist leaves none behind
    with pytest.raises(StoreError, match="cannot parse"):
        fresh_store.replace_graph(new, triples("4") + b"<not n-triples", "nt", "n1")
    assert objects(fresh_store, new) == set() and new not in fresh_store.graph_versions()


def test_a_background_working_set_holds_the_same_graphs(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph(ONTOLOGY.graph, triples("law"), "nt", "v1")
    own = GRAPH + "org/bg"
    text = triples(*(str(i) for i in range(2000)))
    waited = working_set.working_set(fresh_store, [own], {own: (text, "b1")})
    background = working_set.working_set(fresh_store, [own], {own: (text, "b1")}, background=True)
    assert (
        background.graph_versions()
        == waited.graph_versions()
        == {
            ONTOLOGY.graph: "v1",
            own: "b1",
        }
    )
    everything = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = background.select(everything)
    assert sorted(map(sorted, (r.items() for r in rows))) == sorted(
        map(sorted, (r.items() for r in waited.select(everything)))
    )
    assert len(objects(background, own)) == 2000


def test_a_pending_load_holds_back_only_the_graphs_it_loads() -> None:
    """Reads of the other graphs answer at once; a read of a graph being loaded waits for
    the load, and a failed load is raised to its reader."""
    native = ox.Store()
    shared, own = GRAPH + "law", GRAPH + "org/p"
    native.load(triples("law"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(shared))
    load: Future[None] = Future()
    store = EmbeddedStore.in_memory(native, load, {shared: "s1", own: "o1"}, [own])
    at_once: list[set[str]] = []
    first = threading.Thread(target=lambda: at_once.append(objects(store, shared)), daemon=True)
    first.start()
    first.join(5)
    assert at_once == [{"law"}]  # answered while the load is still pending
    assert store.graph_versions() == {shared: "s1", own: "o1"}
    answer: list[set[str]] = []
    reader = threading.Thread(target=lambda: answer.append(objects(store, own)), daemon=True)
    reader.start()
    reader.join(0.2)
    assert reader.is_alive() and answer == []  # waits for the load
    native.load(triples("mine"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(own))
    load.set_result(None)
    reader.join(5)
    assert answer == [{"mine"}]
    failed: Future[None] = Future()
    broken = EmbeddedStore.in_memory(ox.Store(), failed, {own: "o2"}, [own])
    failed.set_exception(StoreError("cannot parse the data"))
    with pytest.raises(StoreError, match="cannot parse"):
        objects(broken, own)
    with pytest.raises(StoreError, match="cannot parse"):
        broken.graph_versions()
