"""Bring a store up to date with everything the package ships, in dependency order:
ontology and catalogs first, then the mapping sets (validated against those catalogs)."""

from __future__ import annotations

from .crosswalks import mappings
from .store import Store, datasets


def install_all(store: Store) -> list[datasets.InstallResult]:
    """Idempotent: unchanged graphs are left alone, changed ones replaced atomically."""
    results = datasets.install(store)
    results += mappings.install(store)
    return results
