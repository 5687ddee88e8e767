"""Read Turtle, N-Triples or JSON-LD in the aimsgraph vocabulary back into the four raw
tables of a folder, so RDF input goes through exactly the same checks as CSV and XLSX.
JSON-LD may not pull contexts from the network."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rdflib import Graph

from ..errors import InputError, Problem
from ..namespaces import GRAPH, compact
from ..store import EmbeddedStore, sparql
from .checks import RawTable
from .schema import EVIDENCE_COLUMNS, ORG_KEYS, SOA_COLUMNS, SYSTEM_COLUMNS


def read_rdf(data: bytes, suffix: str, name: str) -> list[RawTable]:
    """Turtle or JSON-LD (by ``suffix``) in the aimsgraph vocabulary, read back into the
    same four tables; problems name ``name``."""
    graph = Graph()
    fmt = {".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt"}.get(suffix, "turtle")
    if fmt == "json-ld":
        _refuse_remote_contexts(data, name)
    try:
        graph.parse(data=data, format=fmt)
    except Exception as error:  # rdflib raises parser-specific types
        raise InputError([Problem(name, f"cannot parse {fmt}: {error}")]) from error
    store = EmbeddedStore.in_memory()
    store.replace_graph(GRAPH + "input", graph.serialize(format="nt"), "nt", "input")
    tables = []
    for query, file, columns in (
        ("input-organisation", f"{name}[organisation]", None),
        ("input-systems", f"{name}[ai-systems]", SYSTEM_COLUMNS),
        ("input-soa", f"{name}[soa]", SOA_COLUMNS),
        ("input-evidence", f"{name}[evidence]", EVIDENCE_COLUMNS),
    ):
        rows = sparql.select(store, query)
        if columns is None:
            if len(rows) != 1:
                raise InputError(
                    [Problem(name, f"expected exactly one aims:Organisation, found {len(rows)}")]
                )
            values = _rdf_values(rows[0])
            tables.append(RawTable(file, tuple(values), [("organisation", values)]))
        else:
            tables.append(
                RawTable(file, columns, [(r["node"], _rdf_values(r, columns)) for r in rows])
            )
    return tables


def _rdf_values(row: dict[str, str], columns: tuple[str, ...] | None = None) -> dict[str, str]:
    """Query variables (column names without ``_``) to columns; IRIs of provisions to ids."""
    names = columns or ORG_KEYS
    values = {c: row.get(c.replace("_", ""), "").strip() for c in names}
    if "supports" in values:
        values["supports"] = ";".join(
            compact(iri) or iri for iri in values["supports"].split(";") if iri
        )
    if values.get("control"):
        values["control"] = compact(values["control"]) or values["control"]
    return values


def _refuse_remote_contexts(data: bytes, name: str) -> None:
    """JSON-LD may not pull a context from the network: only inline contexts are accepted."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError([Problem(name, f"not valid JSON: {error}")]) from error
    except RecursionError:
        raise InputError([Problem(name, "JSON nested too deeply")]) from None

    def walk(node: object) -> Iterator[object]:
        if isinstance(node, dict):
            if "@context" in node:
                yield node["@context"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for context in walk(document):
        items = context if isinstance(context, list) else [context]
        if any(isinstance(item, str) for item in items) or any(
            isinstance(item, dict) and "@import" in item for item in items
        ):
            raise InputError(
                [Problem(name, "remote JSON-LD @context is not allowed; inline the context")]
            )
