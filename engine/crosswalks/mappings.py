"""Mapping sets as a whole: which ship, validating them, loading them, statistics.

Validation runs in two layers: row checks with file:line:column (``sssom.check_rows``) and
the SHACL shapes in ``ontology/shapes/mappings.shapes.ttl`` over the set's RDF, whose
violations point back to the row through ``aims:sourceLine``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

import yaml
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH, SKOS

from ..errors import InputError, Problem
from ..law.catalog import require_catalogs
from ..namespaces import AIMS, FRAMEWORKS, compact
from ..store import Store, datasets, sparql
from .breadth import Unanswered, breadth
from .mapping_rdf import to_graph
from .sssom import MappingSet, check_rows, parse


def known_provisions(store: Store) -> set[str]:
    """IRIs of every provision in the loaded catalogs."""
    require_catalogs(store)
    return {row["provision"] for row in sparql.select(store, "provision-iris")}


def check(mapping_set: MappingSet, known: set[str]) -> list[Problem]:
    """Row checks, then SHACL over the set's RDF (only when the rows are sound)."""
    problems = check_rows(mapping_set, known)
    if problems:
        return problems
    return _shacl(mapping_set, known)


def _shacl(mapping_set: MappingSet, known: set[str]) -> list[Problem]:
    data = to_graph(mapping_set)
    for iri in known:  # the catalog facts the shapes need (sh:class skos:Concept)
        data.add((URIRef(iri), RDF.type, SKOS.Concept))
    shapes_text = files("aimsgraph.ontology.shapes").joinpath("mappings.shapes.ttl")
    shapes = Graph().parse(data=shapes_text.read_text(encoding="utf-8"), format="turtle")
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none")
    if conforms:
        return []
    line_of = {s: int(str(o)) for s, o in data.subject_objects(URIRef(AIMS + "sourceLine"))}
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage))
        column = str(path).rsplit("#", 1)[-1] if path is not None else None
        problems.append(Problem(mapping_set.path, message, line_of.get(focus), column))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.message))


def validate_texts(texts: list[tuple[str, str]], known: set[str]) -> list[Problem]:
    """Validate mapping set texts (name, content); every problem of every file."""
    problems: list[Problem] = []
    for name, text in texts:
        mapping_set, parse_problems = parse(text, name)
        problems.extend(parse_problems or check(mapping_set, known))
    return problems


def validate_paths(paths: list[Path], known: set[str]) -> list[Problem]:
    """Validate mapping set files given on the command line."""
    return validate_texts([(str(p), p.read_text(encoding="utf-8")) for p in paths], known)


@dataclass(frozen=True)
class SetStats:
    """Counts for one mapping set. ``binding``, ``unanswered`` and ``draft_only`` need the
    catalogs (``breadth.py``): ``binding`` is None when they were not read."""

    name: str
    rows: int
    relationships: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    unmapped_in_scope: list[str] = field(default_factory=list)
    binding: int | None = None
    unanswered: list[Unanswered] = field(default_factory=list)
    draft_only: list[Unanswered] = field(default_factory=list)


def framework_of_set(name: str) -> str | None:
    """``iso42001-to-ai-act`` -> ``ai-act``."""
    target = name.partition("-to-")[2]
    return target if target in FRAMEWORKS else None


def scope() -> dict[str, list[str]]:
    """Short ids every mapping set must cover, per target framework (``mappings/scope.yaml``)."""
    text = files("aimsgraph.mappings").joinpath("scope.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {fw: [f"{fw}:{local}" for local in ids] for fw, ids in data.items()}


def _short(mapping_set: MappingSet, curie: str) -> str:
    """CURIE of the file (``aia:art-9``) as the CLI short id (``ai-act:art-9``)."""
    iri = mapping_set.expand(curie)
    return (compact(iri) if iri else None) or curie


def stats_of(mapping_set: MappingSet, store: Store | None = None) -> SetStats:
    """Rows per relationship and status; ``scope.yaml`` articles that have no row; with a
    store, the organisation-binding provisions no row answers (coverage's not-analysed)."""
    objects = {_short(mapping_set, row.object_id) for row in mapping_set.rows}
    target = framework_of_set(mapping_set.name)
    missing = [
        provision
        for provision in scope().get(target or "", [])
        if not any(o == provision or o.startswith(provision + "-") for o in objects)
    ]
    stats = SetStats(
        name=mapping_set.name,
        rows=len(mapping_set.rows),
        relationships=dict(sorted(Counter(r.relationship for r in mapping_set.rows).items())),
        statuses=dict(sorted(Counter(r.status for r in mapping_set.rows).items())),
        unmapped_in_scope=missing,
    )
    if store is None or target is None:
        return stats
    rows = [(_short(mapping_set, r.object_id), r.status) for r in mapping_set.rows]
    found = breadth(store, target, rows)
    return replace(
        stats, binding=found.binding, unanswered=found.unanswered, draft_only=found.draft_only
    )


def packaged_sets() -> list[MappingSet]:
    """The shipped mapping sets, parsed (they are validated by the tests and at install)."""
    return [parse(text, name)[0] for name, text in datasets.mapping_files()]


def install(store: Store) -> list[datasets.InstallResult]:
    """Validate each shipped mapping set against the loaded catalogs and load it."""
    known = known_provisions(store)

    def convert(dataset: datasets.Dataset, content: bytes) -> tuple[bytes, str]:
        mapping_set, problems = parse(content.decode("utf-8"), dataset.resources[0][1])
        problems = problems or check(mapping_set, known)
        if problems:
            raise InputError(problems)
        return to_graph(mapping_set).serialize(format="nt", encoding="utf-8"), "nt"

    return datasets.install(store, datasets.mapping_sets(), convert)


@dataclass(frozen=True)
class LinkRecord:
    """One loaded mapping link, as the API lists it."""

    iri: str
    subject: str
    object: str
    relationship: str
    rationale: str
    strength: int
    confidence: float
    status: str
    comment: str
    mapping_set: str
    see_also: str | None


def links(
    store: Store,
    subject: str | None = None,
    obj: str | None = None,
    framework: str | None = None,
    relationship: str | None = None,
    status: str | None = None,
) -> list[LinkRecord]:
    """Loaded mapping links, filtered (each filter optional), in a stable order."""
    require_catalogs(store)
    result = []
    for row in sparql.select(store, "mapping-links"):
        record = LinkRecord(
            row["link"],
            row["subject"],
            row["object"],
            row["relationship"],
            row["rationale"],
            int(row["strength"]),
            float(row["confidence"]),
            row["status"],
            row["comment"],
            row["set"],
            row.get("seeAlso"),
        )
        if subject and record.subject != subject:
            continue
        if obj and record.object != obj:
            continue
        if framework and record.object.partition(":")[0] != framework:
            continue
        if relationship and record.relationship != relationship:
            continue
        if status and record.status != status:
            continue
        result.append(record)
    return sorted(result, key=lambda r: (r.mapping_set, r.subject, r.object))
