"""The read-only SPARQL 1.1 Protocol endpoint's engine side: check, scope, run, serialise.

Queries only: updates, ``LOAD`` and federated ``SERVICE`` calls are refused before anything
runs. The dataset is scoped: public catalogs, the ontology and mapping sets for everyone; an
organisation's graph only for its own key. Results are capped at a row limit and the query
gets a time limit (the query keeps running in the background until Oxigraph finishes it; its
result is discarded).
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pyoxigraph as ox

from ..errors import AimsgraphError
from ..org.loader import org_graph
from ..store import Solutions, Store
from ..store.datasets import CATALOGS, ONTOLOGY, mapping_sets

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
_STRINGS = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^>\s]*>|#[^\n]*", re.S
)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_EXECUTOR = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="sparql")


class QueryRefusedError(AimsgraphError):
    """The query is not allowed on this endpoint (400)."""


class QueryTooLargeError(AimsgraphError):
    """The result is larger than the configured row limit (400)."""


class QueryTimeoutError(AimsgraphError):
    """The query ran past the configured time limit (503)."""


@dataclass(frozen=True)
class Answer:
    """Serialised result and its media type."""

    body: bytes
    media_type: str


def public_graphs() -> list[str]:
    """Graphs everyone may query."""
    return [ONTOLOGY.graph, *(c.graph for c in CATALOGS), *(m.graph for m in mapping_sets())]


def check(query: str) -> None:
    """Refuse updates and federation; the rest is left to the SPARQL parser."""
    code = _STRINGS.sub(" ", query)  # keywords inside strings, IRIs and comments do not count
    if re.search(r"\bSERVICE\b", code, re.I):
        raise QueryRefusedError("federated queries (SERVICE) are not allowed on this endpoint")
    if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", code, re.I):
        raise QueryRefusedError("this endpoint is read-only: SPARQL Update is not allowed")


def run(
    store: Store, query: str, accept: str, org_id: str | None, max_rows: int, timeout: float
) -> Answer:
    """Run ``query`` over the graphs the caller may see and serialise it for ``accept``."""
    check(query)
    graphs = public_graphs() + ([org_graph(org_id)] if org_id else [])
    future = _EXECUTOR.submit(_evaluate, store, query, graphs, accept, max_rows)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g} s; narrow it or add LIMIT"
        ) from None


def _evaluate(store: Store, query: str, graphs: list[str], accept: str, max_rows: int) -> Answer:
    try:  # parsed here first, so every backend gets standard SPARQL 1.1 only
        ox.Store().query(query)
    except SyntaxError as error:
        raise QueryRefusedError(f"not a valid SPARQL 1.1 query: {error}") from error
    result = store.dataset_query(query, graphs, graphs)
    if isinstance(result, Solutions):
        media = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        rows = []
        for solution in result.rows:
            rows.append(solution)
            if len(rows) > max_rows:
                raise QueryTooLargeError(f"the result has more than {max_rows} rows; add a LIMIT")
        return Answer(_solutions(result.variables, rows, RESULT_FORMATS[media]), media)
    if isinstance(result, bool):
        media = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        return Answer(_boolean(result, RESULT_FORMATS[media]), media)
    media = _choose(accept, GRAPH_FORMATS, "text/turtle")
    triples = []
    for triple in result:
        triples.append(triple)
        if len(triples) > max_rows:
            raise QueryTooLargeError(f"the result has more than {max_rows} triples; add a LIMIT")
    return Answer(ox.serialize(triples, format=GRAPH_FORMATS[media]) or b"", media)


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
