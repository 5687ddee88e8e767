"""An organisation's evidence register (same key as the other organisation routes)."""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine import dates
from aimsgraph.engine.analysis import evidence_register, system_scope
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..deps import OrgDep, StoreDep
from ..negotiation import JSON, offers
from ..openapi import problems
from ..pagination import Limit, Offset, Page, paginate

router = APIRouter(
    prefix="/orgs", tags=["organisations"], responses=problems(401, 403, 406, 422, 429, 503)
)


@router.get(
    "/{org}/evidence",
    response_model=Page[evidence_register.EvidenceEntry],
    dependencies=[Depends(offers(JSON))],
)
def get_evidence(
    org: OrgDep,
    store: StoreDep,
    request: Request,
    response: Response,
    as_of: Annotated[
        str | None, Query(description="date validity is judged on, YYYY-MM-DD (default: today)")
    ] = None,
    expiring_within: Annotated[
        int | None,
        Query(
            ge=0,
            description="only items whose validity ends within this many days (expired ones "
            "included); also the 'expiring' threshold (default 90)",
        ),
    ] = None,
    system: Annotated[
        str | None, Query(description="only evidence naming this AI system; unknown ids are a 400")
    ] = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Page[evidence_register.EvidenceEntry]:
    """The evidence register: owner, validity, days left (negative: expired), status and
    what each item supports, soonest to lapse first."""
    day = dates.as_of(as_of, "as_of")
    if system is not None:
        system_scope.require_system(store, org, system)
    register = evidence_register.evidence_register(store, org, day, expiring_within, system)
    return paginate(request, response, register.items, offset, limit)
