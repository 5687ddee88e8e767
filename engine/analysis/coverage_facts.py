"""What a coverage analysis reads from the store, once per report: applicable obligations,
mapping links (with their review status), direct evidence, and which ISO/IEC 42001 elements
are implemented, for whom (model.md, "Coverage semantics", point 2).

Scope of evidence: an item naming an AI system counts only when that system is judged (or,
for an organisation-level obligation, as partial support); an organisation-wide item counts
for every judgement but covers a system-bound obligation only partially. A clause is
implemented by its own valid evidence; a clause with subclauses when all of them are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..namespaces import FRAMEWORKS, expand
from ..store import Iri, Store, sparql
from .applicability import applicability
from .coverage_model import Link
from .graphs import analysis_graphs, org_iri, record_graphs

ANY = "*"  # the system of an assumed (what-if) element: it counts for every judgement


@dataclass(frozen=True)
class Support:
    """One valid evidence item behind an element or an obligation."""

    evidence: str
    system: str | None  # the AI system it names; None: organisation-wide; ANY: assumed
    clause: str = ""  # the subclause it names, when it implements a parent clause

    def usable(self, system: str | None) -> bool:
        """Counts when ``system`` is judged (None: an organisation-level obligation)."""
        return system is None or self.system in (None, system, ANY)

    def matches(self, system: str | None) -> bool:
        """Its scope is the judgement's own: it may cover, not only support partially."""
        return self.system in (system, ANY)


class Elements:
    """Which ISO elements are implemented for a judgement, and by which evidence."""

    def __init__(
        self,
        supports: dict[str, list[Support]],
        children: dict[str, list[str]],
        assumed: frozenset[str] = frozenset(),
    ) -> None:
        self.supports = supports
        self.children = children
        self.assumed = assumed
        self._memo: dict[tuple[str, str | None], list[Support]] = {}
        # (element, system) -> what coverage makes of usable(element, system), kept by it
        self.views: dict[tuple[str, str | None], object] = {}
        self._named: dict[str, set[str]] | None = None
        self._naming: dict[str, set[str]] | None = None  # element -> the systems naming it
        # element -> the system each support names -> (position, support): a system's
        # usable evidence without scanning every other system's (1,000 systems: 20x)
        self._by_system: dict[str, dict[str | None, list[tuple[int, Support]]]] = {}

    def named(self, system: str) -> set[str]:
        """Elements with evidence naming ``system``, and every clause above one: outside
        this set, ``system`` is judged on organisation-wide (or assumed) evidence alone."""
        if self._named is None:
            parent = {c: p for p, children in self.children.items() for c in children}
            found: dict[str, set[str]] = defaultdict(set)
            for element, supports in self.supports.items():
                for support in supports:
                    if support.system is not None:
                        current: str | None = element
                        while current is not None and current not in found[support.system]:
                            found[support.system].add(current)
                            current = parent.get(current)
            self._named = dict(found)
        return self._named.get(system, set())

    def naming(self, elements: list[str]) -> set[str]:
        """The systems ``s`` with ``element in named(s)`` for one of ``elements``."""
        if self._naming is None:
            self.named("")  # builds self._named
            inverse: dict[str, set[str]] = defaultdict(set)
            for system, found in (self._named or {}).items():
                for element in found:
                    inverse[element].add(system)
            self._naming = dict(inverse)
        result: set[str] = set()
        for element in elements:
            result |= self._naming.get(element, set())
        return result

    def with_assumed(self, assumed: frozenset[str]) -> Elements:
        """The same evidence, with ``assumed`` elements implemented everywhere."""
        return Elements(self.supports, self.children, assumed)

    def usable(self, element: str, system: str | None) -> list[Support]:
        """The evidence that makes ``element`` implemented when ``system`` is judged
        (empty: not implemented). A parent clause: its subclauses' evidence, all needed."""
        key = (element, system)
        if key not in self._memo:
            self._memo[key] = self._usable(element, system)
        return self._memo[key]

    def _usable(self, element: str, system: str | None) -> list[Support]:
        if element in self.assumed:
            return [Support("assumed", ANY)]
        subclauses = self.children.get(element)
        if not subclauses:
            return self._own(element, system)
        found: list[Support] = []
        for child in subclauses:
            below = self.usable(child, system)
            if not below:
                return []
            found += [Support(s.evidence, s.system, s.clause or child) for s in below]
        return found

    def _own(self, element: str, system: str | None) -> list[Support]:
        """``[s for s in supports[element] if s.usable(system)]``, in the same order."""
        supports = self.supports.get(element, [])
        if system is None or not supports:
            return list(supports)
        grouped = self._by_system.get(element)
        if grouped is None:
            grouped = defaultdict(list)
            for position, support in enumerate(supports):
                grouped[support.system].append((position, support))
            self._by_system[element] = grouped
        picked = [*grouped.get(None, ()), *grouped.get(system, ()), *grouped.get(ANY, ())]
        return [support for _, support in sorted(picked, key=lambda item: item[0])]


