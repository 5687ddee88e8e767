"""SSRF through SERVICE on the live server (issue #18, item 1).

Each payload goes to a real server on 127.0.0.1, aimed at a listener on 127.0.0.1 that
answers like a SPARQL endpoint: every one must be a 400 problem+json, and the listener must
receive nothing (the old check let the first payload through and *executed* it to validate
it: the server POSTed to the listener and returned its rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from listener import Listener, listener
from liveserver import live_server
from ssrf_payloads import PAYLOADS, payloads

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def target() -> Iterator[Listener]:
    with listener() as running:
        yield running


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, seeded: Callable[[Path], Path]
) -> Iterator[str]:
    store = seeded(tmp_path_factory.mktemp("ssrf") / "store")
    with live_server(store, {"AIMSGRAPH_SPARQL_TIMEOUT": "20"}) as running:
        yield running.base


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_service_payloads_are_refused_and_nothing_is_called(
    server: str, target: Listener, number: int
) -> None:
    query, seen = payloads(target.url)[number], len(target.requests)
    response = httpx.get(f"{server}/sparql", params={"query": query}, timeout=60)
    assert target.requests[seen:] == []
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "SERVICE" in response.json()["detail"]


@pytest.mark.parametrize("number", [0, 8, 11])
def test_service_payloads_by_post_are_refused(server: str, target: Listener, number: int) -> None:
    query, seen = payloads(target.url)[number], len(target.requests)
    direct = httpx.post(
        f"{server}/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    form = httpx.post(f"{server}/sparql", data={"query": query}, timeout=60)
    assert target.requests[seen:] == []
    assert (direct.status_code, form.status_code) == (400, 400)
    assert direct.headers["content-type"] == form.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    "update", ["LOAD <URL>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL"]
)
def test_updates_are_refused_as_read_only(server: str, target: Listener, update: str) -> None:
    seen = len(target.requests)
    response = httpx.get(
        f"{server}/sparql", params={"query": update.replace("URL", target.url)}, timeout=60
    )
    assert response.status_code == 400
    assert "read-only" in response.json()["detail"]
    assert target.requests[seen:] == []


def test_no_payload_reached_the_listener(target: Listener) -> None:
    assert target.requests == []


def test_a_plain_query_still_answers(server: str) -> None:
    response = httpx.get(
        f"{server}/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True
