"""Integrity checks over the loaded catalogs: SHACL shapes and ``*-violation.rq`` queries.

Both kinds are data in ``aimsgraph.ontology``: adding a check is adding a file. Each
violation names the check, the focus node and what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..store import Store
from ..store.datasets import packaged


@dataclass(frozen=True)
class Violation:
    """One failed integrity rule."""

    check: str
    focus: str
    message: str


def checks() -> list[tuple[str, str]]:
    """(name, query text) of every packaged ``*-violation.rq`` file, sorted by name."""
    folder = files("aimsgraph.ontology.checks")
    return sorted(
        (entry.name.removesuffix(".rq"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith("-violation.rq")
    )


def run_queries(store: Store, graphs: list[str] | None = None) -> list[Violation]:
    """Run every violation query; each returned row is a violation."""
    scope = graphs or [d.graph for d in packaged()]
    violations = []
    for name, query in checks():
        for row in store.select(query, graphs=scope):
            violations.append(Violation(name, row.get("focus", ""), row.get("message", "")))
    return violations


def run_shapes(store: Store) -> list[Violation]:
    """Validate each catalog (with the ontology) against ``ontology-qc.shapes.ttl``."""
    shapes = Graph().parse(
        data=files("aimsgraph.ontology.shapes")
        .joinpath("ontology-qc.shapes.ttl")
        .read_text(encoding="utf-8"),
        format="turtle",
    )
    data = Graph()
    for dataset in packaged():
        data.parse(data=store.export(dataset.graph, "nt"), format="nt")
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    violations = []
    for result in report.subjects(predicate=SH.resultSeverity, object=SH.Violation):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        name = (
            shape
            if isinstance(shape, URIRef)
            else report.value(result, SH.sourceConstraintComponent)
        )
        violations.append(
            Violation(
                f"shacl:{str(name).rsplit('#', 1)[-1]}",
                str(focus),
                f"{path.n3(report.namespace_manager) + ': ' if path is not None else ''}{message}",
            )
        )
    return sorted(violations, key=lambda v: (v.check, v.focus, v.message))


def run(store: Store) -> list[Violation]:
    """All integrity checks: shapes first, then queries."""
    return run_shapes(store) + run_queries(store)
