"""The display labels a gap message names: catalog provisions (with a clause's documented
information), an organisation's AI systems, evidence items and SoA rows.

Reference: ``labels.rq`` over every analysis graph but the mapping sets. Fast (the analysis
cache on): the catalog half from the cache (:mod:`law_cache`), the organisation's half from
its own graph (``labels-org.rq``; in ``analyse``, the same rows from the organisation's
checked data: :func:`org_view.known_data`), joined here; the same dictionaries (catalog and
organisation nodes are disjoint: the organisation's nodes live in its namespace).
"""

from __future__ import annotations

from ..namespaces import expand
from ..org.graph_text import org_namespace
from ..org.orgdata import OrgData
from ..store import Store, sparql
from . import law_cache
from .graphs import record_graphs
from .org_view import known_data, own_graph


def labels(store: Store, org_id: str, graphs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """node IRI -> label, and node IRI -> documented information (``graphs``: the
    organisation's analysis graphs, for the reference path)."""
    if not law_cache.enabled():
        return _reference(store, graphs)
    index = law_cache.law_index(store)
    law_labels, documented = index.labels()
    found = dict(law_labels)
    short_ids = index.short_ids()
    data = known_data(store, org_id)
    rows = _org_rows(data, org_id) if data is not None else _read_org_rows(store, org_id)
    for row in rows:
        if "control" in row:
            for short_id in short_ids.get(row["control"], ()):
                found[row["node"]] = f"row for {short_id}"
        else:
            found[row["node"]] = row["label"]
    return found, documented


def _read_org_rows(store: Store, org_id: str) -> list[dict[str, str]]:
    view, own = own_graph(store, org_id)
    return sparql.select(view, "labels-org", own)


def _org_rows(data: OrgData, org_id: str) -> list[dict[str, str]]:
    """The rows of ``labels-org.rq`` over the graph the loader writes from ``data``."""
    ns = org_namespace(org_id)
    rows = [{"node": f"{ns}system/{s.id}", "label": f"{s.name} ({s.id})"} for s in data.systems]
    rows += [{"node": f"{ns}evidence/{e.id}", "label": f"{e.id} {e.title}"} for e in data.evidence]
    rows += [
        {"node": f"{ns}soa/{entry.control}", "control": expand(f"iso42001:{entry.control}")}
        for entry in data.soa
    ]
    return rows


def _reference(store: Store, graphs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    found: dict[str, str] = {}
    documented: dict[str, str] = {}
    for row in sparql.select(store, "labels", record_graphs(graphs)):
        found[row["node"]] = row["label"]
        if "documented" in row:
            documented[row["node"]] = row["documented"]
    return found, documented
