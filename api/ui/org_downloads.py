"""Downloads: the hand-over report (HTML, A4 PDF, XLSX) and the Statement of Applicability
(CSV), for the page's dates.

The report is :func:`report.build` written by :mod:`report_files` (the writers the CLI's
``report`` uses) to a private temporary folder, opened, the folder removed, and the open file
streamed (POSIX: an open file outlives its name). The SoA is built as ``GET /orgs/{org}/soa``
(text/csv) builds it, so both give the same file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, BinaryIO

from aimsgraph.engine.present import report, report_csv, report_files
from aimsgraph.engine.store import Store
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ..deps import StoreDep
from ..uploads import XLSX
from .org_data import require_data
from .pages import Dates, UiError, engine_errors, page_dates, render, signed_in
from .sessions import Session

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]
CHUNK = 64 * 1024
REPORTS = {  # format -> media type
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": XLSX,
}


@router.get("/orgs/{org}/downloads", response_class=HTMLResponse)
def downloads(org: str, request: Request, session: SignedIn, dates: PageDates) -> Response:
    """Links to the report in each format and to the SoA, for the page's dates."""
    return render(request, "downloads.html", {"org": org, "dates": dates})


def _written(store: Store, org: str, dates: Dates, fmt: str) -> BinaryIO:
    """Build the report, write it in ``fmt`` into a new private folder, open it and remove
    the folder: the open file streams the report, and nothing is left behind even when the
    download is cut off (the file's space is freed when it is closed)."""
    built = report.build(store, org, dates.as_of, evidence_date=dates.evidence_date)
    folder = Path(tempfile.mkdtemp(prefix="aimsgraph-ui-report-"))
    try:
        out = folder / f"report.{fmt}"
        report_files.write(built, fmt, out)
        return out.open("rb")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _attachment(name: str) -> dict[str, str]:
    """Save, don't show (organisation ids are slugs: the name needs no escaping)."""
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/orgs/{org}/downloads/report.{fmt}")
def download_report(
    org: str, fmt: str, request: Request, session: SignedIn, store: StoreDep, dates: PageDates
) -> Response:
    """The report as an attachment: ``<org>-report-<as_of>.<fmt>``."""
    if fmt not in REPORTS:
        raise UiError(404, f"There is no {fmt!r} report: choose html, pdf or xlsx.")
    require_data(store, org)
    with engine_errors():
        handle = _written(store, org, dates, fmt)
    headers = _attachment(f"{org}-report-{dates.as_of.isoformat()}.{fmt}")
    headers["Content-Length"] = str(os.fstat(handle.fileno()).st_size)
    return StreamingResponse(_chunks(handle), media_type=REPORTS[fmt], headers=headers)


@router.get("/orgs/{org}/downloads/soa.csv")
def download_soa(
    org: str, request: Request, session: SignedIn, store: StoreDep, dates: PageDates
) -> Response:
    """The Statement of Applicability as CSV: ``<org>-soa-<as_of>.csv``."""
    require_data(store, org)
    with engine_errors():
        rows = report.statement_of_applicability(store, org, dates.as_of)
    name = f"{org}-soa-{dates.as_of.isoformat()}.csv"
    return Response(
        report_csv.soa_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(name),
    )
