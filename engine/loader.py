"""Turn an organisation's files into its named graph: read, validate everything, then write once.

Accepted inputs: a folder (``organisation.yaml``, ``ai-systems.csv``, ``soa.csv``,
``evidence.csv``), one XLSX workbook with the same four sheets, or Turtle/JSON-LD in the
aimsgraph vocabulary. Every format goes through the same checks (:mod:`orgdata`); the graph
is replaced atomically, so a failed import leaves the store exactly as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from . import sparql
from .catalog import require_catalogs
from .errors import InputError, Problem, UnknownIdError
from .namespaces import AIMS, CCCEV, GRAPH, ORG, VOCAB, compact, expand
from .orgdata import (
    EVIDENCE_COLUMNS,
    SOA_COLUMNS,
    SYSTEM_COLUMNS,
    OrgData,
    RawTable,
    build,
)
from .store import EmbeddedStore, Store

A = Namespace(AIMS)
CV = Namespace(CCCEV)
FILES = ("organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv")
SHEETS = ("organisation", "ai-systems", "soa", "evidence")
MAX_BYTES = 50 * 1024 * 1024
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")


def org_graph(org_id: str) -> str:
    """Named graph of an organisation."""
    return f"{GRAPH}org/{org_id}"


def org_namespace(org_id: str) -> str:
    """IRI namespace of an organisation's nodes."""
    return f"{ORG}{org_id}/"


# -- reading -------------------------------------------------------------------------------


def read_tables(source: Path) -> tuple[list[RawTable], bytes]:
    """The four raw tables of ``source`` and the bytes they came from (for the version)."""
    if source.is_dir():
        return _read_folder(source)
    suffix = source.suffix.lower()
    if not source.is_file():
        raise InputError([Problem(str(source), "no such file or folder")])
    if source.stat().st_size > MAX_BYTES:
        raise InputError([Problem(str(source), f"file is larger than {MAX_BYTES} bytes")])
    if suffix == ".xlsx":
        return _read_workbook(source), source.read_bytes()
    if suffix in (".ttl", ".jsonld", ".json", ".nt"):
        return _read_rdf(source.read_bytes(), source.name), source.read_bytes()
    raise InputError(
        [Problem(str(source), "expected a folder, an .xlsx workbook, or .ttl/.jsonld")]
    )


def _read_folder(folder: Path) -> tuple[list[RawTable], bytes]:
    problems = [
        Problem(str(folder / n), "file is missing") for n in FILES if not (folder / n).is_file()
    ]
    if problems:
        raise InputError(problems)
    content = b"".join((folder / n).read_bytes() for n in FILES)
    tables = [_yaml_table(folder / FILES[0])]
    for name, columns in zip(
        FILES[1:], (SYSTEM_COLUMNS, SOA_COLUMNS, EVIDENCE_COLUMNS), strict=True
    ):
        tables.append(_csv_table(folder / name, columns))
    return tables, content


def _yaml_table(path: Path) -> RawTable:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), f"not valid YAML: {error}")]) from error
    if not isinstance(data, dict):
        raise InputError(
            [Problem(str(path), "must be a mapping of keys (id, name, ...) to values")]
        )
    return RawTable(str(path), tuple(data), [("organisation", _flatten(data))])


def _flatten(data: dict[object, object]) -> dict[str, str]:
    result = {}
    for key, value in data.items():
        if isinstance(value, list):
            result[str(key)] = ";".join(str(v) for v in value)
        else:
            result[str(key)] = "" if value is None else str(value)
    return result


def _csv_table(path: Path, columns: tuple[str, ...]) -> RawTable:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([Problem(str(path), f"not UTF-8 text: {error}")]) from error
    return _rows(str(path), csv.reader(io.StringIO(text)), columns)


