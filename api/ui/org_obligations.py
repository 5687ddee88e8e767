"""The obligation explorer (filter by act, AI system and status) and each obligation's page:
why it has its status (the ISO/IEC 42001 links with their mapping rows, the evidence, the
per-system judgements), why it applies (the deciding rule) and its official text.

Both call the coverage function the API's ``/orgs/{org}/coverage`` calls, once per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from aimsgraph.engine.analysis import applicability, coverage, evidence_register
from aimsgraph.engine.analysis.applicability import EU_FRAMEWORKS
from aimsgraph.engine.analysis.coverage_model import STATUSES, ProvisionCoverage, Via
from aimsgraph.engine.crosswalks.crosswalk import build_graph
from aimsgraph.engine.law import catalog
from aimsgraph.engine.models import ProvisionDetail
from aimsgraph.engine.present import report as report_model
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .org_data import (
    choice,
    names,
    require_data,
    store_of,
    system_choice,
    systems_of,
)
from .pages import Dates, UiError, engine_errors, page_dates, render, signed_in
from .sessions import Session

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]


@router.get("/orgs/{org}/obligations", response_class=HTMLResponse)
def obligations(
    org: str,
    request: Request,
    session: SignedIn,
    dates: PageDates,
    act: str | None = None,
    system: str | None = None,
    status: str | None = None,
) -> Response:
    """Every applicable obligation with its status, filtered by act, AI system and status
    (with a system: the obligations that apply through it, judged for it)."""
    store = store_of(request)
    name = require_data(store, org)
    chosen_act = choice(act, EU_FRAMEWORKS, "act")
    chosen_status = choice(status, STATUSES, "status")
    chosen_system = system_choice(store, org, system)
    with engine_errors():
        report = coverage.coverage(
            store,
            org,
            dates.as_of,
            [chosen_act] if chosen_act else EU_FRAMEWORKS,
            evidence_date=dates.evidence_date,
            system=chosen_system,
        )
    rows = [
        (f.framework, p)
        for f in report.frameworks
        for p in f.provisions
        if chosen_status is None or p.status == chosen_status
    ]
    return render(
        request,
        "obligations.html",
        {
            "org": org,
            "name": name,
            "dates": dates,
            "report": report,
            "rows": rows,
            "names": names(store, org),
            "filters": {"act": chosen_act, "system": chosen_system, "status": chosen_status},
            "acts": EU_FRAMEWORKS,
            "statuses": STATUSES,
            "systems": systems_of(store, org),
        },
    )


@dataclass(frozen=True)
class LinkRow:
    """One ISO/IEC 42001 element behind an obligation's status, with the mapping rows that
    link it to the obligation (or to an enclosing article)."""

    via: Via
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@router.get("/orgs/{org}/obligations/{obligation_id}", response_class=HTMLResponse)
def obligation(
    org: str, obligation_id: str, request: Request, session: SignedIn, dates: PageDates
) -> Response:
    """One obligation: its status and why, its links, evidence, per-system judgements, why
    it applies (or does not) and its official text."""
    store = store_of(request)
    name = require_data(store, org)
    with engine_errors():
        detail = catalog.provision(store, obligation_id)
    if detail.framework not in EU_FRAMEWORKS:
        raise UiError(
            404,
            f"{obligation_id} is not a provision of the EU acts ({', '.join(EU_FRAMEWORKS)}): "
            "see the crosswalk explorer for ISO/IEC 42001 elements.",
        )
    with engine_errors():
        report = coverage.coverage(
            store, org, dates.as_of, [detail.framework], evidence_date=dates.evidence_date
        )
        decisions = applicability.applicability(store, org, dates.as_of, [detail.framework])
        register = evidence_register.evidence_register(
            store, org, dates.evidence_date or dates.as_of
        )
        graph = build_graph(store)
        named = names(store, org)
        soa = report_model.soa_decisions(store, org)
    provisions = report.frameworks[0].provisions
    found = next((p for p in provisions if p.id == detail.id), None)
    decision = next((d for d in decisions.decisions if d.id == detail.id), None)
    context: dict[str, Any] = {
        "org": org,
        "name": name,
        "dates": dates,
        "detail": detail,
        "citation": named.ref(detail.id),
        "act": named.act(detail.framework),
        "names": named,
        "soa": soa,
        "found": found,
        "decision": decision,
        "evidence_date": report.evidence_date,
        "parts": [p for p in provisions if p.id.startswith(detail.id + "-")],
        "links": _links(found, detail, graph) if found else [],
        "system_links": _system_links(found, detail, graph) if found else {},
        "evidence": _evidence(found, register) if found else [],
    }
    return render(request, "obligation.html", context)


def _targets(detail: ProvisionDetail) -> list[str]:
    """The obligation and its ancestors: a mapping row to an article speaks to its
    paragraphs (coverage counts it as inherited)."""
    return [detail.id, *reversed([p.id for p in detail.parents])]


def _link_rows(graph: Any, via: list[Via], detail: ProvisionDetail) -> list[LinkRow]:
    """Each element with the mapping rows from it to the obligation or its ancestors."""
    result = []
    for v in via:
        rows = []
        for target in _targets(detail):
            for data in (graph.get_edge_data(v.control, target) or {}).values():
                rows.append({"target": target, **data})
        title = graph.nodes[v.control]["title"] if v.control in graph else ""
        result.append(LinkRow(v, str(title), rows))
    return result


def _links(found: ProvisionCoverage, detail: ProvisionDetail, graph: Any) -> list[LinkRow]:
    return _link_rows(graph, found.via, detail)


def _system_links(
    found: ProvisionCoverage, detail: ProvisionDetail, graph: Any
) -> dict[str, list[LinkRow]]:
    return {s.system: _link_rows(graph, s.via, detail) for s in found.per_system}


def _evidence(
    found: ProvisionCoverage, register: evidence_register.EvidenceRegister
) -> list[tuple[str, evidence_register.EvidenceEntry | None, dict[str, list[str]]]]:
    """The evidence items behind the status, as the register lists them, each with what it
    counts as here (the ISO element it implements, or "" for direct evidence) and for whom
    (the organisation, or each AI system judged)."""
    uses: dict[str, dict[str, list[str]]] = {}
    judgements = [("the organisation", found.via, found.evidence)] if not found.per_system else []
    judgements += [(s.system, s.via, s.evidence) for s in found.per_system]
    for whom, via, direct in judgements:
        for v in via:
            for e in v.evidence:
                uses.setdefault(e, {}).setdefault(v.control, []).append(whom)
        for e in direct:
            uses.setdefault(e, {}).setdefault("", []).append(whom)
    items = {i.id: i for i in register.items}
    return [(e, items.get(e), found_uses) for e, found_uses in sorted(uses.items())]
