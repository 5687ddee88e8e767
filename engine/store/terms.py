"""The values that cross the Store protocol: result rows and query parameters."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"

Row = dict[str, str]
"""A result row: variable name to lexical value (IRI or literal); unbound variables absent."""


class Iri(str):
    """Marks a query parameter as an IRI rather than a string literal."""

    __slots__ = ()


BindingValue = Iri | str | int | float | bool | dt.date


def rdf_term(value: BindingValue) -> ox.NamedNode | ox.Literal:
    """A parameter as an RDF term: for Oxigraph's substitutions, and (serialised) for the
    remote store's substitution. Raises ``ValueError`` for an invalid IRI."""
    if isinstance(value, Iri):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)
