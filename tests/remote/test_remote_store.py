"""The remote backend's write contract and its errors, on both servers.

A failed or interrupted import leaves the server's triples exactly as they were; loads
through the Graph Store protocol and through UPDATE batches give the same graph; errors are
one clear line naming the endpoint, without the query text or the credentials.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from aimsgraph.engine import bootstrap
from aimsgraph.engine.endpoint import sparql as sparql_endpoint
from aimsgraph.engine.errors import InputError, StoreError
from aimsgraph.engine.namespaces import GRAPH
from aimsgraph.engine.org import apikeys, loader
from aimsgraph.engine.store.remote import RemoteStore
from aimsgraph.engine.store.remote_config import RemoteConfig
from conftest import REMOTE, REPO
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import Server, free_port

EXAMPLE = REPO / "examples" / "northwind-bank"
TURTLE_WITH_BLANK_NODES = """
@prefix ex: <https://example.org/> .
ex:a ex:list ( ex:x ex:y ex:z ) ; ex:note [ ex:text "a blank node" ; ex:lang "en"@en ] .
ex:b ex:when "2026-11-23"^^<http://www.w3.org/2001/XMLSchema#date> ; ex:flag true ; ex:n 42 .
"""


@pytest.fixture(params=REMOTE)
def server(request: pytest.FixtureRequest) -> Server:
    found: Server = request.getfixturevalue(f"{request.param}_server")
    return found


@pytest.fixture
def remote(server: Server) -> Iterator[RemoteStore]:
    store = RemoteStore(server.config, batch_triples=50)
    bootstrap.install_all(store)  # once per server; later calls find every graph unchanged
    yield store
    for graph in store.graph_versions():
        if graph.startswith(f"{GRAPH}test/"):
            store.drop_graph(graph)
    store.close()


def named_graphs(config: RemoteConfig) -> dict[str, int]:
    """Every named graph on the server with its size, read without the engine (the server's
    own view: no dataset parameters)."""
    auth = httpx.DigestAuth(config.user, config.password or "") if config.user else None
    response = httpx.post(
        config.query,
        data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"},
        auth=auth,
        timeout=60,
    )
    response.raise_for_status()
    rows = response.json()["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def ours(graphs: dict[str, int]) -> dict[str, int]:
    """The graphs the engine wrote (Virtuoso keeps its own system graphs next to them)."""
    return {g: n for g, n in graphs.items() if g.startswith(GRAPH)}


def test_blank_nodes_and_literals_round_trip_on_both_load_paths(
    remote: RemoteStore, server: Server
) -> None:
    """Graph Store protocol and UPDATE batches (50 triples each) load the same graph."""
    expected = Graph().parse(data=TURTLE_WITH_BLANK_NODES, format="turtle")
    batches = RemoteStore(dataclasses.replace(server.config, graph_store=None), batch_triples=3)
    for store, graph in ((remote, f"{GRAPH}test/gsp"), (batches, f"{GRAPH}test/batches")):
        assert store.replace_graph(graph, TURTLE_WITH_BLANK_NODES, "ttl", "v1") == len(expected)
        loaded = Graph().parse(data=store.export(graph, "nt"), format="nt")
        assert isomorphic(loaded, expected), graph
        assert store.graph_versions()[graph] == "v1"
    batches.drop_graph(f"{GRAPH}test/batches")


def test_interrupted_load_leaves_the_live_graph_and_no_staging_graph(
    remote: RemoteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = f"{GRAPH}test/interrupted"
    remote.replace_graph(graph, TURTLE_WITH_BLANK_NODES, "ttl", "v1")
    before = named_graphs(remote.config)
    big = "".join(f"<https://example.org/s{i}> <https://example.org/p> {i} .\n" for i in range(500))
    sent = []
    original = remote._send_batch

    def cut_after_two(staging: str, batch: bytes, *, first: bool) -> None:
        if len(sent) == 2:
            raise StoreError("connection lost (simulated)")
        sent.append(staging)
        original(staging, batch, first=first)

    monkeypatch.setattr(remote, "_send_batch", cut_after_two)
    with pytest.raises(StoreError, match="connection lost"):
        remote.replace_graph(graph, big, "ttl", "v2")
    assert len(sent) == 2  # two batches of 50 reached the server before the cut
    assert named_graphs(remote.config) == before  # staging graph removed, live graph intact
    assert remote.graph_versions()[graph] == "v1"


def test_unparsable_data_is_refused_before_the_server_sees_it(remote: RemoteStore) -> None:
    graph = f"{GRAPH}test/parse"
    remote.replace_graph(graph, TURTLE_WITH_BLANK_NODES, "ttl", "v1")
    before = named_graphs(remote.config)
    with pytest.raises(StoreError, match="cannot parse"):
        remote.replace_graph(graph, "<https://example.org/a> <broken", "ttl", "v2")
    assert named_graphs(remote.config) == before


def test_failed_import_leaves_the_server_unchanged(remote: RemoteStore, tmp_path: Path) -> None:
    loader.import_org(remote, EXAMPLE)
    before = ours(named_graphs(remote.config))
    versions = remote.graph_versions()
    broken = tmp_path / "northwind-bank"
    shutil.copytree(EXAMPLE, broken)
    soa = broken / "soa.csv"
    soa.write_text(soa.read_text(encoding="utf-8").replace("A.6.2.8", "A.99.9"), encoding="utf-8")
    with pytest.raises(InputError):
        loader.import_org(remote, broken)
    assert ours(named_graphs(remote.config)) == before
    assert remote.graph_versions() == versions
    loader.delete_org(remote, "northwind-bank")


def test_server_errors_name_the_endpoint_not_the_query(remote: RemoteStore) -> None:
    with pytest.raises(StoreError) as caught:
        remote.select("SELECT ?secretMarker WHERE { ?secretMarker ?p ")
    message = str(caught.value)
    assert remote.location in message and "HTTP 400" in message
    assert "secretMarker" not in message and "\n" not in message


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "aimsgraph"), *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env={**os.environ, **env}
    )


def test_unreachable_endpoint_is_one_clear_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    done = run_cli("org", "list", "--sparql-query", url, env={})
    assert done.returncode != 0
    assert done.stderr.strip().startswith("error: cannot reach the SPARQL endpoint " + url)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_wrong_credentials_are_one_clear_line(virtuoso_server: Server) -> None:
    config = virtuoso_server.config
    env = {"AIMSGRAPH_SPARQL_USER": config.user or "", "AIMSGRAPH_SPARQL_PASSWORD": "wrong-pw"}
    done = run_cli("org", "list", "--sparql-query", config.query, env=env)
    assert done.returncode != 0
    assert "refused the credentials" in done.stderr and "wrong-pw" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_credentials_in_a_url_are_refused() -> None:
    with pytest.raises(StoreError, match="not in the query endpoint URL"):
        RemoteConfig.resolve("http://user:pw@127.0.0.1:1/query", env={})


def test_sparql_endpoint_keeps_organisations_apart_on_a_server(
    remote: RemoteStore, server: Server
) -> None:
    """The read-only endpoint passes the dataset to the server: another organisation's
    graph stays invisible, also through GRAPH ?g."""
    loader.import_org(remote, EXAMPLE)
    loader.import_org(remote, EXAMPLE, "other-bank")
    apikeys.create(remote, "northwind-bank", "Northwind")
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    endpoint = sparql_endpoint.Endpoint(remote, max_rows=1000, timeout=60)
    answer = endpoint.run(query, "application/json", "northwind-bank")
    seen = answer.body.decode("utf-8")
    assert loader.org_graph("northwind-bank") in seen
    assert loader.org_graph("other-bank") not in seen and "api-key" not in seen
    ask = endpoint.run("ASK { ?s ?p ?o }", "application/json", None)
    assert b'"boolean": true' in ask.body
    with pytest.raises(sparql_endpoint.QueryRefusedError):
        endpoint.run("DEFINE input:inference 'x' SELECT * {}", "", None)
    with pytest.raises(sparql_endpoint.QueryRefusedError, match="SERVICE"):
        endpoint.run(f"SELECT * {{ SERVICE <{server.config.query}> {{ ?s ?p ?o }} }}", "", None)
    app = create_app(Settings(remote=server.config, admin_key="admin"))
    with TestClient(app) as client:
        health = client.get("/health").json()
        assert health["status"] == "ok" and "gdpr" in health["versions"]["catalogs"]
        assert remote.location not in str(health)  # nothing about where the store is
    for org in ("northwind-bank", "other-bank"):
        loader.delete_org(remote, org)
    apikeys.delete(remote, "northwind-bank")


def test_what_one_update_request_guarantees(remote: RemoteStore, server: Server) -> None:
    """Documents (README, "Running on a triple-store server") what each server does when an
    operation of a multi-operation request fails at run time: Oxigraph undoes the whole
    request; Virtuoso keeps the operations that ran before the failure."""
    graph = f"{GRAPH}test/transaction"
    remote.replace_graph(graph, TURTLE_WITH_BLANK_NODES, "ttl", "v1")
    size = remote.count(graph)
    unreachable = f"http://127.0.0.1:{free_port()}/nothing.ttl"
    with pytest.raises(StoreError):
        remote._update(f"DROP SILENT GRAPH <{graph}> ; LOAD <{unreachable}> INTO GRAPH <{graph}>")
    expected = {"oxigraph": size, "virtuoso": 0}[server.name]
    assert remote.count(graph) == expected
