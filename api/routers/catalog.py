"""Catalogs: frameworks and provisions (public, read-only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aimsgraph.engine.law import catalog
from aimsgraph.engine.models import FrameworkInfo, ProvisionDetail, ProvisionSummary
from aimsgraph.engine.present import rdf_views
from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from ..deps import StoreDep

router = APIRouter(tags=["catalog"])


@router.get("/frameworks", response_model=list[FrameworkInfo])
def frameworks(store: StoreDep) -> list[FrameworkInfo]:
    """The loaded framework catalogs with provision counts."""
    return catalog.frameworks(store)


@router.get("/frameworks/{fw}/provisions", response_model=list[ProvisionSummary])
def provisions(
    fw: str,
    store: StoreDep,
    level: Literal["article", "paragraph", "all"] = "all",
    parent: Annotated[str | None, Query(description="short id of the parent")] = None,
    q: Annotated[str | None, Query(description="text to find in the number or heading")] = None,
) -> list[ProvisionSummary]:
    """The provisions of one framework in document order, filtered."""
    items = catalog.provisions(store, fw, level)
    if parent:
        items = [p for p in items if p.parent == parent]
    if q:
        needle = q.lower()
        items = [p for p in items if needle in p.title.lower() or needle in p.notation.lower()]
    return items


@router.get(
    "/provisions/{provision_id}",
    response_model=ProvisionDetail,
    responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
)
def provision(
    provision_id: str, store: StoreDep, accept: Annotated[str, Header()] = "application/json"
) -> Any:
    """One provision: JSON by default, or its RDF as Turtle or JSON-LD (local context)."""
    detail = catalog.provision(store, provision_id)
    media = rdf_views.negotiate(accept)
    if media is None:
        return detail
    return Response(rdf_views.provision_rdf(store, detail.iri, media), media_type=media)
