"""An organisation's analyses: run and record one, list them, read one, compare two."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from aimsgraph.engine import dates
from aimsgraph.engine.analysis import applicability, compare, coverage, gaps, history
from fastapi import APIRouter, Depends, Query, Request, Response, status

from ..deps import OrgDep, StoreDep
from ..negotiation import JSON, offers
from ..openapi import problems
from ..pagination import Limit, Offset, Page, paginate

router = APIRouter(
    prefix="/orgs",
    tags=["organisations"],
    responses=problems(401, 403, 406, 422, 429, 503),
    dependencies=[Depends(offers(JSON))],
)


@router.post(
    "/{org}/analyses",
    status_code=status.HTTP_201_CREATED,
    response_model=history.AnalysisSummary,
    responses=problems(404),
)
def create_analysis(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    evidence_date: Annotated[
        str | None, Query(description="evidence validity date, YYYY-MM-DD (default: as_of)")
    ] = None,
    include_draft: Annotated[bool, Query(description="count draft mapping rows too")] = False,
) -> history.AnalysisSummary:
    """Analyse the organisation (coverage of every act and the gaps) and record the result in
    its history, as ``aimsgraph analyse`` does; returns the record's summary and id."""
    law_date = dates.as_of(as_of)
    evidence_day = dates.as_of(evidence_date, "evidence_date") if evidence_date else law_date
    started, input_before = dt.datetime.now(dt.UTC), history.input_hash(store, org)
    report = coverage.coverage(
        store,
        org,
        law_date,
        list(applicability.EU_FRAMEWORKS),
        evidence_date=evidence_day,
        include_draft=include_draft,
    )
    found = gaps.gaps(store, org, law_date)
    made = history.record(store, org, report, found, started, input_before)
    return history.summary(made)


@router.get("/{org}/analyses", response_model=Page[history.AnalysisSummary])
def list_analyses(
    org: OrgDep,
    store: StoreDep,
    request: Request,
    response: Response,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Page[history.AnalysisSummary]:
    """The organisation's recorded analyses, oldest first (its own only)."""
    return paginate(request, response, history.history(store, org), offset, limit)


@router.get(
    "/{org}/analyses/{analysis_id}",
    response_model=history.AnalysisRecord,
    responses=problems(404),
)
def get_analysis(org: OrgDep, store: StoreDep, analysis_id: str) -> history.AnalysisRecord:
    """One recorded analysis with every status and open gap (404 for an id the organisation
    does not have)."""
    return history.load(store, org, analysis_id)


@router.get("/{org}/compare", response_model=compare.Comparison, responses=problems(404))
def compare_analyses(
    org: OrgDep,
    store: StoreDep,
    from_id: Annotated[str, Query(alias="from", description="the earlier analysis id")],
    to_id: Annotated[str, Query(alias="to", description="the later analysis id")],
) -> compare.Comparison:
    """What changed between two recorded analyses: scores per act, statuses that moved
    (per AI system), gaps opened and closed, and why (input vs law or mapping changes).
    Ids the organisation does not have (another organisation's included) are 404."""
    return compare.compare(store, org, from_id, to_id)
