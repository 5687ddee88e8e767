"""Coverage of each EU act through an organisation's ISO/IEC 42001 management system.

Semantics (model.md, "Coverage semantics"): for an as-of date, only obligations that apply
to the organisation count, at their finest level. An ISO element is implemented when the
SoA includes it as implemented and valid evidence supports it (a clause: when valid
evidence supports it or a subclause). Each obligation is then

- ``covered``: an implemented element links to it by equal-to, equivalent-to or
  superset-of, or valid evidence supports it directly;
- ``partial``: only subset-of / intersects-with links from implemented elements;
- ``uncovered``: links exist but none of their elements is implemented;
- ``unmapped``: no ISO/IEC 42001 element links to it.

Its score is the best link weight from an implemented element (strength / 10; 1 for direct
evidence); a framework's score is the mean over its applicable obligations. A link to an
ancestor (an article) speaks to the obligation too; if it is not a superset it only counts as
partial, since it does not say which part of the article it meets.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import UnknownIdError
from ..law.catalog import require_catalogs
from ..namespaces import FRAMEWORKS, expand
from ..org.loader import known_ids
from ..store import Iri, Store, sparql
from .applicability import EU_FRAMEWORKS, applicability
from .graphs import analysis_graphs, org_iri, record_graphs

FULL = frozenset({"equal-to", "equivalent-to", "superset-of"})


@dataclass(frozen=True)
class Via:
    """One reason behind a status: an ISO element's link and the evidence behind it."""

    control: str
    relationship: str
    strength: int
    implemented: bool
    evidence: list[str] = field(default_factory=list)
    inherited: bool = False


@dataclass(frozen=True)
class ProvisionCoverage:
    """One applicable obligation's status and why."""

    id: str
    title: str
    status: str
    score: float
    via: list[Via] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FrameworkCoverage:
    """One framework: status counts, score, and every applicable obligation."""

    framework: str
    applicable: int
    covered: int
    partial: int
    uncovered: int
    unmapped: int
    score: float
    provisions: list[ProvisionCoverage] = field(default_factory=list)


@dataclass(frozen=True)
class SystemCoverage:
    """The obligations that apply because of one AI system (AI Act roles and tiers)."""

    system: str
    framework: str
    applicable: int
    covered: int
    partial: int
    uncovered: int
    unmapped: int
    obligations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of the chosen frameworks for one organisation on one date."""

    organisation: str
    as_of: str
    frameworks: list[FrameworkCoverage] = field(default_factory=list)
    assumed_implemented: list[str] = field(default_factory=list)
    systems: list[SystemCoverage] = field(default_factory=list)


def per_system(frameworks: list[FrameworkCoverage]) -> list[SystemCoverage]:
    """Regroup the obligations by the AI systems that bring them into play."""
    grouped: dict[tuple[str, str], list[ProvisionCoverage]] = defaultdict(list)
    for fw in frameworks:
        for provision in fw.provisions:
            for system in provision.systems:
                grouped[(system, fw.framework)].append(provision)
    return [
        SystemCoverage(
            system=system,
            framework=framework,
            applicable=len(items),
            obligations=[p.id for p in items],
            **{
                s: sum(1 for p in items if p.status == s)
                for s in ("covered", "partial", "uncovered", "unmapped")
            },
        )
        for (system, framework), items in sorted(grouped.items())
    ]


def implemented_elements(
    store: Store, org_id: str, as_of: dt.date, assume: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Implemented ISO element short id -> ids of the valid evidence behind it."""
    graphs = record_graphs(analysis_graphs(store, org_id))
    result: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(
        store, "implemented-elements", graphs, org=org_iri(org_id), asOf=as_of
    ):
        if row["evidenceId"] not in result[row["elementId"]]:
            result[row["elementId"]].append(row["evidenceId"])
    for element in assume:
        result.setdefault(element, [])
    return {k: sorted(v) for k, v in result.items()}


def coverage(
    store: Store,
    org_id: str,
    as_of: dt.date,
    frameworks: Iterable[str] = EU_FRAMEWORKS,
    assume_implemented: Iterable[str] = (),
) -> CoverageReport:
    """Coverage of each framework for the organisation on ``as_of``."""
    require_catalogs(store)
    assumed = _element_ids(store, assume_implemented)
    chosen = list(frameworks)
    for key in chosen:
        if key not in EU_FRAMEWORKS:
            raise UnknownIdError(key, f"coverage frameworks are {', '.join(EU_FRAMEWORKS)}")
    graphs = analysis_graphs(store, org_id)
    implemented = implemented_elements(store, org_id, as_of, assumed)
    facts = _Facts.read(store, graphs, org_id, as_of, chosen)
    results = [_framework(store, facts, key, implemented) for key in chosen]
    return CoverageReport(
        organisation=org_id,
        as_of=as_of.isoformat(),
        frameworks=results,
        assumed_implemented=assumed,
        systems=per_system(results),
    )


