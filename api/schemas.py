"""Request and response models that are the API's own (engine records serve the rest)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class OrgCreate(BaseModel):
    """Register an organisation."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="slug, e.g. acme-bank")
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
