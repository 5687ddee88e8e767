"""Public pages: the start page, the catalog browser, the crosswalk explorer and search."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .pages import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The start page: what the interface offers, and the sign-in link."""
    return render(request, "home.html")
