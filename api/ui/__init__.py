"""The web interface under ``/ui/``: server-rendered pages (Jinja2) on the same engine
functions as the API, so the numbers are the same by construction. Every asset is served from
``/ui/static/``; pages work without JavaScript.

Modules: :mod:`sessions` and :mod:`csrf` (sign-in state), :mod:`pages` (rendering, guards),
:mod:`auth` (sign-in/out), :mod:`public` (catalog, crosswalks, search), :mod:`org_pages`
(an organisation's dashboard and analysis pages).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from . import (
    auth,
    org_downloads,
    org_history,
    org_lists,
    org_obligations,
    org_pages,
    org_upload,
    org_whatif,
    public,
)
from .pages import STATIC, UiError, UiRedirectError, UiState, redirect, render

__all__ = ["install"]


def install(app: FastAPI) -> None:
    """Add the interface's routes, static files and error pages to ``app``."""
    app.state.ui = UiState()
    pages = (auth, public, org_pages, org_obligations, org_lists, org_whatif, org_upload)
    for module in (*pages, org_history, org_downloads):
        app.include_router(module.router, prefix="/ui", include_in_schema=False)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")

    @app.exception_handler(UiRedirectError)
    async def _redirect(request: Request, exc: UiRedirectError) -> Response:
        return redirect(exc.location)

    @app.exception_handler(UiError)
    async def _error(request: Request, exc: UiError) -> Response:
        return render(
            request, "error.html", {"status": exc.status, "message": exc.message}, exc.status
        )
