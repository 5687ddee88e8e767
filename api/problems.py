"""RFC 9457 problem details: every error leaves the service as application/problem+json.

Engine errors map to HTTP statuses here and only here; anything unexpected becomes a 500
without a stack trace (the trace goes to the log).
"""

from __future__ import annotations

import logging
from typing import Any

from aimsgraph.engine.endpoint.sparql import (
    EndpointBusyError,
    QueryTimeoutError,
    QueryTooLargeError,
)
from aimsgraph.engine.errors import (
    AimsgraphError,
    InputError,
    QueryRefusedError,
    StoreError,
    StoreNotInitialisedError,
    UnknownIdError,
)
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("aimsgraph.api")
MEDIA = "application/problem+json"
STATUS: list[tuple[type[AimsgraphError], int, str]] = [
    (UnknownIdError, 404, "Not found"),
    (InputError, 422, "Invalid input"),
    (QueryRefusedError, 400, "Query refused"),
    (QueryTooLargeError, 400, "Result too large"),
    (QueryTimeoutError, 503, "Query timed out"),
    (EndpointBusyError, 503, "Service busy"),
    (StoreNotInitialisedError, 503, "Store not initialised"),
    (StoreError, 503, "Store unavailable"),
    (AimsgraphError, 400, "Bad request"),
]


class ApiProblemError(Exception):
    """An HTTP error raised by the API layer itself (authentication, size limits)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.headers = headers or {}
        self.extra = extra  # more members of the problem (e.g. ``supported`` on a 406)


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    sent = dict(headers or {})
    if status == 401:
        sent["WWW-Authenticate"] = 'ApiKey header="X-API-Key"'
    return JSONResponse(body, status_code=status, media_type=MEDIA, headers=sent or None)


def _public_detail(error: AimsgraphError) -> str:
    """The message a client may see. Store errors name the store's location or its server's
    URL (useful to the operator, nothing a client needs): they are logged and answered with
    a generic line."""
    if isinstance(error, StoreNotInitialisedError):
        log.error("%s", error)
        return "the store has no catalogs yet: the operator must run `aimsgraph store init`"
    if isinstance(error, StoreError):
        log.error("store error: %s", error)
        return "the store is unavailable; the details are in the server log"
    return str(error)


def install(app: FastAPI) -> None:
    """Register the handlers."""

    @app.exception_handler(ApiProblemError)
    async def _api(_: Request, error: ApiProblemError) -> JSONResponse:
        return problem(error.status, error.title, error.detail, error.headers, **error.extra)

    @app.exception_handler(AimsgraphError)
    async def _engine(_: Request, error: AimsgraphError) -> JSONResponse:
        for kind, status, title in STATUS:
            if isinstance(error, kind):
                extra: dict[str, Any] = {}
                if isinstance(error, InputError):
                    extra["errors"] = [
                        {"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                        for p in error.problems
                    ]
                    extra["omitted"] = error.omitted  # problems past the cap, not listed
                    return problem(status, title, str(error).splitlines()[0], **extra)
                retry = {"Retry-After": "5"} if status == 503 else None
                return problem(status, title, _public_detail(error), retry)
        return problem(400, "Bad request", str(error))  # pragma: no cover

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": list(map(str, e.get("loc", ()))), "message": e.get("msg", "")}
            for e in error.errors()
        ]
        return problem(
            422, "Invalid request", "the request does not match the API schema", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem(error.status_code, str(error.detail), str(error.detail))

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", "an unexpected error occurred; it has been logged")
