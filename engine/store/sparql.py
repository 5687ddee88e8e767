"""Load the engine's SPARQL files and run them with safely bound parameters.

Every query lives in ``engine/queries/<name>.rq`` with a header comment saying what it
returns and which parameters it takes. Parameters are bound by the store's substitution
mechanism (never by formatting user input into query text): Oxigraph's substitutions on the
embedded store, checked term substitution (``bindings.py``) on a remote one. Parameters are
listed in each query's SELECT, so they come back in the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .protocol import Store
from .query_files import load
from .terms import BindingValue, Row

__all__ = ["ask", "bindings_of", "load", "select"]


def select(
    store: Store,
    name: str,
    graphs: Sequence[str] | None = None,
    **bindings: BindingValue,
) -> list[Row]:
    """Run the SELECT query ``name`` with ``bindings`` over ``graphs``."""
    return store.select(load(name), bindings, graphs)


def ask(
    store: Store,
    name: str,
    graphs: Sequence[str] | None = None,
    **bindings: BindingValue,
) -> bool:
    """Run the ASK query ``name``."""
    return store.ask(load(name), bindings, graphs)


def bindings_of(values: Mapping[str, BindingValue]) -> dict[str, BindingValue]:
    """Drop ``None``-like optional parameters so they stay unbound in the query."""
    return {k: v for k, v in values.items() if v is not None and v != ""}
