"""The read-only SPARQL 1.1 Protocol endpoint (GET and POST).

Each client (its organisation when it sends a key, else its address) may have a few queries
in flight (429 beyond); the engine runs them with a row cap and a time limit.
"""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine.endpoint import answers
from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ..deps import EndpointDep, client_address, optional_org
from ..limits import ConcurrencyLimit
from ..openapi import problems
from ..problems import ApiProblemError

router = APIRouter(tags=["sparql"])
ANSWERS = {
    200: {
        "description": "Results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE), in the format "
        "the Accept header asks for",
        "content": {
            media: {"schema": {"type": "object" if media.endswith("json") else "string"}}
            for media in (*answers.RESULT_FORMATS, *answers.GRAPH_FORMATS)
        },
    },
    **problems(400, 401, 422, 429, 503),
}
QUERY_BODY = {
    "required": True,
    "content": {
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["query"],
                "properties": {"query": {"type": "string", "description": "a SPARQL 1.1 query"}},
            }
        },
    },
}
OrgKey = Annotated[str | None, Depends(optional_org)]
_READ_ONLY = "this endpoint is read-only: SPARQL Update is not allowed"


async def _answer(
    request: Request, query: str | None, accept: str, org: str | None, endpoint: EndpointDep
) -> Response:
    if not query:
        raise ApiProblemError(400, "Missing query", "pass the query as the 'query' parameter")
    limit: ConcurrencyLimit = request.app.state.sparql_limit
    client = f"org:{org}" if org else f"address:{client_address(request)}"
    with limit.slot(client):
        answer = await run_in_threadpool(endpoint.run, query, accept, org)
    return Response(answer.body, media_type=answer.media_type)


@router.get("/sparql", response_class=Response, responses=ANSWERS)
async def sparql_query(
    request: Request,
    endpoint: EndpointDep,
    org: OrgKey = None,
    query: str | None = None,
    accept: Annotated[str, Header()] = "",
) -> Response:
    """SPARQL 1.1 query via GET. Public graphs for everyone; an organisation's graph only
    with its key (X-API-Key). Updates, LOAD and SERVICE are refused (400); more than a few
    queries at a time per client get 429."""
    return await _answer(request, query, accept, org, endpoint)


@router.post(
    "/sparql",
    response_class=Response,
    responses={**ANSWERS, **problems(413, 415)},
    openapi_extra={"requestBody": QUERY_BODY},
)
async def sparql_query_post(
    request: Request,
    endpoint: EndpointDep,
    org: OrgKey = None,
    accept: Annotated[str, Header()] = "",
) -> Response:
    """SPARQL 1.1 query via POST (form-encoded ``query=`` or ``application/sparql-query``,
    UTF-8); ``update=`` is refused."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-query":
        try:
            query = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise ApiProblemError(400, "Bad request", "the query is not valid UTF-8 text") from None
    elif media == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            raise ApiProblemError(400, "Query refused", _READ_ONLY)
        query = str(form.get("query") or "")
    elif media == "application/sparql-update":
        raise ApiProblemError(400, "Query refused", _READ_ONLY)
    else:
        raise ApiProblemError(
            415, "Unsupported media type", "send application/sparql-query or a form"
        )
    return await _answer(request, query, accept, org, endpoint)
