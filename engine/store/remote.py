"""The remote backend: the Store protocol over the SPARQL 1.1 protocols, for any server.

Reads are SPARQL 1.1 Protocol queries whose dataset is given by ``default-graph-uri`` /
``named-graph-uri`` parameters (never the server's own default graph, which on Virtuoso holds
its system triples). Parameters are substituted as checked RDF terms (``bindings.py``).
Writes follow the embedded store's contract: the data is parsed and counted locally, loaded
into a fresh staging graph (Graph Store HTTP Protocol when configured, otherwise ``INSERT
DATA`` in batches), the staging graph is counted on the server, and one UPDATE request swaps
it in (``queries/swap-graph.ru``). Any failure removes the staging graph and leaves the live
graph as it was; staging graphs are recorded, so one left by a killed import is removed later.

Errors name the endpoint (without credentials) and the first line of the server's message,
never the query text. Connection errors are retried with back-off; HTTP 4xx answers are not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator, Mapping, Sequence

import httpx
import pyoxigraph as ox

from ..errors import StoreError
from ..namespaces import GRAPH, META_GRAPH
from . import query_files
from .bindings import substitute
from .guard import check_query
from .protocol import (
    FORMATS,
    STAGING,
    QueryAnswer,
    Solutions,
    drop_update,
    modified_stamp,
    new_staging,
    record_staging_update,
    swap_update,
)
from .remote_config import RemoteConfig
from .remote_http import (
    ChallengeAuth,
    _boolean,
    _http_error,
    _json,
    _lexical,
    _ntriples,
    _reason,
    _refuse_partial,
    _term,
    _triples,
    redact,
)
from .terms import BindingValue, Iri, Row

Term = ox.NamedNode | ox.BlankNode | ox.Literal
RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RETRY_STATUS = {502, 503, 504}
STAGING_GRACE = dt.timedelta(hours=6)
"""A recorded staging graph older than this is left from an interrupted import."""


class RemoteStore:
    """A SPARQL 1.1 server holding the same named graphs as the embedded store."""

    def __init__(
        self,
        config: RemoteConfig,
        *,
        retries: int = 3,
        backoff_s: float = 0.5,
        batch_triples: int = 10_000,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.location = redact(config.query)
        self._retries = retries
        self._backoff_s = backoff_s
        self._batch_triples = batch_triples
        auth: httpx.Auth | None = None
        headers = {"User-Agent": "aimsgraph"}
        if config.token:
            headers["Authorization"] = f"Bearer {config.token}"
        elif config.user is not None:
            auth = ChallengeAuth(config.user, config.password or "")
        self._client = httpx.Client(
            auth=auth,
            headers=headers,
            timeout=httpx.Timeout(config.timeout_s, connect=min(10.0, config.timeout_s)),
            transport=transport,
        )

    # -- HTTP --------------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool,
        **kwargs: object,
    ) -> httpx.Response:
        """One request, retried on connection errors (and, for reads, on 502/503/504)."""
        for attempt in range(self._retries + 1):
            last = attempt == self._retries
            try:
                response = self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if last:
                    raise StoreError(
                        f"cannot reach the SPARQL endpoint {redact(url)}: {_reason(error)}"
                    ) from None
            except httpx.TimeoutException:
                raise StoreError(
                    f"the SPARQL endpoint {redact(url)} did not answer within "
                    f"{self.config.timeout_s:g} s"
                ) from None
            except httpx.TransportError as error:
                if last or not idempotent:
                    raise StoreError(
                        f"the connection to the SPARQL endpoint {redact(url)} failed: "
                        f"{_reason(error)}"
                    ) from None
            else:
                if response.status_code < 400:
                    return response
                if not (idempotent and response.status_code in _RETRY_STATUS) or last:
                    raise StoreError(_http_error(url, response))
            time.sleep(self._backoff_s * 2**attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _query(
        self,
        query: str,
        accept: str,
        default: Sequence[str] = (),
        named: Sequence[str] = (),
        timeout: float | None = None,
    ) -> httpx.Response:
        form: dict[str, str | list[str]] = {"query": query}
        if default:
            form["default-graph-uri"] = list(default)
        if named:
            form["named-graph-uri"] = list(named)
        extra: dict[str, object] = {}
        if timeout is not None:
            extra["timeout"] = httpx.Timeout(timeout, connect=min(10.0, timeout))
        response = self._send(
            "POST",
            self.config.query,
            idempotent=True,
            data=form,
            headers={"Accept": accept},
            **extra,
        )
        _refuse_partial(self.config.query, response)
        return response

    def _update(self, update: str) -> None:
        if not self.config.update:
            raise StoreError(
                "the store is read-only: no SPARQL update endpoint configured "
                "(--sparql-update or AIMSGRAPH_SPARQL_UPDATE)"
            )
        self._send("POST", self.config.update, idempotent=False, data={"update": update})

    # -- reads -------------------------------------------------------------------------------

    def _default_graph(self, graphs: Sequence[str] | None) -> list[str]:
        """The graphs a query reads: the given ones, or every graph the engine wrote."""
        if graphs is not None:
            return list(graphs) or [f"{GRAPH}empty"]
        return [*self.graph_versions(), META_GRAPH]

    def select(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> list[Row]:
        response = self._query(
            substitute(query, bindings), RESULTS_JSON, self._default_graph(graphs)
        )
        document = _json(self.config.query, response)
        if "results" not in document:
            raise TypeError("select() needs a SELECT query")
        return [
            {name: _lexical(value) for name, value in binding.items()}
            for binding in document["results"]["bindings"]
        ]

    def ask(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> bool:
        response = self._query(
            substitute(query, bindings), RESULTS_JSON, self._default_graph(graphs)
        )
        return _boolean(self.config.query, _json(self.config.query, response))

    def construct(
        self,
        query: str,
        bindings: Mapping[str, BindingValue] | None = None,
        graphs: Sequence[str] | None = None,
        fmt: str = "nt",
    ) -> bytes:
        response = self._query(substitute(query, bindings), RDF_ACCEPT, self._default_graph(graphs))
        triples = _triples(self.config.query, response)
        return bytes(ox.serialize(triples, format=FORMATS[fmt]) or b"")

    def dataset_query(
        self,
        query: str,
        default_graph: Sequence[str],
        named_graphs: Sequence[str],
        timeout: float | None = None,
    ) -> QueryAnswer:
        """A caller's query, checked by :func:`guard.check_query` (nothing is executed
        locally), sent with ``timeout`` as the HTTP time limit; the server's own limits do
        the rest."""
        # The query form decides what to ask for (Virtuoso answers an ASK sent with a mixed
        # Accept header as a one-row SELECT).
        form = check_query(query)
        graph_result = form in ("CONSTRUCT", "DESCRIBE")
        response = self._query(
            query,
            RDF_ACCEPT if graph_result else RESULTS_JSON,
            list(default_graph) or [f"{GRAPH}empty"],
            list(named_graphs) or [f"{GRAPH}empty"],
            timeout=timeout,
        )
        if graph_result:
            return iter(_triples(self.config.query, response))
        document = _json(self.config.query, response)
        if form == "ASK":
            return _boolean(self.config.query, document)
        names = list(document.get("head", {}).get("vars", []))
        rows = (
            {name: _term(value) for name, value in binding.items()}
            for binding in document["results"]["bindings"]
        )
        return Solutions(names, rows)

    def graph_versions(self) -> dict[str, str]:
        rows = self.select(query_files.load("graph-versions"), graphs=[META_GRAPH])
        return {row["graph"]: row["version"] for row in rows}

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self.count(g) for g in [*self.graph_versions(), META_GRAPH])
        response = self._query(
            substitute(query_files.load("graph-size"), {"graph": Iri(graph)}),
            RESULTS_JSON,
            named=[graph],
        )
        rows = _json(self.config.query, response)["results"]["bindings"]
        return int(rows[0]["triples"]["value"]) if rows else 0

    def export(self, graph: str, fmt: str = "nt") -> bytes:
        response = self._query(
            substitute(query_files.load("graph-triples"), {"graph": Iri(graph)}),
            RDF_ACCEPT,
            named=[graph],
        )
        return bytes(
            ox.serialize(_triples(self.config.query, response), format=FORMATS[fmt]) or b""
        )

    # -- writes ------------------------------------------------------------------------------

    def replace_graph(self, graph: str, data: bytes | str, fmt: str, version: str) -> int:
        try:
            rdf_format = FORMATS[fmt]
        except KeyError:
            raise StoreError(f"unsupported RDF format {fmt!r}") from None
        local = ox.Store()  # parse, de-duplicate and count before the server sees anything
        try:
            local.bulk_load(data, format=rdf_format)
        except SyntaxError as error:
            raise StoreError(f"cannot parse the data for <{graph}>: {error}") from error
        expected = len(local)
        self.drop_stale_staging()
        staging = new_staging()
        self._update(record_staging_update(staging))
        try:
            for number, batch in enumerate(self._batches(local)):
                self._send_batch(staging, batch, first=number == 0)
            loaded = self.count(staging)
            if loaded != expected:
                raise StoreError(
                    f"the server holds {loaded} of the {expected} triples loaded for <{graph}>; "
                    "the live graph is unchanged"
                )
            self._update(swap_update(graph, staging, version))
        except BaseException:
            self._drop_quietly(staging)
            raise
        return expected

    def _batches(self, local: ox.Store) -> Iterator[bytes]:
        """N-Triples chunks of a fixed size; every triple touching a blank node goes in the
        last chunk, because a blank node label names the same node only within one request."""
        with_blank: list[ox.Quad] = []
        plain: list[ox.Quad] = []
        for quad in local:
            blank = isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
            (with_blank if blank else plain).append(quad)
            if len(plain) >= self._batch_triples:
                yield _ntriples(plain)
                plain = []
        yield _ntriples(plain + with_blank)

    def _send_batch(self, staging: str, batch: bytes, *, first: bool) -> None:
        """Add one N-Triples chunk to the staging graph."""
        if self.config.graph_store:
            self._send(
                "PUT" if first else "POST",
                self.config.graph_store,
                idempotent=first,
                params={"graph": staging},
                content=batch,
                headers={"Content-Type": "application/n-triples"},
            )
            return
        if batch.strip():
            # N-Triples lines are valid SPARQL triples, and the graph IRI is our own uuid.
            # INSERT {...} WHERE {} rather than INSERT DATA: the same triples, but Virtuoso
            # refuses blank nodes in INSERT DATA (SPARQL 1.1 allows them).
            text = batch.decode("utf-8")
            self._update(f"INSERT {{ GRAPH <{staging}> {{\n{text}}} }} WHERE {{}}")

    def _drop_quietly(self, graph: str) -> None:
        # If the server is gone, the staging graph stays behind: no query reads it (reads
        # name their graphs), and its IRI (<GRAPH>staging/<uuid>) tells an operator what it is.
        with contextlib.suppress(StoreError):
            self._update(drop_update(graph))

    def stale_staging(self) -> list[str]:
        """Recorded staging graphs older than STAGING_GRACE (younger: maybe another client's)."""
        before = modified_stamp() - STAGING_GRACE
        rows = self.select(
            query_files.load("staging-graphs"),
            {"prefix": STAGING, "before": before},
            graphs=[META_GRAPH],
        )
        return sorted(row["graph"] for row in rows)

    def drop_stale_staging(self) -> list[str]:
        stale = self.stale_staging()
        for graph in stale:
            self._update(drop_update(graph))
        return stale

    def drop_graph(self, graph: str) -> bool:
        self.drop_stale_staging()
        existed = graph in self.graph_versions() or self.count(graph) > 0
        self._update(drop_update(graph))
        return existed

    def flush(self) -> None:
        """Nothing to do: the server made each update durable when it answered."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()
