"""Mapping links, crosswalks and exports (public, read-only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aimsgraph.engine.crosswalks import crosswalk, export, mappings
from aimsgraph.engine.crosswalks.crosswalk import CrosswalkLink
from aimsgraph.engine.crosswalks.mappings import LinkRecord
from aimsgraph.engine.present import rdf_views
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..deps import StoreDep
from ..negotiation import JSON, choose, not_acceptable, offers
from ..openapi import problems
from ..pagination import Limit, Offset, Page, page_links, paginate

router = APIRouter(tags=["mappings"])
RDF_OFFERS = (JSON, *rdf_views.RDF_MEDIA)


@router.get(
    "/mappings",
    response_model=Page[LinkRecord],
    responses={
        200: {"content": {m: {"schema": {"type": "string"}} for m in rdf_views.RDF_MEDIA}},
        **problems(406, 422, 503),
    },
)
def list_mappings(
    request: Request,
    response: Response,
    store: StoreDep,
    media: Annotated[str, Depends(offers(*RDF_OFFERS))],
    subject: str | None = None,
    object: Annotated[str | None, Query(description="obligation short id")] = None,
    framework: Annotated[str | None, Query(description="ai-act, gdpr, dora or nis2")] = None,
    relationship: str | None = None,
    status: Literal["reviewed", "draft"] | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Any:
    """Mapping links with their relationship, strength, rationale and provenance."""
    found = mappings.links(store, subject, object, framework, relationship, status)
    if media != JSON:
        page = found[offset : offset + limit]
        links = page_links(request, len(found), offset, limit)
        return Response(
            rdf_views.link_rdf(store, [r.iri for r in page], media),
            media_type=media,
            headers={"Link": links} if links else None,
        )
    return paginate(request, response, found, offset, limit)


@router.get(
    "/crosswalk/{provision_id}",
    response_model=Page[CrosswalkLink],
    dependencies=[Depends(offers(JSON))],
    responses=problems(404, 406, 422, 503),
)
def get_crosswalk(
    request: Request,
    response: Response,
    provision_id: str,
    store: StoreDep,
    to: str | None = None,
    transitive: bool = False,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Page[CrosswalkLink]:
    """What an ISO element maps to, or which ISO elements map to an obligation."""
    found = crosswalk.crosswalk(store, provision_id, to, transitive)
    return paginate(request, response, found, offset, limit)


MEDIA = {"sssom": "text/tab-separated-values", "skos": "text/turtle", "oscal": "application/json"}


@router.get(
    "/mappings/export",
    response_class=Response,
    responses={
        200: {
            "description": "The mapping sets in the asked format",
            "content": {
                m: {"schema": {"type": "object" if m.endswith("json") else "string"}}
                for m in MEDIA.values()
            },
        },
        **problems(406, 422),
    },
)
def export_mappings(
    request: Request, format: Literal["sssom", "oscal", "skos"] = "sssom"
) -> Response:
    """All mapping sets as SSSOM TSV, SKOS Turtle or an OSCAL 1.2 mapping collection."""
    if choose(request.headers.get("accept"), [MEDIA[format]]) is None:
        raise not_acceptable([MEDIA[format]])
    return Response(export.export(format), media_type=MEDIA[format])
