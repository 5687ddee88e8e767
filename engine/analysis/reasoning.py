"""OWL reasoning with owlready2: is the core ontology (plus any extra axioms) consistent?

owlready2 reads RDF/XML or N-Triples, not Turtle, so the graphs are converted with rdflib
first. HermiT runs on the JVM (Java must be installed). HermiT only knows the OWL 2 datatype
map, which lacks ``xsd:date``; the reasoning view therefore widens ``xsd:date`` ranges and
literals to ``rdfs:Literal`` / plain strings. Dates are checked by SHACL instead. (The Pellet
build shipped with owlready2 0.51 needs Java 25, so it is not used.)
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import owlready2
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, XSD


@dataclass(frozen=True)
class ReasoningResult:
    """Outcome of one consistency check."""

    consistent: bool
    classes: int
    message: str


def core_graph() -> Graph:
    """The packaged core ontology as an rdflib graph."""
    text = files("aimsgraph.ontology").joinpath("core.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def check_consistency(extra: Graph | None = None) -> ReasoningResult:
    """Run HermiT over the core ontology plus ``extra`` (e.g. individuals to test)."""
    graph = core_graph()
    if extra is not None:
        graph += extra
    graph = _without_dates(graph)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aimsgraph-core.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        classes = len(list(ontology.classes()))
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return ReasoningResult(False, classes, f"inconsistent: {error or 'no model exists'}")
        unsatisfiable = list(world.inconsistent_classes())
        if unsatisfiable:
            names = ", ".join(sorted(str(c) for c in unsatisfiable))
            return ReasoningResult(False, classes, f"unsatisfiable classes: {names}")
        return ReasoningResult(True, classes, "consistent")


def _without_dates(graph: Graph) -> Graph:
    """The OWL 2 view HermiT accepts: ``xsd:date`` widened to a plain literal."""
    result = Graph()
    for s, p, o in graph:
        if p == RDFS.range and o == XSD.date:
            o = RDFS.Literal
        elif isinstance(o, Literal) and o.datatype == XSD.date:
            o = Literal(str(o))
        result.add((s, p, o))
    return result
