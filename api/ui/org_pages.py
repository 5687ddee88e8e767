"""An organisation's pages (signed in): dashboard, obligations, gaps, plan, evidence, what-if,
history, upload and downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .pages import render, signed_in
from .sessions import Session

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


@router.get("/orgs/{org}", response_class=HTMLResponse)
def dashboard(org: str, request: Request, session: SignedIn) -> Response:
    """The organisation's dashboard."""
    return render(request, "dashboard.html", {"org": org})
