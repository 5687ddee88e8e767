"""An organisation's own graph, copied into an in-memory store once per version, for the
queries of the analysis cache's fast path that read that graph alone (its evidence, SoA,
facts and labels), and for the gap shapes, which read it with three shared graphs.

Oxigraph reads an on-disk store 6-8x slower than an in-memory one (issue #21), and these
reads grow with the organisation: at 1,000 AI systems they were most of a coverage request.
The copy holds one organisation's graph and the organisation-independent graphs the gap
shapes read (:func:`..store.datasets.shape_graphs`: catalogs and a mapping set, never another
organisation's data). It is found by the store (its location and identity, the object still
alive), the organisation's graph IRI and the versions the store records for those graphs, so
a new upload (a new version), a new catalog or a deleted organisation (no version) is never
answered from an old copy, and no organisation's copy can answer another's query. Bounded:
at most ``MAX_TRIPLES`` triples in all copies (least recently used dropped first;
``AIMSGRAPH_ORG_VIEW_TRIPLES``, 0: no copies). Off with the analysis cache.

The organisation's facts (what applicability reads) are remembered the same way, by store
object and graph version, so that gaps and coverage of one analysis read them once.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict

from ..org import facts as org_facts
from ..org.facts import OrgFacts
from ..org.loader import org_graph
from ..org.orgdata import OrgData
from ..store import EmbeddedStore, Store
from ..store.datasets import shape_graphs
from ..store.working_set import shared_ntriples
from . import law_cache

ENV = "AIMSGRAPH_ORG_VIEW_TRIPLES"
DEFAULT_TRIPLES = 1_000_000
IN_MEMORY = ":memory:"  # EmbeddedStore.in_memory().location

_Key = tuple[str, int, str]
_Stamp = tuple[str, ...]  # the organisation's graph version, then each shared graph's
_VIEWS: OrderedDict[_Key, tuple[weakref.ref[Store], _Stamp, EmbeddedStore, int]] = OrderedDict()
_LOCK = threading.Lock()


def max_triples() -> int:
    """The bound on the triples held in all copies."""
    return int(os.environ.get(ENV, DEFAULT_TRIPLES))


def own_graph(store: Store, org_id: str) -> tuple[Store, list[str]]:
    """Where to read the organisation's own graph: (a store, the graphs to read), its
    in-memory copy when the cache is on and it fits, else the store itself."""
    copy = _copy(store, org_id)
    return (store if copy is None else copy), [org_graph(org_id)]


def focus_store(store: Store, org_id: str) -> Store:
    """Where to run the gap shapes over the organisation's graph and
    :func:`..store.datasets.shape_graphs`: the in-memory copy, which holds them all, when
    the cache is on and it fits, else the store itself."""
    copy = _copy(store, org_id)
    return store if copy is None else copy


def _copy(store: Store, org_id: str) -> EmbeddedStore | None:
    """The in-memory copy of the organisation's graph and the shared graphs the shapes
    read, for the versions the store records now (made if missing); None: read the store."""
    graph = org_graph(org_id)
    if not law_cache.enabled() or max_triples() <= 0 or store.location == IN_MEMORY:
        return None  # (an in-memory store, e.g. `analyse`'s working set: as fast)
    versions = store.graph_versions()
    version = versions.get(graph)
    if version is None:  # no data: the caller's own check answers
        return None
    stamp = _stamp(versions, graph)
    key = (store.location, id(store), graph)
    with _LOCK:
        found = _VIEWS.get(key)
        if found is not None and found[0]() is store and found[1] == stamp:
            _VIEWS.move_to_end(key)
            return found[2]
    data = store.export(graph, "nt")
    copy = EmbeddedStore.in_memory()
    triples = copy.replace_graph(graph, data, "nt", version)
    for name, (text, shared_version) in shared_ntriples(store, versions, shape_graphs()).items():
        triples += copy.replace_graph(name, text, "nt", shared_version)
    if _stamp(store.graph_versions(), graph) != stamp:
        return None  # replaced while copying
    if triples > max_triples():
        return None
    with _LOCK:
        _VIEWS[key] = (weakref.ref(store), stamp, copy, triples)
        _VIEWS.move_to_end(key)
        while sum(entry[3] for entry in _VIEWS.values()) > max_triples():
            _VIEWS.popitem(last=False)
    return copy


def _stamp(versions: dict[str, str], graph: str) -> _Stamp:
    """What a copy was made from: the organisation's graph version, then each shared
    graph's (a copy answers only while the store records the same)."""
    return (versions.get(graph, ""), *(versions.get(name, "") for name in shape_graphs()))


