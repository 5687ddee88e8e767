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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rdflib import Graph, Namespace

from ..errors import InputError, Problem, UnknownIdError
from ..law.catalog import require_catalogs
from ..namespaces import AIMS, CCCEV, compact
from ..store import Store, sparql
from . import rdf_input, yaml_input
from .graph_text import ORG_FLAG_PROPERTIES as ORG_FLAG_PROPERTIES
from .graph_text import org_graph as org_graph
from .graph_text import org_namespace as org_namespace
from .graph_text import to_ntriples as to_ntriples
from .orgdata import (
    EVIDENCE_COLUMNS,
    LIST_KEYS,
    ORG_KEYS,
    SOA_COLUMNS,
    SYSTEM_COLUMNS,
    OrgData,
    RawTable,
    build,
)

FILES = ("organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv")
SHEETS = ("organisation", "ai-systems", "soa", "evidence")
MAX_BYTES = 50 * 1024 * 1024


# -- reading -------------------------------------------------------------------------------


def read_tables(source: Path, label: str | None = None) -> tuple[list[RawTable], bytes]:
    """The four raw tables of ``source`` and the bytes they came from (for the version).

    Problems name files after ``label`` (default: the path as given): the API passes the
    names the client sent, so no server path shows in an error."""
    shown = str(source) if label is None else label
    if source.is_dir():
        return _read_folder(source, shown)
    suffix = source.suffix.lower()
    if not source.is_file():
        raise InputError([Problem(shown, "no such file or folder")])
    if source.stat().st_size > MAX_BYTES:
        raise InputError([Problem(shown, f"file is larger than {MAX_BYTES} bytes")])
    if suffix == ".xlsx":
        content = source.read_bytes()
        return _read_workbook(content, shown), content
    if suffix in (".ttl", ".jsonld", ".json", ".nt"):
        content = source.read_bytes()
        return rdf_input.read_rdf(content, suffix, shown), content
    raise InputError([Problem(shown, "expected a folder, an .xlsx workbook, or .ttl/.jsonld")])


def _read_folder(folder: Path, shown: str) -> tuple[list[RawTable], bytes]:
    def name(file: str) -> str:
        return f"{shown}/{file}" if shown else file

    problems = [Problem(name(n), "file is missing") for n in FILES if not (folder / n).is_file()]
    if problems:
        raise InputError(problems)
    content = b"".join((folder / n).read_bytes() for n in FILES)
    readers = [partial(_yaml_table, folder / FILES[0], name(FILES[0]))]
    for file, columns in zip(
        FILES[1:], (SYSTEM_COLUMNS, SOA_COLUMNS, EVIDENCE_COLUMNS), strict=True
    ):
        readers.append(partial(_csv_table, folder / file, name(file), columns))
    return _each(readers), content


def _each(readers: Sequence[Callable[[], RawTable]]) -> list[RawTable]:
    """Every table, or one error with the problems of every file (an empty soa.csv and an
    empty evidence.csv are reported together, each by name)."""
    tables, problems = [], []
    for read in readers:
        try:
            tables.append(read())
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return tables


def _yaml_table(path: Path, shown: str) -> RawTable:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError([Problem(shown, f"not UTF-8 text: {error}")]) from error
    values = yaml_input.read_mapping(text, shown, LIST_KEYS)
    if not values:
        raise InputError(
            [Problem(shown, f"file is empty: expected the keys {', '.join(ORG_KEYS)}")]
        )
    return RawTable(shown, tuple(values), [("organisation", values)])


def _csv_table(path: Path, shown: str, columns: tuple[str, ...]) -> RawTable:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([Problem(shown, f"not UTF-8 text: {error}")]) from error
    return _rows(shown, csv.reader(io.StringIO(text)), columns)


def _rows(file: str, reader: Iterator[list[str]], columns: tuple[str, ...]) -> RawTable:
    problems = []
    what = "sheet" if file.endswith("]") else "file"  # a workbook's sheets are "x.xlsx[soa]"
    empty = Problem(file, f"{what} is empty: expected the header row {','.join(columns)}")
    try:
        header = [h.strip() for h in next(reader)]
        number = 1
        while not any(header):  # blank lines before the header
            header, number = [h.strip() for h in next(reader)], number + 1
    except StopIteration:
        raise InputError([empty]) from None
    except csv.Error as error:
        raise InputError([Problem(file, f"malformed CSV: {error}", 1)]) from error
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InputError(
            [Problem(file, f"column {h!r} appears more than once", number, h) for h in repeated]
        )
    rows: list[tuple[int | str, dict[str, str]]] = []
    try:
        for number, cells in enumerate(reader, start=number + 1):  # noqa: B020
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


