"""Request and response models that are the API's own (engine records serve the rest)."""

from __future__ import annotations

from typing import Annotated, Literal

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


class Versions(BaseModel):
    """Versions of the software and of the data it serves (content hashes of the packaged
    files each graph was loaded from)."""

    package: str = Field(description="the aimsgraph package version", examples=["0.1.0"])
    ontology: str | None = Field(
        description="content hash of the loaded ontology", examples=["sha256:9f2c…"]
    )
    catalogs: dict[str, str] = Field(
        description="framework key to the content hash of its loaded catalog",
        examples=[{"gdpr": "sha256:1b7e…"}],
    )
    mapping_sets: dict[str, str] = Field(
        description="mapping set name to the content hash of its loaded SSSOM file",
        examples=[{"iso42001-to-gdpr": "sha256:c04d…"}],
    )


class Health(BaseModel):
    """Service status: ``ok`` once the catalogs are loaded, and what is loaded. Nothing
    about the host or the store's location."""

    status: Literal["ok", "incomplete"] = Field(
        description="ok, or incomplete when a framework catalog is missing from the store",
        examples=["ok"],
    )
    versions: Versions
