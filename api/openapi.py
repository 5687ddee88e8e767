"""The OpenAPI document, made fit for generated clients.

Routers declare what they answer (``responses=problems(...)``); this module holds the one
problem+json schema every error uses, fills in what FastAPI cannot infer (enums of the
engine's vocabularies, optional keys, the upload bodies) and names operations after their
functions, so generated clients get methods like ``list_mappings``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aimsgraph.engine.analysis.applicability import EU_FRAMEWORKS, OUTCOMES
from aimsgraph.engine.analysis.coverage_model import STATUSES as STATUSES_OF_COVERAGE
from aimsgraph.engine.analysis.gaps import SEVERITY_ORDER
from aimsgraph.engine.crosswalks.sssom import RATIONALES, RELATIONSHIPS, STATUSES
from aimsgraph.engine.namespaces import FRAMEWORKS
from aimsgraph.engine.org.schema import STATUSES as IMPLEMENTATION
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from . import field_docs
from .problems import MEDIA as PROBLEM_MEDIA
from .schemas import Problem

REF = "#/components/schemas/Problem"
MEANING = {
    400: "The request cannot be answered as sent (e.g. a refused SPARQL query).",
    401: "No key, or not a valid key (X-API-Key).",
    403: "The key does not grant this (another organisation's key; creation disabled).",
    404: "No such provision, framework or mapping element.",
    406: "The Accept header allows none of the media types this resource offers "
    "(listed in 'supported').",
    409: "It exists already.",
    413: "The request body is over the configured limit.",
    415: "The request body's media type is not one this operation reads.",
    422: "Invalid parameters or input data; 'errors' lists each problem "
    "(file, row, column, message for uploads).",
    429: "Too many wrong keys from this address, or too many queries in flight: retry "
    "after the Retry-After header's seconds.",
    503: "The store is unavailable or busy, or a query timed out: retry later.",
}
COVERAGE_STATUSES = STATUSES_OF_COVERAGE  # engine/analysis/coverage_model.py
# (schema, property) -> the values the engine produces; the tests validate real answers
# against these schemas, so a new value in the engine fails there rather than in a client.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("LinkRecord", "relationship"): RELATIONSHIPS,
    ("CrosswalkLink", "relationship"): RELATIONSHIPS,
    ("Via", "relationship"): RELATIONSHIPS,
    ("LinkRecord", "rationale"): RATIONALES,
    ("CrosswalkLink", "rationale"): RATIONALES,
    ("LinkRecord", "status"): STATUSES,
    ("CrosswalkLink", "status"): STATUSES,
    ("Decision", "status"): STATUSES,
    ("Decision", "outcome"): OUTCOMES,
    ("Decision", "framework"): EU_FRAMEWORKS,
    ("FrameworkApplicability", "framework"): EU_FRAMEWORKS,
    ("FrameworkCoverage", "framework"): EU_FRAMEWORKS,
    ("SystemCoverage", "framework"): EU_FRAMEWORKS,
    ("ProvisionDetail", "framework"): tuple(FRAMEWORKS),
    ("FrameworkInfo", "key"): tuple(FRAMEWORKS),
    ("Gap", "severity"): tuple(SEVERITY_ORDER),
    ("ProvisionCoverage", "status"): COVERAGE_STATUSES,
    ("SoARow", "included"): ("yes", "no", ""),
    ("SoARow", "status"): (*IMPLEMENTATION, ""),
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status as application/problem+json, one schema."""
    return {
        status: {
            "description": MEANING[status],
            "content": {PROBLEM_MEDIA: {"schema": {"$ref": REF}}},
        }
        for status in statuses
    }


def operation_id(route: APIRoute) -> str:
    """The route function's name: ``list_mappings``, ``get_coverage``..."""
    return route.name


def _enums(schemas: dict[str, Any]) -> None:
    for (schema, prop), values in ENUMS.items():
        target = schemas.get(schema, {}).get("properties", {}).get(prop)
        if target is not None and target.get("type") == "string":
            target["enum"] = list(values)


def _optional_keys(paths: dict[str, Any]) -> None:
    """The SPARQL endpoint takes a key but does not need one: ``{}`` makes it optional."""
    for operation in paths.get("/sparql", {}).values():
        operation["security"] = [{}, *operation.get("security", [])]


def _drop_unused(document: dict[str, Any]) -> None:
    """FastAPI's own 422 schemas: no operation uses them once every 422 is a problem."""
    text = str(document["paths"])
    for name in ("HTTPValidationError", "ValidationError"):
        if f"/{name}'" not in text:
            document["components"]["schemas"].pop(name, None)


def install(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """Replace ``app.openapi`` with the finished document (built once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        _enums(schemas)
        field_docs.apply(schemas)
        field_docs.apply_parameters(document["paths"])
        _optional_keys(document["paths"])
        _drop_unused(document)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
    return openapi
