"""Rendering and guarding the web interface's pages.

Every page goes through :func:`render`, which puts the right CSRF token in the template (the
session's, or the pre-session one for the sign-in form) and sets the pre-session cookie when
the browser has none. Organisation pages depend on :func:`signed_in`: no session is a redirect
to the sign-in page; a session of another organisation is a 403 page, never the other data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

import jinja2
from aimsgraph.engine import dates
from aimsgraph.engine.errors import AimsgraphError, InputError, StoreError, UnknownIdError
from aimsgraph.engine.org import apikeys
from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from . import csrf
from .csrf import PRE_SESSION_COOKIE, CsrfSigner
from .sessions import SESSION_COOKIE, Session, Sessions

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
COOKIE_PATH = "/ui"
log = logging.getLogger("aimsgraph.ui")
DATE_PARAMS = ("as_of", "evidence_date")  # kept by the organisation menu's links

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class UiState:
    """What the interface keeps between requests (on ``app.state.ui``)."""

    sessions: Sessions = field(default_factory=Sessions)
    signer: CsrfSigner = field(default_factory=CsrfSigner)


class UiRedirectError(Exception):
    """Answer with a redirect (303) instead of the page: e.g. to the sign-in page."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class UiError(Exception):
    """Answer with the error page: a status and one sentence for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def environment() -> jinja2.Environment:
    """The templates' environment (for filters and globals added by page modules)."""
    return _env


def ui_state(request: Request) -> UiState:
    """The interface's sessions and CSRF signer."""
    state: UiState = request.app.state.ui
    return state


def current_session(request: Request) -> Session | None:
    """The signed-in session of this browser, if any."""
    return ui_state(request).sessions.get(request.cookies.get(SESSION_COOKIE))


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    """A cookie only this site's /ui/ pages get: HttpOnly, SameSite=Strict, Secure on HTTPS."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=COOKIE_PATH,
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    """Remove a cookie set by :func:`set_cookie`."""
    response.delete_cookie(
        name,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """The page ``template`` with ``context``, the signed-in organisation and a CSRF token."""
    state, session = ui_state(request), current_session(request)
    new_nonce = None
    if session is not None:
        token = session.csrf
    else:
        nonce = request.cookies.get(PRE_SESSION_COOKIE)
        if not nonce:
            nonce = new_nonce = state.signer.new_nonce()
        token = state.signer.token_for(nonce)
    kept = {k: v for k in DATE_PARAMS if (v := request.query_params.get(k))}
    html = _env.get_template(template).render(
        request=request,
        signed_in=session.org if session else None,
        csrf_token=token,
        path=request.url.path,
        nav_query=urlencode(kept),
        **(context or {}),
    )
    response = HTMLResponse(html, status_code=status)
    if new_nonce:
        set_cookie(response, request, PRE_SESSION_COOKIE, new_nonce)
    return response


def check_csrf(request: Request, form: FormData) -> None:
    """Refuse a form whose token does not match this browser's session (or, before sign-in,
    its pre-session cookie)."""
    sent = form.get(csrf.FIELD)
    token = sent if isinstance(sent, str) else None
    session = current_session(request)
    if session is not None:
        ok = csrf.same(session.csrf, token)
    else:
        ok = ui_state(request).signer.valid(request.cookies.get(PRE_SESSION_COOKIE), token)
    if not ok:
        raise UiError(
            403,
            "This form has expired or was not sent from this site. Reload the page and try again.",
        )


async def checked_form(request: Request, max_files: int = 0) -> FormData:
    """The request's form, after its CSRF token was checked."""
    form = await request.form(max_files=max_files, max_fields=64)
    check_csrf(request, form)
    return form


def safe_next(target: str | None, default: str) -> str:
    """Where to go after signing in: only a path of this interface, never another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not parts.path.startswith("/ui/"):
        return default
    return parts.path + (f"?{parts.query}" if parts.query else "")


def signed_in(org: str, request: Request) -> Session:
    """The session, if it belongs to ``org``: otherwise off to sign in (no session) or a 403
    (another organisation's session)."""
    session = current_session(request)
    if session is None:
        raise UiRedirectError(f"/ui/login?next=/ui/orgs/{org}")
    if session.org != org:
        raise UiError(403, "You are signed in as another organisation. Sign out first.")
    if not apikeys.exists(request.app.state.store, org):
        ui_state(request).sessions.end_org(org)
        raise UiRedirectError("/ui/login")
    return session


def redirect(location: str) -> RedirectResponse:
    """See other (303): after a form, the browser GETs the result page."""
    return RedirectResponse(location, status_code=303)


@dataclass(frozen=True)
class Dates:
    """The law date and the evidence date of an organisation page (``?as_of=&evidence_date=``,
    both optional: today, and the law date)."""

    as_of: dt.date
    evidence_date: dt.date | None

    @property
    def query(self) -> str:
        """The same dates as a query string, for links between pages."""
        parts = {"as_of": self.as_of.isoformat()}
        if self.evidence_date is not None:
            parts["evidence_date"] = self.evidence_date.isoformat()
        return urlencode(parts)


def page_dates(
    as_of: Annotated[str | None, Query()] = None,
    evidence_date: Annotated[str | None, Query()] = None,
) -> Dates:
    """Read and check the page's dates; a bad date is the error page (400), not a crash."""
    try:
        law = dates.as_of(as_of or None)
        evidence = dates.as_of(evidence_date, "evidence_date") if evidence_date else None
        if evidence is not None:
            dates.check_evidence_date(evidence, law)
    except AimsgraphError as bad:
        raise UiError(400, str(bad)) from bad
    return Dates(law, evidence)


@contextlib.contextmanager
def engine_errors() -> Iterator[None]:
    """Turn the engine's user errors into the error page with a 4xx status (a store
    failure into a 503 that names no location)."""
    try:
        yield
    except UnknownIdError as error:
        raise UiError(404, str(error)) from error
    except InputError as error:
        raise UiError(422, str(error).splitlines()[0]) from error
    except StoreError as error:
        log.error("store error: %s", error)
        raise UiError(
            503, "The store is unavailable; the details are in the server log."
        ) from error
    except AimsgraphError as error:
        raise UiError(400, str(error)) from error
