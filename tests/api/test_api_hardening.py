"""The API's side of issue #18 (items 5, 8, 9): hostile uploads are clean 4xx problems that
name the client's files (never a server path), streamed bodies over the limit are 413,
repeated parts are refused, and an organisation's summary reads only its own graph."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from aimsgraph.engine.errors import MAX_PROBLEMS
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import BindingValue, EmbeddedStore, Row
from conftest import REPO
from fastapi.testclient import TestClient

EXAMPLE = REPO / "examples" / "northwind-bank"
ADMIN = "admin-secret-for-hardening"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        store=tmp_path_factory.mktemp("api-hardening") / "store",
        admin_key=ADMIN,
        max_body_bytes=200_000,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def register(client: TestClient, org: str) -> dict[str, str]:
    created = client.post("/orgs", json={"id": org, "name": org}, headers={"X-API-Key": ADMIN})
    assert created.status_code == 201, created.text
    return {"X-API-Key": created.json()["api_key"]}


def files(**replaced: bytes) -> list[tuple[str, tuple[str, bytes, str]]]:
    names = ["organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv"]
    return [
        (
            "files",
            (
                n,
                replaced.get(n.replace(".", "_").replace("-", "_"), (EXAMPLE / n).read_bytes()),
                "text/plain",
            ),
        )
        for n in names
    ]


@pytest.fixture(scope="module")
def acme(client: TestClient) -> dict[str, str]:
    return register(client, "acme")


def test_a_streamed_json_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
        yield b'{"id": "big", "name": "'
        for _ in range(30):
            yield b"x" * 10_000
        yield b'"}'

    response = client.post(
        "/orgs",
        content=chunks(),
        headers={"X-API-Key": ADMIN, "Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_an_id_with_a_trailing_newline_is_refused(client: TestClient) -> None:
    response = client.post(
        "/orgs", json={"id": "acme\n", "name": "x"}, headers={"X-API-Key": ADMIN}
    )
    assert response.status_code == 422


def test_errors_name_the_clients_files_never_a_server_path(
    client: TestClient, acme: dict[str, str]
) -> None:
    folder = client.put("/orgs/acme/data", files=files(soa_csv=b"control\nA.99\n"), headers=acme)
    turtle = client.put(
        "/orgs/acme/data",
        content=b"<urn:a> <urn:b> .",
        headers={**acme, "Content-Type": "text/turtle"},
    )
    workbook = client.put(
        "/orgs/acme/data",
        files=[("files", ("client-book.xlsx", b"not a zip", "application/octet-stream"))],
        headers=acme,
    )
    for response in (folder, turtle, workbook):
        assert response.status_code == 422, response.text
        assert "/tmp" not in response.text and "tmp" not in response.text
    assert {e["file"] for e in folder.json()["errors"]} == {"soa.csv"}
    assert turtle.json()["errors"][0]["file"] == "request body"
    assert workbook.json()["errors"][0]["file"] == "client-book.xlsx"


def test_a_part_sent_twice_is_refused(client: TestClient, acme: dict[str, str]) -> None:
    twice = [
        *files(),
        ("files", ("soa.csv", b"control,included,status,justification,owner\n", "text/csv")),
    ]
    response = client.put("/orgs/acme/data", files=twice, headers=acme)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "file": "soa.csv",
            "row": None,
            "column": None,
            "message": "sent more than once; send each file once",
        }
    ]


def test_yaml_alias_bomb_is_a_422(client: TestClient, acme: dict[str, str]) -> None:
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    response = client.put("/orgs/acme/data", files=files(organisation_yaml=bomb), headers=acme)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "file": "organisation.yaml",
        "row": 1,
        "column": "4",
        "message": "anchors and aliases (& and *) are not allowed",
    }


def test_the_error_list_is_capped(client: TestClient, acme: dict[str, str]) -> None:
    header = (EXAMPLE / "ai-systems.csv").read_text(encoding="utf-8").splitlines()[0]
    cells = "," * header.count(",")  # every column present, all empty but the id
    rows = "".join(f"bad id {n}{cells}\n" for n in range(500))
    response = client.put(
        "/orgs/acme/data", files=files(ai_systems_csv=f"{header}\n{rows}".encode()), headers=acme
    )
    body = response.json()
    assert response.status_code == 422
    assert len(body["errors"]) == MAX_PROBLEMS and body["omitted"] > 2000 - MAX_PROBLEMS
    assert (
        body["detail"]
        == f"{MAX_PROBLEMS + body['omitted']} problems in the input; nothing was written"
    )


class SpyStore(EmbeddedStore):
    """The service's store, recording the graphs each read touches."""

    def __init__(self, inner: EmbeddedStore) -> None:
        self.__dict__.update(inner.__dict__)
        self.touched: list[str | None] = []

    def count(self, graph: str | None = None) -> int:
        self.touched.append(graph)
        return super().count(graph)

    def select(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> list[Row]:
        self.touched.extend(graphs if graphs is not None else [None])
        return super().select(query, bindings, graphs)


def test_an_organisations_summary_reads_only_its_own_graph(
    client: TestClient, acme: dict[str, str]
) -> None:
    assert client.put("/orgs/acme/data", files=files(), headers=acme).status_code == 200
    other = register(client, "other")
    assert client.put("/orgs/other/data", files=files(), headers=other).status_code == 200
    original = client.app.state.store  # type: ignore[attr-defined]
    spy = SpyStore(original)
    client.app.state.store = spy  # type: ignore[attr-defined]
    try:
        summary = client.get("/orgs/acme", headers=acme)
    finally:
        client.app.state.store = original  # type: ignore[attr-defined]
    assert summary.status_code == 200 and summary.json()["has_data"] is True
    data_graphs = {g for g in spy.touched if g is None or "/graph/org/" in g}
    assert data_graphs == {loader.org_graph("acme")}
