"""The named graphs an organisation's analysis reads, and its organisation node."""

from __future__ import annotations

from ..errors import UnknownIdError
from ..org.loader import PreparedImport, org_graph, org_namespace
from ..store import Iri, Store
from ..store.datasets import CATALOGS, ONTOLOGY, mapping_sets
from ..store.working_set import working_set
from .org_view import remember_data


def analysis_graphs(store: Store, org_id: str) -> list[str]:
    """The graphs an organisation's analysis reads: ontology, catalogs, mappings, its own."""
    graph = org_graph(org_id)
    if graph not in store.graph_versions():
        raise UnknownIdError(org_id, "no such organisation (`aimsgraph org list`)")
    return [
        ONTOLOGY.graph,
        *(c.graph for c in CATALOGS),
        *(m.graph for m in mapping_sets()),
        graph,
    ]


def record_graphs(graphs: list[str]) -> list[str]:
    """The analysis graphs without the mapping sets: all that queries reading no mapping link
    need. Oxigraph looks each pattern up in every graph of the default graph, so leaving out
    the four mapping graphs makes these queries about a third faster."""
    links = {m.graph for m in mapping_sets()}
    return [g for g in graphs if g not in links]


def org_iri(org_id: str) -> Iri:
    """IRI of the organisation node."""
    return Iri(org_namespace(org_id) + "organisation")


def working_store(store: Store, org_id: str, loaded: PreparedImport | None = None) -> Store:
    """The graphs of :func:`analysis_graphs` in an in-memory working set
    (:mod:`..store.working_set`): every analysis query answers the same on it, and 3-10x faster
    (benchmarks/README.md).
    ``loaded``: the organisation's import when the caller has it (``analyse``, while the
    store is still writing it). Without a working set (``store`` itself) the analysis reads
    the store as it is: the reference path the agreement tests compare against."""
    graph = org_graph(org_id)
    if loaded is None:
        analysis_graphs(store, org_id)  # checks that the organisation exists
        return working_set(store, [graph])
    if loaded.graph != graph:
        raise ValueError(f"the import given is {loaded.graph}, not {graph}")
    # parsed in the background: coverage, which needs only the checked data and the cached
    # law indexes, runs while Oxigraph parses (benchmarks/README.md)
    work = working_set(store, [graph], {graph: (loaded.ntriples, loaded.version)}, background=True)
    # the organisation's checked data: its facts, labels and expired evidence are taken from
    # it, not read back from the graph built from it (1.7 s at 10,000 AI systems)
    remember_data(work, org_id, loaded.data)
    return work
