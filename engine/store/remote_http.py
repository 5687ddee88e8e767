"""HTTP and result-format helpers of the remote store: credentials-free endpoint names,
Basic/Digest authentication, one-line server errors, and SPARQL 1.1 result documents read
back into RDF terms (with Virtuoso's booleans and truncation handled)."""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from ..errors import StoreError
from .terms import XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_BOOLEAN = XSD + "boolean"
_RDF_MEDIA = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def redact(url: str) -> str:
    """``url`` without user information or query string, safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class ChallengeAuth(httpx.Auth):
    """User and password for whichever scheme the server asks for (Basic or Digest).

    Virtuoso's authenticated endpoints ask for Digest; most proxies in front of Fuseki,
    GraphDB or Neptune ask for Basic. Nothing is sent until the server challenges.
    """

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if challenge.startswith("digest"):
            self._scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif challenge.startswith("basic"):
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)


def _ntriples(quads: list[ox.Quad]) -> bytes:
    return bytes(ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b"")


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def _http_error(url: str, response: httpx.Response) -> str:
    """One line: endpoint, status, and the first line of the server's message (the rest of
    a message often repeats the query, which is not for logs)."""
    if response.status_code in (401, 403):
        return (
            f"the SPARQL endpoint {redact(url)} refused the credentials "
            f"(HTTP {response.status_code}); check AIMSGRAPH_SPARQL_USER/PASSWORD or TOKEN"
        )
    lines = [line.strip() for line in response.text.splitlines() if line.strip()]
    message = lines[0][:300] if lines else response.reason_phrase
    return f"the SPARQL endpoint {redact(url)} answered HTTP {response.status_code}: {message}"


def _refuse_partial(url: str, response: httpx.Response) -> None:
    """Virtuoso silently cuts results at ``ResultSetMaxRows`` or its anytime-query limit,
    and says so only in headers: a cut result would be a wrong analysis, so it is an error."""
    if "x-sparql-maxrows" in response.headers:
        raise StoreError(
            f"the SPARQL endpoint {redact(url)} cut the result at "
            f"{response.headers['x-sparql-maxrows']} rows; raise the server's result limit "
            "(Virtuoso: [SPARQL] ResultSetMaxRows)"
        )
    if response.headers.get("x-sql-state") == "S1TAT":
        raise StoreError(
            f"the SPARQL endpoint {redact(url)} returned a partial result (time limit); raise "
            "the server's query time limit (Virtuoso: [SPARQL] MaxQueryExecutionTime)"
        )


def _json(url: str, response: httpx.Response) -> dict[str, Any]:
    try:
        document = json.loads(response.content)
    except ValueError:
        raise StoreError(
            f"the SPARQL endpoint {redact(url)} did not return SPARQL JSON results"
        ) from None
    if not isinstance(document, dict):
        raise StoreError(f"the SPARQL endpoint {redact(url)} returned unexpected JSON")
    return document


def _triples(url: str, response: httpx.Response) -> list[ox.Triple]:
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = _RDF_MEDIA.get(media)
    if fmt is None:
        raise StoreError(f"the SPARQL endpoint {redact(url)} returned {media or 'no'} content")
    try:
        return list(ox.parse(response.content, format=fmt))
    except SyntaxError as error:
        raise StoreError(f"the SPARQL endpoint {redact(url)} returned bad RDF: {error}") from None


def _boolean(url: str, document: dict[str, Any]) -> bool:
    """An ASK answer; Virtuoso sometimes sends it as a one-row SELECT of ``__ASK_RETVAL``."""
    if "boolean" in document:
        return bool(document["boolean"])
    rows = document.get("results", {}).get("bindings", [])
    if len(rows) == 1 and "__ASK_RETVAL" in rows[0]:
        return rows[0]["__ASK_RETVAL"]["value"] in ("1", "true")
    raise StoreError(f"the SPARQL endpoint {redact(url)} did not answer the ASK query")


def _lexical(value: Mapping[str, str]) -> str:
    """A SPARQL JSON term as the engine's rows hold it (see :data:`terms.Row`)."""
    if value["type"] == "bnode":
        return "_:" + value["value"]
    if value.get("datatype") == _BOOLEAN:
        return _canonical_boolean(value["value"])
    return value["value"]


def _canonical_boolean(text: str) -> str:
    """Virtuoso stores booleans as numbers and answers ``"1"^^xsd:boolean``."""
    return {"1": "true", "0": "false"}.get(text, text)


def _term(value: Mapping[str, str]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype == _BOOLEAN:
        return ox.Literal(_canonical_boolean(value["value"]), datatype=ox.NamedNode(datatype))
    if datatype:
        return ox.Literal(value["value"], datatype=ox.NamedNode(datatype))
    return ox.Literal(value["value"])
