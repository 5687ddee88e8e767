"""The aimsgraph HTTP service: ``create_app()`` builds it; the lifespan opens the store.

Layering: routers call one engine function each and return its records; errors map to RFC
9457 problem details in :mod:`problems`; request bodies are capped (413) before they are
read. CORS is off unless origins are configured.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager, suppress
from typing import Any

from aimsgraph.engine import bootstrap
from aimsgraph.engine.analysis import law_cache
from aimsgraph.engine.endpoint.sparql import Endpoint
from aimsgraph.engine.store import Store, datasets
from aimsgraph.engine.store.backends import open_store
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from aimsgraph import __version__

from . import docs, openapi, problems, ui
from .headers import SecurityHeaders
from .limits import ConcurrencyLimit, FailedKeyLimit
from .negotiation import JSON, offers
from .routers import catalog, evidence, history, mappings, orgs, sparql
from .schemas import Health, Versions
from .settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over the limit with 413, by header and while streaming."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        seen, over, started = 0, False, False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                over = True
                raise _TooLargeError
            return message

        async def guarded(message: Message) -> None:
            # A handler may catch the error while reading the body and answer 400 itself
            # (FastAPI does for JSON): once over the limit, its answer is replaced by 413.
            nonlocal started
            if over and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with suppress(_TooLargeError):
            await self.app(scope, counted, guarded)
        if over and not started:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        detail = f"the request body is larger than {self.limit} bytes"
        path: str = scope.get("path", "")
        if path.startswith("/ui/"):  # a person at a browser: a page, not problem+json
            media = b"text/html; charset=utf-8"
            body = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                "<title>Too large · aimsgraph</title></head><body><main><h1>Too large</h1>"
                f'<p role="alert">The upload was refused: {html.escape(detail)}. Nothing was '
                'written.</p><p><a href="/ui/">Back to the start page</a></p></main>'
                "</body></html>"
            ).encode()
        else:
            media = b"application/problem+json"
            body = bytes(problems.problem(413, "Payload too large", detail).body)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", media)],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLargeError(Exception):
    pass


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application (settings from the environment unless given)."""
    config = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(config.store, config.remote)
        bootstrap.install_all(store)
        if law_cache.enabled():
            law_cache.warm(store)  # the catalogs' and mapping sets' indexes, read once
        app.state.store = store
        app.state.settings = config
        app.state.endpoint = Endpoint(
            store, config.sparql_max_rows, config.sparql_timeout_s, config.sparql_workers
        )
        try:
            yield
        finally:
            app.state.endpoint.close()
            store.flush()

    app = docs.create(
        generate_unique_id_function=openapi.operation_id,
        title="aimsgraph",
        version=__version__,
        description="ISO/IEC 42001 mapped to the EU AI Act, GDPR, DORA and NIS2: catalogs, "
        "typed mappings, and per-organisation gap analysis and coverage.",
        lifespan=lifespan,
    )
    problems.install(app)
    openapi.install(app)
    app.state.key_limit = FailedKeyLimit(config.auth_max_failures, config.auth_window_s)
    app.state.sparql_limit = ConcurrencyLimit(
        config.sparql_per_client, 2 * config.sparql_workers, config.sparql_timeout_s
    )
    routers = (catalog, mappings, orgs, evidence, history, sparql)
    for router in (module.router for module in routers):
        app.include_router(router)
    ui.install(app)

    @app.get(
        "/health",
        response_model=Health,
        tags=["service"],
        dependencies=[Depends(offers(JSON))],
        responses=openapi.problems(406),
    )
    def health() -> Health:
        """Whether the service is up with its catalogs, and the versions it serves."""
        store: Store = app.state.store
        installed = datasets.installed_versions(store)
        complete = installed.ontology is not None and len(installed.catalogs) == len(
            datasets.CATALOGS
        )
        return Health(
            status="ok" if complete else "incomplete",
            versions=Versions(
                package=__version__,
                ontology=installed.ontology,
                catalogs=installed.catalogs,
                mapping_sets=installed.mapping_sets,
            ),
        )

    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=config.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["X-API-Key", "Content-Type", "Accept"],
        )
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so every response has them
    return app
