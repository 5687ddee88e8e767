"""Organisation-independent analysis inputs, read once per catalog and mapping-set version.

Coverage and gaps used to re-read, on every request, answers that depend only on the
catalogs and mapping sets: the mapping links of every obligation, the provision tree, the
short ids, which nodes are clauses, the provisions' labels. Those are 89% of the example
organisation's coverage time (issue #21). This module keeps them, per store, keyed by the
versions (``Store.graph_versions()``) of the ontology, every catalog and every shipped
mapping set: a replaced catalog or mapping set has a new version, so the next analysis reads
it again. Nothing here is read from an organisation's graph, so no organisation's data can
reach another's answer; the organisation's part of each query is read per request
(``coverage_index.py``).

The cache belongs to one store: entries are keyed by the store's location and identity as
well as the versions, and a store object that is gone never matches (a weak reference), so
two stores never share an entry. Entries are built outside the lock (a rare double read is
harmless: both give the same answer) and swapped in under it, so handlers in the API's
thread pool can share them.

``AIMSGRAPH_ANALYSIS_CACHE=off`` (or :func:`disabled` in tests) turns this path off: the
analyses then run their reference SPARQL files over every analysis graph, as before.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from ..law import rules as law_rules
from ..namespaces import FRAMEWORKS, compact
from ..store import Store, sparql
from ..store.datasets import CATALOGS, ONTOLOGY, mapping_sets
from .coverage_model import Link

ENV = "AIMSGRAPH_ANALYSIS_CACHE"
MAX_STORES = 8  # stores (tests open many) whose entries are kept; least recently used go
_override: ContextVar[bool | None] = ContextVar("analysis_cache", default=None)
T = TypeVar("T")


def enabled() -> bool:
    """Whether analyses use the cache (default yes; ``AIMSGRAPH_ANALYSIS_CACHE=off``: no)."""
    chosen = _override.get()
    if chosen is not None:
        return chosen
    return os.environ.get(ENV, "on").strip().lower() not in ("off", "0", "no", "false")


@contextmanager
def disabled() -> Iterator[None]:
    """Run the reference path (every query over the store) inside the block."""
    token = _override.set(False)
    try:
        yield
    finally:
        _override.reset(token)


@dataclass
class LawIndex:
    """What the catalogs and mapping sets say, independent of any organisation. Each part
    is read on first use (``part``), then kept with the index."""

    store: Store
    law_graphs: list[str]  # ontology + catalogs: what the record queries read of the law
    link_graphs: list[str]  # ... + mapping sets: what the link queries read
    _parts: dict[str, object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def part(self, name: str, build: Callable[[LawIndex], T]) -> T:
        """The part ``name``, built once by ``build``."""
        with self._lock:
            if name in self._parts:
                return self._parts[name]  # type: ignore[return-value]
        value = build(self)
        with self._lock:
            return self._parts.setdefault(name, value)  # type: ignore[return-value]

    def links(self) -> dict[str, dict[str, list[Link]]]:
        """scheme -> obligation IRI -> the mapping rows that speak to it (directly or
        through an ancestor), no-relationship rows included (obligation-links.rq)."""
        return self.part("links", _read_links)

    def schemes(self) -> dict[str, str]:
        """provision IRI -> its framework (scheme) IRI."""
        return self.part("schemes", _read_schemes)

    def descendants(self) -> dict[str, list[str]]:
        """provision IRI -> itself and every provision below it (skos:broader*)."""
        return self.part("descendants", _read_descendants)

    def short_ids(self) -> dict[str, list[str]]:
        """node IRI -> its short ids (aims:shortId)."""
        return self.part("short_ids", lambda index: _read_short_ids(index)[0])

    def clauses(self) -> dict[str, list[str]]:
        """clause IRI -> its short ids (nodes typed aims:Clause)."""
        return self.part("clauses", lambda index: _read_short_ids(index)[1])

    def clause_children(self) -> dict[str, list[str]]:
        """clause id -> its subclauses' ids, sorted (clause-tree.rq)."""
        return self.part("clause_children", _read_clause_tree)

    def labels(self) -> tuple[dict[str, str], dict[str, str]]:
        """provision IRI -> display label, and -> required documented information
        (labels-law.rq: the catalog half of labels.rq)."""
        return self.part("labels", _read_labels)

    def known_ids(self) -> set[str]:
        """Short ids of every catalog provision (``org.loader.known_ids``)."""
        return self.part("known_ids", _read_known_ids)


