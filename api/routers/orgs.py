"""Organisations: register, upload data, analyse (each call needs the organisation's key)."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from aimsgraph.engine import dates
from aimsgraph.engine.analysis import applicability, coverage, gaps, plan
from aimsgraph.engine.errors import InputError, UnknownIdError
from aimsgraph.engine.errors import Problem as InputProblem
from aimsgraph.engine.org import apikeys, loader
from aimsgraph.engine.present import report, report_csv
from fastapi import APIRouter, Depends, Header, Query, Request, status
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from ..deps import OrgDep, SettingsDep, StoreDep, require_admin
from ..problems import ApiProblemError
from ..schemas import OrgCreate, OrgCreated, OrgSummary

router = APIRouter(prefix="/orgs", tags=["organisations"])
FOLDER_FILES = set(loader.FILES)
RDF_BODIES = {
    "text/turtle": "data.ttl",
    "application/ld+json": "data.jsonld",
    "application/n-triples": "data.nt",
}


def _as_of(value: str | None) -> dt.date:
    return dates.as_of(value)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrgCreated,
    dependencies=[Depends(require_admin)],
)
def create_org(body: OrgCreate, store: StoreDep) -> OrgCreated:
    """Register an organisation (admin key); its API key is returned once."""
    if apikeys.exists(store, body.id):
        raise ApiProblemError(409, "Conflict", f"organisation {body.id!r} already exists")
    return OrgCreated(id=body.id, api_key=apikeys.create(store, body.id, body.name))


@router.get("/{org}", response_model=OrgSummary)
def get_org(org: OrgDep, store: StoreDep) -> OrgSummary:
    """The organisation and the size of its data."""
    loaded = {o["id"]: o for o in loader.organisations(store)}
    if org in loaded:
        return OrgSummary(
            id=org, name=loaded[org]["name"], has_data=True, triples=int(loaded[org]["triples"])
        )
    return OrgSummary(id=org, name=org, has_data=False, triples=0)


@router.delete("/{org}", status_code=status.HTTP_204_NO_CONTENT)
def delete_org(org: OrgDep, store: StoreDep) -> Response:
    """Delete the organisation's data and key."""
    with contextlib.suppress(UnknownIdError):  # registered without data yet
        loader.delete_org(store, org)
    apikeys.delete(store, org)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{org}/data", response_model=OrgSummary)
async def put_data(
    org: OrgDep, request: Request, store: StoreDep, settings: SettingsDep
) -> OrgSummary:
    """Replace the organisation's data, atomically: the four files of the folder format
    (multipart parts named ``files``), one XLSX, or a Turtle/JSON-LD body. Every problem is
    reported with file, row and column (422) and nothing is written."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if media == "multipart/form-data":
            form = await request.form(max_files=8, max_fields=8)
            uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if not uploads:
                raise InputError([InputProblem("files", "send one or more parts named 'files'")])
            source = await _save_parts(uploads, folder, settings.max_body_bytes)
        elif media in RDF_BODIES:
            source = folder / RDF_BODIES[media]
            source.write_bytes(await request.body())
        else:
            raise ApiProblemError(
                415,
                "Unsupported media type",
                "send multipart/form-data, text/turtle or application/ld+json",
            )
        data, triples = loader.import_org(store, source, org_id=org)
    return OrgSummary(id=org, name=data.organisation.name, has_data=True, triples=triples)


async def _save_parts(uploads: list[UploadFile], folder: Path, limit: int) -> Path:
    names = [Path(u.filename or "").name for u in uploads]
    if len(uploads) == 1 and names[0].lower().endswith(".xlsx"):
        target = folder / "data.xlsx"
        target.write_bytes(await uploads[0].read(limit + 1))
        return target
    unknown = [n for n in names if n not in FOLDER_FILES]
    if unknown:
        raise InputError(
            [
                InputProblem(
                    n or "(unnamed part)",
                    f"expected one of {', '.join(sorted(FOLDER_FILES))} or one .xlsx",
                )
                for n in unknown
            ]
        )
    for upload, name in zip(uploads, names, strict=True):
        (folder / name).write_bytes(await upload.read(limit + 1))
    return folder


@router.get("/{org}/applicability", response_model=applicability.ApplicabilityReport)
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


@router.get("/{org}/gaps", response_model=gaps.GapReport)
def get_gaps(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    engine: Literal["fast", "reference"] = "fast",
) -> gaps.GapReport:
    """Gaps (SHACL shapes), most severe first."""
    return gaps.gaps(store, org, _as_of(as_of), engine)


@router.get("/{org}/coverage", response_model=coverage.CoverageReport)
def get_coverage(
    org: OrgDep,
    store: StoreDep,
    framework: Literal["ai-act", "gdpr", "dora", "nis2"] | None = None,
    as_of: str | None = None,
    assume_implemented: Annotated[str | None, Query(description="e.g. A.6.2.4,A.7.4")] = None,
) -> coverage.CoverageReport:
    """Coverage of each applicable EU act, with explanations."""
    assumed = [a for a in (assume_implemented or "").split(",") if a.strip()]
    chosen = [framework] if framework else list(coverage.EU_FRAMEWORKS)
    return coverage.coverage(store, org, _as_of(as_of), chosen, assumed)


@router.get("/{org}/plan", response_model=plan.Plan)
def get_plan(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    top: Annotated[int | None, Query(ge=1)] = None,
) -> plan.Plan:
    """The remediation plan (greedy)."""
    return plan.plan(store, org, _as_of(as_of), top)


@router.get("/{org}/soa", responses={200: {"content": {"text/csv": {}}}})
def get_soa(
    org: OrgDep,
    store: StoreDep,
    as_of: str | None = None,
    accept: Annotated[str, Header()] = "application/json",
) -> Any:
    """The Statement of Applicability: JSON, or CSV when asked for (Accept: text/csv)."""
    rows = report.statement_of_applicability(store, org, _as_of(as_of))
    if "text/csv" in accept:
        return Response(report_csv.soa_csv(rows), media_type="text/csv")
    return rows
