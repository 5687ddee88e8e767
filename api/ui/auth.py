"""Sign-in and sign-out: ``POST /ui/login`` (form fields ``org``, ``api_key``, ``csrf_token``)
starts a session after the same key check as the API; ``POST /ui/logout`` ends it."""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine.org import apikeys
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..deps import client_address
from ..problems import ApiProblemError
from .csrf import PRE_SESSION_COOKIE
from .pages import (
    checked_form,
    clear_cookie,
    current_session,
    redirect,
    render,
    safe_next,
    set_cookie,
    ui_state,
)
from .sessions import SESSION_COOKIE

router = APIRouter()
WRONG = "Unknown organisation or wrong key."


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str | None, Query()] = None) -> Response:
    """The sign-in form."""
    return render(request, "login.html", {"next": safe_next(next, ""), "error": None, "org": ""})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the organisation's key; on success start a session and go to its dashboard."""
    form = await checked_form(request)
    org = str(form.get("org") or "").strip()
    key = str(form.get("api_key") or "")
    target = str(form.get("next") or "")
    context = {"next": safe_next(target, ""), "org": org}
    limit, address = request.app.state.key_limit, client_address(request)
    try:
        limit.check(address)
    except ApiProblemError as refused:
        return render(request, "login.html", {**context, "error": refused.detail}, 429)
    store = request.app.state.store
    if not (org and key and apikeys.exists(store, org) and apikeys.check(store, org, key)):
        limit.record(address)
        return render(request, "login.html", {**context, "error": WRONG}, 401)
    sessions = ui_state(request).sessions
    sessions.end(request.cookies.get(SESSION_COOKIE))
    token, _ = sessions.start(org)
    response = redirect(safe_next(target, f"/ui/orgs/{org}"))
    set_cookie(response, request, SESSION_COOKIE, token)
    clear_cookie(response, request, PRE_SESSION_COOKIE)
    return response


@router.post("/logout", response_class=HTMLResponse)
async def logout(request: Request) -> Response:
    """End the session (the form carries the session's CSRF token)."""
    if current_session(request) is None:
        return redirect("/ui/login")
    await checked_form(request)
    ui_state(request).sessions.end(request.cookies.get(SESSION_COOKIE))
    response = redirect("/ui/login")
    clear_cookie(response, request, SESSION_COOKIE)
    return response
