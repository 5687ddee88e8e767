"""Security headers on every response (pure ASGI middleware, outermost).

- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` everywhere;
- a strict ``Content-Security-Policy`` on HTML responses; ``/docs`` and ``/redoc`` get one
  that allows what FastAPI's pages load today (their scripts and styles from jsDelivr, an
  inline bootstrap script, Redoc's Google fonts);
- ``Cache-Control: no-store`` on ``/orgs/*`` and on ``/sparql`` answers to a request with a
  key (those may include an organisation's graph).

An unexpected error that escapes before the response started is answered here (500
problem+json, logged once), so that response carries the headers too and the connection
stays usable.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from . import problems

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("aimsgraph.api")
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'none'; "
    "script-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src 'self' https://cdn.jsdelivr.net https://fonts.googleapis.com 'unsafe-inline'; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "font-src https://fonts.gstatic.com; connect-src 'self'; worker-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOCS_PAGES = ("/docs", "/docs/oauth2-redirect", "/redoc")
ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]


def _no_store(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    if path == "/orgs" or path.startswith("/orgs/"):
        return True
    has_key = any(name.lower() == b"x-api-key" for name, _ in scope.get("headers") or [])
    return path == "/sparql" and has_key


class SecurityHeaders:
    """Adds the headers above to every HTTP response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = self._headers(scope, list(message.get("headers") or []))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if started:
                raise
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            response = problems.problem(
                500, "Internal error", "an unexpected error occurred; it has been logged"
            )
            await response(scope, receive, send_with_headers)

    @staticmethod
    def _headers(scope: Scope, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        replaced = {name for name, _ in ALWAYS} | {b"content-security-policy"}
        no_store = _no_store(scope)
        if no_store:
            replaced.add(b"cache-control")
        kept = [(n, v) for n, v in headers if n.lower() not in replaced]
        kept.extend(ALWAYS)
        content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
        if content_type.lower().startswith(b"text/html"):
            docs = scope.get("path") in DOCS_PAGES
            kept.append((b"content-security-policy", (DOCS_CSP if docs else STRICT_CSP).encode()))
        if no_store:
            kept.append((b"cache-control", b"no-store"))
        return kept
