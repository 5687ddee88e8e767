"""The remote store's HTTP behaviour, against a scripted transport (no server needed):
retries on connection errors only, the dataset in protocol parameters, credentials kept
out of messages, and Virtuoso's truncated results refused."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest
from aimsgraph.engine.errors import StoreError
from aimsgraph.engine.store.remote import RemoteStore
from aimsgraph.engine.store.remote_config import RemoteConfig

QUERY = "http://127.0.0.1:9/sparql"
EMPTY = {"head": {"vars": ["x"]}, "results": {"bindings": []}}


def store_with(handler: httpx.MockTransport, **config: str) -> RemoteStore:
    return RemoteStore(RemoteConfig(QUERY, **config), backoff_s=0, transport=handler)


def test_connection_errors_are_retried_then_succeed() -> None:
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) < 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=EMPTY)

    assert store_with(httpx.MockTransport(handle)).select("SELECT ?x WHERE {}", graphs=[]) == []
    assert len(calls) == 3


def test_client_errors_are_not_retried_and_hide_the_query() -> None:
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(400, text="Parse error at line 1\nSELECT ?secret WHERE {")

    with pytest.raises(StoreError) as caught:
        store_with(httpx.MockTransport(handle)).select("SELECT ?secret WHERE {", graphs=[])
    assert len(calls) == 1
    assert str(caught.value) == (
        f"the SPARQL endpoint {QUERY} answered HTTP 400: Parse error at line 1"
    )


def test_the_dataset_goes_in_protocol_parameters() -> None:
    seen: dict[str, list[str]] = {}

    def handle(request: httpx.Request) -> httpx.Response:
        seen.update(parse_qs(request.content.decode()))
        return httpx.Response(200, json=EMPTY)

    store_with(httpx.MockTransport(handle)).select(
        "SELECT ?x WHERE { ?x ?p ?o }", graphs=["urn:a", "urn:b"]
    )
    assert seen["default-graph-uri"] == ["urn:a", "urn:b"]
    assert "named-graph-uri" not in seen


def test_truncated_results_are_an_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=EMPTY, headers={"X-SPARQL-MaxRows": "10000"})

    with pytest.raises(StoreError, match="cut the result at 10000 rows"):
        store_with(httpx.MockTransport(handle)).select("SELECT ?x WHERE {}", graphs=[])


def test_refused_credentials_are_named_without_the_secret() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, headers={"WWW-Authenticate": 'Basic realm="x"'})

    store = RemoteStore(
        RemoteConfig(QUERY, user="me", password="s3cret-pw"),
        backoff_s=0,
        transport=httpx.MockTransport(handle),
    )
    with pytest.raises(StoreError) as caught:
        store.select("SELECT ?x WHERE {}", graphs=[])
    assert "refused the credentials" in str(caught.value)
    assert "s3cret-pw" not in str(caught.value)


def test_writes_need_an_update_endpoint() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=EMPTY)

    with pytest.raises(StoreError, match="read-only"):
        store_with(httpx.MockTransport(handle)).drop_graph("urn:g")


def test_configuration_from_flags_and_environment() -> None:
    env = {"AIMSGRAPH_SPARQL_QUERY": "http://h/q", "AIMSGRAPH_SPARQL_TOKEN": "t0k"}
    config = RemoteConfig.resolve(update="http://h/u", env=env)
    assert config is not None
    assert (config.query, config.update, config.token) == ("http://h/q", "http://h/u", "t0k")
    assert "t0k" not in repr(config)
    assert RemoteConfig.resolve(env={}) is None
    with pytest.raises(StoreError, match="needs a query endpoint"):
        RemoteConfig.resolve(update="http://h/u", env={})
    with pytest.raises(StoreError, match="http"):
        RemoteConfig.resolve("ftp://h/q", env={})
