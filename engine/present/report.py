"""The report model a consultant hands over: built from the engine's results, no analysis of
its own.

:func:`build` gathers coverage, gaps, the plan, the Statement of Applicability, the AI
systems, the mappings used and evidence freshness into one :class:`Report`. The writers
(``report_html``, ``report_xlsx``, ``report_csv``, chosen by ``report_files.write``) depend
on this module and never on each other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ... import __version__
from ..analysis import gaps, plan
from ..analysis.applicability import EU_FRAMEWORKS
from ..analysis.compare import Comparison
from ..analysis.coverage import CoverageReport, coverage
from ..analysis.evidence_register import EvidenceRegister, evidence_register
from ..analysis.graphs import analysis_graphs, org_iri
from ..analysis.system_scope import system_gaps
from ..crosswalks.crosswalk import build_graph
from ..crosswalks.mappings import packaged_sets
from ..law import catalog
from ..models import ProvisionSummary
from ..store import Store, sparql
from .acts import Act, acts, provision_names

HEATMAP_FRAMEWORKS = ("ai-act", "gdpr", "dora", "nis2")
# Which mapping rows the appendix lists: every row, the rows that link an obligation that
# applies to the organisation, or no appendix.
APPENDIX = ("full", "used", "none")


@dataclass(frozen=True)
class EvidenceRef:
    """An evidence item as the SoA lists it."""

    id: str
    title: str
    issued: str
    valid_until: str | None
    valid: bool


@dataclass(frozen=True)
class SoARow:
    """One Annex A control in the Statement of Applicability."""

    control: str
    title: str
    included: str  # "yes", "no", or "" when the SoA has no row
    status: str
    justification: str
    owner: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    obligations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HeatCell:
    """Best link from one ISO element into one act, and whether the element is implemented."""

    strength: int
    implemented: bool
    links: int


@dataclass(frozen=True)
class HeatRow:
    """One ISO/IEC 42001 clause or control across the four acts."""

    element: str
    title: str
    cells: dict[str, HeatCell | None]


@dataclass(frozen=True)
class MappingUsed:
    """A mapping link behind an applicable obligation, for the appendix."""

    subject: str
    object: str
    relationship: str
    strength: int
    status: str
    comment: str
    source: str
    eli: str
    applies: bool = True  # the obligation applies to the organisation on the law date

    @property
    def act(self) -> str:
        """The catalog key of the obligation's act (``ai-act``)."""
        return self.object.partition(":")[0]


@dataclass(frozen=True)
class SystemView:
    """One AI system: its profile and the obligations it brings, with their statuses."""

    id: str
    name: str
    role: str
    tier: str
    owner: str
    stage: str
    personal_data: bool
    obligations: list[tuple[str, str, str]] = field(default_factory=list)  # id, title, status
    basis: str = ""  # high-risk basis (Annex I, an Annex III point), "" when none


# What every report says beside its figures (model.md, "Coverage semantics", point 4).
CAVEAT = (
    "The support score measures how far the ISO/IEC 42001 management system supports an act "
    "(mean best link weight over applicable obligations); it is not a compliance percentage. "
    "ISO/IEC 42001 gives no presumption of conformity with the AI Act (no harmonised "
    "standard is cited under Art. 40 yet). Valid evidence means evidence in date on the "
    "evidence date, not evidence judged adequate."
)


@dataclass(frozen=True)
class Report:
    """Everything the report shows."""

    organisation: str
    name: str
    sector: str
    entity_types: list[str]
    gdpr_roles: list[str]
    as_of: str
    generated: str
    version: str
    catalogs: list[tuple[str, str, str]]  # key, identifier, version
    mapping_sets: list[tuple[str, str, int]]  # name, version, rows
    coverage: CoverageReport
    gaps: gaps.GapReport
    plan: plan.Plan
    soa: list[SoARow]
    heatmap: list[HeatRow]
    systems: list[SystemView]
    mappings: list[MappingUsed]
    expiring: list[tuple[str, str, str, int]]  # id, title, valid_until, days left
    horizon: int
    evidence: EvidenceRegister | None = None  # judged on the evidence date
    system: str | None = None  # the AI system the report is limited to, if any
    acts: dict[str, Act] = field(default_factory=dict)  # catalog key -> readable name
    names: dict[str, str] = field(default_factory=dict)  # provision id -> "EU AI Act Art. 9"
    appendix: str = "used"
    since: Comparison | None = None  # report --since ID: changes since a recorded analysis


