"""An organisation's dashboard (signed in): support score and status counts per act as
charts and tables, per AI system, the top gaps, the first plan steps and the evidence that
expires soon.

Coverage is computed once and the plan reuses it (as the report does); gaps and the evidence
register are the API's own functions, so every figure equals the API's for the same dates.
"""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine.analysis import applicability, coverage, evidence_register, plan
from aimsgraph.engine.analysis.system_scope import system_gaps
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .org_data import charts, names, org_name, store_of
from .pages import Dates, engine_errors, page_dates, render, signed_in
from .sessions import Session

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]
TOP = 5
HORIZON = 90  # days: the dashboard's "expiring soon"


@router.get("/orgs/{org}", response_class=HTMLResponse)
def dashboard(
    org: str, request: Request, session: SignedIn, dates: PageDates, uploaded: str = ""
) -> Response:
    """The organisation's dashboard on the page's dates."""
    store = store_of(request)
    context: dict[str, object] = {
        "org": org,
        "dates": dates,
        "uploaded": uploaded == "1",
        "name": org_name(store, org),
    }
    if context["name"] is None:  # registered, no data uploaded yet
        return render(request, "dashboard.html", context)
    with engine_errors():
        cov = coverage.coverage(
            store,
            org,
            dates.as_of,
            applicability.EU_FRAMEWORKS,
            evidence_date=dates.evidence_date,
        )
        steps = plan.plan(store, org, dates.as_of, TOP, cov)
        found = system_gaps(store, org, dates.as_of, None)
        register = evidence_register.evidence_register(
            store, org, dates.evidence_date or dates.as_of, HORIZON
        )
        named = names(store, org)
    score_svg, status_svg = charts(cov.frameworks, named)
    context.update(
        coverage=cov,
        plan=steps,
        gaps=found.gaps[:TOP],
        gap_count=len(found.gaps),
        expiring=register.items,
        horizon=HORIZON,
        names=named,
        score_svg=score_svg,
        status_svg=status_svg,
        systems=sorted({s.system for s in cov.systems}),
    )
    return render(request, "dashboard.html", context)
