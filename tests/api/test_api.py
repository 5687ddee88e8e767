"""The HTTP API in-process: catalog, mappings, organisations, SPARQL, security, errors."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from conftest import REPO
from fastapi.testclient import TestClient

EXAMPLE = REPO / "examples" / "northwind-bank"
ADMIN = "admin-secret-for-tests"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        store=tmp_path_factory.mktemp("api") / "store",
        admin_key=ADMIN,
        max_body_bytes=200_000,
        sparql_max_rows=500,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def folder_files() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("files", (p.name, p.read_bytes(), "text/plain"))
        for p in sorted(EXAMPLE.iterdir())
        if p.is_file()
    ]


@pytest.fixture(scope="module")
def bank(client: TestClient) -> str:
    created = client.post(
        "/orgs",
        json={"id": "northwind-bank", "name": "Northwind Bank AG"},
        headers={"X-API-Key": ADMIN},
    )
    assert created.status_code == 201, created.text
    key = created.json()["api_key"]
    put = client.put("/orgs/northwind-bank/data", files=folder_files(), headers={"X-API-Key": key})
    assert put.status_code == 200, put.text
    return str(key)


@pytest.fixture(scope="module")
def other(client: TestClient) -> str:
    created = client.post(
        "/orgs", json={"id": "other-org", "name": "Other"}, headers={"X-API-Key": ADMIN}
    )
    return str(created.json()["api_key"])


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and set(health["versions"]["catalogs"]) == {
        "iso42001",
        "ai-act",
        "gdpr",
        "dora",
        "nis2",
    }
    spec = client.get("/openapi.json").json()
    assert {
        "/frameworks",
        "/provisions/{provision_id}",
        "/mappings",
        "/sparql",
        "/orgs/{org}/coverage",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_catalog_endpoints(client: TestClient) -> None:
    keys = [f["key"] for f in client.get("/frameworks").json()["items"]]
    assert keys == ["iso42001", "ai-act", "gdpr", "dora", "nis2"]
    items = client.get("/frameworks/nis2/provisions", params={"parent": "nis2:art-21-2"}).json()[
        "items"
    ]
    assert [i["id"] for i in items] == [f"nis2:art-21-2-{x}" for x in "abcdefghij"]
    found = client.get(
        "/frameworks/gdpr/provisions", params={"q": "erasure", "level": "article"}
    ).json()["items"]
    assert [i["id"] for i in found] == ["gdpr:art-17", "gdpr:art-19"]  # both say "erasure"
    detail = client.get("/provisions/ai-act:art-9-2-a").json()
    assert detail["parent"] == "ai-act:art-9-2" and detail["kind"] == "point"


def test_content_negotiation_without_remote_context(client: TestClient) -> None:
    turtle = client.get("/provisions/gdpr:art-35", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "skos:prefLabel" in turtle.text
    jsonld = client.get("/provisions/gdpr:art-35", headers={"Accept": "application/ld+json"})
    document = jsonld.json()
    assert isinstance(document["@context"], dict)  # inline, never a URL


def test_mappings_and_crosswalk(client: TestClient) -> None:
    page = client.get("/mappings", params={"framework": "nis2", "limit": 5}).json()
    assert page["total"] == 62 and len(page["items"]) == 5
    assert all(i["object"].startswith("nis2:") for i in page["items"])
    links = client.get("/crosswalk/iso42001:A.6.2.8", params={"to": "ai-act"}).json()["items"]
    assert links and all(link["object"].startswith("ai-act:") for link in links)
    oscal = client.get("/mappings/export", params={"format": "oscal"}).json()
    assert "mapping-collection" in oscal


def test_unknown_ids_are_404_problems(client: TestClient) -> None:
    response = client.get("/provisions/gdpr:art-999")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and "gdpr:art-999" in body["detail"]
    assert "Traceback" not in response.text


def test_org_analysis_endpoints(client: TestClient, bank: str) -> None:
    headers = {"X-API-Key": bank}
    summary = client.get("/orgs/northwind-bank", headers=headers).json()
    assert summary["has_data"] and summary["triples"] > 500
    cov = client.get(
        "/orgs/northwind-bank/coverage",
        params={"as_of": "2026-11-23", "framework": "gdpr"},
        headers=headers,
    ).json()
    assert [f["framework"] for f in cov["frameworks"]] == ["gdpr"]
    gaps = client.get(
        "/orgs/northwind-bank/gaps", params={"as_of": "2026-11-23"}, headers=headers
    ).json()
    assert set(gaps["gaps"][0]) == {"kind", "severity", "focus", "provisions", "message", "shape"}
    plan = client.get("/orgs/northwind-bank/plan", params={"top": 2}, headers=headers).json()
    assert len(plan["steps"]) == 2
    soa_csv = client.get("/orgs/northwind-bank/soa", headers={**headers, "Accept": "text/csv"})
    assert soa_csv.text.splitlines()[0].startswith("control,title,included")
    assert len(soa_csv.text.splitlines()) == 39
    assert client.get("/orgs/northwind-bank/soa", headers=headers).json()["total"] == 38
    applicability = client.get(
        "/orgs/northwind-bank/applicability",
        params={"as_of": "2028-01-15", "framework": "ai-act", "system": "credit-scoring"},
        headers=headers,
    )
    assert applicability.status_code == 200, applicability.text
    body = applicability.json()
    assert body["system"] == "credit-scoring"
    assert {d["framework"] for d in body["decisions"]} == {"ai-act"}
    fria = next(d for d in body["decisions"] if d["id"] == "ai-act:art-27-1")
    assert fria["applicable"] and fria["systems"] == ["credit-scoring"]
    assert "Art. 27(1)" in fria["reason"]
    unknown = client.get(
        "/orgs/northwind-bank/applicability", params={"system": "nope"}, headers=headers
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"


def test_authentication_and_isolation(client: TestClient, bank: str, other: str) -> None:
    assert client.get("/orgs/northwind-bank/gaps").status_code == 401
    assert (
        client.get("/orgs/northwind-bank/gaps", headers={"X-API-Key": "wrong"}).status_code == 401
    )
    forbidden = client.get("/orgs/northwind-bank/gaps", headers={"X-API-Key": other})
    assert forbidden.status_code == 403
    assert "Northwind" not in forbidden.text
    assert client.post("/orgs", json={"id": "x", "name": "x"}).status_code == 401
    assert (
        client.post("/orgs", json={"id": "x", "name": "x"}, headers={"X-API-Key": bank}).status_code
        == 401
    )


QUERY = (
    "SELECT ?name WHERE { ?o a <https://w3id.org/aimsgraph/ontology#Organisation> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?name }"
)


def test_sparql_scopes_graphs_by_key(client: TestClient, bank: str, other: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    public = client.get("/sparql", params={"query": QUERY}, headers=accept).json()
    assert public["results"]["bindings"] == []  # organisations are not public
    own = client.get(
        "/sparql", params={"query": QUERY}, headers={**accept, "X-API-Key": bank}
    ).json()
    assert [b["name"]["value"] for b in own["results"]["bindings"]] == ["Northwind Bank AG"]
    stranger = client.get(
        "/sparql", params={"query": QUERY}, headers={**accept, "X-API-Key": other}
    ).json()
    assert stranger["results"]["bindings"] == []
    keys = client.get(
        "/sparql",
        params={
            "query": "SELECT ?h WHERE { GRAPH ?g { ?s "
            "<https://w3id.org/aimsgraph/ontology#apiKeyHash> ?h } }"
        },
        headers={**accept, "X-API-Key": bank},
    ).json()
    assert keys["results"]["bindings"] == []  # key hashes are never visible


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p",
    ],
)
def test_sparql_refuses_updates_federation_and_garbage(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_sparql_update_via_post_is_refused(client: TestClient) -> None:
    response = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 400
    response = client.post(
        "/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 400


def test_sparql_formats_and_row_limit(client: TestClient) -> None:
    query = (
        "SELECT ?id WHERE { ?p <https://w3id.org/aimsgraph/ontology#shortId> ?id "
        "FILTER(STRSTARTS(?id, 'nis2:art-21-2-')) } ORDER BY ?id"
    )
    csv_text = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    assert csv_text.splitlines()[0] == "id" and len(csv_text.splitlines()) == 11
    tsv = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    ).text
    assert tsv.splitlines()[1] == '"nis2:art-21-2-a"'
    xml = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    ).text
    assert xml.count("<result>") == 10
    too_many = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert too_many.status_code == 400 and "LIMIT" in too_many.json()["detail"]
    construct = client.get(
        "/sparql",
        params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"},
        headers={"Accept": "text/turtle"},
    )
    assert construct.status_code == 200 and construct.headers["content-type"].startswith(
        "text/turtle"
    )


def test_bad_upload_is_422_and_changes_nothing(client: TestClient, bank: str) -> None:
    headers = {"X-API-Key": bank}
    before = client.get("/orgs/northwind-bank", headers=headers).json()
    files = folder_files()
    files = [
        (n, (name, data.replace(b"A.6.2.4,yes", b"A.6.2.4,perhaps"), t))
        if name == "soa.csv"
        else (n, (name, data, t))
        for n, (name, data, t) in files
    ]
    response = client.put("/orgs/northwind-bank/data", files=files, headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["row"] == 20 and body["errors"][0]["column"] == "included"
    assert client.get("/orgs/northwind-bank", headers=headers).json() == before
    broken = client.put(
        "/orgs/northwind-bank/data",
        content=b"<a> <b> .",
        headers={**headers, "Content-Type": "text/turtle"},
    )
    assert broken.status_code == 422


def test_oversized_body_is_413(client: TestClient, bank: str) -> None:
    big = io.BytesIO(b"x" * 300_000)
    response = client.put(
        "/orgs/northwind-bank/data",
        files=[("files", ("evidence.csv", big, "text/csv"))],
        headers={"X-API-Key": bank},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_remote_jsonld_context_is_refused(client: TestClient, bank: str) -> None:
    response = client.put(
        "/orgs/northwind-bank/data",
        content=b'{"@context": "http://example.org/ctx.jsonld", "@id": "urn:x"}',
        headers={"X-API-Key": bank, "Content-Type": "application/ld+json"},
    )
    assert response.status_code == 422
    assert "remote JSON-LD @context" in response.text


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.get("/frameworks", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_delete_org(client: TestClient) -> None:
    created = client.post(
        "/orgs", json={"id": "short-lived", "name": "Short"}, headers={"X-API-Key": ADMIN}
    ).json()
    key = created["api_key"]
    assert client.delete("/orgs/short-lived", headers={"X-API-Key": key}).status_code == 204
    assert client.get("/orgs/short-lived", headers={"X-API-Key": key}).status_code == 401


def test_xml_entity_expansion_in_a_workbook_is_refused(
    client: TestClient, bank: str, tmp_path: Path
) -> None:
    """A workbook whose XML declares entities (billion laughs) is rejected, not expanded."""
    import zipfile

    from aimsgraph.engine.present.org_workbook import folder_to_workbook

    good = tmp_path / "good.xlsx"
    folder_to_workbook(EXAMPLE, good)
    bomb = tmp_path / "bomb.xlsx"
    entities = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":  # the DOCTYPE must come before the root
                text = data.decode("utf-8")
                end = text.index("?>") + 2 if text.startswith("<?xml") else 0
                data = (text[:end] + entities + text[end:]).encode("utf-8")
            target.writestr(item, data)
    response = client.put(
        "/orgs/northwind-bank/data",
        files=[("files", ("bomb.xlsx", bomb.read_bytes(), "application/zip"))],
        headers={"X-API-Key": bank},
    )
    assert response.status_code == 422
    assert "cannot read the workbook" in response.text


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/orgs",
        content=b"{not json",
        headers={"X-API-Key": ADMIN, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_coverage_takes_an_evidence_date_and_drafts(client: TestClient, bank: str) -> None:
    headers = {"X-API-Key": bank}
    params = {"as_of": "2028-01-15", "framework": "dora"}
    same = client.get("/orgs/northwind-bank/coverage", params=params, headers=headers).json()
    kept = client.get(
        "/orgs/northwind-bank/coverage",
        params={**params, "evidence_date": "2026-12-06", "include_draft": "true"},
        headers=headers,
    ).json()
    assert (same["evidence_date"], same["include_draft"]) == ("2028-01-15", False)
    assert (kept["evidence_date"], kept["include_draft"]) == ("2026-12-06", True)
    assert kept["frameworks"][0]["partial"] > same["frameworks"][0]["partial"]
    bad = client.get(
        "/orgs/northwind-bank/coverage",
        params={**params, "evidence_date": "15/01/2028"},
        headers=headers,
    )
    assert bad.status_code == 400
    assert "evidence_date" in bad.json()["detail"]


def test_bad_date_is_a_400_problem(client: TestClient, bank: str) -> None:
    response = client.get(
        "/orgs/northwind-bank/coverage", params={"as_of": "23/11/2026"}, headers={"X-API-Key": bank}
    )
    assert response.status_code == 400
    assert "not an ISO 8601 date" in response.json()["detail"]
