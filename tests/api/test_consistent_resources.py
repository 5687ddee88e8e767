"""Consistent resources (issue #20, item 3): /health says ok and versions only; every list
pages the same way with RFC 8288 Link headers; content negotiation answers 406 with the
supported types."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.negotiation import choose
from aimsgraph.api.settings import Settings
from aimsgraph.engine.store import datasets
from starlette.testclient import TestClient

from aimsgraph import __version__

PROBLEM = "application/problem+json"
LISTS = [
    "/frameworks",
    "/frameworks/gdpr/provisions",
    "/mappings",
    "/crosswalk/iso42001:A.6.2.8",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = tmp_path_factory.mktemp("resources") / "store"
    with TestClient(create_app(Settings(store=store))) as test_client:
        yield test_client


def _links(header: str) -> dict[str, str]:
    """rel -> target of an RFC 8288 Link header (our own output: no commas in targets)."""
    found = {}
    for part in header.split(","):
        target, _, param = part.strip().partition(";")
        rel = param.strip().removeprefix("rel=").strip('"')
        found[rel] = target.strip().removeprefix("<").removesuffix(">")
    return found


def test_health_says_ok_and_versions_and_nothing_about_the_host(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    response = client.get("/health")
    body = response.json()
    assert body["status"] == "ok"
    assert set(body) == {"status", "versions"}
    versions = body["versions"]
    assert versions["package"] == __version__
    assert set(versions["catalogs"]) == {c.name for c in datasets.CATALOGS}
    assert versions["catalogs"]["gdpr"].startswith("sha256:")
    assert "iso42001-to-gdpr" in versions["mapping_sets"]
    assert store.location not in response.text and "quads" not in response.text


@pytest.mark.parametrize("path", LISTS)
def test_every_list_pages_the_same_way(client: TestClient, path: str) -> None:
    first = client.get(path, params={"limit": 2})
    assert first.status_code == 200, first.text
    page = first.json()
    assert set(page) == {"items", "total", "offset", "limit"}
    assert page["offset"] == 0 and page["limit"] == 2 and len(page["items"]) == 2
    assert page["total"] > 2
    links = _links(first.headers["link"])
    assert set(links) == {"first", "next", "last"}  # no prev on the first page
    following = client.get(links["next"])
    assert following.json()["offset"] == 2
    assert following.json()["items"] != page["items"]
    assert "prev" in _links(following.headers["link"])
    last = client.get(links["last"]).json()
    assert last["offset"] + len(last["items"]) == page["total"]
    everything = client.get(path, params={"limit": 1000}).json()
    assert everything["items"][:2] == page["items"] and len(everything["items"]) == page["total"]


def test_link_targets_keep_the_filters_and_are_relative(client: TestClient) -> None:
    response = client.get(
        "/mappings", params={"framework": "nis2", "limit": 5}, headers={"Host": "evil.example"}
    )
    links = _links(response.headers["link"])
    assert links["next"].startswith("/mappings?") and "framework=nis2" in links["next"]
    assert "evil.example" not in response.headers["link"]


@pytest.mark.parametrize(
    "path", ["/health", "/frameworks", "/crosswalk/iso42001:A.6.2.8", "/provisions/gdpr:art-35"]
)
def test_an_unsupported_accept_is_406_listing_the_supported_types(
    client: TestClient, path: str
) -> None:
    response = client.get(path, headers={"Accept": "application/xml"})
    assert response.status_code == 406
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert "application/json" in body["supported"]
    assert all(media in body["detail"] for media in body["supported"])


def test_negotiation_follows_weights_and_wildcards(client: TestClient) -> None:
    turtle = client.get(
        "/provisions/gdpr:art-35",
        headers={"Accept": "application/json;q=0.5, text/turtle"},
    )
    assert turtle.headers["content-type"].startswith("text/turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/frameworks", headers={"Accept": browser}).status_code == 200
    refused = client.get("/frameworks", headers={"Accept": "application/json;q=0"})
    assert refused.status_code == 406
    export = client.get("/mappings/export", headers={"Accept": "application/json"})
    assert export.status_code == 406 and export.json()["supported"] == ["text/tab-separated-values"]


def test_choose() -> None:
    offered = ["application/json", "text/turtle"]
    assert choose(None, offered) == "application/json"
    assert choose("text/*", offered) == "text/turtle"
    assert choose("text/turtle;q=0.1, */*;q=0.2", offered) == "application/json"
    assert choose("text/turtle, application/json", offered) == "application/json"  # tie: default
    assert choose("application/xml", offered) is None
    assert choose("*/*;q=0", offered) is None
    assert choose("garbage", offered) == "application/json"  # no valid range: as if absent
