"""The security headers middleware on an HTML page that is not the API docs (issue #18,
item 10): a strict Content-Security-Policy."""

from __future__ import annotations

from aimsgraph.api.headers import STRICT_CSP, SecurityHeaders
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient


def page(_: Request) -> HTMLResponse:
    return HTMLResponse("<p>report</p>", headers={"Cache-Control": "max-age=60"})


async def broken(scope: object, receive: object, send: object) -> None:
    """A bare ASGI app with a bug (in the service, errors reach the middleware like this:
    it sits inside Starlette's error middleware)."""
    raise RuntimeError("a bug")


def test_html_pages_get_a_strict_policy_and_org_pages_no_store() -> None:
    app = Starlette(routes=[Route("/report", page), Route("/orgs/x/report", page)])
    client = TestClient(SecurityHeaders(app))
    report = client.get("/report")
    assert report.headers["content-security-policy"] == STRICT_CSP
    assert "script-src" not in STRICT_CSP and "default-src 'none'" in STRICT_CSP
    assert report.headers["cache-control"] == "max-age=60"
    assert client.get("/orgs/x/report").headers["cache-control"] == "no-store"


def test_an_unexpected_error_is_a_500_problem_with_the_headers() -> None:
    client = TestClient(SecurityHeaders(broken))
    response = client.get("/")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "a bug" not in response.text
