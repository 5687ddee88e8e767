"""The values that cross the Store protocol: result rows and query parameters."""

from __future__ import annotations

import datetime as dt

XSD = "http://www.w3.org/2001/XMLSchema#"

Row = dict[str, str]
"""A result row: variable name to lexical value (IRI or literal); unbound variables absent."""


class Iri(str):
    """Marks a query parameter as an IRI rather than a string literal."""

    __slots__ = ()


BindingValue = Iri | str | int | float | bool | dt.date