def build(
    store: Store,
    org_id: str,
    as_of: dt.date,
    horizon: int = 90,
    include_analysis: bool = True,
    evidence_date: dt.date | None = None,
    include_draft: bool = False,
    system: str | None = None,
    appendix: str = "used",
) -> Report:
    """Collect every part of the report for one organisation and date (without gaps and
    plan when ``include_analysis`` is false; ``appendix`` picks the mapping rows listed).
    With ``system``, coverage, gaps, plan, the AI systems and the evidence register are
    limited to that AI system."""
    if appendix not in APPENDIX:
        raise ValueError(f"unknown appendix {appendix!r}: use {', '.join(APPENDIX)}")
    graphs = analysis_graphs(store, org_id)
    org = org_iri(org_id)
    cov = coverage(
        store,
        org_id,
        as_of,
        EU_FRAMEWORKS,
        evidence_date=evidence_date,
        include_draft=include_draft,
        system=system,
    )
    found = (
        system_gaps(store, org_id, as_of, system)
        if include_analysis
        else gaps.GapReport(org_id, as_of.isoformat())
    )
    steps = (
        plan.plan(store, org_id, as_of, None, cov)
        if include_analysis
        else plan.Plan(org_id, as_of.isoformat(), 0.0, 0.0)
    )
    profile = sparql.select(store, "org-profile", graphs, org=org)[0]
    evidence_rows = sparql.select(store, "evidence-register", graphs, org=org)

    def valid(row: dict[str, str]) -> bool:
        until = row.get("until")
        return row["issued"] <= as_of.isoformat() and (until is None or until >= as_of.isoformat())

    by_requirement: dict[str, list[EvidenceRef]] = defaultdict(list)
    expiring: dict[str, tuple[str, str, str, int]] = {}
    for row in evidence_rows:
        by_requirement[row["supportedId"]].append(
            EvidenceRef(
                row["evidenceId"], row["title"], row["issued"], row.get("until"), valid(row)
            )
        )
        until = row.get("until")
        if until and valid(row):
            days = (dt.date.fromisoformat(until) - as_of).days
            if days <= horizon:
                expiring[row["evidenceId"]] = (row["evidenceId"], row["title"], until, days)

    applicable = {p.id: p for f in cov.frameworks for p in f.provisions}
    links = build_graph(store)
    controls = [
        p
        for p in catalog.provisions(store, "iso42001", "article")
        if p.kind in ("clause", "control")
    ]
    soa_rows = soa_decisions(store, org_id)
    implemented = {v.control for p in applicable.values() for v in p.via if v.implemented}

    soa = _soa(controls, soa_rows, by_requirement, links, applicable)

    heatmap = []
    for element in controls:
        cells: dict[str, HeatCell | None] = {}
        for key in HEATMAP_FRAMEWORKS:
            strengths = [
                int(d["strength"])
                for _, o, d in links.out_edges(element.id, data=True)
                if o.startswith(key + ":")
                and d["relationship"] != "no-relationship"
                and o in applicable
            ]
            cells[key] = (
                HeatCell(max(strengths), element.id in implemented, len(strengths))
                if strengths
                else None
            )
        heatmap.append(HeatRow(element.id, element.title, cells))

    named = acts(store)
    names = provision_names(store, named)  # in document order, act by act
    used = _mappings(links, applicable, named, appendix, {n: i for i, n in enumerate(names)})

    per_system: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for p in applicable.values():
        for judged in p.per_system:  # the system's own status, not the organisation's
            per_system[judged.system].append((p.id, p.title, judged.status))
    roles: dict[str, list[str]] = defaultdict(list)
    first: dict[str, dict[str, str]] = {}
    for r in sparql.select(store, "system-rows", graphs, org=org):
        roles[r["systemId"]].append(r["role"])  # a provider that also deploys: two rows
        first.setdefault(r["systemId"], r)
    systems = [
        SystemView(
            r["systemId"],
            r["name"],
            ", ".join(sorted(set(roles[r["systemId"]]))),
            r.get("tier", ""),
            r.get("owner", ""),
            r["stage"],
            r["personalData"] == "true",
            per_system.get(r["systemId"], []),
            r.get("basis", ""),
        )
        for r in first.values()
        if system is None or r["systemId"] == system
    ]
    infos = catalog.frameworks(store)
    return Report(
        organisation=org_id,
        name=profile["name"],
        sector=profile.get("sector", ""),
        entity_types=sorted(filter(None, profile.get("entityTypes", "").split(";"))),
        gdpr_roles=sorted(filter(None, profile.get("gdprRoles", "").split(";"))),
        as_of=as_of.isoformat(),
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        catalogs=[(i.key, i.identifier, i.version) for i in infos],
        mapping_sets=[
            (s.name, str(s.header.get("mapping_set_version", "")), len(s.rows))
            for s in packaged_sets()
        ],
        coverage=cov,
        gaps=found,
        plan=steps,
        soa=soa,
        heatmap=heatmap,
        systems=systems,
        mappings=used,
        expiring=sorted(expiring.values(), key=lambda e: (e[3], e[0])),
        horizon=horizon,
        evidence=evidence_register(
            store, org_id, evidence_date or as_of, system=system, horizon=horizon
        ),
        system=system,
        acts=named,
        names=names,
        appendix=appendix,
    )


