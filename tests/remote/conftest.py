"""Session fixtures: the Oxigraph server and Virtuoso, each started once on 127.0.0.1, and
one store per backend with the catalogs and mapping sets installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aimsgraph.engine import bootstrap, loader
from aimsgraph.engine.remote_store import RemoteStore
from aimsgraph.engine.store import EmbeddedStore, Store
from servers import Server, oxigraph, virtuoso

BACKENDS = ["embedded", "oxigraph", "virtuoso"]
REMOTE = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


_stores: dict[str, Store] = {}


@pytest.fixture
def backend_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The catalogs and mapping sets on the backend named by the test's ``backend``
    parameter, installed once per session; organisation graphs are dropped around each test."""
    name: str = request.param
    if name not in _stores:
        store: Store
        if name == "embedded":
            store = EmbeddedStore(tmp_path_factory.mktemp("embedded") / "store")
        else:
            server: Server = request.getfixturevalue(f"{name}_server")  # started on first use
            store = RemoteStore(server.config)
        bootstrap.install_all(store)
        _stores[name] = store
    store = _stores[name]
    _drop_orgs(store)
    yield store
    _drop_orgs(store)


def _drop_orgs(store: Store) -> None:
    for org in loader.organisations(store):
        loader.delete_org(store, org["id"])


REPO = Path(__file__).resolve().parents[2]
