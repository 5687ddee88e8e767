"""Shared fixtures: one store with the packaged catalogs per test session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aimsgraph.engine.store import EmbeddedStore, datasets

REPO = Path(__file__).resolve().parent.parent
pytest_plugins = ["uifixtures"]  # the web interface's fixtures (tests/uifixtures.py)


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


@pytest.fixture(scope="session")
def _analysis_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    from aimsgraph.engine import bootstrap

    db = EmbeddedStore(tmp_path_factory.mktemp("analysis"))
    bootstrap.install_all(db)
    return db


@pytest.fixture
def org_store(_analysis_store: EmbeddedStore) -> Iterator[EmbeddedStore]:
    """Catalogs and mapping sets installed once per session; no organisation at the start
    of each test (organisation graphs are dropped before and after)."""
    from aimsgraph.engine.org import loader

    def clean() -> None:
        for org in loader.organisations(_analysis_store):
            loader.delete_org(_analysis_store, org["id"])

    clean()
    yield _analysis_store
    clean()


@pytest.fixture(scope="session")
def seeded(_analysis_store: EmbeddedStore) -> Callable[[Path], Path]:
    """``seeded(path)`` puts a copy of the session's bootstrapped store at ``path`` (a
    checkpoint: cheap), so each live server of the security suite starts without installing
    the catalogs again."""

    def copy(target: Path) -> Path:
        _analysis_store.checkpoint(target)
        return target

    return copy
