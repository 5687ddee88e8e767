"""Choose the store backend: a remote SPARQL 1.1 server when one is configured, else the
embedded Oxigraph directory."""

from __future__ import annotations

from pathlib import Path

from .embedded import EmbeddedStore
from .protocol import Store
from .remote import RemoteStore
from .remote_config import RemoteConfig


def open_store(
    location: Path | None = None, remote: RemoteConfig | None = None, *, read_only: bool = False
) -> Store:
    """The configured store (``read_only`` applies to the embedded one; a remote store is
    read-only when it has no update endpoint)."""
    if remote is not None:
        return RemoteStore(remote)
    return EmbeddedStore(location, read_only=read_only)
