"""The federation guard (issue #18, item 1): decided from the parsed algebra, refused by the
stores themselves, and nothing is sent anywhere to find out."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from aimsgraph.engine.errors import QueryRefusedError
from aimsgraph.engine.store import EmbeddedStore
from aimsgraph.engine.store.guard import check_query
from aimsgraph.engine.store.remote import RemoteStore
from aimsgraph.engine.store.remote_config import RemoteConfig
from listener import Listener, listener
from ssrf_payloads import PAYLOADS, payloads


@pytest.fixture(scope="module")
def target() -> Iterator[Listener]:
    with listener() as running:
        yield running


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_service_is_refused_wherever_it_hides(target: Listener, number: int) -> None:
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        check_query(payloads(target.url)[number])
    assert target.requests == []


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <urn:x>", "DESCRIBE"),
        # the word in a string, an IRI or a comment is not a SERVICE call
        (
            "SELECT ?x WHERE { BIND('SERVICE <http://x/> {}' AS ?x) } # SERVICE <http://x/>",
            "SELECT",
        ),
        ("SELECT * WHERE { <urn:SERVICE> <http://x/SERVICE> ?o }", "SELECT"),
    ],
)
def test_plain_queries_pass_with_their_form(query: str, form: str) -> None:
    assert check_query(query) == form


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
    ],
)
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(QueryRefusedError, match="read-only"):
        check_query(update)


@pytest.mark.parametrize(
    "garbage",
    ["SELECT * WHERE { ?s ?p", "(" * 5000, "SELECT * WHERE { << ?s ?p ?o >> ?q ?r }", ""],
)
def test_what_rdflib_cannot_parse_is_refused_in_one_line(garbage: str) -> None:
    with pytest.raises(QueryRefusedError, match=r"not a valid SPARQL 1\.1 query") as caught:
        check_query(garbage)
    assert "\n" not in str(caught.value)


def test_a_query_too_deep_for_the_parser_says_how_to_split_it() -> None:
    patterns = " ".join(f"?s <urn:p{n}> ?o{n} ." for n in range(2000))
    with pytest.raises(QueryRefusedError, match="split long runs"):
        check_query(f"ASK {{ {patterns} }}")


def test_the_embedded_store_refuses_service_itself(target: Listener, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    for query in payloads(target.url):
        with pytest.raises(QueryRefusedError):
            store.dataset_query(query, ["urn:g"], ["urn:g"])
    assert target.requests == []


def test_the_remote_store_refuses_service_without_any_request(target: Listener) -> None:
    sent: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"head": {}, "boolean": True})

    store = RemoteStore(
        RemoteConfig(query="http://127.0.0.1:9/sparql"), transport=httpx.MockTransport(server)
    )
    for query in payloads(target.url):
        with pytest.raises(QueryRefusedError):
            store.dataset_query(query, ["urn:g"], ["urn:g"])
    assert sent == [] and target.requests == []
    assert store.dataset_query("ASK { ?s ?p ?o }", ["urn:g"], []) is True  # plain ones go
    assert len(sent) == 1


def test_concurrent_checks_give_the_same_answer(target: Listener) -> None:
    """rdflib's parser is not thread-safe: without the guard's lock some of these fail with
    random parse errors (seen as spurious 400s under load)."""
    plain = "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:p>|!<urn:p>)* ?o }"
    federated = payloads(target.url)[0]

    def decide(number: int) -> str:
        try:
            return check_query(plain if number % 2 else federated)
        except QueryRefusedError as error:
            return str(error)

    with ThreadPoolExecutor(8) as pool:
        answers = set(pool.map(decide, range(200)))
    assert answers == {"SELECT", "federated queries (SERVICE) are not allowed on this endpoint"}
