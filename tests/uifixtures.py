"""Fixtures of the web interface tests: one app with two organisations (the example bank and
a small second organisation), and a browser signed in as the bank.

A plugin of the root conftest (``pytest_plugins``), not a ``tests/ui/conftest.py``: a second
conftest module would take the name ``conftest`` from the root one, and every test module
collected after it that imports from ``conftest`` would get the wrong one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from orgfactory import control, evidence, system, write_org
from uiclient import ADMIN, BANK, EXAMPLE, OTHER, browser, sign_in


def _upload(client: TestClient, org: str, folder: Path, key: str) -> None:
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(folder.iterdir())]
    put = client.put(f"/orgs/{org}/data", files=files, headers={"X-API-Key": key})
    assert put.status_code == 200, put.text


@pytest.fixture(scope="module")
def ui_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """A running app (lifespan entered) with its own store."""
    app = create_app(Settings(store=tmp_path_factory.mktemp("ui") / "store", admin_key=ADMIN))
    with TestClient(app):
        yield app


@pytest.fixture(scope="module")
def keys(ui_app: FastAPI, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Both organisations registered, with data: organisation id -> API key."""
    admin = TestClient(ui_app)
    made: dict[str, str] = {}
    for org, name in ((BANK, "Northwind Bank"), (OTHER, "Harbour Clinic")):
        created = admin.post("/orgs", json={"id": org, "name": name}, headers={"X-API-Key": ADMIN})
        assert created.status_code == 201, created.text
        made[org] = created.json()["api_key"]
    _upload(admin, BANK, EXAMPLE, made[BANK])
    clinic = write_org(
        tmp_path_factory.mktemp("clinic") / OTHER,
        OTHER,
        entity_types=["important-entity"],
        gdpr_roles=["controller"],
        systems=[system("triage-assistant", "deployer", "high", personal_data="yes")],
        soa=[control("A.2.2"), control("A.5.2", "partial")],
        evidence=[evidence("CL-001", "A.2.2", until="2027-06-30")],
    )
    _upload(admin, OTHER, clinic, made[OTHER])
    return made


@pytest.fixture
def bank(ui_app: FastAPI, keys: dict[str, str]) -> TestClient:
    """A browser signed in as the example bank."""
    client = browser(ui_app)
    assert sign_in(client, BANK, keys[BANK]).status_code == 303
    return client
