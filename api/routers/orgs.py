"""Organisations: register, upload data, analyse (each call needs the organisation's key)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Annotated, Any, Literal

from aimsgraph.engine import dates
from aimsgraph.engine.analysis import (
    applicability,
    coverage,
    gaps,
    history,
    org_view,
    plan,
    system_scope,
)
from aimsgraph.engine.errors import InputError, UnknownIdError
from aimsgraph.engine.errors import Problem as InputProblem
from aimsgraph.engine.org import apikeys, loader
from aimsgraph.engine.present import report, report_csv
from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..deps import OrgDep, SettingsDep, StoreDep, require_admin
from ..negotiation import JSON, offers
from ..openapi import problems
from ..pagination import Limit, Offset, Page, paginate
from ..problems import ApiProblemError
from ..schemas import OrgCreate, OrgCreated, OrgSummary
from ..uploads import BODIES, MAX_FILES, XLSX, import_parts, read_parts

router = APIRouter(
    prefix="/orgs", tags=["organisations"], responses=problems(401, 403, 406, 422, 429, 503)
)
JSON_ONLY = Depends(offers(JSON))
UPLOAD_BODY = {
    "required": True,
    "description": "The organisation's data, replacing what it had: the folder files as "
    "multipart parts named files (organisation.yaml, ai-systems.csv, soa.csv, evidence.csv) or "
    "one .xlsx part; or one XLSX, Turtle, JSON-LD or N-Triples document as the whole body.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "the four folder files, or one .xlsx workbook",
                    }
                },
            }
        },
        XLSX: {"schema": {"type": "string", "format": "binary"}},
        "text/turtle": {"schema": {"type": "string"}},
        "application/ld+json": {"schema": {"type": "object"}},
        "application/n-triples": {"schema": {"type": "string"}},
    },
}


SystemQuery = Annotated[
    str | None,
    Query(description="only what concerns this AI system (its id); unknown ids are a 400"),
]


def _as_of(value: str | None) -> dt.date:
    return dates.as_of(value)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrgCreated,
    dependencies=[Depends(require_admin), JSON_ONLY],
    responses=problems(409, 413),
)
def create_org(body: OrgCreate, store: StoreDep) -> OrgCreated:
    """Register an organisation (admin key); its API key is returned once."""
    if apikeys.exists(store, body.id):
        raise ApiProblemError(409, "Conflict", f"organisation {body.id!r} already exists")
    return OrgCreated(id=body.id, api_key=apikeys.create(store, body.id, body.name))


@router.get("/{org}", response_model=OrgSummary, dependencies=[JSON_ONLY])
def get_org(org: OrgDep, store: StoreDep) -> OrgSummary:
    """The organisation and the size of its data (its own graph only)."""
    loaded = loader.organisation(store, org)
    if loaded is not None:
        return OrgSummary(
            id=org, name=loaded["name"], has_data=True, triples=int(loaded["triples"])
        )
    return OrgSummary(id=org, name=org, has_data=False, triples=0)


@router.delete(
    "/{org}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={204: {"description": "Deleted"}},
)
def delete_org(org: OrgDep, store: StoreDep) -> Response:
    """Delete the organisation's data, analysis records and key."""
    with contextlib.suppress(UnknownIdError):  # registered without data yet
        loader.delete_org(store, org)
    org_view.forget(store, org)  # no copy of deleted data stays in memory
    history.forget(store, org)
    apikeys.delete(store, org)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/{org}/data",
    response_model=OrgSummary,
    dependencies=[JSON_ONLY],
    responses=problems(413, 415),
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def replace_org_data(
    org: OrgDep, request: Request, store: StoreDep, settings: SettingsDep
) -> OrgSummary:
    """Replace the organisation's data, atomically: the four files of the folder format
    (multipart parts named ``files``), one XLSX, or a Turtle/JSON-LD body. Every problem is
    reported with file, row and column (422) and nothing is written.

    The body is received here; the import runs in a worker thread, so the server keeps
    answering other requests (``/health``, other organisations) while it runs."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        form = await request.form(max_files=MAX_FILES, max_fields=8)
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not uploads:
            raise InputError([InputProblem("files", "send one or more parts named 'files'")])
        parts = await read_parts(uploads, settings.max_body_bytes)
    elif media in BODIES:
        parts = {BODIES[media]: await request.body()}
    else:
        raise ApiProblemError(
            415,
            "Unsupported media type",
            f"send multipart/form-data or one of {', '.join(BODIES)}",
        )
    data, triples = await run_in_threadpool(import_parts, store, org, parts)
    # the analyses' in-memory copy of the new version, made now rather than by the first
    # request (a new version is never answered from the old copy either way)
    await run_in_threadpool(org_view.own_graph, store, org)
    return OrgSummary(id=org, name=data.organisation.name, has_data=True, triples=triples)


@router.get(
    "/{org}/applicability",
    response_model=applicability.ApplicabilityReport,
    dependencies=[JSON_ONLY],
)
def get_applicability(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    framework: Literal["ai-act", "gdpr", "dora", "nis2"] | None = None,
    system: Annotated[
        str | None, Query(description="only what applies through this AI system")
    ] = None,
) -> applicability.ApplicabilityReport:
    """Every provision of the acts: whether it binds the organisation on the law date
    (``as_of``), through which AI systems, and the provision that decides it."""
    chosen = [framework] if framework else list(applicability.EU_FRAMEWORKS)
    return applicability.applicability(store, org, _as_of(as_of), chosen, system)


@router.get("/{org}/gaps", response_model=gaps.GapReport, dependencies=[JSON_ONLY])
def get_gaps(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    engine: Literal["fast", "reference"] = "fast",
    system: SystemQuery = None,
) -> gaps.GapReport:
    """Gaps (SHACL shapes), most severe first (``system``: those about that AI system)."""
    return system_scope.system_gaps(store, org, _as_of(as_of), system, engine)


@router.get("/{org}/coverage", response_model=coverage.CoverageReport, dependencies=[JSON_ONLY])
def get_coverage(
    org: OrgDep,
    store: StoreDep,
    framework: Literal["ai-act", "gdpr", "dora", "nis2"] | None = None,
    as_of: str | None = None,
    assume_implemented: Annotated[str | None, Query(description="e.g. A.6.2.4,A.7.4")] = None,
    evidence_date: Annotated[
        str | None, Query(description="evidence validity date, YYYY-MM-DD (default: as_of)")
    ] = None,
    include_draft: Annotated[bool, Query(description="count draft mapping rows too")] = False,
    system: SystemQuery = None,
) -> coverage.CoverageReport:
    """How far the AIMS supports each applicable EU act (a support score, not compliance),
    with explanations, per-system statuses and, under a what-if, the changes."""
    assumed = [a for a in (assume_implemented or "").split(",") if a.strip()]
    chosen = [framework] if framework else list(applicability.EU_FRAMEWORKS)
    law_date = _as_of(as_of)
    evidence_day = dates.as_of(evidence_date, "evidence_date") if evidence_date else law_date
    return coverage.coverage(
        store,
        org,
        law_date,
        chosen,
        assumed,
        evidence_date=evidence_day,
        include_draft=include_draft,
        system=system,
    )


@router.get("/{org}/plan", response_model=plan.Plan, dependencies=[JSON_ONLY])
def get_plan(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    top: Annotated[int | None, Query(ge=1)] = None,
    framework: Annotated[
        Literal["ai-act", "gdpr", "dora", "nis2"] | None,
        Query(description="only steps for this act's obligations"),
    ] = None,
    system: SystemQuery = None,
) -> plan.Plan:
    """The remediation plan (greedy), optionally for one act or one AI system."""
    chosen = [framework] if framework else list(applicability.EU_FRAMEWORKS)
    return plan.plan(store, org, _as_of(as_of), top, frameworks=chosen, system=system)


@router.get(
    "/{org}/soa",
    response_model=Page[report.SoARow],
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def get_soa(
    org: OrgDep,
    store: StoreDep,
    request: Request,
    response: Response,
    media: Annotated[str, Depends(offers(JSON, "text/csv"))],
    as_of: str | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Any:
    """The Statement of Applicability: JSON pages, or all rows as CSV (Accept: text/csv)."""
    rows = report.statement_of_applicability(store, org, _as_of(as_of))
    if media == "text/csv":
        return Response(report_csv.soa_csv(rows), media_type="text/csv")
    return paginate(request, response, rows, offset, limit)
