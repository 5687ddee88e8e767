"""Working sets: the shared graphs are cached per version and read again when a version
changes; a working set holds one organisation's graphs only, from the store or as given;
quads are written as given."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from aimsgraph.engine.namespaces import GRAPH
from aimsgraph.engine.store import EmbeddedStore, working_set
from aimsgraph.engine.store.datasets import ONTOLOGY

EX = "http://example.org/"


def quads(graph: str, *objects: str) -> list[ox.Quad]:
    node = ox.NamedNode(graph)
    return [
        ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal(o), node)
        for o in objects
    ]


def objects(store: EmbeddedStore, graph: str) -> set[str]:
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }", graphs=[graph])
    return {row["o"] for row in rows}


def test_a_version_change_invalidates_the_shared_graphs(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph_quads(ONTOLOGY.graph, quads(ONTOLOGY.graph, "first"), "v1")
    own = GRAPH + "org/a"
    fresh_store.replace_graph_quads(own, quads(own, "a"), "a1")
    before = working_set.shared_reads()
    first = working_set.working_set(fresh_store, [own])
    assert objects(first, ONTOLOGY.graph) == {"first"}
    assert working_set.shared_reads() == before + 1  # a new version: read from the store
    again = working_set.working_set(fresh_store, [own])
    assert objects(again, ONTOLOGY.graph) == {"first"}
    assert working_set.shared_reads() == before + 1  # same versions: from the cache
    fresh_store.replace_graph_quads(ONTOLOGY.graph, quads(ONTOLOGY.graph, "second"), "v2")
    changed = working_set.working_set(fresh_store, [own])
    assert objects(changed, ONTOLOGY.graph) == {"second"}
    assert working_set.shared_reads() == before + 2
    assert changed.graph_versions() == {ONTOLOGY.graph: "v2", own: "a1"}


def test_a_working_set_holds_one_organisation(fresh_store: EmbeddedStore) -> None:
    mine, theirs = GRAPH + "org/mine", GRAPH + "org/theirs"
    fresh_store.replace_graph_quads(mine, quads(mine, "mine"), "m1")
    fresh_store.replace_graph_quads(theirs, quads(theirs, "theirs"), "t1")
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


def test_replace_graph_quads_replaces_atomically(fresh_store: EmbeddedStore) -> None:
    graph = GRAPH + "org/x"
    assert fresh_store.replace_graph_quads(graph, quads(graph, "1", "2"), "v1") == 2
    assert fresh_store.replace_graph_quads(graph, quads(graph, "3"), "v2") == 1  # the swap
    assert objects(fresh_store, graph) == {"3"}
    with pytest.raises(ValueError, match="must be in"):
        fresh_store.replace_graph_quads(graph, quads(GRAPH + "org/y", "4"), "v3")
    assert objects(fresh_store, graph) == {"3"}
    assert fresh_store.graph_versions()[graph] == "v2"
    assert fresh_store.stale_staging() == []
