"""What each MCP tool does, as plain functions of the store (tested without a client).

Each returns a typed record (the engine's own, or a small wrapper when the answer is a
list), so the server can publish an output schema and structured content for it.
Organisation tools answer only for organisations whose data is in this store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .. import dates
from ..analysis import applicability as applicability_
from ..analysis import compare as compare_
from ..analysis import coverage as coverage_
from ..analysis import gaps as gaps_
from ..analysis import history as history_
from ..analysis import plan as plan_
from ..crosswalks import crosswalk as crosswalk_
from ..crosswalks import mappings
from ..errors import AimsgraphError
from ..law import catalog
from ..models import FrameworkInfo, ProvisionDetail, ProvisionSummary
from ..namespaces import FRAMEWORKS
from ..org import loader
from ..store import Store

Framework = Literal["iso42001", "ai-act", "gdpr", "dora", "nis2"]
EuFramework = Literal["ai-act", "gdpr", "dora", "nis2"]
Level = Literal["article", "paragraph", "all"]


@dataclass(frozen=True)
class ProvisionMatches:
    """Provisions whose number or heading contains the query, in document order."""

    query: str
    total: int
    items: list[ProvisionSummary] = field(default_factory=list)


@dataclass(frozen=True)
class CrosswalkAnswer:
    """The mapping links of one provision (direct, or composed when transitive)."""

    provision: str
    links: list[crosswalk_.CrosswalkLink] = field(default_factory=list)


@dataclass(frozen=True)
class MappingSetInfo:
    """One shipped mapping set: its rows by relationship and status."""

    name: str
    rows: int
    relationships: dict[str, int]
    statuses: dict[str, int]
    unmapped_in_scope: list[str]


@dataclass(frozen=True)
class AnalysisHistory:
    """The organisation's recorded analyses, oldest first."""

    organisation: str
    items: list[history_.AnalysisSummary] = field(default_factory=list)


def search_provisions(
    store: Store,
    query: str,
    framework: Framework | None = None,
    level: Level = "all",
    limit: int = 25,
) -> ProvisionMatches:
    """Provisions of one framework (or all) whose number or heading contains ``query``."""
    needle = query.strip().lower()
    if not needle:
        raise AimsgraphError("give some text to search for, e.g. 'risk management'")
    chosen = [framework] if framework else list(FRAMEWORKS)
    found = [
        p
        for fw in chosen
        for p in catalog.provisions(store, fw, level)
        if needle in p.title.lower() or needle in p.notation.lower()
    ]
    return ProvisionMatches(query=query, total=len(found), items=found[: max(1, limit)])


def provision(store: Store, provision_id: str) -> ProvisionDetail:
    """One provision with its text, hierarchy, applicability and amendments."""
    return catalog.provision(store, provision_id)


def crosswalk(
    store: Store, provision_id: str, to: Framework | None = None, transitive: bool = False
) -> CrosswalkAnswer:
    """What an ISO/IEC 42001 element maps to, or which ISO elements map to an obligation."""
    links = crosswalk_.crosswalk(store, provision_id, to, transitive)
    return CrosswalkAnswer(provision=provision_id, links=links)


def require_local_org(store: Store, org: str) -> str:
    """``org`` if its data is in this store; otherwise one clear error naming the others."""
    if loader.organisation(store, org) is not None:
        return org
    known = sorted(o["id"] for o in loader.organisations(store))
    listed = ", ".join(known) if known else "none: import one with `aimsgraph org import`"
    raise AimsgraphError(f"no organisation {org!r} in this store (organisations: {listed})")


def applicability(
    store: Store,
    org: str,
    as_of: str | None = None,
    framework: EuFramework | None = None,
    system: str | None = None,
) -> applicability_.ApplicabilityReport:
    """Which provisions of the EU acts bind the organisation on the date, and why."""
    chosen = [framework] if framework else list(applicability_.EU_FRAMEWORKS)
    return applicability_.applicability(
        store, require_local_org(store, org), dates.as_of(as_of, "as_of"), chosen, system
    )


def coverage(
    store: Store,
    org: str,
    as_of: str | None = None,
    framework: EuFramework | None = None,
    assume_implemented: list[str] | None = None,
    system: str | None = None,
) -> coverage_.CoverageReport:
    """Coverage of each applicable EU act by the organisation's ISO/IEC 42001 controls
    (``system``: only the obligations through that AI system, judged for it)."""
    chosen = [framework] if framework else list(applicability_.EU_FRAMEWORKS)
    return coverage_.coverage(
        store,
        require_local_org(store, org),
        dates.as_of(as_of, "as_of"),
        chosen,
        list(assume_implemented or []),
        system=system,
    )


def gaps(store: Store, org: str, as_of: str | None = None) -> gaps_.GapReport:
    """The organisation's gaps (SHACL shapes), most severe first."""
    return gaps_.gaps(store, require_local_org(store, org), dates.as_of(as_of, "as_of"), "fast")


def plan(store: Store, org: str, as_of: str | None = None, top: int | None = None) -> plan_.Plan:
    """The remediation plan: the steps that raise coverage most, in order."""
    return plan_.plan(store, require_local_org(store, org), dates.as_of(as_of, "as_of"), top)


def history(store: Store, org: str) -> AnalysisHistory:
    """The organisation's recorded analyses (``aimsgraph analyse`` and the API record them)."""
    org_id = require_local_org(store, org)
    return AnalysisHistory(organisation=org_id, items=history_.history(store, org_id))


def compare(store: Store, org: str, from_id: str, to_id: str) -> compare_.Comparison:
    """What changed between two recorded analyses of the organisation, and why."""
    return compare_.compare(store, require_local_org(store, org), from_id, to_id)


def frameworks(store: Store) -> list[FrameworkInfo]:
    """The loaded framework catalogs."""
    return catalog.frameworks(store)


def mapping_sets() -> list[MappingSetInfo]:
    """The shipped mapping sets with their statistics."""
    return [
        MappingSetInfo(s.name, s.rows, s.relationships, s.statuses, s.unmapped_in_scope)
        for s in (mappings.stats_of(m) for m in mappings.packaged_sets())
    ]