def _rows(file: str, reader: Iterator[list[str]], columns: tuple[str, ...]) -> RawTable:
    problems = []
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(
            [Problem(file, f"empty file: the header must be {','.join(columns)}", 1)]
        ) from None
    except csv.Error as error:
        raise InputError([Problem(file, f"malformed CSV: {error}", 1)]) from error
    rows: list[tuple[int | str, dict[str, str]]] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(file, f"expected {len(header)} cells, found {len(cells)}", number)
                )
                continue
            rows.append((number, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    except csv.Error as error:
        problems.append(Problem(file, f"malformed CSV: {error}"))
    if problems:
        raise InputError(problems)
    return RawTable(file, tuple(header), rows)


def _read_workbook(path: Path) -> list[RawTable]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise InputError([Problem(str(path), f"cannot read the workbook: {error}")]) from error
    missing = [s for s in SHEETS if s not in workbook.sheetnames]
    if missing:
        raise InputError(
            [
                Problem(str(path), f"sheet {s!r} is missing; sheets must be {', '.join(SHEETS)}")
                for s in missing
            ]
        )

    def cells(sheet: str) -> Iterator[list[str]]:
        for values in workbook[sheet].iter_rows(values_only=True):
            yield [
                "" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v))
                for v in values
            ]

    org_rows = {
        row[0].strip(): row[1].strip()
        for row in cells("organisation")
        if row and row[0].strip() and row[0].strip() != "key"
    }
    org = RawTable(f"{path}[organisation]", tuple(org_rows), [("organisation", org_rows)])
    tables = [org]
    for sheet, columns in zip(
        SHEETS[1:], (SYSTEM_COLUMNS, SOA_COLUMNS, EVIDENCE_COLUMNS), strict=True
    ):
        tables.append(_rows(f"{path}[{sheet}]", cells(sheet), columns))
    return tables


def _read_rdf(data: bytes, name: str) -> list[RawTable]:
    """Turtle or JSON-LD in the aimsgraph vocabulary, read back into the same four tables."""
    graph = Graph()
    fmt = (
        "json-ld"
        if name.endswith((".jsonld", ".json"))
        else ("nt" if name.endswith(".nt") else "turtle")
    )
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
    names = columns or ("id", "name", "sector", "entity_types", "gdpr_roles")
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


# -- RDF -----------------------------------------------------------------------------------


