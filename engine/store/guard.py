"""The federation guard: only read-only, non-federated SPARQL 1.1 queries reach a store.

The decision is taken on the parsed query, never on its text: rdflib parses the query and
translates it to the SPARQL algebra, and the whole tree is walked for a ``SERVICE`` pattern
(in subqueries, ``EXISTS``/``NOT EXISTS`` filters, ``OPTIONAL``, ``UNION``, ``MINUS``,
``GRAPH``...). Whatever rdflib cannot parse is refused (fail closed), so only standard
SPARQL 1.1 gets through; an update is recognised by parsing it as one and refused as such.
Every backend's ``dataset_query`` calls :func:`check_query`, and so does the endpoint.
rdflib's parser is not thread-safe (concurrent parses fail at random), so parses here take
turns behind a lock.
"""

from __future__ import annotations

import threading
from typing import Literal

from pyparsing import ParseResults
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ..errors import QueryRefusedError

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_MAX_MESSAGE = 300
_TOO_DEEP = (
    "the query is nested too deeply or has too many triple patterns in a row for the "
    "checker; split long runs of patterns into { } groups"
)
_PARSER = threading.Lock()  # rdflib's pyparsing grammar is not thread-safe (measured)


def check_query(query: str) -> QueryForm:
    """The form of ``query`` if it is a plain SPARQL 1.1 query without ``SERVICE``; else
    :class:`QueryRefusedError` with a one-line reason."""
    with _PARSER:
        return _check(query)


def _check(query: str) -> QueryForm:
    try:
        parsed = parseQuery(query)
    except RecursionError:
        raise QueryRefusedError(_TOO_DEEP) from None
    except Exception as error:  # pyparsing's errors
        if _is_update(query):
            raise QueryRefusedError(
                "this endpoint is read-only: SPARQL Update is not allowed"
            ) from None
        raise QueryRefusedError(f"not a valid SPARQL 1.1 query: {_one_line(error)}") from None
    try:
        translated = algebra.translateQuery(parsed)
    except RecursionError:
        raise QueryRefusedError(_TOO_DEEP) from None
    except Exception as error:  # e.g. a variable projected outside its GROUP BY
        raise QueryRefusedError(f"not a valid SPARQL 1.1 query: {_one_line(error)}") from None
    if _has_service(translated.algebra) or _has_service(parsed):
        raise QueryRefusedError("federated queries (SERVICE) are not allowed on this endpoint")
    form = _FORMS.get(translated.algebra.name)
    if form is None:  # pragma: no cover - parseQuery only yields the four forms
        raise QueryRefusedError("only SELECT, ASK, CONSTRUCT and DESCRIBE queries are allowed")
    return form


def _is_update(text: str) -> bool:
    """Whether ``text`` parses as SPARQL Update with at least one operation (``INSERT``,
    ``LOAD``, ``CLEAR``...); an empty text is an empty update, but no update was meant."""
    try:
        return bool(algebra.translateUpdate(parseUpdate(text)).algebra)
    except Exception:
        return False


def _has_service(root: object) -> bool:
    """Whether any node of the (parse or algebra) tree is a ``SERVICE`` pattern. Iterative,
    so a deeply nested query cannot exhaust the recursion limit here."""
    stack: list[object] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset | ParseResults):
            stack.extend(node)
    return False


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    return text[:_MAX_MESSAGE]
