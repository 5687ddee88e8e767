"""One way to page every list: ``offset``/``limit`` parameters, an ``items/total/offset/
limit`` body and RFC 8288 ``Link`` headers (first, prev, next, last).

Link targets are relative references (path and query of this request): they never echo the
Host header a client sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar
from urllib.parse import quote

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

T = TypeVar("T")
MAX_LIMIT = 1000
Offset = Annotated[int, Query(ge=0, description="index of the first item to return", examples=[0])]
Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description="at most this many items per page", examples=[100]),
]


class Page(BaseModel, Generic[T]):
    """One page of a list; the Link header points to the other pages."""

    items: list[T] = Field(description="the items of this page, in the list's order")
    total: int = Field(description="number of items in the whole list", examples=[57])
    offset: int = Field(description="index of the first item of this page", examples=[0])
    limit: int = Field(description="the page size asked for", examples=[100])


def paginate(
    request: Request, response: Response, items: Sequence[T], offset: int, limit: int
) -> Page[T]:
    """The page ``[offset, offset + limit)`` of ``items``; sets the Link header."""
    links = page_links(request, len(items), offset, limit)
    if links:
        response.headers["Link"] = links
    return Page[T](
        items=list(items[offset : offset + limit]), total=len(items), offset=offset, limit=limit
    )


def page_links(request: Request, total: int, offset: int, limit: int) -> str:
    """The RFC 8288 Link header value for a page of ``total`` items."""
    last = max(0, (total - 1) // limit * limit)
    targets = {"first": 0, "last": last}
    if offset > 0:
        targets["prev"] = max(0, min(offset - limit, last))
    if offset + limit < total:
        targets["next"] = offset + limit
    path = quote(request.url.path, safe="/:@!$&'()*+,;=-._~")
    parts = []
    for rel in ("first", "prev", "next", "last"):
        if rel in targets:
            query = request.url.include_query_params(offset=targets[rel], limit=limit).query
            parts.append(f'<{path}?{query}>; rel="{rel}"')
    return ", ".join(parts)