@dataclass(frozen=True)
class Facts:
    """Everything coverage reads, grouped by framework key."""

    applicable: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    links: dict[str, dict[str, list[Link]]] = field(default_factory=dict)
    considered: dict[str, dict[str, list[Link]]] = field(default_factory=dict)
    direct: dict[str, dict[str, list[Support]]] = field(default_factory=dict)


def add_applicable(
    store: Store, org_id: str, as_of: dt.date, keys: list[str], facts: Facts
) -> None:
    """The obligations (leaf provisions) that apply on ``as_of``, by framework, into
    ``facts``: the reference path and the cached path read them alike."""
    for decision in applicability(store, org_id, as_of, keys).decisions:
        if decision.applicable and decision.leaf:
            facts.applicable.setdefault(decision.framework, []).append(
                {
                    "obligation": expand(decision.id),
                    "id": decision.id,
                    "title": decision.title,
                    "systems": ";".join(decision.systems),
                }
            )


def read_facts(
    store: Store, org_id: str, as_of: dt.date, evidence_date: dt.date, keys: list[str]
) -> Facts:
    """Applicable obligations on the law date, links, and direct evidence valid on the
    evidence date, for the frameworks ``keys``."""
    graphs = analysis_graphs(store, org_id)
    records = record_graphs(graphs)
    org = org_iri(org_id)
    facts = Facts()
    if not keys:
        return facts
    add_applicable(store, org_id, as_of, keys, facts)
    scheme_key = {FRAMEWORKS[k].scheme: k for k in keys}
    # One framework: bind its scheme (cheaper); several: one query for all of them.
    bound = {"scheme": Iri(FRAMEWORKS[keys[0]].scheme)} if len(keys) == 1 else {}
    for row in sparql.select(store, "obligation-links", graphs, **bound):
        key = scheme_key.get(row["scheme"])
        if key is None:
            continue
        link = Link(
            element=row["elementId"],
            relationship=row["relationship"],
            strength=int(row["strength"]),
            inherited=row["target"] != row["obligation"],
            draft=row["status"] == "draft",
        )
        kind = facts.considered if link.relationship == "no-relationship" else facts.links
        kind.setdefault(key, defaultdict(list))[row["obligation"]].append(link)
    for key in keys:
        direct: dict[str, list[Support]] = defaultdict(list)
        for row in sparql.select(
            store,
            "obligation-evidence",
            records,
            scheme=Iri(FRAMEWORKS[key].scheme),
            org=org,
            asOf=evidence_date,
        ):
            item = Support(row["evidenceId"], row.get("systemId") or None)
            if item not in direct[row["obligation"]]:
                direct[row["obligation"]].append(item)
        # Row order differs between stores: sort, so explanations read the same everywhere.
        facts.direct[key] = {k: sorted(v, key=lambda s: s.evidence) for k, v in direct.items()}
    return facts


def implemented_elements(store: Store, org_id: str, evidence_date: dt.date) -> Elements:
    """Every ISO element's valid evidence on ``evidence_date`` and the clause tree."""
    graphs = record_graphs(analysis_graphs(store, org_id))
    supports: dict[str, list[Support]] = defaultdict(list)
    for row in sparql.select(
        store, "implemented-elements", graphs, org=org_iri(org_id), asOf=evidence_date
    ):
        item = Support(row["evidenceId"], row.get("systemId") or None)
        if item not in supports[row["elementId"]]:
            supports[row["elementId"]].append(item)
    iso = FRAMEWORKS["iso42001"]
    children: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(store, "clause-tree", [iso.graph]):
        if row.get("parentId"):
            children[row["parentId"]].append(row["clauseId"])
    return Elements(
        {k: sorted(v, key=lambda s: s.evidence) for k, v in supports.items()},
        {k: sorted(v) for k, v in children.items()},
    )
