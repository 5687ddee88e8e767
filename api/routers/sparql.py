"""The read-only SPARQL 1.1 Protocol endpoint (GET and POST)."""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine.endpoint import sparql as sparql_endpoint
from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ..deps import SettingsDep, StoreDep, optional_org
from ..problems import ApiProblemError

router = APIRouter(tags=["sparql"])
OrgKey = Annotated[str | None, Depends(optional_org)]


async def _answer(
    query: str | None, accept: str, org: str | None, store: StoreDep, settings: SettingsDep
) -> Response:
    if not query:
        raise ApiProblemError(400, "Missing query", "pass the query as the 'query' parameter")
    answer = await run_in_threadpool(
        sparql_endpoint.run,
        store,
        query,
        accept,
        org,
        settings.sparql_max_rows,
        settings.sparql_timeout_s,
    )
    return Response(answer.body, media_type=answer.media_type)


@router.get("/sparql")
async def sparql_get(
    store: StoreDep,
    settings: SettingsDep,
    org: OrgKey = None,
    query: str | None = None,
    accept: Annotated[str, Header()] = "",
) -> Response:
    """SPARQL 1.1 query via GET. Public graphs for everyone; an organisation's graph only
    with its key (X-API-Key). Updates, LOAD and SERVICE are refused (400)."""
    return await _answer(query, accept, org, store, settings)


@router.post("/sparql")
async def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    org: OrgKey = None,
    accept: Annotated[str, Header()] = "",
) -> Response:
    """SPARQL 1.1 query via POST (form-encoded ``query=`` or ``application/sparql-query``);
    ``update=`` is refused."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-query":
        query = (await request.body()).decode("utf-8")
    elif media == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            raise ApiProblemError(
                400, "Query refused", "this endpoint is read-only: SPARQL Update is not allowed"
            )
        query = str(form.get("query") or "")
    elif media == "application/sparql-update":
        raise ApiProblemError(
            400, "Query refused", "this endpoint is read-only: SPARQL Update is not allowed"
        )
    else:
        raise ApiProblemError(
            415, "Unsupported media type", "send application/sparql-query or a form"
        )
    return await _answer(query, accept, org, store, settings)
