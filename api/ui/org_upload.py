"""Upload: replace the organisation's data with its folder files or one workbook.

The files go through the same code as ``PUT /orgs/{org}/data`` (:mod:`aimsgraph.api.uploads`):
the same names accepted, the same atomic import. Every problem is listed with its file, row
and column (422) and nothing is written. A success records no analysis (the history page has
a button for that) and goes back to the dashboard with `?uploaded=1`, whose notice
(`p#upload-ok`) dashboard.html shows, and the dates the upload page was opened with."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from aimsgraph.engine.errors import InputError, Problem
from aimsgraph.engine.org import loader
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from ..deps import SettingsDep, StoreDep
from ..uploads import MAX_FILES, import_parts, read_parts
from .pages import (
    DATE_PARAMS,
    UiError,
    checked_form,
    engine_errors,
    page_dates,
    redirect,
    render,
    signed_in,
)
from .sessions import Session

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


def _page(org: str, failed: InputError | None = None) -> dict[str, Any]:
    return {
        "org": org,
        "files": loader.FILES,
        "max_files": MAX_FILES,
        "failed": failed,
        "summary": str(failed).splitlines()[0] if failed else "",
    }


@router.get("/orgs/{org}/upload", response_class=HTMLResponse)
def upload_form(org: str, request: Request, session: SignedIn) -> Response:
    """The upload form: the four folder files, or one workbook."""
    return render(request, "upload.html", _page(org))


@router.post("/orgs/{org}/upload", response_class=HTMLResponse)
async def upload(
    org: str, request: Request, session: SignedIn, store: StoreDep, settings: SettingsDep
) -> Response:
    """Import the files (all or nothing); problems are shown next to file, row and column."""
    # the dates the page was opened with (the form's action keeps them), checked before
    # anything is read: the dashboard after the upload shows the same dates
    kept = {k: v for k in DATE_PARAMS if (v := request.query_params.get(k))}
    page_dates(**kept)
    try:
        form = await checked_form(request, max_files=MAX_FILES)
    except HTTPException as unread:  # past the form's limits (e.g. too many files)
        raise UiError(400, f"The form cannot be read: {unread.detail}.") from unread
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    with engine_errors():  # other engine errors: the error page
        try:
            if not uploads:
                raise InputError([Problem("files", "choose the four folder files or one .xlsx")])
            parts = await read_parts(uploads, settings.max_body_bytes)
            await run_in_threadpool(import_parts, store, org, parts)
        except InputError as failed:
            return render(request, "upload.html", _page(org, failed), 422)
    return redirect(f"/ui/orgs/{org}?{urlencode({'uploaded': '1', **kept})}")
