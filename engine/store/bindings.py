"""Bind query parameters by substituting RDF terms for variables, so a parameterised query
runs the same on the embedded store and on any SPARQL 1.1 server.

The SPARQL 1.1 Protocol has no parameter binding, and formatting user input into query text
is how injections happen. Here each value is written as a checked RDF term (IRIs validated,
literals escaped) and put in place of every occurrence of its variable, after a lexical scan
that skips strings, IRIs and comments: the approach of Jena's ParameterizedSparqlString, and
the semantics of Oxigraph's ``substitutions`` (SEP-0007). A projected parameter becomes
``(term AS ?var)`` so it stays in the results. An inline ``VALUES`` block would not be
equivalent: SPARQL evaluates nested groups bottom-up, so a ``FILTER`` inside a ``UNION``
branch would not see the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .terms import BindingValue, rdf_term

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Lexical pieces that can hide a "WHERE" or a brace: strings, IRIs, comments.
_SKIP = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
    r"|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*",
    re.S,
)
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_SELECT = re.compile(r"\bSELECT\b", re.I)
_PROJECTION_END = re.compile(r"\bWHERE\b|\{", re.I)
_MODIFIER = re.compile(r"\b(?:GROUP|ORDER)\s+BY\b", re.I)
_MODIFIER_END = re.compile(r"[{}]|\b(?:LIMIT|OFFSET|HAVING|VALUES)\b", re.I)
_AS_BEFORE = re.compile(r"\bAS\s*\Z", re.I)


class BindingError(ValueError):
    """A parameter cannot be written as a SPARQL term, or cannot be substituted where it is."""


def term(value: BindingValue) -> str:
    """``value`` in SPARQL syntax: the N-Triples form of :func:`terms.rdf_term` (IRIs
    validated, literals escaped by pyoxigraph)."""
    try:
        return str(rdf_term(value))
    except ValueError as error:
        raise BindingError(f"not a valid IRI: {value!r} ({error})") from None


def _blank_out(query: str) -> str:
    """The query with strings, IRIs and comments blanked (same length, same offsets), so
    only real variables, keywords and brackets are left to find."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), query)


def _spans(code: str, start: re.Pattern[str], end: re.Pattern[str]) -> list[tuple[int, int]]:
    spans = []
    for match in start.finditer(code):
        stop = end.search(code, match.end())
        spans.append((match.end(), stop.start() if stop else len(code)))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= position < b), None)


def substitute(query: str, bindings: Mapping[str, BindingValue] | None) -> str:
    """``query`` with each bound variable replaced by its value (see the module notes)."""
    if not bindings:
        return query
    for name in bindings:
        if not _VARIABLE.match(name):
            raise BindingError(f"not a SPARQL variable name: {name!r}")
    terms = {name: term(value) for name, value in bindings.items()}
    code = _blank_out(query)
    projections = _spans(code, _SELECT, _PROJECTION_END)
    modifiers = _spans(code, _MODIFIER, _MODIFIER_END)
    pieces, last = [], 0
    for match in _VAR.finditer(code):
        name = match.group(1)
        if name not in terms:
            continue
        if _AS_BEFORE.search(code, 0, match.start()):
            raise BindingError(f"?{name} is assigned in the query; it cannot be a parameter")
        replacement = terms[name]
        if _inside(match.start(), modifiers):
            replacement = ""  # grouping or ordering by a constant changes nothing
        projection = _inside(match.start(), projections)
        if projection is not None:
            head = code[projection[0] : match.start()]
            if head.count("(") == head.count(")"):  # a plain projected variable
                # The query's own projection keeps it as a result column; a sub-SELECT drops
                # it, as the outer query sees the constant itself, not a variable to join on.
                outermost = projection == projections[0]
                replacement = f"({replacement} AS ?{name})" if outermost else ""
        pieces += [query[last : match.start()], replacement]
        last = match.end()
    result = "".join(pieces) + query[last:]
    code = _blank_out(result)
    for start, end in _spans(code, _SELECT, _PROJECTION_END)[1:] + _spans(
        code, _MODIFIER, _MODIFIER_END
    ):
        if not result[start:end].strip().upper().removeprefix("DISTINCT").strip():
            raise BindingError("a sub-SELECT or GROUP/ORDER BY would be empty once bound")
    return result
