"""Every IRI base, prefix and graph name of aimsgraph, defined once.

Identifiers are part of the public interface: renaming one is a breaking change.
Short ids (``iso42001:A.6.2.4``, ``ai-act:art-9-2-a``) use the framework keys below as
prefixes; ``expand``/``compact`` convert between short ids and IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

BASE: Final = "https://w3id.org/aimsgraph/"

AIMS: Final = BASE + "ontology#"
VOCAB: Final = BASE + "vocab/"
GRAPH: Final = BASE + "graph/"
ORG: Final = BASE + "org/"

SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
DCT: Final = "http://purl.org/dc/terms/"
DCAT: Final = "http://www.w3.org/ns/dcat#"
PROV: Final = "http://www.w3.org/ns/prov#"
ELI: Final = "http://data.europa.eu/eli/ontology#"
CCCEV: Final = "http://data.europa.eu/m8g/"
DPV: Final = "https://w3id.org/dpv#"
SEMAPV: Final = "https://w3id.org/semapv/vocab/"
SSSOM: Final = "https://w3id.org/sssom/"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
SH: Final = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Framework:
    """A framework catalog: its short-id prefix, IRI namespace and where it lives."""

    key: str
    namespace: str
    catalog_file: str

    @property
    def scheme(self) -> str:
        """IRI of the framework's skos:ConceptScheme."""
        return self.namespace + "scheme"

    @property
    def graph(self) -> str:
        """Named graph holding the catalog in the store."""
        return GRAPH + "catalog/" + self.key


FRAMEWORKS: Final[dict[str, Framework]] = {
    f.key: f
    for f in (
        Framework("iso42001", BASE + "iso42001/", "iso42001.ttl"),
        Framework("ai-act", BASE + "eu/ai-act/", "ai-act.ttl"),
        Framework("gdpr", BASE + "eu/gdpr/", "gdpr.ttl"),
        Framework("dora", BASE + "eu/dora/", "dora.ttl"),
        Framework("nis2", BASE + "eu/nis2/", "nis2.ttl"),
    )
}

# Longest namespace first, so nested bases never shadow each other in ``compact``.
_LONGEST_NAMESPACE_FIRST: Final = tuple(
    sorted(FRAMEWORKS.values(), key=lambda f: len(f.namespace), reverse=True)
)

ONTOLOGY_GRAPH: Final = GRAPH + "ontology"


def mapping_graph(name: str) -> str:
    """Named graph of a mapping set (``iso42001-to-ai-act``)."""
    return f"{GRAPH}mappings/{name}"


META_GRAPH: Final = GRAPH + "meta"

PREFIXES: Final[dict[str, str]] = {
    "aims": AIMS,
    "aimsv": VOCAB,
    "skos": SKOS,
    "dct": DCT,
    "dcat": DCAT,
    "prov": PROV,
    "eli": ELI,
    "cccev": CCCEV,
    "dpv": DPV,
    "semapv": SEMAPV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
}


def expand(short_id: str) -> str:
    """Turn ``ai-act:art-9`` into its IRI; raise ``KeyError`` for an unknown prefix."""
    prefix, sep, local = short_id.partition(":")
    if not sep or not local:
        raise KeyError(short_id)
    if prefix in FRAMEWORKS:
        return FRAMEWORKS[prefix].namespace + local
    raise KeyError(short_id)


def compact(iri: str) -> str | None:
    """Turn a catalog IRI into its short id, or ``None`` when it is not a catalog IRI."""
    for fw in _LONGEST_NAMESPACE_FIRST:
        if iri.startswith(fw.namespace):
            return f"{fw.key}:{iri[len(fw.namespace) :]}"
    return None


def framework_of(short_id: str) -> Framework | None:
    """The framework a short id belongs to, if any."""
    prefix, sep, _ = short_id.partition(":")
    return FRAMEWORKS.get(prefix) if sep else None
