"""Session fixtures: the Oxigraph server and Virtuoso, each started once per test session
on 127.0.0.1 (only when a test asks for it) and stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import Server, oxigraph, virtuoso

REMOTE = ["oxigraph", "virtuoso"]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