def to_graph(data: OrgData) -> Graph:
    """The organisation's graph in the aimsgraph vocabulary."""
    org = data.organisation
    ns = org_namespace(org.id)
    graph = Graph()
    graph.bind("aims", A)
    graph.bind("cccev", CV)
    graph.bind("org", Namespace(ns))
    node = URIRef(ns + "organisation")
    graph.add((node, RDF.type, A.Organisation))
    graph.add((node, DCTERMS.identifier, Literal(org.id)))
    graph.add((node, RDFS.label, Literal(org.name)))
    if org.sector:
        graph.add((node, A.sector, Literal(org.sector)))
    for value in org.entity_types:
        graph.add((node, A.entityType, URIRef(f"{VOCAB}entity-type/{value}")))
    for value in org.gdpr_roles:
        graph.add((node, A.gdprRole, URIRef(f"{VOCAB}role/{value}")))

    def owner(name: str | None) -> URIRef | None:
        if not name:
            return None
        iri = URIRef(ns + "owner/" + hashlib.sha1(name.encode()).hexdigest()[:12])
        graph.add((iri, RDF.type, A.Owner))
        graph.add((iri, RDFS.label, Literal(name)))
        return iri

    for system in data.systems:
        s = URIRef(ns + "system/" + system.id)
        graph.add((s, RDF.type, A.AISystem))
        graph.add((s, A.organisation, node))
        graph.add((s, DCTERMS.identifier, Literal(system.id)))
        graph.add((s, RDFS.label, Literal(system.name)))
        if system.purpose:
            graph.add((s, A.purpose, Literal(system.purpose)))
        if (o := owner(system.owner)) is not None:
            graph.add((s, A.owner, o))
        graph.add((s, A.lifecycleStage, URIRef(f"{VOCAB}lifecycle-stage/{system.lifecycle_stage}")))
        graph.add((s, A.aiActRole, URIRef(f"{VOCAB}role/{system.ai_act_role}")))
        if system.risk_tier:
            graph.add((s, A.riskTier, URIRef(f"{VOCAB}risk-tier/{system.risk_tier}")))
        graph.add((s, A.processesPersonalData, Literal(system.personal_data)))

    for entry in data.soa:
        e = URIRef(ns + "soa/" + entry.control)
        graph.add((e, RDF.type, A.ControlImplementation))
        graph.add((e, A.organisation, node))
        graph.add((e, A.implementsControl, URIRef(expand("iso42001:" + entry.control))))
        graph.add((e, A.included, Literal(entry.included)))
        if entry.status:
            graph.add(
                (e, A.implementationStatus, URIRef(f"{VOCAB}implementation-status/{entry.status}"))
            )
        if entry.justification:
            graph.add((e, A.justification, Literal(entry.justification)))
        if (o := owner(entry.owner)) is not None:
            graph.add((e, A.owner, o))

    for item in data.evidence:
        e = URIRef(ns + "evidence/" + item.id)
        graph.add((e, RDF.type, A.EvidenceItem))
        graph.add((e, A.organisation, node))
        graph.add((e, DCTERMS.identifier, Literal(item.id)))
        graph.add((e, DCTERMS.title, Literal(item.title)))
        graph.add((e, A.evidenceKind, URIRef(f"{VOCAB}evidence-kind/{item.kind}")))
        for target in item.supports:
            graph.add((e, CV.supportsRequirement, URIRef(expand(target))))
        if item.ai_system:
            graph.add((e, A.aboutSystem, URIRef(ns + "system/" + item.ai_system)))
        if (o := owner(item.owner)) is not None:
            graph.add((e, A.owner, o))
        graph.add((e, DCTERMS.issued, Literal(item.issued.isoformat(), datatype=XSD.date)))
        if item.valid_until:
            graph.add((e, A.validUntil, Literal(item.valid_until.isoformat(), datatype=XSD.date)))
        if item.version:
            graph.add((e, DCAT_VERSION, Literal(item.version)))
        if item.sha256:
            graph.add((e, A.sha256, Literal(item.sha256.lower())))
        if item.location:
            graph.add((e, A.location, Literal(item.location)))
    return graph


# -- the import itself ---------------------------------------------------------------------


def known_ids(store: Store) -> set[str]:
    """Short ids of every catalog provision (what ``supports`` and ``control`` may name)."""
    require_catalogs(store)
    return {
        cid
        for row in sparql.select(store, "provision-iris")
        if (cid := compact(row["provision"])) is not None
    }


def parse(source: Path, store: Store, org_id: str | None = None) -> tuple[OrgData, bytes]:
    """Read and validate ``source`` without writing anything."""
    tables, content = read_tables(source)
    organisation, systems, soa, evidence = tables
    data = build(organisation, systems, soa, evidence, known_ids(store), org_id)
    return data, content


def import_org(store: Store, source: Path, org_id: str | None = None) -> tuple[OrgData, int]:
    """Validate ``source`` and atomically replace the organisation's graph with it."""
    data, content = parse(source, store, org_id)
    graph = to_graph(data)
    version = "sha256:" + hashlib.sha256(content).hexdigest()
    triples = store.replace_graph(
        org_graph(data.organisation.id), graph.serialize(format="nt"), "nt", version
    )
    return data, triples


def organisations(store: Store) -> list[dict[str, str]]:
    """Organisations in the store with their name and size."""
    rows = sparql.select(store, "organisations")
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "graph": org_graph(r["id"]),
            "triples": str(store.count(org_graph(r["id"]))),
        }
        for r in rows
    ]


def delete_org(store: Store, org_id: str) -> None:
    """Remove an organisation's graph; unknown ids are an error."""
    if not store.drop_graph(org_graph(org_id)):
        raise UnknownIdError(org_id, "no such organisation (`aimsgraph org list`)")
