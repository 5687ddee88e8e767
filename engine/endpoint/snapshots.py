"""Read-only checkpoints of the embedded store for the query worker processes.

A worker must not open the live RocksDB directory (Oxigraph: a read-only open while another
process writes is undefined behaviour). So the server makes a checkpoint whenever the data
changed since the last one (RocksDB checkpoint: hard links, cheap), workers open that, and a
checkpoint is deleted once it is no longer the newest and no query uses it (and one that
vanished, say under a temp cleaner, is simply made again). Checkpoints live
next to the store (``<store>.sparql-snapshots/``, same file system, so hard links work); the
folder is emptied at start-up and removed at shutdown.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..store import EmbeddedStore

log = logging.getLogger("aimsgraph.endpoint")


def snapshot_root(store_location: str) -> Path:
    """Where the checkpoints of the store at ``store_location`` go."""
    path = Path(store_location)
    return path.parent / f"{path.name}.sparql-snapshots"


class Snapshots:
    """The current checkpoint and who uses which; thread-safe."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.root = snapshot_root(store.location)
        shutil.rmtree(self.root, ignore_errors=True)  # left over by a killed server
        self.root.mkdir(parents=True)
        self._lock = threading.Lock()
        self._current: Path | None = None
        self._stamp: frozenset[tuple[str, str]] | None = None
        self._users: dict[Path, int] = {}
        self._serial = 0

    @contextmanager
    def use(self) -> Iterator[Path]:
        """A checkpoint holding the data as of now, kept until the block ends."""
        with self._lock:
            stamp = frozenset(self._store.graph_versions().items())
            path = self._current
            if path is None or stamp != self._stamp or not path.is_dir():
                self._serial += 1
                fresh = self.root / str(self._serial)
                self.root.mkdir(parents=True, exist_ok=True)
                self._store.checkpoint(fresh)
                previous, path = path, fresh
                self._current, self._stamp = fresh, stamp
                if previous is not None and not self._users.get(previous):
                    self._remove(previous)
            self._users[path] = self._users.get(path, 0) + 1
        try:
            yield path
        finally:
            with self._lock:
                self._users[path] -= 1
                if path != self._current and not self._users[path]:
                    self._remove(path)

    def _remove(self, path: Path) -> None:
        self._users.pop(path, None)
        shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        """Remove every checkpoint (at shutdown, once the workers are stopped)."""
        with self._lock:
            shutil.rmtree(self.root, ignore_errors=True)
            self._current, self._stamp = None, None
            self._users.clear()
