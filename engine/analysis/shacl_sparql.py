"""The fast SHACL executor: shapes compiled to SPARQL and run on the store.

Instead of validating node by node in memory, each shape becomes one SPARQL query over the
store that returns every violation at once:

- targets (``sh:targetClass`` with subclasses, ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``) become a pattern binding ``?this``;
- SHACL-SPARQL constraints (``sh:sparql`` SELECT) run as written, with ``$this`` replaced by
  the target-bound ``?this`` (equivalent to pre-binding for queries without sub-SELECTs);
- the core constraints we use are compiled: ``sh:minCount``, ``sh:maxCount``,
  ``sh:datatype``, ``sh:class``, ``sh:in``, ``sh:hasValue``, ``sh:pattern``,
  ``sh:nodeKind`` on node shapes and on property shapes with a predicate path.

Anything else (another component, a complex path, a sub-SELECT) is reported as unsupported,
and the caller runs those shapes with the reference executor instead. The analysis date is
read by the shapes from the context triple ``aims:analysisContext aims:asOf ?asOf .``, and
what applies to each AI system (decided by the applicability rules, not by the shapes) from
``$this aims:subjectTo ?value .``; the reference executor adds both as triples to its focus
graph, this executor supplies them as inline data (``VALUES``) rather than writing them to
the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..store import Store

CONTEXT_LINE = re.compile(r"^\s*aims:analysisContext\s+aims:asOf\s+\?asOf\s*\.\s*$", re.M)
SUBJECT_TO_LINE = re.compile(r"^\s*\?this\s+aims:subjectTo\s+\?value\s*\.\s*$", re.M)


@dataclass(frozen=True)
class AnalysisContext:
    """What the shapes read from ``aims:analysisContext`` and ``aims:subjectTo``: the law
    date, and the (AI system IRI, provision IRI) pairs that apply on it."""

    as_of: dt.date
    subject_to: tuple[tuple[str, str], ...] = ()


CORE = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH["in"],
    SH.hasValue,
    SH.pattern,
    SH.nodeKind,
}
# SHACL terms that are not constraint components (or are handled elsewhere).
NOT_COMPONENTS = {
    SH.path,
    SH.message,
    SH.name,
    SH.description,
    SH.severity,
    SH.flags,
    SH.order,
    SH.group,
    SH.deactivated,
    SH.property,
    SH.sparql,
    SH.select,
    SH.prefixes,
    SH.declare,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.defaultValue,
}
CASTABLE = {
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.boolean,
    XSD.string,
    XSD.dateTime,
    XSD.date,
}
NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}


class UnsupportedShapeError(Exception):
    """A shape uses something this executor does not compile."""


@dataclass(frozen=True)
class Violation:
    """One validation result, executor-independent (lexical values of the terms)."""

    shape: str
    focus: str
    component: str
    path: str | None = None
    value: str | None = None
    source_shape: str | None = None


@dataclass(frozen=True)
class CompiledQuery:
    """One query and how to read its rows."""

    shape: URIRef
    source_shape: Node
    component: str
    path: str | None
    query: str


def term(node: Node) -> str:
    """A node as SPARQL syntax (IRIs and literals; blank nodes are not addressable)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShapeError(f"blank node {node} cannot be written in a query")


def node_shapes(shapes: Graph) -> Iterator[URIRef | BNode]:
    """Shapes with targets (only those produce results on their own)."""
    seen = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        for shape in shapes.subjects(predicate, None):
            if shape not in seen:
                seen.add(shape)
                yield shape  # type: ignore[misc]
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if shape not in seen and (shape, RDF.type, RDFS.Class) in shapes:
            seen.add(shape)
            yield shape  # type: ignore[misc]


def _instances_of(cls: Node) -> str:
    """Instances of ``cls`` or of a subclass: the direct type, or a type linked by
    ``rdfs:subClassOf+``. Equivalent to ``?this a/rdfs:subClassOf* cls``, which Virtuoso 7.2
    answers wrongly once it is joined with other patterns (a zero-length path to a constant)."""
    return (
        f"{{ ?this a {term(cls)} }} UNION "
        f"{{ ?this a ?targetType . ?targetType <{RDFS.subClassOf}>+ {term(cls)} }}"
    )


