"""Evaluate a caller's query on a store and serialise the answer (SPARQL 1.1 result formats).

Runs where the query runs: in an endpoint worker process for the embedded store (so the row
cap is enforced there and only bytes travel back), in the caller's thread otherwise. Errors
leave as one-line :class:`AimsgraphError` messages that never name server paths: store
failures are logged here and reported generically.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from xml.sax.saxutils import escape

import pyoxigraph as ox

from ..errors import AimsgraphError, QueryRefusedError, StoreError
from ..store import Solutions, Store

T = TypeVar("T")
log = logging.getLogger("aimsgraph.endpoint")
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
STORE_FAILED = "the store could not answer the query; try again later"


class QueryTooLargeError(AimsgraphError):
    """The result is larger than the configured row limit (400)."""


class QueryTimeoutError(AimsgraphError):
    """The query ran past the configured time limit and was stopped (503)."""


class EndpointBusyError(AimsgraphError):
    """Every query worker stayed busy for the whole time limit (503, retry later)."""


@dataclass(frozen=True)
class Answer:
    """Serialised result and its media type."""

    body: bytes
    media_type: str


def evaluate(
    store: Store,
    query: str,
    graphs: Sequence[str],
    accept: str,
    max_rows: int,
    timeout: float | None = None,
) -> Answer:
    """Run ``query`` over ``graphs`` and serialise it for ``accept``, at most ``max_rows``."""
    try:
        return _evaluate(store, query, graphs, accept, max_rows, timeout)
    except (QueryRefusedError, QueryTooLargeError):
        raise
    except (StoreError, OSError) as error:
        log.warning("SPARQL endpoint: %s", error)
        raise StoreError(STORE_FAILED) from None
    except SyntaxError as error:  # Oxigraph's parser refused what rdflib's accepted
        raise QueryRefusedError(f"not a valid SPARQL 1.1 query: {one_line(error)}") from None
    except (RuntimeError, ValueError) as error:  # evaluation errors (unknown function...)
        raise QueryRefusedError(f"the query cannot be evaluated: {one_line(error)}") from None


def one_line(error: BaseException, limit: int = 300) -> str:
    """The first non-empty line of an error message, capped."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return (lines[0] if lines else type(error).__name__)[:limit]


def _evaluate(
    store: Store,
    query: str,
    graphs: Sequence[str],
    accept: str,
    max_rows: int,
    timeout: float | None,
) -> Answer:
    result = store.dataset_query(query, graphs, graphs, timeout)
    if isinstance(result, bool):
        media = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        return Answer(_boolean(result, RESULT_FORMATS[media]), media)
    if isinstance(result, Solutions):
        names, rows = result.variables, _take(result.rows, max_rows)
        del result  # the engine's result objects must die in the thread that made them
        if rows is None:
            raise QueryTooLargeError(f"the result has more than {max_rows} rows; add a LIMIT")
        media = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        return Answer(_solutions(names, rows, RESULT_FORMATS[media]), media)
    triples = _take(result, max_rows)
    del result
    if triples is None:
        raise QueryTooLargeError(f"the result has more than {max_rows} triples; add a LIMIT")
    media = _choose(accept, GRAPH_FORMATS, "text/turtle")
    return Answer(ox.serialize(triples, format=GRAPH_FORMATS[media]) or b"", media)


def _take(items: Iterator[T], limit: int) -> list[T] | None:
    """Up to ``limit`` items, or ``None`` when there are more; the iterator is closed either
    way (so the engine's cursor is released here, not in whichever thread drops it later)."""
    taken: list[T] = []
    try:
        for item in items:
            taken.append(item)
            if len(taken) > limit:
                return None
        return taken
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


Term = ox.NamedNode | ox.BlankNode | ox.Literal


def _solutions(names: list[str], rows: list[dict[str, Term]], fmt: ox.QueryResultsFormat) -> bytes:
    """Serialise collected solutions (the standard result formats, written here because the
    row cap means the solutions were consumed)."""
    if fmt == ox.QueryResultsFormat.JSON:
        bindings = [{n: _json_term(r[n]) for n in names if n in r} for r in rows]
        return json.dumps(
            {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt == ox.QueryResultsFormat.XML:
        out = [
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            "<head>" + "".join(f'<variable name="{n}"/>' for n in names) + "</head><results>"
        ]
        for r in rows:
            out.append("<result>")
            for n in names:
                if n in r:
                    out.append(f'<binding name="{n}">{_xml_term(r[n])}</binding>')
            out.append("</result>")
        out.append("</results></sparql>")
        return "".join(out).encode("utf-8")
    buffer = io.StringIO()
    if fmt == ox.QueryResultsFormat.CSV:
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow([_plain(r[n]) if n in r else "" for n in names])
    else:  # TSV: terms in SPARQL/Turtle syntax
        buffer.write("\t".join("?" + n for n in names) + "\n")
        for r in rows:
            buffer.write("\t".join(str(r[n]) if n in r else "" for n in names) + "\n")
    return buffer.getvalue().encode("utf-8")


def _boolean(value: bool, fmt: ox.QueryResultsFormat) -> bytes:
    """An ASK result in the standard formats (CSV/TSV have no boolean form: plain text)."""
    text = "true" if value else "false"
    if fmt == ox.QueryResultsFormat.JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == ox.QueryResultsFormat.XML:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>"
        ).encode()
    return text.encode("utf-8")


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    assert isinstance(term, ox.Literal)
    result = {"type": "literal", "value": term.value}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        result["datatype"] = term.datatype.value
    return result


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    assert isinstance(term, ox.Literal)
    if term.language:
        return f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
    if term.datatype.value != XSD_STRING:
        return f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
    return f"<literal>{escape(term.value)}</literal>"


def _plain(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))


def _choose(accept: str, formats: Mapping[str, object], default: str) -> str:
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in formats:
            return media
    return default
