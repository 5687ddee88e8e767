"""Gaps, the remediation plan and the evidence register, with their filters.

Each page calls the function its API route calls (``/orgs/{org}/gaps``, ``/plan``,
``/evidence``) with the same arguments, so the lists are the API's; filter values outside
their choices are a 400 page, never a 500.
"""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine.analysis import coverage, evidence_register, gaps, plan
from aimsgraph.engine.analysis.applicability import EU_FRAMEWORKS
from aimsgraph.engine.analysis.system_scope import system_gaps
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .org_data import (
    choice,
    gap_kinds,
    names,
    require_data,
    store_of,
    system_choice,
    systems_of,
    whole_number,
)
from .pages import Dates, engine_errors, page_dates, render, signed_in
from .sessions import Session

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]
SEVERITIES = tuple(gaps.SEVERITY_ORDER)


@router.get("/orgs/{org}/gaps", response_class=HTMLResponse)
def gap_list(
    org: str,
    request: Request,
    session: SignedIn,
    dates: PageDates,
    severity: str | None = None,
    kind: str | None = None,
    system: str | None = None,
) -> Response:
    """The gaps on the law date, most severe first, filtered by severity, kind and AI
    system (the gaps about it or about evidence naming it)."""
    store = store_of(request)
    name = require_data(store, org)
    kinds = gap_kinds()
    chosen_severity = choice(severity, SEVERITIES, "severity")
    chosen_kind = choice(kind, kinds, "gap kind")
    chosen_system = system_choice(store, org, system)
    with engine_errors():
        report = system_gaps(store, org, dates.as_of, chosen_system)
    shown = [
        g
        for g in report.gaps
        if (chosen_severity is None or g.severity == chosen_severity)
        and (chosen_kind is None or g.kind == chosen_kind)
    ]
    return render(
        request,
        "gaps.html",
        {
            "org": org,
            "name": name,
            "dates": dates,
            "report": report,
            "shown": shown,
            "names": names(store, org),
            "filters": {"severity": chosen_severity, "kind": chosen_kind, "system": chosen_system},
            "severities": SEVERITIES,
            "kinds": kinds,
            "systems": systems_of(store, org),
        },
    )


@router.get("/orgs/{org}/plan", response_class=HTMLResponse)
def plan_page(
    org: str,
    request: Request,
    session: SignedIn,
    dates: PageDates,
    framework: str | None = None,
    system: str | None = None,
) -> Response:
    """The remediation plan, for every act or one, for the organisation or one AI system.
    With an evidence date, coverage judges the evidence on it (as the report does)."""
    store = store_of(request)
    name = require_data(store, org)
    chosen_framework = choice(framework, EU_FRAMEWORKS, "act")
    chosen_system = system_choice(store, org, system)
    chosen = [chosen_framework] if chosen_framework else list(EU_FRAMEWORKS)
    with engine_errors():
        report = None
        if dates.evidence_date is not None:
            report = coverage.coverage(
                store,
                org,
                dates.as_of,
                chosen,
                evidence_date=dates.evidence_date,
                system=chosen_system,
            )
        steps = plan.plan(
            store, org, dates.as_of, None, report, frameworks=chosen, system=chosen_system
        )
    return render(
        request,
        "plan.html",
        {
            "org": org,
            "name": name,
            "dates": dates,
            "plan": steps,
            "names": names(store, org),
            "filters": {"framework": chosen_framework, "system": chosen_system},
            "acts": EU_FRAMEWORKS,
            "systems": systems_of(store, org),
        },
    )


@router.get("/orgs/{org}/evidence", response_class=HTMLResponse)
def evidence_page(
    org: str,
    request: Request,
    session: SignedIn,
    dates: PageDates,
    expiring_within: str | None = None,
    system: str | None = None,
) -> Response:
    """The evidence register judged on the evidence date (default: the law date), soonest
    to lapse first; ``expiring_within`` keeps what ends within that many days (the expired
    included), ``system`` the items naming that AI system."""
    store = store_of(request)
    name = require_data(store, org)
    within = whole_number(expiring_within, "expiring_within")
    chosen_system = system_choice(store, org, system)
    day = dates.evidence_date or dates.as_of
    with engine_errors():
        register = evidence_register.evidence_register(store, org, day, within, chosen_system)
    return render(
        request,
        "evidence.html",
        {
            "org": org,
            "name": name,
            "dates": dates,
            "register": register,
            "names": names(store, org),
            "filters": {"expiring_within": within, "system": chosen_system},
            "systems": systems_of(store, org),
        },
    )
