"""Drill-downs over HTTP: system= on coverage, gaps and plan, framework= on plan, the
evidence-date rule, and the paginated evidence register (same key rules as elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from conftest import REPO
from fastapi.testclient import TestClient

EXAMPLE = REPO / "examples" / "northwind-bank"
ADMIN = "admin-secret-for-tests"
LAW = "2028-01-15"
TODAY = "2026-12-06"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(store=tmp_path_factory.mktemp("api-drill") / "store", admin_key=ADMIN)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def key(client: TestClient) -> dict[str, str]:
    created = client.post(
        "/orgs", json={"id": "northwind-bank", "name": "Northwind"}, headers={"X-API-Key": ADMIN}
    )
    assert created.status_code == 201, created.text
    headers = {"X-API-Key": created.json()["api_key"]}
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(EXAMPLE.iterdir())]
    put = client.put("/orgs/northwind-bank/data", files=files, headers=headers)
    assert put.status_code == 200, put.text
    return headers


def test_coverage_gaps_and_plan_for_one_system(client: TestClient, key: dict[str, str]) -> None:
    params = {"as_of": LAW, "evidence_date": TODAY, "system": "customer-chatbot"}
    cov = client.get("/orgs/northwind-bank/coverage", params=params, headers=key)
    assert cov.status_code == 200, cov.text
    body = cov.json()
    assert body["system"] == "customer-chatbot"
    assert all(
        p["systems"] == ["customer-chatbot"] for f in body["frameworks"] for p in f["provisions"]
    )
    gaps = client.get(
        "/orgs/northwind-bank/gaps",
        params={"as_of": TODAY, "system": "fraud-detection"},
        headers=key,
    ).json()
    assert {g["focus"] for g in gaps["gaps"]} == {"system/fraud-detection", "evidence/EV-015"}
    steps = client.get(
        "/orgs/northwind-bank/plan",
        params={"as_of": LAW, "system": "credit-scoring", "framework": "ai-act", "top": 3},
        headers=key,
    ).json()
    assert (steps["system"], steps["frameworks"]) == ("credit-scoring", ["ai-act"])
    assert steps["steps"] and "EV-024" not in {s["target"] for s in steps["steps"]}


def test_unknown_system_and_late_evidence_date_are_400(
    client: TestClient, key: dict[str, str]
) -> None:
    for path in ("coverage", "gaps", "plan", "evidence"):
        bad = client.get(
            f"/orgs/northwind-bank/{path}", params={"system": "credit-scorin"}, headers=key
        )
        assert bad.status_code == 400, (path, bad.text)
        detail = bad.json()["detail"]
        assert "unknown AI system 'credit-scorin'" in detail
        assert "did you mean 'credit-scoring'?" in detail and "\n" not in detail
    late = client.get(
        "/orgs/northwind-bank/coverage",
        params={"as_of": TODAY, "evidence_date": "2027-01-01"},
        headers=key,
    )
    assert late.status_code == 400
    assert "evidence date 2027-01-01 is after the law date 2026-12-06" in late.json()["detail"]


def test_evidence_register_is_paginated_and_keyed(client: TestClient, key: dict[str, str]) -> None:
    first = client.get(
        "/orgs/northwind-bank/evidence", params={"as_of": TODAY, "limit": 5}, headers=key
    )
    assert first.status_code == 200, first.text
    page = first.json()
    assert (page["offset"], page["limit"], len(page["items"])) == (0, 5, 5)
    assert page["total"] > 5 and 'rel="next"' in first.headers["link"]
    item = page["items"][0]
    assert set(item) == {
        "id", "title", "kind", "owner", "ai_system", "issued", "valid_until", "days_left",
        "status", "supports",
    }  # fmt: skip
    assert (item["id"], item["days_left"], item["status"]) == ("EV-015", -189, "expired")
    soon = client.get(
        "/orgs/northwind-bank/evidence",
        params={"as_of": TODAY, "expiring_within": 30, "system": "credit-scoring"},
        headers=key,
    ).json()
    assert [i["id"] for i in soon["items"]] == ["EV-009"]
    assert client.get("/orgs/northwind-bank/evidence").status_code == 401
    other = client.post(
        "/orgs", json={"id": "other-org", "name": "Other"}, headers={"X-API-Key": ADMIN}
    ).json()["api_key"]
    refused = client.get("/orgs/northwind-bank/evidence", headers={"X-API-Key": other})
    assert refused.status_code == 403
    bad_date = client.get(
        "/orgs/northwind-bank/evidence", params={"as_of": "6/12/2026"}, headers=key
    )
    assert bad_date.status_code == 400 and "as_of" in bad_date.json()["detail"]
