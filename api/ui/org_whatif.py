"""What-if: assume controls implemented, see the scores before and after and what changed.

The page calls :func:`coverage.coverage` with ``assume_implemented`` exactly as
``GET /orgs/{org}/coverage?assume_implemented=`` does, so its numbers are the API's. Nothing
is written: a what-if is a question, not a change to the organisation's data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from aimsgraph.engine.analysis import applicability, coverage
from aimsgraph.engine.errors import UnknownIdError
from aimsgraph.engine.law import catalog
from aimsgraph.engine.store import Store
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from ..deps import StoreDep
from .org_data import require_data
from .pages import Dates, checked_form, engine_errors, page_dates, render, signed_in
from .sessions import Session
from .tools_support import act_names, post_dates

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]
ISO = "iso42001"
GROUPS = (("clause", "Clauses 4 to 10"), ("control", "Annex A controls"))


@dataclass(frozen=True)
class Choice:
    """One ISO/IEC 42001 element the organisation has not implemented (no valid evidence on
    the evidence date): the value the form sends and its label."""

    value: str  # "A.6.2.4", "clause-8.4": what coverage's assume_implemented takes
    label: str


@dataclass(frozen=True)
class ActResult:
    """One act's support score without and with the assumptions (percentages)."""

    framework: str
    name: str
    applicable: int
    before: float
    after: float
    delta: float


def choices(store: Store, org: str, dates: Dates) -> list[tuple[str, list[Choice]]]:
    """The elements the organisation could assume, by group (clauses, then controls)."""
    day = dates.evidence_date or dates.as_of
    with engine_errors():
        elements = coverage.implemented_elements(store, org, day)
        provisions = catalog.provisions(store, ISO)
    grouped: list[tuple[str, list[Choice]]] = []
    for kind, heading in GROUPS:
        items = [
            Choice(p.id.partition(":")[2], f"{p.notation} {p.title}")
            for p in provisions
            if p.kind == kind and not elements.usable(p.id, None)
        ]
        grouped.append((heading, items))
    return grouped


def _results(store: Store, report: coverage.CoverageReport) -> list[ActResult]:
    names = act_names(store)
    return [
        ActResult(
            fw.framework,
            names.get(fw.framework, fw.framework),
            fw.applicable,
            round((fw.score_before or 0.0) * 100, 1),
            round(fw.score * 100, 1),
            round((fw.score - (fw.score_before or 0.0)) * 100, 1),
        )
        for fw in report.frameworks
    ]


def _whatif(store: Store, org: str, dates: Dates, assumed: list[str]) -> coverage.CoverageReport:
    """The API's what-if: every act, the assumptions, the page's dates."""
    return coverage.coverage(
        store,
        org,
        dates.as_of,
        list(applicability.EU_FRAMEWORKS),
        assumed,
        evidence_date=dates.evidence_date,
    )


def _context(
    org: str, dates: Dates, options: list[tuple[str, list[Choice]]], picked: list[str]
) -> dict[str, Any]:
    return {
        "org": org,
        "dates": dates,
        "choices": options,
        "picked": picked,
        "error": None,
        "result": None,
    }


@router.get("/orgs/{org}/whatif", response_class=HTMLResponse)
def whatif_form(
    org: str, request: Request, session: SignedIn, store: StoreDep, dates: PageDates
) -> Response:
    """The what-if form: one checkbox per element the organisation has not implemented."""
    require_data(store, org)
    options = choices(store, org, dates)
    return render(request, "whatif.html", _context(org, dates, options, []))


@router.post("/orgs/{org}/whatif", response_class=HTMLResponse)
async def whatif_result(org: str, request: Request, session: SignedIn, store: StoreDep) -> Response:
    """Scores before -> after and the obligations whose status the assumptions move; an
    unknown element is an inline error (400) and nothing else is shown."""
    form = await checked_form(request)
    dates = post_dates(request)
    await run_in_threadpool(require_data, store, org)
    picked = [v.strip() for v in form.getlist("assume") if isinstance(v, str) and v.strip()]
    options = await run_in_threadpool(choices, store, org, dates)
    context = _context(org, dates, options, picked)
    if not picked:
        context["error"] = "Pick at least one element to assume implemented."
        return render(request, "whatif.html", context, 400)
    with engine_errors():
        try:
            report = await run_in_threadpool(_whatif, store, org, dates, picked)
        except UnknownIdError as unknown:
            context["error"] = str(unknown)
            return render(request, "whatif.html", context, 400)
    titles = {p.id: p.title for fw in report.frameworks for p in fw.provisions}
    labels = {c.value: c.label for _, items in options for c in items}
    assumed = report.assumed_implemented
    context["result"] = {
        "acts": _results(store, report),
        "changes": report.changes,
        "titles": titles,
        "names": act_names(store),
        "assumed": [labels.get(a, a) for a in (x.partition(":")[2] for x in assumed)],
    }
    return render(request, "whatif.html", context)
