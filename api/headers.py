"""Security headers on every response (pure ASGI middleware, outermost).

- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` everywhere;
- a strict ``Content-Security-Policy`` on HTML responses; ``/docs`` and ``/redoc`` get one
  that allows only this origin (the Swagger UI and Redoc assets are served by the app) and,
  for Swagger UI's inline start-up script, that exact script by its SHA-256 hash (read from
  the page with an HTML parser, so no other inline script can run);
- the web interface (``/ui/``) gets a policy that allows only this origin's scripts, styles
  and form targets;
- ``Cache-Control: no-store`` on ``/orgs/*``, ``/ui/orgs/*``, ``/ui/login`` and on
  ``/sparql`` answers to a request with a key (those may include an organisation's graph).

An unexpected error that escapes before the response started is answered here (500
problem+json, logged once), so that response carries the headers too and the connection
stays usable.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from . import problems
from .docs import inline_scripts

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("aimsgraph.api")
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Redoc and Swagger UI set inline styles from their scripts: styles stay 'unsafe-inline'.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOCS_PAGES = ("/docs", "/docs/oauth2-redirect", "/redoc")
# The web interface: its own scripts, styles and forms only; charts are inline SVG elements.
UI_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]


def _no_store(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    if path == "/orgs" or path.startswith(("/orgs/", "/ui/orgs/", "/ui/login")):
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
        held: list[Message] = []  # a docs page: its start and body, until the body is whole

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if scope.get("path") in DOCS_PAGES:
                    held.append(message)
                    return
                message["headers"] = self._headers(scope, list(message.get("headers") or []))
            elif held:
                held.append(message)
                if message.get("more_body"):
                    return
                start, *parts = held
                held.clear()
                page = b"".join(p.get("body", b"") for p in parts)
                start["headers"] = self._headers(scope, list(start.get("headers") or []), page)
                await send(start)
                message = {"type": "http.response.body", "body": page}
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
    def _headers(
        scope: Scope, headers: list[tuple[bytes, bytes]], page: bytes = b""
    ) -> list[tuple[bytes, bytes]]:
        replaced = {name for name, _ in ALWAYS} | {b"content-security-policy"}
        no_store = _no_store(scope)
        if no_store:
            replaced.add(b"cache-control")
        kept = [(n, v) for n, v in headers if n.lower() not in replaced]
        kept.extend(ALWAYS)
        content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
        if content_type.lower().startswith(b"text/html"):
            path = scope.get("path") or ""
            if path in DOCS_PAGES:
                policy = docs_policy(page)
            elif path == "/ui" or path.startswith("/ui/"):
                policy = UI_CSP
            else:
                policy = STRICT_CSP
            kept.append((b"content-security-policy", policy.encode()))
        if no_store:
            kept.append((b"cache-control", b"no-store"))
        return kept


def docs_policy(page: bytes) -> str:
    """The docs pages' policy: this origin, plus the page's own inline scripts by hash."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in inline_scripts(page.decode("utf-8", "replace"))
    ]
    return DOCS_CSP.format(scripts="".join(f" {h}" for h in hashes))
