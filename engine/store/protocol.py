"""The Store protocol every backend implements, and what backends share: RDF formats, the
result shape of caller queries, and the UPDATE requests that swap or drop a graph.

Every graph is named: one per catalog, per mapping set, per organisation. Reads choose the
graphs that form their default graph, so an organisation's query never sees another's data.
Writes replace a whole graph atomically (see ``embedded.py`` and ``remote.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from ..namespaces import GRAPH, META_GRAPH
from . import query_files
from .bindings import substitute
from .terms import BindingValue, Iri, Row

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}


class Store(Protocol):
    """What the engine needs from a triple store."""

    location: str

    def select(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> list[Row]:
        """Run a SELECT; ``graphs`` form the default graph (``None``: union of all)."""
        ...

    def ask(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> bool:
        """Run an ASK query over the chosen graphs."""
        ...

    def replace_graph(self, graph: str, data: bytes | str, fmt: str, version: str) -> int:
        """Atomically replace ``graph`` with ``data``; record ``version``; return triples."""
        ...

    def drop_graph(self, graph: str) -> bool:
        """Drop a graph and its version record; ``False`` when it did not exist."""
        ...

    def graph_versions(self) -> dict[str, str]:
        """Graphs written through :meth:`replace_graph` and the version each holds."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Triples in one graph, or quads in the whole store."""
        ...

    def export(self, graph: str, fmt: str = "nt") -> bytes:
        """Serialise one graph (for in-memory validation and exports)."""
        ...

    def construct(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
        fmt: str = "nt",
    ) -> bytes:
        """Run a CONSTRUCT (or DESCRIBE) and serialise the triples."""
        ...

    def dataset_query(
        self,
        query: str,
        default_graph: Sequence[str],
        named_graphs: Sequence[str],
        timeout: float | None = None,
    ) -> QueryAnswer:
        """Run a caller's query as it is over an explicit dataset (the SPARQL endpoint).
        Refuses updates, federation (``SERVICE``) and non-standard syntax first
        (:func:`guard.check_query`), so no caller can make the store call another server."""
        ...

    def flush(self) -> None:
        """Make sure everything written is durable before the process ends."""
        ...

    def stale_staging(self) -> list[str]:
        """Staging graphs left by an interrupted import (none of this process's writes)."""
        ...

    def drop_stale_staging(self) -> list[str]:
        """Remove :meth:`stale_staging` graphs (every write does this first); return them."""
        ...


@dataclass
class Solutions:
    """SELECT results as RDF terms, read lazily so a row cap can stop early."""

    variables: list[str]
    rows: Iterator[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]


QueryAnswer = Solutions | bool | Iterator[ox.Triple]
"""What :meth:`Store.dataset_query` returns for SELECT, ASK and CONSTRUCT/DESCRIBE."""


STAGING = f"{GRAPH}staging/"
"""Prefix of the staging graphs a replacement is loaded into before the swap."""


def new_staging() -> str:
    """A fresh staging graph IRI (``<GRAPH>staging/<uuid>``)."""
    return f"{STAGING}{uuid.uuid4()}"


def modified_stamp() -> dt.datetime:
    """Now (UTC, whole seconds): the ``dct:modified`` recorded with each graph version."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def swap_update(graph: str, staging: str, version: str) -> str:
    """The one UPDATE request that puts a loaded staging graph in place of ``graph`` and
    records its version (``queries/swap-graph.ru``), for every backend."""
    return substitute(
        query_files.load_update("swap-graph"),
        {
            "graph": Iri(graph),
            "staging": Iri(staging),
            "meta": Iri(META_GRAPH),
            "version": version,
            "modified": modified_stamp(),
        },
    )


def record_staging_update(staging: str) -> str:
    """The UPDATE that records a staging graph before it is loaded
    (``queries/record-staging.ru``)."""
    return substitute(
        query_files.load_update("record-staging"),
        {"staging": Iri(staging), "meta": Iri(META_GRAPH), "created": modified_stamp()},
    )


def drop_update(graph: str) -> str:
    """The UPDATE that drops ``graph`` and its version record (``queries/drop-graph.ru``)."""
    return substitute(
        query_files.load_update("drop-graph"), {"graph": Iri(graph), "meta": Iri(META_GRAPH)}
    )