def target_pattern(shapes: Graph, shape: Node) -> str:
    """A group pattern that binds ?this to every target of ``shape``."""
    parts = []
    for cls in shapes.objects(shape, SH.targetClass):
        parts.append(_instances_of(cls))
    if (shape, RDF.type, RDFS.Class) in shapes:
        parts.append(_instances_of(shape))
    nodes = list(shapes.objects(shape, SH.targetNode))
    if nodes:
        parts.append("VALUES ?this { " + " ".join(term(n) for n in nodes) + " }")
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"?this {term(predicate)} ?targetObject .")
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        parts.append(f"?targetSubject {term(predicate)} ?this .")
    if not parts:
        raise UnsupportedShapeError(f"shape {shape} has no target")
    return " UNION ".join("{ " + p + " }" for p in parts)


def _prefixes(shapes: Graph, constraint: Node) -> str:
    """PREFIX lines from sh:prefixes, following owl:imports as SHACL-SPARQL specifies."""
    lines, seen = [], set()
    pending = list(shapes.objects(constraint, SH.prefixes))
    while pending:
        owner = pending.pop()
        if owner in seen:
            continue
        seen.add(owner)
        pending.extend(shapes.objects(owner, OWL.imports))
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines)) + "\n"


def _projects_this(select: str) -> bool:
    """Every sub-SELECT projects $this (SHACL-SPARQL's condition for sub-queries), so the
    target-bound ?this joins them like the pre-bound variable would."""
    heads = re.findall(r"\bSELECT\b([^{]*)\bWHERE\b", select, re.I)
    return all("$this" in head for head in heads[1:])


def _with_target(select: str, target: str) -> str:
    """Insert the target pattern at the start of the outermost WHERE group."""
    match = re.search(r"\bWHERE\s*\{", select, re.I)
    if match is None:
        raise UnsupportedShapeError("SELECT without WHERE")
    position = match.end()
    return (
        select[:position]
        + f"\n  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
        + select[position:]
    )


