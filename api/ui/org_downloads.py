"""Downloads: the hand-over report (HTML, A4 PDF, XLSX) and the Statement of Applicability
(CSV), for the page's dates.

The report is :func:`report.build` written by :mod:`report_files` (the writers the CLI's
``report`` uses) to a private temporary folder, streamed, and removed once sent. The SoA is
built as ``GET /orgs/{org}/soa`` (text/csv) builds it, so both give the same file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from aimsgraph.engine.present import report, report_csv, report_files
from aimsgraph.engine.store import Store
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from ..deps import StoreDep
from ..uploads import XLSX
from .pages import Dates, UiError, page_dates, render, signed_in
from .sessions import Session
from .tools_support import engine_errors

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
PageDates = Annotated[Dates, Depends(page_dates)]
REPORTS = {  # format -> media type
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": XLSX,
}


@router.get("/orgs/{org}/downloads", response_class=HTMLResponse)
def downloads(org: str, request: Request, session: SignedIn, dates: PageDates) -> Response:
    """Links to the report in each format and to the SoA, for the page's dates."""
    return render(request, "downloads.html", {"org": org, "dates": dates})


def _write(store: Store, org: str, dates: Dates, fmt: str) -> tuple[Path, Path]:
    """Build the report and write it in ``fmt`` into a new private folder; the folder and the
    file (the caller removes the folder)."""
    built = report.build(store, org, dates.as_of, evidence_date=dates.evidence_date)
    folder = Path(tempfile.mkdtemp(prefix="aimsgraph-ui-report-"))
    try:
        out = folder / f"report.{fmt}"
        report_files.write(built, fmt, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, out


@router.get("/orgs/{org}/downloads/report.{fmt}")
def download_report(
    org: str, fmt: str, request: Request, session: SignedIn, store: StoreDep, dates: PageDates
) -> Response:
    """The report as an attachment: ``<org>-report-<as_of>.<fmt>``."""
    if fmt not in REPORTS:
        raise UiError(404, f"There is no {fmt!r} report: choose html, pdf or xlsx.")
    with engine_errors():
        folder, out = _write(store, org, dates, fmt)
    return FileResponse(
        out,
        media_type=REPORTS[fmt],
        filename=f"{org}-report-{dates.as_of.isoformat()}.{fmt}",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get("/orgs/{org}/downloads/soa.csv")
def download_soa(
    org: str, request: Request, session: SignedIn, store: StoreDep, dates: PageDates
) -> Response:
    """The Statement of Applicability as CSV: ``<org>-soa-<as_of>.csv``."""
    with engine_errors():
        rows = report.statement_of_applicability(store, org, dates.as_of)
    name = f"{org}-soa-{dates.as_of.isoformat()}.csv"
    return Response(
        report_csv.soa_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
