"""Clean errors, security headers and the failed-key limit on the live server (issue #18,
items 9 (SPARQL part) and 10).

The failed-key test locks 127.0.0.1 out of key checks for a minute on this server, so it is
the last test of the module.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from liveserver import LiveServer, live_server

PROBLEM = "application/problem+json"
MAX_FAILURES = 3


@dataclass(frozen=True)
class Running:
    server: LiveServer
    store: Path
    log: Path
    key: str

    @property
    def base(self) -> str:
        return self.server.base


@pytest.fixture(scope="module")
def running(
    tmp_path_factory: pytest.TempPathFactory, seeded: Callable[[Path], Path]
) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("hardening")
    store = seeded(folder / "store")
    env = {
        "AIMSGRAPH_SPARQL_MAX_ROWS": "50",
        "AIMSGRAPH_MAX_BODY": "100000",
        "AIMSGRAPH_AUTH_MAX_FAILURES": str(MAX_FAILURES),
        "AIMSGRAPH_AUTH_WINDOW": "60",
    }
    with live_server(store, env, log=folder / "server.log") as server:
        created = httpx.post(
            f"{server.base}/orgs",
            json={"id": "hardened", "name": "Hardened Ltd"},
            headers={"X-API-Key": server.admin_key},
            timeout=60,
        )
        assert created.status_code == 201, created.text
        yield Running(server, store, folder / "server.log", created.json()["api_key"])


def sparql(running: Running, query: str, **headers: str) -> httpx.Response:
    return httpx.get(f"{running.base}/sparql", params={"query": query}, headers=headers, timeout=60)


def test_a_non_utf8_body_is_a_clean_400(running: Running) -> None:
    response = httpx.post(
        f"{running.base}/sparql",
        content=b"SELECT * WHERE { ?s ?p ?o } # \xff\xfe",
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert "UTF-8" in response.json()["detail"]


def test_an_unknown_function_is_a_clean_400(running: Running) -> None:
    response = sparql(running, "SELECT (<urn:f>(1) AS ?x) {}")
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert "urn:f" in response.json()["detail"]


def test_results_over_the_cap_are_a_clean_400_without_a_traceback(running: Running) -> None:
    for _ in range(3):
        response = sparql(running, "SELECT * WHERE { ?s ?p ?o }")
        assert response.status_code == 400 and "LIMIT" in response.json()["detail"]
    assert httpx.get(f"{running.base}/health", timeout=60).status_code == 200
    time.sleep(0.5)  # let the server's stderr reach the file
    log = running.log.read_text(errors="replace")
    assert "unsendable" not in log and "Traceback" not in log


def test_error_messages_name_no_server_paths(running: Running) -> None:
    snapshots = running.store.parent / f"{running.store.name}.sparql-snapshots"
    bad = [
        sparql(running, "SELECT * WHERE { ?s ?p"),
        sparql(running, "SELECT (<urn:f>(1) AS ?x) {}"),
        sparql(running, "SELECT * WHERE { ?s ?p ?o }"),
        sparql(running, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
    ]
    shutil.rmtree(snapshots, ignore_errors=True)
    snapshots.write_text("not a folder")  # checkpoints cannot be made now
    try:
        bad.append(sparql(running, "ASK { ?s ?p ?o }", **{"X-API-Key": running.key}))
        bad.append(sparql(running, "ASK { <urn:a> ?p ?o }"))
    finally:
        snapshots.unlink()
    assert [r.status_code for r in bad[:4]] == [400] * 4
    assert {r.status_code for r in bad[4:]} <= {200, 503}  # 503: no checkpoint, said plainly
    for response in bad:
        assert str(running.store.parent) not in response.text, response.text
        assert "/tmp" not in response.text and "snapshots" not in response.text
    healed = sparql(running, "ASK { ?s ?p ?o }", Accept="application/sparql-results+json")
    assert healed.status_code == 200 and healed.json()["boolean"] is True


def test_security_headers_on_every_response(running: Running) -> None:
    key = {"X-API-Key": running.key}
    responses = {
        "health": httpx.get(f"{running.base}/health", timeout=60),
        "openapi": httpx.get(f"{running.base}/openapi.json", timeout=60),
        "missing": httpx.get(f"{running.base}/no-such-page", timeout=60),
        "too large": httpx.post(
            f"{running.base}/sparql",
            content=b"#" * 200_000,
            headers={"Content-Type": "application/sparql-query"},
            timeout=60,
        ),
        "refused": sparql(running, "CLEAR ALL"),
        "org": httpx.get(f"{running.base}/orgs/hardened", headers=key, timeout=60),
        "org unauthorised": httpx.get(f"{running.base}/orgs/hardened", timeout=60),
        "sparql with key": sparql(running, "ASK {}", **key),
        "sparql public": sparql(running, "ASK {}"),
        "docs": httpx.get(f"{running.base}/docs", timeout=60),
    }
    assert responses["too large"].status_code == 413
    for name, response in responses.items():
        assert response.headers["x-content-type-options"] == "nosniff", name
        assert response.headers["referrer-policy"] == "no-referrer", name
    for name in ("org", "org unauthorised", "sparql with key"):
        assert responses[name].headers["cache-control"] == "no-store", name
    for name in ("health", "sparql public", "openapi"):
        assert "no-store" not in responses[name].headers.get("cache-control", ""), name
    csp = responses["docs"].headers["content-security-policy"]
    assert "default-src 'none'" in csp and "https://" not in csp  # docs assets are local
    assert "content-security-policy" not in responses["health"].headers  # JSON, not HTML


def test_failed_api_keys_are_limited_per_address(running: Running) -> None:
    """Runs last: afterwards this address cannot use keys on this server for a minute."""
    org = f"{running.base}/orgs/hardened"
    wrong = [
        httpx.get(org, headers={"X-API-Key": f"wrong-{n}"}, timeout=60).status_code
        for n in range(MAX_FAILURES)
    ]
    assert wrong == [401] * MAX_FAILURES
    locked = httpx.get(org, headers={"X-API-Key": "wrong-again"}, timeout=60)
    assert locked.status_code == 429
    assert locked.headers["content-type"] == PROBLEM
    assert 1 <= int(locked.headers["retry-after"]) <= 60
    # the key is not even checked now: the right one is refused too, anywhere
    assert httpx.get(org, headers={"X-API-Key": running.key}, timeout=60).status_code == 429
    assert sparql(running, "ASK {}", **{"X-API-Key": running.key}).status_code == 429
    admin = httpx.post(
        f"{running.base}/orgs",
        json={"id": "another", "name": "Another"},
        headers={"X-API-Key": running.server.admin_key},
        timeout=60,
    )
    assert admin.status_code == 429
    # requests without a key are not affected
    assert sparql(running, "ASK {}").status_code == 200
    assert httpx.get(f"{running.base}/health", timeout=60).status_code == 200
