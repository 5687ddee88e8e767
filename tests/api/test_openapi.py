"""The OpenAPI document is fit for generated clients (issue #20, item 2): it validates,
every operation has a client-friendly id, its security, its bodies and one problem+json
schema for errors; and the service's real answers validate against it (so the enums stay
true to what the engine produces)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from aimsgraph.engine.crosswalks.sssom import RELATIONSHIPS
from aimsgraph.engine.present.org_workbook import folder_to_workbook
from conftest import REPO
from fastapi.testclient import TestClient
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

EXAMPLE = REPO / "examples" / "northwind-bank"
FILES = ["organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv"]
ADMIN = "admin-key-for-the-openapi-tests"
PROBLEM = {"$ref": "#/components/schemas/Problem"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = tmp_path_factory.mktemp("openapi") / "store"
    with TestClient(create_app(Settings(store=store, admin_key=ADMIN))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_document_validates(spec: dict[str, Any]) -> None:
    validate(spec)


def test_operation_ids_make_method_names(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) for i in ids), ids
    assert {"list_mappings", "get_crosswalk", "replace_org_data", "get_coverage"} <= set(ids)


def test_every_error_is_one_problem_schema(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "Problem" in schemas
    for path, method, operation in _operations(spec):
        errors = {s: r for s, r in operation["responses"].items() if s[0] in "45"}
        assert "422" in errors or not operation.get("parameters"), (method, path)
        for status, response in errors.items():
            assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, (
                method,
                path,
                status,
            )
            assert response["description"]


def test_every_answer_has_a_schema(spec: dict[str, Any]) -> None:
    for path, method, operation in _operations(spec):
        ok = {s: r for s, r in operation["responses"].items() if s.startswith("2")}
        assert ok, (method, path)
        for status, response in ok.items():
            if status == "204":
                continue
            assert response.get("content"), (method, path)
            assert all("schema" in m for m in response["content"].values()), (method, path)


def test_keys_are_security_schemes_per_operation(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert {n: (s["type"], s["in"], s["name"]) for n, s in schemes.items()} == {
        "OrganisationKey": ("apiKey", "header", "X-API-Key"),
        "AdminKey": ("apiKey", "header", "X-API-Key"),
    }
    for path, method, operation in _operations(spec):
        security = operation.get("security")
        if path == "/orgs" and method == "post":
            assert security == [{"AdminKey": []}]
        elif path.startswith("/orgs/"):
            assert security == [{"OrganisationKey": []}], (method, path)
        elif path == "/sparql":
            assert security == [{}, {"OrganisationKey": []}]  # a key is optional there
        else:
            assert security is None, (method, path)
        # the key is a security scheme, not a plain header parameter
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert headers in ([], ["accept"]), (method, path)  # SPARQL documents its Accept


def test_the_upload_documents_its_bodies(spec: dict[str, Any]) -> None:
    body = spec["paths"]["/orgs/{org}/data"]["put"]["requestBody"]
    assert body["required"] is True
    content = body["content"]
    assert set(content) == {
        "multipart/form-data",
        XLSX,
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
    }
    files = content["multipart/form-data"]["schema"]["properties"]["files"]
    assert files["items"] == {"type": "string", "format": "binary"}
    post = spec["paths"]["/sparql"]["post"]["requestBody"]["content"]
    assert set(post) == {"application/sparql-query", "application/x-www-form-urlencoded"}


def test_vocabularies_are_enums(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["LinkRecord"]["properties"]["relationship"]["enum"] == list(RELATIONSHIPS)
    assert schemas["Gap"]["properties"]["severity"]["enum"] == ["high", "medium", "low"]
    assert "covered" in schemas["ProvisionCoverage"]["properties"]["status"]["enum"]
    assert schemas["FrameworkInfo"]["properties"]["key"]["enum"][0] == "iso42001"
    assert schemas["Decision"]["properties"]["outcome"]["enum"]


def _check(spec: dict[str, Any], path: str, method: str, response: Any) -> None:
    """The answer validates against the schema the document gives for its status."""
    operation = spec["paths"][path][method]
    documented = operation["responses"][str(response.status_code)]
    media = response.headers["content-type"].split(";")[0]
    schema = documented["content"][media]["schema"]
    OAS31Validator({**schema, "components": spec["components"]}).validate(response.json())


def test_real_answers_validate_against_the_document(
    client: TestClient, spec: dict[str, Any], tmp_path: Path
) -> None:
    created = client.post(
        "/orgs", json={"id": "northwind-bank", "name": "Northwind"}, headers={"X-API-Key": ADMIN}
    )
    _check(spec, "/orgs", "post", created)
    key = {"X-API-Key": created.json()["api_key"]}
    workbook = tmp_path / "northwind.xlsx"
    folder_to_workbook(EXAMPLE, workbook)
    upload = client.put(
        "/orgs/northwind-bank/data",
        content=workbook.read_bytes(),
        headers={**key, "Content-Type": XLSX},
    )
    assert upload.status_code == 200, upload.text  # a workbook as the whole body
    _check(spec, "/orgs/{org}/data", "put", upload)
    folder = client.put(
        "/orgs/northwind-bank/data",
        files=[("files", (n, (EXAMPLE / n).read_bytes(), "text/plain")) for n in FILES],
        headers=key,
    )
    assert folder.status_code == 200 and folder.json() == upload.json()
    answers = {
        ("/health", "/health"): client.get("/health"),
        ("/frameworks", "/frameworks"): client.get("/frameworks"),
        ("/frameworks/{fw}/provisions", "/frameworks/gdpr/provisions"): None,
        ("/provisions/{provision_id}", "/provisions/ai-act:art-9-2-a"): None,
        ("/mappings", "/mappings?limit=1000"): None,
        ("/crosswalk/{provision_id}", "/crosswalk/iso42001:A.6.2.8"): None,
        ("/orgs/{org}", "/orgs/northwind-bank"): None,
        ("/orgs/{org}/applicability", "/orgs/northwind-bank/applicability"): None,
        ("/orgs/{org}/gaps", "/orgs/northwind-bank/gaps"): None,
        ("/orgs/{org}/coverage", "/orgs/northwind-bank/coverage"): None,
        ("/orgs/{org}/plan", "/orgs/northwind-bank/plan"): None,
        ("/orgs/{org}/soa", "/orgs/northwind-bank/soa"): None,
    }
    for (template, url), response in answers.items():
        answer = response or client.get(url, headers=key)
        assert answer.status_code == 200, (url, answer.text)
        _check(spec, template, "get", answer)
    errors = [
        ("/provisions/{provision_id}", client.get("/provisions/gdpr:art-999")),
        ("/frameworks", client.get("/frameworks", headers={"Accept": "application/xml"})),
        ("/frameworks", client.get("/frameworks", params={"limit": 0})),
        ("/orgs/{org}/gaps", client.get("/orgs/northwind-bank/gaps")),
    ]
    for template, response in errors:
        assert response.status_code in (404, 406, 422, 401)
        _check(spec, template, "get", response)


def test_every_field_has_a_description_and_a_fitting_example(spec: dict[str, Any]) -> None:
    """Issue #20: "a description and an example for every field"; each example is checked
    against the field's own schema (enums included), so none can drift from the type."""
    missing, unfit = [], []
    for schema_name, schema in spec["components"]["schemas"].items():
        for name, field in schema.get("properties", {}).items():
            if not field.get("description") or not field.get("examples"):
                missing.append(f"{schema_name}.{name}")
                continue
            validator = OAS31Validator({**field, "components": spec["components"]})
            unfit += [
                f"{schema_name}.{name}" for e in field["examples"] if not validator.is_valid(e)
            ]
    for path, method, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            where = f"{method} {path} {parameter['name']}"
            if not parameter.get("description") or "example" not in parameter:
                missing.append(where)
            elif not OAS31Validator(parameter["schema"]).is_valid(parameter["example"]):
                unfit.append(where)
    assert missing == [] and unfit == []