def _mappings(
    links: object,
    applicable: Mapping[str, object],
    named: dict[str, Act],
    appendix: str,
    order: Mapping[str, int],
) -> list[MappingUsed]:
    """The appendix rows: every link for ``full``, the links into applicable obligations for
    ``used`` (the ones behind the figures), none for ``none``; by act, then in the act's
    document order (Art. 5 before Art. 11), then by ISO element in the standard's order."""
    if appendix == "none":
        return []
    rows = {
        MappingUsed(
            s,
            o,
            str(d["relationship"]),
            int(d["strength"]),
            str(d["status"]),
            str(d["comment"]),
            str(d["see_also"]),
            named[o.split(":")[0]].eli if o.split(":")[0] in named else "",
            o in applicable,
        )
        for s, o, d in links.edges(data=True)  # type: ignore[attr-defined]
        if appendix == "full" or (o in applicable and d["relationship"] != "no-relationship")
    }
    last = len(order)
    return sorted(
        rows,
        key=lambda m: (
            m.act,
            order.get(m.object, last),
            m.object,
            order.get(m.subject, last),
            m.subject,
        ),
    )


def _soa(
    controls: list[ProvisionSummary],
    soa_rows: dict[str, dict[str, str]],
    by_requirement: dict[str, list[EvidenceRef]],
    links: object,
    applicable: Mapping[str, object],
) -> list[SoARow]:
    rows = []
    for control in (c for c in controls if c.kind == "control"):
        row = soa_rows.get(control.id, {})
        included = {"true": "yes", "false": "no"}.get(row.get("included", ""), "")
        obligations = sorted(
            {
                o
                for _, o, d in links.out_edges(control.id, data=True)  # type: ignore[attr-defined]
                if d["relationship"] != "no-relationship" and o in applicable
            }
        )
        rows.append(
            SoARow(
                control.id,
                control.title,
                included,
                row.get("status", ""),
                row.get("justification", ""),
                row.get("owner", ""),
                by_requirement.get(control.id, []),
                obligations,
            )
        )
    return rows


def soa_decisions(store: Store, org_id: str) -> dict[str, dict[str, str]]:
    """The organisation's SoA rows as ``soa-rows.rq`` reads them, by control short id
    (``included`` "true"/"false", ``status``, ``justification``, ``owner`` when given)."""
    graphs = analysis_graphs(store, org_id)
    rows = sparql.select(store, "soa-rows", graphs, org=org_iri(org_id))
    return {r["controlId"]: r for r in rows}


def statement_of_applicability(store: Store, org_id: str, as_of: dt.date) -> list[SoARow]:
    """The SoA alone (for the API): every Annex A control, its decision, evidence and the
    applicable obligations it helps meet."""
    return build(store, org_id, as_of, include_analysis=False).soa


# -- the SoA as flat rows (CSV and the XLSX sheet) -----------------------------------------


SOA_COLUMNS = [
    "control",
    "title",
    "included",
    "status",
    "justification",
    "owner",
    "evidence",
    "obligations",
]


def soa_records(report: Report) -> list[dict[str, str]]:
    """The SoA as flat rows (CSV and the XLSX sheet)."""
    return soa_rows(report.soa)


def soa_rows(rows: list[SoARow]) -> list[dict[str, str]]:
    """SoA rows flattened to strings, one dict per control."""
    return [
        {
            "control": r.control.removeprefix("iso42001:"),
            "title": r.title,
            "included": r.included or "(no SoA row)",
            "status": r.status,
            "justification": r.justification,
            "owner": r.owner,
            "evidence": "; ".join(
                f"{e.id} {e.title} ({'valid' if e.valid else 'not valid'}"
                f"{', until ' + e.valid_until if e.valid_until else ''})"
                for e in r.evidence
            ),
            "obligations": "; ".join(r.obligations),
        }
        for r in rows
    ]
