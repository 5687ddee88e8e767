"""Shared fixtures: one store with the packaged catalogs per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aimsgraph.engine import datasets
from aimsgraph.engine.store import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """A persistent embedded store with the ontology and catalogs installed (read-only use)."""
    db = EmbeddedStore(tmp_path_factory.mktemp("store"))
    datasets.install(db)
    yield db


@pytest.fixture
def fresh_store(tmp_path: Path) -> EmbeddedStore:
    """An empty embedded store of one's own (for tests that write)."""
    return EmbeddedStore(tmp_path / "store")
