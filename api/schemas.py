"""Request and response models that are the API's own (engine records serve the rest)."""

from __future__ import annotations

from typing import Annotated

from aimsgraph.engine.org.orgdata import SLUG
from pydantic import AfterValidator, BaseModel, Field


def _slug(value: str) -> str:
    """The whole value must be a slug (``fullmatch``: no trailing newline slips through)."""
    if not SLUG.fullmatch(value):
        raise ValueError("lower-case letters, digits and '-', at most 63 characters")
    return value


class OrgCreate(BaseModel):
    """Register an organisation."""

    id: Annotated[str, AfterValidator(_slug)] = Field(
        description="slug, e.g. acme-bank", json_schema_extra={"pattern": f"^{SLUG.pattern}$"}
    )
    name: str = Field(min_length=1, max_length=200)


class OrgCreated(BaseModel):
    """The new organisation and its API key (shown once, stored only as a hash)."""

    id: str
    api_key: str


class OrgSummary(BaseModel):
    """An organisation and the size of its data."""

    id: str
    name: str
    has_data: bool
    triples: int


class Health(BaseModel):
    """Service status."""

    status: str
    store: str
    quads: int
    catalogs: bool
