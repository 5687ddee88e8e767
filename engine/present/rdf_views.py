"""RDF views for content negotiation: a provision or a mapping link as Turtle or JSON-LD.

JSON-LD is written with an inline context built from our prefixes: no remote context is
ever referenced or fetched.
"""

from __future__ import annotations

from rdflib import Graph

from ..namespaces import FRAMEWORKS, PREFIXES
from ..store import Iri, Store, sparql

RDF_MEDIA = ("text/turtle", "application/ld+json")


def negotiate(accept: str) -> str | None:
    """The RDF media type asked for, or ``None`` for JSON."""
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in RDF_MEDIA:
            return media
        if media in ("application/json", "*/*"):
            return None
    return None


def _context() -> dict[str, str]:
    context = dict(PREFIXES)
    context.update({("aia" if k == "ai-act" else k): fw.namespace for k, fw in FRAMEWORKS.items()})
    return context


def serialise(graph: Graph, media: str) -> bytes:
    """Turtle, or JSON-LD with an inline context."""
    for prefix, namespace in _context().items():
        graph.bind(prefix, namespace)
    if media == "application/ld+json":
        return graph.serialize(format="json-ld", context=_context(), indent=2).encode("utf-8")
    return graph.serialize(format="turtle").encode("utf-8")


def provision_rdf(store: Store, iri: str, media: str) -> bytes:
    """Every triple about one provision."""
    data = store.construct(sparql.load("describe"), {"s": Iri(iri)})
    return serialise(Graph().parse(data=data, format="nt"), media)


def link_rdf(store: Store, iris: list[str], media: str) -> bytes:
    """Every triple about the given mapping links."""
    graph = Graph()
    for iri in iris:
        graph.parse(data=store.construct(sparql.load("describe"), {"s": Iri(iri)}), format="nt")
    return serialise(graph, media)
