"""The API's analysis history: POST /orgs/{org}/analyses records, GET lists and compares,
only for the organisation's own key and ids (issue #19, point 4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from aimsgraph.engine.analysis import history
from conftest import REPO
from fastapi.testclient import TestClient
from openapi_schema_validator import OAS31Validator

EXAMPLE = REPO / "examples" / "northwind-bank"
ADMIN = "admin-secret-for-history-tests"
AS_OF = {"as_of": "2026-12-06"}


def files(evidence: bytes | None = None) -> list[tuple[str, tuple[str, bytes, str]]]:
    """The example's four files; ``evidence`` replaces evidence.csv."""
    parts = {p.name: p.read_bytes() for p in sorted(EXAMPLE.iterdir()) if p.is_file()}
    if evidence is not None:
        parts["evidence.csv"] = evidence
    return [("files", (name, content, "text/plain")) for name, content in parts.items()]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(store=tmp_path_factory.mktemp("history-api") / "store", admin_key=ADMIN)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def register(client: TestClient, org: str) -> dict[str, str]:
    created = client.post("/orgs", json={"id": org, "name": org}, headers={"X-API-Key": ADMIN})
    assert created.status_code == 201, created.text
    key = {"X-API-Key": created.json()["api_key"]}
    put = client.put(f"/orgs/{org}/data", files=files(), headers=key)
    assert put.status_code == 200, put.text
    return key


@pytest.fixture(scope="module")
def two_analyses(client: TestClient) -> tuple[dict[str, str], str, str]:
    """The bank analysed, one evidence row renewed, analysed again: key and both ids."""
    key = register(client, "northwind-bank")
    first = client.post("/orgs/northwind-bank/analyses", params=AS_OF, headers=key)
    assert first.status_code == 201, first.text
    renewed = (EXAMPLE / "evidence.csv").read_bytes().replace(b"2026-07-15", b"2028-07-15")
    put = client.put("/orgs/northwind-bank/data", files=files(renewed), headers=key)
    assert put.status_code == 200, put.text
    second = client.post("/orgs/northwind-bank/analyses", params=AS_OF, headers=key)
    assert second.status_code == 201, second.text
    return key, first.json()["id"], second.json()["id"]


def test_each_analysis_is_recorded_and_listed(
    client: TestClient, two_analyses: tuple[dict[str, str], str, str]
) -> None:
    key, first, second = two_analyses
    listed = client.get("/orgs/northwind-bank/analyses", headers=key)
    assert listed.status_code == 200
    page = listed.json()
    assert [r["id"] for r in page["items"]] == [first, second] and page["total"] == 2
    one = page["items"][0]
    assert one["as_of"] == "2026-12-06" and one["input_hash"].startswith("sha256:")
    assert {s["framework"] for s in one["scores"]} == {"ai-act", "gdpr", "dora", "nis2"}
    record = client.get(f"/orgs/northwind-bank/analyses/{first}", headers=key).json()
    assert record["id"] == first and record["statuses"] and record["open_gaps"]


def test_compare_after_one_renewed_evidence_row(
    client: TestClient, two_analyses: tuple[dict[str, str], str, str]
) -> None:
    key, first, second = two_analyses
    answer = client.get(
        "/orgs/northwind-bank/compare", params={"from": first, "to": second}, headers=key
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["input_changed"] is True and result["law_or_mappings_changed"] is False
    closed = {(g["kind"], g["focus"]) for g in result["gaps_closed"]}
    assert ("evidence-expired", "evidence/EV-006") in closed and result["gaps_opened"] == []
    assert result["changes"], "renewing the risk register moves statuses"
    assert all(
        set(c) == {"id", "framework", "system", "before", "after"} for c in result["changes"]
    )
    assert all(c["before"] != c["after"] for c in result["changes"])
    dora = next(s for s in result["scores"] if s["framework"] == "dora")
    assert dora["after"] > dora["before"]
    same = client.get(
        "/orgs/northwind-bank/compare", params={"from": first, "to": first}, headers=key
    ).json()
    assert same["changes"] == [] and same["input_changed"] is False


def test_unknown_and_other_organisations_ids_are_404(
    client: TestClient, two_analyses: tuple[dict[str, str], str, str]
) -> None:
    key, first, _ = two_analyses
    unknown = client.get(
        "/orgs/northwind-bank/compare", params={"from": first, "to": "a-nope"}, headers=key
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "a-nope" in unknown.json()["detail"]
    other = register(client, "other-bank")
    assert client.get("/orgs/other-bank/analyses", headers=other).json()["items"] == []
    theirs = client.get(
        "/orgs/other-bank/compare", params={"from": first, "to": first}, headers=other
    )
    assert theirs.status_code == 404  # the bank's id does not exist for the other org
    assert client.get(f"/orgs/other-bank/analyses/{first}", headers=other).status_code == 404
    assert client.get("/orgs/northwind-bank/analyses", headers=other).status_code == 403
    mine = client.post("/orgs/other-bank/analyses", params=AS_OF, headers=other).json()["id"]
    assert [
        r["id"] for r in client.get("/orgs/northwind-bank/analyses", headers=key).json()["items"]
    ] == [first, two_analyses[2]]
    # deleting the organisation deletes its records
    store = client.app.state.store  # type: ignore[attr-defined]
    assert any(g.endswith(mine) for g in store.graph_versions())
    assert client.delete("/orgs/other-bank", headers=other).status_code == 204
    assert not any(
        g.startswith(history.history_prefix("other-bank")) for g in store.graph_versions()
    )


def test_answers_validate_against_the_openapi_document(
    client: TestClient, two_analyses: tuple[dict[str, str], str, str]
) -> None:
    key, first, second = two_analyses
    spec = client.get("/openapi.json").json()
    answers = {
        ("/orgs/{org}/analyses", "get"): client.get("/orgs/northwind-bank/analyses", headers=key),
        ("/orgs/{org}/analyses/{analysis_id}", "get"): client.get(
            f"/orgs/northwind-bank/analyses/{second}", headers=key
        ),
        ("/orgs/{org}/compare", "get"): client.get(
            "/orgs/northwind-bank/compare", params={"from": first, "to": second}, headers=key
        ),
    }
    for (path, method), answer in answers.items():
        schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
        validator = OAS31Validator({**schema["schema"], "components": spec["components"]})
        validator.validate(answer.json())
    post = spec["paths"]["/orgs/{org}/analyses"]["post"]["responses"]["201"]["content"]
    assert "application/json" in post


def test_a_bad_date_is_one_clear_error_and_records_nothing(
    client: TestClient, two_analyses: tuple[dict[str, str], str, str]
) -> None:
    key, first, second = two_analyses
    bad = client.post("/orgs/northwind-bank/analyses", params={"as_of": "06/12/2026"}, headers=key)
    assert 400 <= bad.status_code < 500 and "06/12/2026" in bad.json()["detail"]
    listed = client.get("/orgs/northwind-bank/analyses", headers=key).json()
    assert [r["id"] for r in listed["items"]] == [first, second]