def forget(store: Store, org_id: str) -> None:
    """Drop the organisation's copy and facts (its data was deleted)."""
    graph = org_graph(org_id)
    with _LOCK:
        _VIEWS.pop((store.location, id(store), graph), None)
        for key in [k for k in _FACTS if k[:3] == (store.location, id(store), graph)]:
            del _FACTS[key]
        for key in [k for k in _DATA if k[:3] == (store.location, id(store), graph)]:
            del _DATA[key]


def clear() -> None:
    """Forget every copy and every organisation's facts (tests)."""
    with _LOCK:
        _VIEWS.clear()
        _FACTS.clear()
        _DATA.clear()


_FACTS: OrderedDict[tuple[str, int, str, str], tuple[weakref.ref[Store], OrgFacts]] = OrderedDict()
_FACTS_MAX = 8


_DATA: dict[tuple[str, int, str, str], tuple[weakref.ref[Store], OrgData]] = {}


def remember_data(source: Store, org_id: str, data: OrgData) -> None:
    """``data`` is what the organisation's graph in ``source`` (at the version it records
    now) was written from: ``analyse``'s working set, built from the import it just checked.
    The readers of that graph may then take their rows from ``data`` (:func:`known_data`)
    instead of reading them back; their tests hold both ways to the same answer."""
    graph = org_graph(org_id)
    version = source.graph_versions().get(graph)
    if not law_cache.enabled() or version is None:
        return
    key = (source.location, id(source), graph, version)
    facts = org_facts.from_data(data)
    with _LOCK:
        for stale in [k for k, (ref, _) in _DATA.items() if ref() is None]:
            del _DATA[stale]  # its working set is gone: free the data
        _DATA[key] = (weakref.ref(source), data)
        _keep_facts(key, source, facts)


def known_data(source: Store, org_id: str) -> OrgData | None:
    """The data :func:`remember_data` was given for the organisation's graph in ``source``
    at the version it records now, or None (read the graph). Only working sets (in-memory
    stores) are ever given data: any other store is answered without asking it for its
    versions (a remote store's answer is a round trip)."""
    if source.location != IN_MEMORY or not _DATA:
        return None
    graph = org_graph(org_id)
    version = source.graph_versions().get(graph)
    if not law_cache.enabled() or version is None:
        return None
    with _LOCK:
        found = _DATA.get((source.location, id(source), graph, version))
    return found[1] if found is not None and found[0]() is source else None


def remembered_facts(source: Store, graphs: list[str], org_id: str) -> OrgFacts:
    """:func:`org_facts.read`, remembered for the store object and the version it records
    for the organisation's graph: gaps and coverage of one analysis read them once. A new
    upload is a new version; another store (or organisation) another key."""
    graph = org_graph(org_id)
    version = source.graph_versions().get(graph) if graphs == [graph] else None
    if version is None:
        return org_facts.read(source, graphs, org_id)
    key = (source.location, id(source), graph, version)
    with _LOCK:
        found = _FACTS.get(key)
        if found is not None and found[0]() is source:
            _FACTS.move_to_end(key)
            return found[1]
    facts = org_facts.read(source, graphs, org_id)
    with _LOCK:
        _keep_facts(key, source, facts)
    return facts


def _keep_facts(key: tuple[str, int, str, str], source: Store, facts: OrgFacts) -> None:
    """Remember ``facts`` under ``key``, dropping the oldest past ``_FACTS_MAX`` (the
    caller holds ``_LOCK``)."""
    _FACTS[key] = (weakref.ref(source), facts)
    _FACTS.move_to_end(key)
    while len(_FACTS) > _FACTS_MAX:
        _FACTS.popitem(last=False)
