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


class ProblemItem(BaseModel):
    """One problem of a request or an upload."""

    file: str | None = Field(
        None, description="the file as the client named it (uploads)", examples=["soa.csv"]
    )
    row: int | None = Field(None, description="1-based row in that file", examples=[7])
    column: str | None = Field(None, description="the column", examples=["status"])
    location: list[str] | None = Field(
        None,
        description="where in the request (parameter validation)",
        examples=[["query", "limit"]],
    )
    message: str = Field(description="what is wrong and how to fix it", examples=["required"])


class Problem(BaseModel):
    """RFC 9457 problem details: every error of the API has this shape."""

    type: str = Field(
        description="always about:blank: the status says it all", examples=["about:blank"]
    )
    title: str = Field(description="short summary of the status", examples=["Not found"])
    status: int = Field(description="the HTTP status code", examples=[404])
    detail: str = Field(
        description="one line saying what went wrong", examples=["unknown provision gdpr:art-999"]
    )
    errors: list[ProblemItem] | None = Field(None, description="each problem, for 422 answers")
    omitted: int | None = Field(
        None, description="problems found beyond the listed ones (422 on uploads)", examples=[0]
    )
    supported: list[str] | None = Field(
        None,
        description="the media types this resource offers (406 answers)",
        examples=[["application/json", "text/turtle"]],
    )