_ENTRIES: dict[tuple[str, int], tuple[weakref.ref[Store], tuple[str, ...], LawIndex]] = {}
_LOCK = threading.Lock()


def law_index(store: Store) -> LawIndex:
    """The index of ``store``'s current catalogs and mapping sets (read again when any of
    their versions changes)."""
    links = [m.graph for m in mapping_sets()]
    law = [ONTOLOGY.graph, *(c.graph for c in CATALOGS)]
    versions = store.graph_versions()
    key_versions = tuple(f"{g}={versions.get(g, '')}" for g in (*law, *links))
    key = (store.location, id(store))
    with _LOCK:
        entry = _ENTRIES.get(key)
        if entry is not None and entry[0]() is store and entry[1] == key_versions:
            _ENTRIES[key] = _ENTRIES.pop(key)  # most recently used last
            return entry[2]
    index = LawIndex(store, law, [*law, *links])
    with _LOCK:
        _ENTRIES.pop(key, None)
        _ENTRIES[key] = (weakref.ref(store), key_versions, index)
        while len(_ENTRIES) > MAX_STORES:
            del _ENTRIES[next(iter(_ENTRIES))]
    return index


def warm(store: Store) -> LawIndex:
    """Read every part now, and the applicability rules (the service does at start-up, so
    no request pays for them)."""
    law_rules.load(store)
    index = law_index(store)
    for read in (
        index.links,
        index.schemes,
        index.descendants,
        index.short_ids,
        index.clauses,
        index.clause_children,
        index.labels,
        index.known_ids,
    ):
        read()
    return index


def clear() -> None:
    """Forget every entry (tests; an operator never needs it: versions invalidate)."""
    with _LOCK:
        _ENTRIES.clear()


def _read_links(index: LawIndex) -> dict[str, dict[str, list[Link]]]:
    found: dict[str, dict[str, list[Link]]] = defaultdict(lambda: defaultdict(list))
    for row in sparql.select(index.store, "obligation-links", index.link_graphs):
        found[row["scheme"]][row["obligation"]].append(
            Link(
                element=row["elementId"],
                relationship=row["relationship"],
                strength=int(row["strength"]),
                inherited=row["target"] != row["obligation"],
                draft=row["status"] == "draft",
            )
        )
    return {scheme: dict(rows) for scheme, rows in found.items()}


def _read_schemes(index: LawIndex) -> dict[str, str]:
    rows = sparql.select(index.store, "law-provision-schemes", index.law_graphs)
    return {row["provision"]: row["scheme"] for row in rows}


def _read_descendants(index: LawIndex) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(index.store, "law-broader-edges", index.law_graphs):
        children[row["parent"]].append(row["node"])
    below: dict[str, list[str]] = {}
    for top in index.schemes():
        seen = {top}
        pending = [top]
        while pending:
            for child in children.get(pending.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    pending.append(child)
        below[top] = sorted(seen)
    return below


def _read_short_ids(index: LawIndex) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    ids: dict[str, list[str]] = defaultdict(list)
    clauses: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(index.store, "law-short-ids", index.law_graphs):
        if row["shortId"] not in ids[row["node"]]:
            ids[row["node"]].append(row["shortId"])
        if row.get("clause") and row["shortId"] not in clauses[row["node"]]:
            clauses[row["node"]].append(row["shortId"])
    return dict(ids), dict(clauses)


def _read_clause_tree(index: LawIndex) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(index.store, "clause-tree", [FRAMEWORKS["iso42001"].graph]):
        if row.get("parentId"):
            children[row["parentId"]].append(row["clauseId"])
    return {k: sorted(v) for k, v in children.items()}


def _read_labels(index: LawIndex) -> tuple[dict[str, str], dict[str, str]]:
    labels: dict[str, str] = {}
    documented: dict[str, str] = {}
    for row in sparql.select(index.store, "labels-law", index.law_graphs):
        labels[row["node"]] = row["label"]
        if "documented" in row:
            documented[row["node"]] = row["documented"]
    return labels, documented


def _read_known_ids(index: LawIndex) -> set[str]:
    rows = sparql.select(index.store, "provision-iris", index.link_graphs)
    return {cid for row in rows if (cid := compact(row["provision"])) is not None}
