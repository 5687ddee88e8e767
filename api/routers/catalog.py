"""Catalogs: frameworks and provisions (public, read-only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aimsgraph.engine.law import catalog
from aimsgraph.engine.models import FrameworkInfo, ProvisionDetail, ProvisionSummary
from aimsgraph.engine.present import rdf_views
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..deps import StoreDep
from ..negotiation import JSON, offers
from ..openapi import problems
from ..pagination import Limit, Offset, Page, paginate

router = APIRouter(tags=["catalog"])
RDF_OFFERS = (JSON, *rdf_views.RDF_MEDIA)


@router.get(
    "/frameworks",
    response_model=Page[FrameworkInfo],
    dependencies=[Depends(offers(JSON))],
    responses=problems(406, 422, 503),
)
def list_frameworks(
    request: Request, response: Response, store: StoreDep, offset: Offset = 0, limit: Limit = 100
) -> Page[FrameworkInfo]:
    """The loaded framework catalogs with provision counts."""
    return paginate(request, response, catalog.frameworks(store), offset, limit)


@router.get(
    "/frameworks/{fw}/provisions",
    response_model=Page[ProvisionSummary],
    dependencies=[Depends(offers(JSON))],
    responses=problems(404, 406, 422, 503),
)
def list_provisions(
    request: Request,
    response: Response,
    fw: str,
    store: StoreDep,
    level: Literal["article", "paragraph", "all"] = "all",
    parent: Annotated[str | None, Query(description="short id of the parent")] = None,
    q: Annotated[str | None, Query(description="text to find in the number or heading")] = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Page[ProvisionSummary]:
    """The provisions of one framework in document order, filtered."""
    items = catalog.provisions(store, fw, level)
    if parent:
        items = [p for p in items if p.parent == parent]
    if q:
        needle = q.lower()
        items = [p for p in items if needle in p.title.lower() or needle in p.notation.lower()]
    return paginate(request, response, items, offset, limit)


@router.get(
    "/provisions/{provision_id}",
    response_model=ProvisionDetail,
    responses={
        200: {"content": {m: {"schema": {"type": "string"}} for m in rdf_views.RDF_MEDIA}},
        **problems(404, 406, 422, 503),
    },
)
def get_provision(
    provision_id: str, store: StoreDep, media: Annotated[str, Depends(offers(*RDF_OFFERS))]
) -> Any:
    """One provision: JSON by default, or its RDF as Turtle or JSON-LD (local context)."""
    detail = catalog.provision(store, provision_id)
    if media == JSON:
        return detail
    return Response(rdf_views.provision_rdf(store, detail.iri, media), media_type=media)
