"""The display labels a gap message names: catalog provisions (with a clause's documented
information), an organisation's AI systems, evidence items and SoA rows.

Reference: ``labels.rq`` over every analysis graph but the mapping sets. Fast (the analysis
cache on): the catalog half from the cache (:mod:`law_cache`), the organisation's half from
its own graph (``labels-org.rq``), joined here; the same dictionaries (catalog and
organisation nodes are disjoint: the organisation's nodes live in its namespace).
"""

from __future__ import annotations

from ..store import Store, sparql
from . import law_cache
from .graphs import record_graphs
from .org_view import own_graph


def labels(store: Store, org_id: str, graphs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """node IRI -> label, and node IRI -> documented information (``graphs``: the
    organisation's analysis graphs, for the reference path)."""
    if not law_cache.enabled():
        return _reference(store, graphs)
    index = law_cache.law_index(store)
    law_labels, documented = index.labels()
    found = dict(law_labels)
    short_ids = index.short_ids()
    view, own = own_graph(store, org_id)
    for row in sparql.select(view, "labels-org", own):
        if "control" in row:
            for short_id in short_ids.get(row["control"], ()):
                found[row["node"]] = f"row for {short_id}"
        else:
            found[row["node"]] = row["label"]
    return found, documented


def _reference(store: Store, graphs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    found: dict[str, str] = {}
    documented: dict[str, str] = {}
    for row in sparql.select(store, "labels", record_graphs(graphs)):
        found[row["node"]] = row["label"]
        if "documented" in row:
            documented[row["node"]] = row["documented"]
    return found, documented
