"""Endpoint exhaustion on the live server (issue #18, item 2).

The old endpoint abandoned a timed-out query in a worker thread that kept running: five
expensive queries left every thread busy and the endpoint answered 503 until restart. Now
queries run in worker processes that are killed at the time limit, and each client may have
only a few queries in flight (429 beyond). Every loop here is bounded in count and time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from liveserver import LiveServer, live_server
from procinfo import alive, children, cpu_seconds

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:p>|!<urn:p>)* ?o }"
CHEAP = "ASK { ?s ?p ?o }"
TIMEOUT_S = 3
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, seeded: Callable[[Path], Path]
) -> Iterator[LiveServer]:
    store = seeded(tmp_path_factory.mktemp("exhaustion") / "store")
    env = {
        "AIMSGRAPH_SPARQL_TIMEOUT": str(TIMEOUT_S),
        "AIMSGRAPH_SPARQL_WORKERS": "4",
        "AIMSGRAPH_SPARQL_PER_CLIENT": "2",
    }
    with live_server(store, env) as running:
        yield running


@pytest.fixture(scope="module")
def org_key(server: LiveServer) -> str:
    created = httpx.post(
        f"{server.base}/orgs",
        json={"id": "quiet-client", "name": "Quiet Client"},
        headers={"X-API-Key": server.admin_key},
        timeout=60,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["api_key"])


def query(server: LiveServer, text: str, key: str | None = None) -> httpx.Response:
    headers = {**JSON, **({"X-API-Key": key} if key else {})}
    return httpx.get(f"{server.base}/sparql", params={"query": text}, headers=headers, timeout=90)


def wait_until_quiet(pid: int, rounds: int = 30) -> bool:
    """True once the server and its children use under 0.3 s of CPU in a 1 s window."""
    for _ in range(rounds):
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.3:
            return True
    return False


def test_five_expensive_queries_stop_and_the_endpoint_recovers(server: LiveServer) -> None:
    pid = server.process.pid
    assert wait_until_quiet(pid)  # workers started and idle
    workers_before = children(pid)
    with ThreadPoolExecutor(5) as pool:
        statuses = [r.status_code for r in pool.map(lambda _: query(server, EXPENSIVE), range(5))]
    assert set(statuses) <= {429, 503} and statuses.count(503) >= 2, statuses
    cheap = query(server, CHEAP)
    assert cheap.status_code == 200 and cheap.json()["boolean"] is True
    assert wait_until_quiet(pid), "a timed-out query is still using CPU"
    killed = workers_before - children(pid)
    assert len(killed) >= 2 and not any(alive(p) for p in killed)


def test_cheap_queries_are_answered_while_expensive_ones_run(
    server: LiveServer, org_key: str
) -> None:
    finished: list[str] = []
    # the previous test's killed workers are replaced and idle before this one starts
    assert wait_until_quiet(server.process.pid)
    with ThreadPoolExecutor(2) as pool:
        running: list[Future[httpx.Response]] = [
            pool.submit(query, server, EXPENSIVE) for _ in range(2)
        ]
        for future in running:
            future.add_done_callback(lambda _: finished.append("expensive"))
        # Let both be admitted before probing: a probe that arrived first would take a slot
        # and the second expensive query would be the one refused. The probes are cheap
        # queries of the same client, answered at once while a slot is still free.
        time.sleep(1)
        refused = None
        for _ in range(15):  # until both expensive ones hold this client's slots
            refused = query(server, CHEAP)
            if refused.status_code == 429:
                break
            time.sleep(0.1)
        assert refused is not None and refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        cheap = query(server, CHEAP, org_key)  # another client: its own slots, a free worker
        finished.append("cheap")
        assert cheap.status_code == 200 and cheap.json()["boolean"] is True
        assert [f.result().status_code for f in running] == [503, 503]
    assert finished[0] == "cheap"
    assert "stopped" in running[0].result().json()["detail"]
