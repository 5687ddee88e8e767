"""The security suite: real servers on 127.0.0.1, each on a copy of one bootstrapped store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from aimsgraph.engine.store import EmbeddedStore


@pytest.fixture(scope="session")
def seeded(_analysis_store: EmbeddedStore) -> Callable[[Path], Path]:
    """``seeded(path)`` puts a copy of the session's bootstrapped store at ``path`` (a
    checkpoint: cheap), so each server starts without installing the catalogs again."""

    def copy(target: Path) -> Path:
        _analysis_store.checkpoint(target)
        return target

    return copy