@dataclass(frozen=True)
class _Facts:
    """What every framework's coverage reads, queried once per report rather than once per
    framework: applicable obligations (with the systems behind them) and mapping links,
    grouped by framework scheme."""

    graphs: list[str]  # without the mapping sets (record_graphs)
    org: Iri
    as_of: dt.date
    applicable: dict[str, list[dict[str, str]]]
    links: dict[str, list[dict[str, str]]]

    @classmethod
    def read(
        cls, store: Store, graphs: list[str], org_id: str, as_of: dt.date, keys: list[str]
    ) -> _Facts:
        records = record_graphs(graphs)
        org = org_iri(org_id)
        if not keys:
            return cls(records, org, as_of, {}, {})
        # One framework: bind its scheme (cheaper); several: one query for all of them.
        scheme = {"scheme": Iri(FRAMEWORKS[keys[0]].scheme)} if len(keys) == 1 else {}
        applicable = _by_scheme(_applicable(store, org_id, as_of, keys))
        links = _by_scheme(sparql.select(store, "obligation-links", graphs, **scheme))
        return cls(records, org, as_of, applicable, links)


def _by_scheme(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[row["scheme"]].append(row)
    return grouped


def _element_ids(store: Store, values: Iterable[str]) -> list[str]:
    """``A.6.2.4`` or ``iso42001:clause-8.4`` -> checked short ids."""
    known = known_ids(store)
    result = []
    for value in values:
        value = value.strip()
        short = value if value.startswith("iso42001:") else f"iso42001:{value}"
        if short not in known:
            raise UnknownIdError(
                value, "--assume-implemented takes ISO/IEC 42001 ids such as A.6.2.4 or clause-8.4"
            )
        result.append(short)
    return result


def _framework(
    store: Store, facts: _Facts, key: str, implemented: dict[str, list[str]]
) -> FrameworkCoverage:
    scheme = Iri(FRAMEWORKS[key].scheme)
    applicable = facts.applicable.get(scheme, [])
    links: dict[str, list[Via]] = defaultdict(list)
    for row in facts.links.get(scheme, []):
        element = row["elementId"]
        inherited = row["target"] != row["obligation"]
        relationship = row["relationship"]
        if inherited and relationship not in FULL:
            relationship = "intersects-with"
        links[row["obligation"]].append(
            Via(
                control=element,
                relationship=relationship,
                strength=int(row["strength"]),
                implemented=element in implemented,
                evidence=implemented.get(element, []),
                inherited=inherited,
            )
        )
    direct: dict[str, set[str]] = defaultdict(set)
    for row in sparql.select(
        store, "obligation-evidence", facts.graphs, scheme=scheme, org=facts.org, asOf=facts.as_of
    ):
        direct[row["obligation"]].add(row["evidenceId"])

    provisions = [
        _status(row, links.get(row["obligation"], []), sorted(direct.get(row["obligation"], ())))
        for row in applicable
    ]
    counts = {
        s: sum(1 for p in provisions if p.status == s)
        for s in ("covered", "partial", "uncovered", "unmapped")
    }
    score = sum(p.score for p in provisions) / len(provisions) if provisions else 0.0
    return FrameworkCoverage(
        framework=key,
        applicable=len(provisions),
        score=round(score, 4),
        provisions=provisions,
        **counts,
    )


def _applicable(store: Store, org_id: str, as_of: dt.date, keys: list[str]) -> list[dict[str, str]]:
    """The applicable obligations of ``keys`` in catalog order, each with the AI systems it
    applies through (``systems``: ``;``-joined ids): exactly the applicability report's
    ``applies`` decisions (analysis/applicability.py)."""
    report = applicability(store, org_id, as_of, keys)
    return [
        {
            "scheme": FRAMEWORKS[d.framework].scheme,
            "obligation": expand(d.id),
            "id": d.id,
            "title": d.title,
            "systems": ";".join(d.systems),
        }
        for d in report.decisions
        if d.applicable and d.leaf
    ]


def _status(row: dict[str, str], via: list[Via], evidence: list[str]) -> ProvisionCoverage:
    via = _best_per_element(via)
    active = [v for v in via if v.implemented]
    if evidence or any(v.relationship in FULL for v in active):
        status = "covered"
    elif active:
        status = "partial"
    elif via:
        status = "uncovered"
    else:
        status = "unmapped"
    score = 1.0 if evidence else max((v.strength / 10 for v in active), default=0.0)
    return ProvisionCoverage(
        id=row["id"],
        title=row["title"],
        status=status,
        score=round(score, 4),
        via=sorted(via, key=lambda v: (not v.implemented, -v.strength, v.control)),
        evidence=evidence,
        systems=sorted(s for s in row.get("systems", "").split(";") if s),
    )


def _best_per_element(via: list[Via]) -> list[Via]:
    """One reason per ISO element: its strongest link (direct before inherited)."""
    best: dict[str, Via] = {}
    for v in via:
        current = best.get(v.control)
        rank = (v.relationship in FULL, not v.inherited, v.strength)
        if current is None or rank > (
            current.relationship in FULL,
            not current.inherited,
            current.strength,
        ):
            best[v.control] = v
    return list(best.values())