def compile_shape(
    shapes: Graph, shape: URIRef | BNode, context: AnalysisContext | None
) -> list[CompiledQuery]:
    """Every query that checks ``shape`` (its SPARQL constraints, its core constraints)."""
    target = target_pattern(shapes, shape)
    shape_ref = shape if isinstance(shape, URIRef) else URIRef(f"urn:bnode:{shape}")
    queries: list[CompiledQuery] = []
    for constraint in shapes.objects(shape, SH.sparql):
        select = str(shapes.value(constraint, SH.select) or "")
        if not select:
            raise UnsupportedShapeError("sh:sparql without sh:select")
        if len(re.findall(r"\bSELECT\b", select, re.I)) > 1 and not _projects_this(select):
            raise UnsupportedShapeError("a sub-SELECT that does not project $this")
        if "$shapesGraph" in select or "$currentShape" in select:
            raise UnsupportedShapeError("$shapesGraph/$currentShape")
        text = select.replace("$this", "?this")
        if CONTEXT_LINE.search(text) or SUBJECT_TO_LINE.search(text):
            if context is None:
                raise UnsupportedShapeError("the shape needs an analysis context")
            text = CONTEXT_LINE.sub(
                f'  VALUES ?asOf {{ "{context.as_of.isoformat()}"^^<{XSD.date}> }}', text
            )
            rows = " ".join(f"(<{s}> <{v}>)" for s, v in context.subject_to)
            block = "  VALUES (?this ?value) { " + rows + " }"
            text = SUBJECT_TO_LINE.sub(lambda _: block, text)  # noqa: B023 (used at once)
        queries.append(
            CompiledQuery(
                shape_ref,
                shape,
                "SPARQLConstraintComponent",
                None,
                _prefixes(shapes, constraint) + _with_target(text, target),
            )
        )
    queries += _core(shapes, shape, shape_ref, target, None)
    for property_shape in shapes.objects(shape, SH.property):
        path = shapes.value(property_shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShapeError("only predicate paths are compiled")
        queries += _core(shapes, property_shape, shape_ref, target, path)
    return queries


def _core(
    shapes: Graph, owner: Node, shape_ref: URIRef, target: str, path: URIRef | None
) -> list[CompiledQuery]:
    for predicate in set(shapes.predicates(owner, None)):
        if predicate in CORE or predicate in NOT_COMPONENTS:
            continue
        if str(predicate).startswith(str(SH)):
            raise UnsupportedShapeError(f"{predicate} is not compiled")
    values = f"?this {term(path)} ?value ." if path is not None else "BIND (?this AS ?value)"
    queries = []

    def add(component: str, body: str) -> None:
        queries.append(
            CompiledQuery(
                shape_ref,
                owner,
                component,
                str(path) if path else None,
                "SELECT DISTINCT ?this ?value WHERE {\n"
                f"  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
                f"  {body}\n}}",
            )
        )

    for component, predicate, test in (
        ("MinCountConstraintComponent", SH.minCount, "<"),
        ("MaxCountConstraintComponent", SH.maxCount, ">"),
    ):
        for value in shapes.objects(owner, predicate):
            if path is None:
                raise UnsupportedShapeError(f"{predicate} on a node shape")
            bound = int(str(value))
            if test == "<" and bound == 1:
                # "fewer than one value" is "no value": a NOT EXISTS per focus node, not a
                # count of every node's values (5x faster over 10^4 evidence items)
                query = (
                    "SELECT ?this WHERE {\n"
                    f"  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
                    f"  FILTER NOT EXISTS {{ ?this {term(path)} ?v }}\n"
                    "}"
                )
            else:
                # minCount must see focus nodes without any value, hence the OPTIONAL.
                values_pattern = (
                    f"OPTIONAL {{ ?this {term(path)} ?v }}"
                    if test == "<"
                    else f"?this {term(path)} ?v ."
                )
                query = (
                    "SELECT ?this WHERE {\n"
                    f"  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
                    f"  {values_pattern}\n"
                    f"}} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {test} {bound})"
                )
            queries.append(CompiledQuery(shape_ref, owner, component, str(path), query))
    for value in shapes.objects(owner, SH.datatype):
        # An ill-typed literal ("aldi"^^xsd:integer) violates too: its cast fails.
        cast = f"\n  BIND ({term(value)}(STR(?value)) AS ?cast)" if value in CASTABLE else ""
        check = " || !BOUND(?cast)" if value in CASTABLE else ""
        add(
            "DatatypeConstraintComponent",
            f"{values}{cast}\n  FILTER (!isLiteral(?value) || DATATYPE(?value) != "
            f"{term(value)}{check})",
        )
    for value in shapes.objects(owner, SH["class"]):
        add(
            "ClassConstraintComponent",
            f"{values}\n  FILTER NOT EXISTS {{ ?value a/<{RDFS.subClassOf}>* {term(value)} }}",
        )
    for value in shapes.objects(owner, SH["in"]):
        members = ", ".join(term(m) for m in Collection(shapes, value))
        add("InConstraintComponent", f"{values}\n  FILTER (?value NOT IN ({members}))")
    for value in shapes.objects(owner, SH.hasValue):
        if path is None:
            add("HasValueConstraintComponent", f"FILTER (?this != {term(value)})")
        else:
            queries.append(
                CompiledQuery(
                    shape_ref,
                    owner,
                    "HasValueConstraintComponent",
                    str(path),
                    "SELECT DISTINCT ?this WHERE {\n"
                    f"  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
                    f"  FILTER NOT EXISTS {{ ?this {term(path)} {term(value)} }}\n}}",
                )
            )
    for value in shapes.objects(owner, SH.pattern):
        flags = shapes.value(owner, SH.flags)
        flag_arg = f", {Literal(str(flags)).n3()}" if flags is not None else ""
        regex = f"REGEX(STR(?value), {Literal(str(value)).n3()}{flag_arg})"
        add("PatternConstraintComponent", f"{values}\n  FILTER (isBlank(?value) || !{regex})")
    for value in shapes.objects(owner, SH.nodeKind):
        if not isinstance(value, URIRef) or value not in NODE_KINDS:
            raise UnsupportedShapeError(f"node kind {value}")
        add("NodeKindConstraintComponent", f"{values}\n  FILTER (!{NODE_KINDS[value]})")
    return queries


def validate(
    store: Store,
    shapes: Graph,
    graphs: list[str] | None,
    context: AnalysisContext | None = None,
) -> tuple[list[Violation], list[URIRef | BNode]]:
    """Run every compilable shape on the store; return violations and the shapes left over."""
    violations: list[Violation] = []
    unsupported: list[URIRef | BNode] = []
    for shape in node_shapes(shapes):
        try:
            compiled = compile_shape(shapes, shape, context)
        except UnsupportedShapeError:
            unsupported.append(shape)
            continue
        for query in compiled:
            for row in store.select(query.query, graphs=graphs):
                violations.append(
                    Violation(
                        shape=str(query.shape),
                        focus=row["this"],
                        component=query.component,
                        path=row.get("path") or query.path,
                        value=row.get("value"),
                        source_shape=str(query.source_shape),
                    )
                )
    return violations, unsupported
