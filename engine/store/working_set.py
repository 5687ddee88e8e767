"""Working sets: one analysis's graphs copied into an in-memory Oxigraph store.

The analysis queries read the ontology, the catalogs, the mapping sets and one organisation's
graph. On the persistent store each pattern is looked up in RocksDB in every graph of a
7-10-graph default graph; the same queries on an in-memory store holding just those graphs
run 3-10x faster (benchmarks/README.md). The queries and their results do not change: a
working set is an ordinary :class:`EmbeddedStore`, with the same named graphs and version
records as the store it was copied from.

The organisation-independent graphs are read once per process and kept as N-Triples, keyed
by their versions (content hashes of the packaged files), and read again when a version
changes. Each working set is a fresh store: the cached text holds no organisation's data,
and a working set holds one organisation's graphs only (never two organisations' data in
one cached object).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from ..namespaces import META_GRAPH
from .datasets import CATALOGS, ONTOLOGY, mapping_sets
from .embedded import EmbeddedStore
from .protocol import Store

_DCT_HAS_VERSION = ox.NamedNode("http://purl.org/dc/terms/hasVersion")

SharedKey = tuple[tuple[str, str], ...]
_CACHE: dict[SharedKey, tuple[tuple[str, bytes], ...]] = {}
_LOCK = threading.Lock()
_reads = 0  # how often the shared graphs were read from a store (for the tests)


def shared_graphs() -> list[str]:
    """The organisation-independent graphs an analysis reads: ontology, catalogs, mappings."""
    return [ONTOLOGY.graph, *(c.graph for c in CATALOGS), *(m.graph for m in mapping_sets())]


def shared_reads() -> int:
    """How many times this process read the shared graphs from a store (a cache miss)."""
    return _reads


def _shared(store: Store, versions: Mapping[str, str]) -> tuple[tuple[str, bytes], ...]:
    """The shared graphs as N-Triples, from the cache when their versions are unchanged."""
    global _reads
    key = tuple((graph, versions.get(graph, "")) for graph in shared_graphs())
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    text = tuple((graph, store.export(graph, "nt")) for graph, version in key if version)
    with _LOCK:
        _CACHE.clear()  # only the current catalogs are worth keeping
        _CACHE[key] = text
        _reads += 1
    return text


def shared_ntriples(
    store: Store, versions: Mapping[str, str], graphs: Sequence[str]
) -> dict[str, tuple[bytes, str]]:
    """Some of the shared graphs as (N-Triples, version), from the process cache (read
    from ``store`` when ``versions``, what the caller just read from it, changed). A graph
    the store does not hold is left out."""
    wanted = set(graphs)
    return {
        graph: (text, versions[graph])
        for graph, text in _shared(store, versions)
        if graph in wanted
    }


def load_shared(store: Store) -> int:
    """Read the shared graphs into the process cache now (a server or a benchmark does it
    once up front); return how many graphs it holds."""
    return len(_shared(store, store.graph_versions()))


def working_set(
    store: Store,
    own: Sequence[str],
    loaded: Mapping[str, tuple[bytes, str]] | None = None,
    *,
    background: bool = False,
) -> EmbeddedStore:
    """A fresh in-memory store with the shared graphs and the graphs ``own`` (one
    organisation's), each with its version record. ``loaded`` gives some of ``own`` as
    (N-Triples, version) when the caller has them (an import being written right now), so
    they are neither read back from the store nor waited for.

    ``background``: the shared graphs are loaded now, ``own`` in a thread of its own
    (Oxigraph releases the GIL while it parses); the store returned reads the shared graphs
    at once and waits for the load before reading ``own`` (:meth:`EmbeddedStore.in_memory`).
    What needs only the shared graphs and the checked data (``analyse``: coverage) runs
    meanwhile on the other core."""
    versions = dict(store.graph_versions())
    given = loaded or {}
    versions.update({graph: version for graph, (_, version) in given.items()})
    kept = {*own, *shared_graphs()}
    recorded = {graph: version for graph, version in versions.items() if graph in kept}
    target = ox.Store()
    for graph, text in _shared(store, versions):
        _parse(target, graph, text)
    texts = []
    for graph in own:
        if graph in given:
            texts.append((graph, given[graph][0]))
        elif graph in versions:
            texts.append((graph, store.export(graph, "nt")))

    def fill() -> None:
        for graph, text in texts:
            _parse(target, graph, text)
        meta = ox.NamedNode(META_GRAPH)
        target.extend(
            ox.Quad(ox.NamedNode(graph), _DCT_HAS_VERSION, ox.Literal(version), meta)
            for graph, version in recorded.items()
        )

    if not background:
        fill()
        return EmbeddedStore.in_memory(target)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aimsgraph-working-set")
    pending = pool.submit(fill)
    pool.shutdown(wait=False)  # the thread ends with the load
    return EmbeddedStore.in_memory(target, pending, recorded, [*own, META_GRAPH])


def _parse(target: ox.Store, graph: str, text: bytes) -> None:
    """Parse without checking IRIs and language tags again (``lenient``: 30% less CPU at
    10,000 systems). The text is either the store's own export, or an import the store is
    parsing strictly at the same time: a working set is private, and ``analyse`` shows
    nothing before that strict write succeeded (``loader.BackgroundWrite``)."""
    target.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph), lenient=True)
