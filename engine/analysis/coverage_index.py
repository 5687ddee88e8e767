"""The fast path of ``coverage_facts``: the same facts, from two small queries over the
organisation's own graph joined with the cached catalog and mapping indexes
(:mod:`law_cache`), instead of four queries over every analysis graph.

The reference queries (``obligation-evidence.rq``, ``implemented-elements.rq``) join the
organisation's evidence with the catalogs: the provision tree (``skos:broader*``), the
frameworks, the short ids and which nodes are clauses. Here the organisation's half
(``org-valid-evidence.rq``: valid evidence and what it supports, same validity test;
``org-implemented-controls.rq``) is read from its graph (in ``analyse``, the evidence rows
from the organisation's checked data), and the catalogs' half comes from
the index. Both give the same rows (an organisation's graph holds none of the catalog
properties joined on: ``org.loader.to_ntriples``); the agreement tests hold them to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..namespaces import FRAMEWORKS, expand
from ..store import Store, sparql
from .coverage_facts import Elements, Facts, Support, add_applicable
from .graphs import org_iri
from .law_cache import LawIndex, law_index
from .org_view import known_data, own_graph


def read(
    store: Store, org_id: str, as_of: dt.date, evidence_date: dt.date, keys: list[str]
) -> tuple[Facts, Elements]:
    """``coverage_facts.read_facts`` and ``implemented_elements`` in one pass."""
    index = law_index(store)
    view, own = own_graph(store, org_id)
    evidence = valid_evidence_rows(store, org_id, evidence_date)
    facts = Facts()
    if keys:
        add_applicable(store, org_id, as_of, keys, facts)
        _links(index, keys, facts)
        _direct(index, keys, evidence, facts)
    return facts, _elements(view, index, org_id, own, evidence)


def valid_evidence_rows(store: Store, org_id: str, evidence_date: dt.date) -> list[dict[str, str]]:
    """The rows of ``org-valid-evidence.rq`` (``target``, ``evidenceId``, ``systemId``); in
    ``analyse``, from the organisation's checked data (:func:`org_view.known_data`) rather
    than read back from the graph written from it: the same validity test, one row per
    item and distinct requirement, the system named only when it is one of the inventory's
    (the checks refuse any other)."""
    data = known_data(store, org_id)
    if data is None:
        view, own = own_graph(store, org_id)
        org = org_iri(org_id)
        return sparql.select(view, "org-valid-evidence", own, org=org, asOf=evidence_date)
    systems = {system.id for system in data.systems}
    rows = []
    for item in data.evidence:
        if item.issued > evidence_date:
            continue
        if item.valid_until is not None and item.valid_until < evidence_date:
            continue
        named = {"systemId": item.ai_system} if item.ai_system in systems else {}
        for target in dict.fromkeys(item.supports):
            rows.append({"target": expand(target), "evidenceId": item.id, **named})
    return rows


def _links(index: LawIndex, keys: list[str], facts: Facts) -> None:
    """The cached links of each framework, split as ``read_facts`` splits them."""
    links = index.links()
    for key in keys:
        for obligation, rows in links.get(FRAMEWORKS[key].scheme, {}).items():
            for link in rows:
                kind = facts.considered if link.relationship == "no-relationship" else facts.links
                kind.setdefault(key, defaultdict(list))[obligation].append(link)


def _direct(index: LawIndex, keys: list[str], evidence: list[dict[str, str]], facts: Facts) -> None:
    """Valid evidence supporting a provision of the framework or one of its ancestors."""
    schemes, below = index.schemes(), index.descendants()
    key_of = {FRAMEWORKS[k].scheme: k for k in keys}
    direct: dict[str, dict[str, list[Support]]] = {k: defaultdict(list) for k in keys}
    seen: set[tuple[str, str, Support]] = set()
    for row in evidence:
        key = key_of.get(schemes.get(row["target"], ""))
        if key is None:
            continue
        item = Support(row["evidenceId"], row.get("systemId") or None)
        for obligation in below.get(row["target"], ()):
            if (key, obligation, item) not in seen:
                seen.add((key, obligation, item))
                direct[key][obligation].append(item)
    for key in keys:
        facts.direct[key] = {k: sorted(v, key=lambda s: s.evidence) for k, v in direct[key].items()}


def implemented_controls(store: Store, org_id: str, own: list[str]) -> set[str]:
    """The ``?element`` column of ``org-implemented-controls.rq``: in ``analyse``, from the
    organisation's checked Statement of Applicability (what its graph was written from:
    included rows with the status ``implemented``)."""
    data = known_data(store, org_id)
    if data is None:
        rows = sparql.select(store, "org-implemented-controls", own, org=org_iri(org_id))
        return {row["element"] for row in rows}
    return {
        expand("iso42001:" + entry.control)
        for entry in data.soa
        if entry.included and entry.status == "implemented"
    }


def _elements(
    store: Store,
    index: LawIndex,
    org_id: str,
    own: list[str],
    evidence: list[dict[str, str]],
) -> Elements:
    """Implemented controls (SoA) with their valid evidence, and clauses with their own."""
    implemented = implemented_controls(store, org_id, own)
    short_ids, clauses = index.short_ids(), index.clauses()
    supports: dict[str, list[Support]] = defaultdict(list)
    seen: set[tuple[str, Support]] = set()
    for row in evidence:
        target = row["target"]
        ids = list(short_ids.get(target, ())) if target in implemented else []
        ids += clauses.get(target, [])
        item = Support(row["evidenceId"], row.get("systemId") or None)
        for element in ids:
            if (element, item) not in seen:
                seen.add((element, item))
                supports[element].append(item)
    return Elements(
        {k: sorted(v, key=lambda s: s.evidence) for k, v in supports.items()},
        index.clause_children(),
    )