def _read_workbook(content: bytes, shown: str) -> list[RawTable]:
    from openpyxl import load_workbook

    try:  # from memory: an error message cannot name a server path
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise InputError([Problem(shown, f"cannot read the workbook: {error}")]) from error
    missing = [s for s in SHEETS if s not in workbook.sheetnames]
    if missing:
        raise InputError(
            [
                Problem(shown, f"sheet {s!r} is missing; sheets must be {', '.join(SHEETS)}")
                for s in missing
            ]
        )

    def cells(sheet: str) -> Iterator[list[str]]:
        for values in workbook[sheet].iter_rows(values_only=True):
            yield [
                "" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v))
                for v in values
            ]

    org_rows: dict[str, str] = {}
    problems = []
    for number, row in enumerate(cells("organisation"), start=1):
        key = row[0].strip() if row else ""
        if not key or key == "key":
            continue
        if key in org_rows:
            problems.append(
                Problem(f"{shown}[organisation]", f"duplicate key {key!r}", number, "key")
            )
        org_rows[key] = row[1].strip() if len(row) > 1 else ""
    org_name = f"{shown}[organisation]"
    if not org_rows:
        keys = ", ".join(ORG_KEYS)
        problems.append(Problem(org_name, f"sheet is empty: expected the keys {keys}"))
    readers = [partial(RawTable, org_name, tuple(org_rows), [("organisation", org_rows)])]
    for sheet, columns in zip(
        SHEETS[1:], (SYSTEM_COLUMNS, SOA_COLUMNS, EVIDENCE_COLUMNS), strict=True
    ):
        readers.append(partial(_rows, f"{shown}[{sheet}]", cells(sheet), columns))
    try:
        tables = _each(readers)
    except InputError as error:
        raise InputError(problems + error.problems) from None
    if problems:
        raise InputError(problems)
    return tables


# -- RDF -----------------------------------------------------------------------------------


def to_graph(data: OrgData) -> Graph:
    """The same graph as rdflib (for comparisons and conversions of small inputs)."""
    graph = Graph().parse(data=to_ntriples(data), format="nt")
    graph.bind("aims", Namespace(AIMS))
    graph.bind("cccev", Namespace(CCCEV))
    graph.bind("org", Namespace(org_namespace(data.organisation.id)))
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


def parse(
    source: Path, store: Store, org_id: str | None = None, label: str | None = None
) -> tuple[OrgData, bytes]:
    """Read and validate ``source`` without writing anything (``label``: see read_tables)."""
    tables, content = read_tables(source, label)
    organisation, systems, soa, evidence = tables
    data = build(organisation, systems, soa, evidence, known_ids(store), org_id)
    return data, content


@dataclass(frozen=True)
class PreparedImport:
    """A validated import not yet written: the organisation's graph as N-Triples."""

    data: OrgData
    graph: str
    ntriples: bytes
    triples: int
    version: str


def prepare_import(
    store: Store, source: Path, org_id: str | None = None, label: str | None = None
) -> PreparedImport:
    """Read and validate ``source`` and build its graph, writing nothing (bad input raises
    here, before any write)."""
    data, content = parse(source, store, org_id, label)
    text = to_ntriples(data)
    return PreparedImport(
        data,
        org_graph(data.organisation.id),
        text,
        text.count(b"\n"),  # one line per triple: newlines inside literals are escaped
        "sha256:" + hashlib.sha256(content).hexdigest(),
    )


def write_import(store: Store, prepared: PreparedImport) -> int:
    """Atomically replace the organisation's graph with the prepared one."""
    return store.replace_graph(prepared.graph, prepared.ntriples, "nt", prepared.version)


def import_org(
    store: Store, source: Path, org_id: str | None = None, label: str | None = None
) -> tuple[OrgData, int]:
    """Validate ``source`` and atomically replace the organisation's graph with it."""
    prepared = prepare_import(store, source, org_id, label)
    write_import(store, prepared)
    return prepared.data, prepared.triples


class BackgroundWrite:
    """:func:`write_import` in a thread of its own, so that an analysis of the prepared
    data (on a working set built from the same text) runs while the store writes: Oxigraph
    releases the GIL while it parses and writes. :meth:`wait` returns the triples written
    or raises the write's error; nothing may be recorded about the import before it."""

    def __init__(self, store: Store, prepared: PreparedImport) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aimsgraph-import")
        self._future = self._pool.submit(write_import, store, prepared)

    def wait(self) -> int:
        try:
            return self._future.result()
        finally:
            self._pool.shutdown(wait=True)


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


def organisation(store: Store, org_id: str) -> dict[str, str] | None:
    """One organisation's name and size, reading only its own graph (so a request's cost
    does not grow with the other organisations in the store); ``None`` without data."""
    graph = org_graph(org_id)
    rows = [r for r in sparql.select(store, "organisations", graphs=[graph]) if r["id"] == org_id]
    if not rows:
        return None
    return {
        "id": org_id,
        "name": rows[0]["name"],
        "graph": graph,
        "triples": str(store.count(graph)),
    }


def delete_org(store: Store, org_id: str) -> None:
    """Remove an organisation's graph; unknown ids are an error."""
    if not store.drop_graph(org_graph(org_id)):
        raise UnknownIdError(org_id, "no such organisation (`aimsgraph org list`)")
