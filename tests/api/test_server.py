"""The API as a real server on 127.0.0.1 (started by the test), queried by real clients."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "AIMSGRAPH_STORE": str(tmp_path_factory.mktemp("srv") / "store"),
        "AIMSGRAPH_ADMIN_KEY": "server-test-admin",
    }
    process = subprocess.Popen(
        [AIMSGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError("the server did not start within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


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
