"""Mapping links, crosswalks and exports (public, read-only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aimsgraph.engine.crosswalks import crosswalk, export, mappings
from aimsgraph.engine.crosswalks.crosswalk import CrosswalkLink
from aimsgraph.engine.crosswalks.mappings import LinkRecord
from aimsgraph.engine.present import rdf_views
from fastapi import APIRouter, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel

from ..deps import StoreDep

router = APIRouter(tags=["mappings"])


class LinkPage(BaseModel):
    """One page of mapping links."""

    total: int
    offset: int
    limit: int
    items: list[LinkRecord]


@router.get(
    "/mappings",
    response_model=LinkPage,
    responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
)
def list_mappings(
    store: StoreDep,
    subject: str | None = None,
    object: Annotated[str | None, Query(description="obligation short id")] = None,
    framework: Annotated[str | None, Query(description="ai-act, gdpr, dora or nis2")] = None,
    relationship: str | None = None,
    status: Literal["reviewed", "draft"] | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    accept: Annotated[str, Header()] = "application/json",
) -> Any:
    """Mapping links with their relationship, strength, rationale and provenance."""
    found = mappings.links(store, subject, object, framework, relationship, status)
    page = found[offset : offset + limit]
    media = rdf_views.negotiate(accept)
    if media is not None:
        return Response(rdf_views.link_rdf(store, [r.iri for r in page], media), media_type=media)
    return LinkPage(total=len(found), offset=offset, limit=limit, items=page)


@router.get("/crosswalk/{provision_id}", response_model=list[CrosswalkLink])
def crosswalk_links(
    provision_id: str,
    store: StoreDep,
    to: str | None = None,
    transitive: bool = False,
) -> list[CrosswalkLink]:
    """What an ISO element maps to, or which ISO elements map to an obligation."""
    return crosswalk.crosswalk(store, provision_id, to, transitive)


MEDIA = {"sssom": "text/tab-separated-values", "skos": "text/turtle", "oscal": "application/json"}


@router.get("/mappings/export", responses={200: {"content": {m: {} for m in MEDIA.values()}}})
def export_mappings(format: Literal["sssom", "oscal", "skos"] = "sssom") -> Response:
    """All mapping sets as SSSOM TSV, SKOS Turtle or an OSCAL 1.2 mapping collection."""
    return Response(export.export(format), media_type=MEDIA[format])
