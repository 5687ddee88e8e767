"""Gaps: what an organisation is missing, found by the SHACL shapes in ``gaps.shapes.ttl``.

Two executors give the same answer (the tests hold them to it):

- ``reference``: pySHACL on the organisation's focus graph (its own data, the catalogs and
  mapping set the shapes read, and the analysis-date context triple);
- ``fast``: the same shapes compiled to SPARQL and run on the store
  (:mod:`shacl_sparql`); a shape it cannot compile falls back to the reference executor.

Both produce :class:`Gap` records: kind, severity, focus, the provisions concerned, a message
a consultant can paste, and the shape that found it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Literal as TypingLiteral

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ..namespaces import AIMS, compact, expand
from ..org.loader import org_graph, org_namespace
from ..store import Store
from ..store.datasets import shape_graphs
from . import shacl_sparql
from .applicability import applicability
from .gc_pace import fewer_collections
from .graphs import analysis_graphs
from .labels import labels as display_labels
from .org_view import focus_store
from .shacl_sparql import AnalysisContext

Engine = TypingLiteral["fast", "reference"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
CONTEXT = URIRef(AIMS + "analysisContext")
SUBJECT_TO = URIRef(AIMS + "subjectTo")


@dataclass(frozen=True)
class Gap:
    """One gap an organisation can act on."""

    kind: str
    severity: str
    focus: str
    provisions: list[str] = field(default_factory=list)
    message: str = ""
    shape: str = ""


@dataclass(frozen=True)
class GapReport:
    """All gaps of one organisation on one date (``system``: only those about that AI
    system, see :mod:`system_scope`)."""

    organisation: str
    as_of: str
    gaps: list[Gap] = field(default_factory=list)
    system: str | None = None


@cache
def shapes_graph() -> Graph:
    """The packaged gap shapes (parsed once per process)."""
    text = files("aimsgraph.ontology.shapes").joinpath("gaps.shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def focus_graphs(org_id: str) -> list[str]:
    """The graphs both executors read: the organisation's data, the ISO/IEC 42001 and AI Act
    catalogs with the AI Act mapping set (what the shapes read). The fast executor reading
    no more than the reference keeps them to the same data (and, with fewer graphs to look
    each pattern up in, is 2-3x faster than over every analysis graph)."""
    return [org_graph(org_id), *shape_graphs()]


def analysis_context(store: Store, org_id: str, as_of: dt.date) -> AnalysisContext:
    """The law date and, for each AI system, the AI Act articles that bind the organisation
    through it (from the applicability rules: the shapes do not decide applicability)."""
    report = applicability(store, org_id, as_of, ["ai-act"])
    namespace = org_namespace(org_id)
    by_system: dict[str, set[str]] = defaultdict(set)
    for decision in report.decisions:
        if decision.applicable:
            article = expand(_article(decision.id))
            for system in decision.systems:
                by_system[system].add(article)
    pairs = {
        (f"{namespace}system/{system}", article)
        for system, articles in by_system.items()
        for article in articles
    }
    return AnalysisContext(as_of, tuple(sorted(pairs)))


def _article(short_id: str) -> str:
    """``ai-act:art-9-2-a`` -> ``ai-act:art-9`` (gaps name the article)."""
    prefix, _, local = short_id.partition(":")
    parts = local.split("-")
    return f"{prefix}:{'-'.join(parts[:2])}" if parts[0] == "art" else short_id


def focus_graph(store: Store, org_id: str, context: AnalysisContext) -> Graph:
    """What the reference executor validates: the focus graphs and the context triples."""
    graph = Graph()
    for name in focus_graphs(org_id):
        graph.parse(data=store.export(name, "nt"), format="nt")
    graph.add(
        (CONTEXT, URIRef(AIMS + "asOf"), Literal(context.as_of.isoformat(), datatype=XSD.date))
    )
    for system, provision in context.subject_to:
        graph.add((URIRef(system), SUBJECT_TO, URIRef(provision)))
    return graph


def _reference(
    store: Store, org_id: str, context: AnalysisContext, shapes: Graph
) -> list[shacl_sparql.Violation]:
    data = focus_graph(store, org_id, context)
    _, report, text = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report, Graph):  # pySHACL refused the shapes: a bug in our data
        raise RuntimeError(f"pySHACL could not run the gap shapes: {text}")
    violations = []
    for result in report.subjects(SH.resultSeverity, None):
        source = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        violations.append(
            shacl_sparql.Violation(
                shape=str(_node_shape(shapes, source)),
                focus=str(report.value(result, SH.focusNode)),
                component=component,
                path=str(path) if path is not None else None,
                value=str(value) if value is not None else None,
            )
        )
    return violations


def _node_shape(shapes: Graph, source: Node | None) -> Node | None:
    """The node shape a (property) shape belongs to."""
    owner = shapes.value(None, SH.property, source)
    return owner if owner is not None else source


@fewer_collections()
def gaps(store: Store, org_id: str, as_of: dt.date, engine: Engine = "fast") -> GapReport:
    """Run every gap shape for the organisation on ``as_of`` with the chosen executor."""
    graphs = analysis_graphs(store, org_id)  # also checks that the organisation exists
    shapes = shapes_graph()
    context = analysis_context(store, org_id, as_of)
    if engine == "reference":
        violations = _reference(store, org_id, context, shapes)
    else:
        violations, unsupported = shacl_sparql.validate(
            focus_store(store, org_id), shapes, focus_graphs(org_id), context
        )
        if unsupported:  # shapes the compiler cannot handle run on the reference executor
            leftover = {str(shape) for shape in unsupported}
            violations += [
                v for v in _reference(store, org_id, context, shapes) if v.shape in leftover
            ]
    return GapReport(org_id, as_of.isoformat(), _records(store, graphs, org_id, shapes, violations))


def _records(
    store: Store,
    graphs: list[str],
    org_id: str,
    shapes: Graph,
    violations: list[shacl_sparql.Violation],
) -> list[Gap]:
    labels, documented = display_labels(store, org_id, graphs)
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for violation in violations:
        values = grouped.setdefault((violation.shape, violation.focus), set())
        if violation.value is not None:
            values.add(violation.value)
    namespace = org_namespace(org_id)
    described = {shape: _describe(shapes, shape) for shape in {s for s, _ in grouped}}
    # the same IRIs come back in many gaps (~10^5 at 10,000 systems): each named once
    short: dict[str, str | None] = {}
    local: dict[str, str] = {}
    shown: dict[str, str] = {}

    def short_id(iri: str) -> str | None:
        if iri not in short:  # the organisation's own nodes are never catalog provisions
            short[iri] = None if iri.startswith(namespace) else compact(iri)
        return short[iri]

    def local_id(iri: str) -> str:
        if iri not in local:
            local[iri] = _local(iri, namespace)
        return local[iri]

    def label(iri: str) -> str:
        if iri not in shown:
            shown[iri] = labels[iri] if iri in labels else local_id(iri)
        return shown[iri]

    # many gaps of a shape share their values (the controls an expired record supported)
    listed: dict[tuple[str, frozenset[str], str | None], list[str]] = {}
    joined: dict[frozenset[str], str] = {}
    records = []
    for (shape, focus), values in grouped.items():
        kind, severity, template, concerned = described[shape]
        key, focus_id = frozenset(values), short_id(focus)
        provisions = listed.get((shape, key, focus_id))
        if provisions is None:
            ids = {cid for v in key if (cid := short_id(v)) is not None}
            provisions = sorted(concerned | ids | ({focus_id} if focus_id is not None else set()))
            listed[(shape, key, focus_id)] = provisions
        value = joined.get(key)
        if value is None:
            value = joined[key] = ", ".join(sorted(label(v) for v in key))
        message = template.format(
            focus=label(focus), value=value, documented=documented.get(focus, "see the clause")
        )
        records.append(
            Gap(kind, severity, local_id(focus), list(provisions), message, compact_shape(shape))
        )
    return sorted(records, key=lambda g: (SEVERITY_ORDER.get(g.severity, 9), g.kind, g.focus))


def _describe(shapes: Graph, shape: str) -> tuple[str, str, str, frozenset[str]]:
    """A shape's gap kind, severity, message template and the provisions it concerns: read
    once per shape, not once per gap (an organisation of 10,000 systems has ~10^5 gaps)."""
    node = URIRef(shape)
    kind = str(shapes.value(node, URIRef(AIMS + "gapKind")) or "shape-violation")
    severity = str(shapes.value(node, URIRef(AIMS + "severity")) or "medium")
    template = str(shapes.value(node, URIRef(AIMS + "gapMessage")) or "{focus}: {value}")
    concerns = (compact(str(c)) for c in shapes.objects(node, URIRef(AIMS + "concerns")))
    return kind, severity, template, frozenset(c for c in concerns if c is not None)


def _local(iri: str, namespace: str) -> str:
    """``.../org/acme/system/cs`` -> ``system/cs``; catalog IRIs -> short ids."""
    if iri.startswith(namespace):
        return iri[len(namespace) :]
    return compact(iri) or iri


def compact_shape(iri: str) -> str:
    """``aims:SoAMissingShape`` for display."""
    return "aims:" + iri[len(AIMS) :] if iri.startswith(AIMS) else iri
