"""Turn a parsed SSSOM mapping set into RDF: one reified ``aims:MappingLink`` per row.

Each link keeps everything the row says (relationship, rationale, strength, confidence,
status, comment, provenance, source line) and the SKOS view of the row is added as a plain
triple between subject and object, except for ``no-relationship`` rows, which assert that
there is *no* link and therefore add no SKOS triple.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import AIMS, BASE, SEMAPV, VOCAB
from .sssom import MappingSet

A = Namespace(AIMS)
MAPPING_BASE = BASE + "mapping/"
SKOS_PREDICATES = {
    "skos:exactMatch": SKOS.exactMatch,
    "skos:broadMatch": SKOS.broadMatch,
    "skos:narrowMatch": SKOS.narrowMatch,
    "skos:relatedMatch": SKOS.relatedMatch,
}


def set_iri(mapping_set: MappingSet) -> URIRef:
    """IRI of the mapping set (its ``mapping_set_id``)."""
    return URIRef(str(mapping_set.header.get("mapping_set_id") or MAPPING_BASE + mapping_set.name))


def link_iri(mapping_set: MappingSet, subject: str, obj: str) -> URIRef:
    """Stable IRI of one link: set name, subject local id, object CURIE (unique per set)."""
    s_local = subject.partition(":")[2]
    return URIRef(f"{MAPPING_BASE}{mapping_set.name}/{s_local}--{obj}")


def to_graph(mapping_set: MappingSet) -> Graph:
    """The mapping set as RDF (call only on a set that validated)."""
    graph = Graph()
    graph.bind("aims", A)
    graph.bind("skos", SKOS)
    ms = set_iri(mapping_set)
    header = mapping_set.header
    graph.add((ms, RDF.type, A.MappingSet))
    graph.add((ms, RDFS.label, Literal(mapping_set.name)))
    graph.add((ms, A.mappingSetVersion, Literal(str(header.get("mapping_set_version", "")))))
    graph.add((ms, DCTERMS.license, URIRef(str(header.get("license", "")))))
    graph.add((ms, DCTERMS.issued, Literal(str(header.get("mapping_date", "")), datatype=XSD.date)))
    for creator in _as_list(header.get("creator_id")):
        graph.add((ms, DCTERMS.creator, Literal(creator)))
    for key in ("subject_source", "object_source"):
        value = header.get(key)
        if value:
            graph.add((ms, A[_camel(key)], URIRef(str(value))))

    for row in mapping_set.rows:
        subject = URIRef(mapping_set.expand(row.subject_id) or "")
        obj = URIRef(mapping_set.expand(row.object_id) or "")
        link = link_iri(mapping_set, row.subject_id, row.object_id)
        graph.add((link, RDF.type, A.MappingLink))
        graph.add((link, A.inMappingSet, ms))
        graph.add((link, A.mappingSubject, subject))
        graph.add((link, A.mappingObject, obj))
        graph.add((link, A.relationship, URIRef(f"{VOCAB}relationship/{row.relationship}")))
        graph.add((link, A.rationale, URIRef(f"{VOCAB}rationale/{row.rationale}")))
        graph.add((link, A.mappingStatus, URIRef(f"{VOCAB}mapping-status/{row.status}")))
        graph.add((link, A.strength, Literal(row.strength, datatype=XSD.integer)))
        graph.add((link, A.confidence, Literal(f"{row.confidence:.2f}", datatype=XSD.decimal)))
        justification = row.mapping_justification.partition(":")[2]
        graph.add((link, A.mappingJustification, URIRef(SEMAPV + justification)))
        graph.add((link, RDFS.comment, Literal(row.comment, lang="en")))
        graph.add((link, PROV.wasAttributedTo, Literal(row.author_id)))
        graph.add((link, DCTERMS.date, Literal(row.mapping_date, datatype=XSD.date)))
        graph.add((link, A.sourceLine, Literal(row.line, datatype=XSD.integer)))
        if row.see_also:
            graph.add((link, RDFS.seeAlso, URIRef(row.see_also)))
        if row.relationship != "no-relationship":
            graph.add((subject, SKOS_PREDICATES[row.predicate_id], obj))
    return graph


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)
