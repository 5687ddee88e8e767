"""History and compare: the organisation's recorded analyses, recording one now, and what
changed between two of them.

Recording calls the API's own ``POST /orgs/{org}/analyses`` function, listing and comparing
call :func:`history.history` and :func:`compare.compare` as ``GET /orgs/{org}/analyses`` and
``GET /orgs/{org}/compare`` do: the same records and the same comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from aimsgraph.engine.analysis import compare, history
from aimsgraph.engine.store import Store
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from ..deps import StoreDep
from ..routers.history import create_analysis
from .org_data import require_data
from .pages import (
    Dates,
    UiError,
    checked_form,
    engine_errors,
    page_dates,
    redirect,
    render,
    signed_in,
)
from .sessions import Session
from .tools_support import act_names, post_dates

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]
RecordId = Annotated[str | None, Query()]


@dataclass(frozen=True)
class ScoreRow:
    """One act's support score in two analyses, as percentages ("n/a": not analysed)."""

    framework: str
    name: str
    before: str
    after: str
    change: str


def _pct(score: float | None) -> str:
    return "n/a" if score is None else f"{score * 100:.1f}%"


def _records(store: Store, org: str) -> list[history.AnalysisSummary]:
    with engine_errors():
        return history.history(store, org)


def _frameworks(records: list[history.AnalysisSummary]) -> list[str]:
    """The acts scored in any record, in the records' own order (the API's)."""
    seen: dict[str, None] = {}
    for made in reversed(records):
        seen.update((s.framework, None) for s in made.scores)
    return list(seen)


def _history_rows(
    records: list[history.AnalysisSummary], frameworks: list[str]
) -> list[tuple[history.AnalysisSummary, list[str]]]:
    """Each record with its score per act (newest first)."""
    rows = []
    for made in reversed(records):
        scores = {s.framework: s.score for s in made.scores}
        rows.append((made, [_pct(scores.get(key)) for key in frameworks]))
    return rows


def _compare_form(records: list[history.AnalysisSummary], dates: Dates) -> dict[str, Any]:
    """What form#compare needs: the records and the pair picked by default."""
    ids = [r.id for r in records]
    return {
        "records": list(reversed(records)),
        "from_id": ids[-2] if len(ids) > 1 else "",
        "to_id": ids[-1] if ids else "",
        "dates": dates,
    }


@router.get("/orgs/{org}/history", response_class=HTMLResponse)
def history_page(
    org: str,
    request: Request,
    session: SignedIn,
    store: StoreDep,
    dates: PageDates,
    recorded: RecordId = None,
) -> Response:
    """The recorded analyses, newest first, with the record and compare forms."""
    records = _records(store, org)
    frameworks = _frameworks(records)
    names = act_names(store)
    context = {
        "org": org,
        "rows": _history_rows(records, frameworks),
        "acts": [names.get(key, key) for key in frameworks],
        "recorded": recorded if recorded in {r.id for r in records} else None,
        **_compare_form(records, dates),
    }
    return render(request, "history.html", context)


@router.post("/orgs/{org}/history", response_class=HTMLResponse)
async def record_analysis(
    org: str, request: Request, session: SignedIn, store: StoreDep
) -> Response:
    """Analyse now and record the result, as ``POST /orgs/{org}/analyses`` does."""
    await checked_form(request)
    dates = post_dates(request)
    await run_in_threadpool(require_data, store, org)
    evidence = dates.evidence_date.isoformat() if dates.evidence_date else None
    with engine_errors():
        made = await run_in_threadpool(
            create_analysis,
            org=org,
            store=store,
            as_of=dates.as_of.isoformat(),
            evidence_date=evidence,
            include_draft=False,
        )
    return redirect(f"/ui/orgs/{org}/history?{dates.query}&{urlencode({'recorded': made.id})}")


@router.get("/orgs/{org}/compare", response_class=HTMLResponse)
def compare_page(
    org: str,
    request: Request,
    session: SignedIn,
    store: StoreDep,
    dates: PageDates,
    from_id: Annotated[str | None, Query(alias="from")] = None,
    to_id: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    """What changed between two recorded analyses (ids the organisation lacks: 404)."""
    if not from_id or not to_id:
        raise UiError(400, "Choose two recorded analyses to compare (from and to).")
    with engine_errors():
        found = compare.compare(store, org, from_id, to_id)
    names = act_names(store)
    scores = [
        ScoreRow(
            s.framework,
            names.get(s.framework, s.framework),
            _pct(s.before),
            _pct(s.after),
            f"{s.delta * 100:+.1f} pts",
        )
        for s in found.scores
    ]
    context = {
        "org": org,
        "found": found,
        "scores": scores,
        "names": names,
        **_compare_form(_records(store, org), dates),
    }
    context["from_id"], context["to_id"] = found.from_id, found.to_id
    return render(request, "compare.html", context)
