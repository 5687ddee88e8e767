"""The API as a real server on 127.0.0.1 (started by the test), queried by real clients."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from liveserver import live_server
from SPARQLWrapper import JSON, SPARQLWrapper


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("srv") / "store") as running:
        yield running.base


def test_health_and_openapi_over_http(server: str) -> None:
    assert httpx.get(f"{server}/health").json()["status"] == "ok"
    assert httpx.get(f"{server}/openapi.json").json()["info"]["title"] == "aimsgraph"


def test_a_real_sparql_client_queries_the_endpoint(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(
        "PREFIX aims: <https://w3id.org/aimsgraph/ontology#> "
        "SELECT ?id WHERE { ?p aims:shortId ?id FILTER(STRSTARTS(?id, 'nis2:art-21-2-')) } "
        "ORDER BY ?id"
    )
    result = client.queryAndConvert()
    ids = [b["id"]["value"] for b in result["results"]["bindings"]]  # type: ignore[index]
    assert ids == [f"nis2:art-21-2-{x}" for x in "abcdefghij"]


def test_the_server_refuses_updates(server: str) -> None:
    response = httpx.post(f"{server}/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("page", "rendered"),
    [("/docs", 'data-path="/frameworks"'), ("/redoc", 'id="operation/')],
)
def test_the_docs_render_in_headless_chromium_without_network(
    server: str, tmp_path: Path, page: str, rendered: str
) -> None:
    """A proxy that refuses everything stands for "no internet" (loopback bypasses it):
    the pages render the operations only if every asset comes from the app and the
    Content-Security-Policy lets their scripts run."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is installed by scripts/setup-test-deps.sh"
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=http://127.0.0.1:9",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            f"{server}{page}",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode("utf-8", "replace")
    assert rendered in dom
