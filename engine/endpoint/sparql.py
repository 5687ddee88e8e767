"""The read-only SPARQL 1.1 Protocol endpoint's engine side: check, scope, run bounded.

Queries only: updates, ``LOAD``, federated ``SERVICE`` calls and anything that is not
standard SPARQL 1.1 are refused from the parsed query by the store's own guard
(:mod:`..store.guard`, called by every ``dataset_query``) before the query runs, and nothing
is executed to validate. For the embedded store that parse happens in the worker process,
so a query that is slow to parse is bounded by the time limit like any other. The dataset
is scoped: public catalogs, the ontology and mapping sets for everyone; an organisation's
graph only for its own key.
Results are capped at a row limit and queries get a time limit:

- embedded store: each query runs in a worker process on a read-only checkpoint
  (:mod:`.workers`, :mod:`.snapshots`); past the limit the worker is killed;
- remote store: the HTTP request carries the time limit; the server's own limits do the
  rest (the server stops or not, as it is configured);
- an in-memory store (tests only): in the caller's thread, without a time limit.
"""

from __future__ import annotations

import logging

from ..errors import QueryRefusedError, StoreError
from ..org.loader import org_graph
from ..store import EmbeddedStore, Store
from ..store.datasets import CATALOGS, ONTOLOGY, mapping_sets
from ..store.guard import check_query
from .answers import (
    STORE_FAILED,
    Answer,
    EndpointBusyError,
    QueryTimeoutError,
    QueryTooLargeError,
    evaluate,
)
from .snapshots import Snapshots
from .workers import WorkerPool

log = logging.getLogger("aimsgraph.endpoint")
__all__ = [
    "Answer",
    "Endpoint",
    "EndpointBusyError",
    "QueryRefusedError",
    "QueryTimeoutError",
    "QueryTooLargeError",
    "check",
    "public_graphs",
]


def public_graphs() -> list[str]:
    """Graphs everyone may query."""
    return [ONTOLOGY.graph, *(c.graph for c in CATALOGS), *(m.graph for m in mapping_sets())]


def check(query: str) -> None:
    """Refuse updates, federation and non-standard syntax (from the parsed query)."""
    check_query(query)


class Endpoint:
    """Runs callers' queries on ``store`` with a row cap and a time limit."""

    def __init__(self, store: Store, max_rows: int, timeout: float, workers: int = 4) -> None:
        self.store, self.max_rows, self.timeout = store, max_rows, timeout
        self._snapshots: Snapshots | None = None
        self._pool: WorkerPool | None = None
        if isinstance(store, EmbeddedStore) and store.location != ":memory:":
            self._snapshots = Snapshots(store)
            self._pool = WorkerPool(workers)

    def run(self, query: str, accept: str, org_id: str | None) -> Answer:
        """Run ``query`` over the graphs the caller may see and serialise it for ``accept``."""
        # No check here: every store's dataset_query runs the guard, for the embedded store
        # inside the worker, where a slow parse is bounded by the time limit and killable.
        graphs = public_graphs() + ([org_graph(org_id)] if org_id else [])
        if self._pool is None or self._snapshots is None:
            return evaluate(self.store, query, graphs, accept, self.max_rows, self.timeout)
        try:
            with self._snapshots.use() as snapshot:
                job = (str(snapshot), query, graphs, accept, self.max_rows)
                return self._pool.run(job, self.timeout)
        except (StoreError, OSError) as error:  # checkpoint failures name server paths
            if not isinstance(error, StoreError) or str(error) != STORE_FAILED:
                log.warning("SPARQL endpoint: %s", error)
                raise StoreError(STORE_FAILED) from None
            raise

    def worker_pids(self) -> list[int]:
        """Process ids of the query workers (empty without a pool)."""
        return self._pool.pids() if self._pool else []

    def close(self) -> None:
        """Stop the workers and remove the checkpoints."""
        if self._pool is not None:
            self._pool.close()
        if self._snapshots is not None:
            self._snapshots.close()
