"""Export the shipped mapping sets as SSSOM, SKOS (Turtle) or an OSCAL 1.2 mapping collection.

Exports read the packaged, validated mapping sets; they add nothing the sets do not say.
OSCAL identifiers are UUIDv5 derived from stable ids, so two exports of the same version are
identical and diff cleanly.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from importlib.resources import files
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ... import __version__
from ..namespaces import BASE, FRAMEWORKS, compact
from . import sssom
from .mapping_rdf import to_graph
from .mappings import packaged_sets

OSCAL_VERSION = "1.2.1"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
OSCAL_NS = BASE + "ontology"


def _eli_of() -> dict[str, str]:
    """Framework key -> ELI of the act, from the catalog source (one place for ELIs)."""
    text = files("aimsgraph.ontology.sources").joinpath("frameworks.csv").read_text("utf-8")
    return {row["key"]: row["eli"] for row in csv.DictReader(io.StringIO(text)) if row["eli"]}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def to_sssom() -> str:
    """All sets as one SSSOM TSV (one ``mapping_set_id`` for the combined crosswalk)."""
    sets = packaged_sets()
    header: dict[str, Any] = {
        "mapping_set_id": BASE + "mapping/iso42001-to-eu",
        "mapping_set_version": __version__,
        "mapping_set_description": "ISO/IEC 42001:2023 to the EU AI Act, GDPR, DORA and NIS2 "
        "(all aimsgraph mapping sets combined).",
        "license": sets[0].header.get("license") if sets else "",
        "creator_id": sets[0].header.get("creator_id") if sets else [],
        "mapping_date": max((str(s.header.get("mapping_date", "")) for s in sets), default=""),
        "subject_source": FRAMEWORKS["iso42001"].scheme,
        "object_source": BASE + "eu/",
        "curie_map": {},
        "extension_definitions": sets[0].header.get("extension_definitions") if sets else [],
    }
    rows = []
    for mapping_set in sets:
        header["curie_map"].update(mapping_set.curie_map)
        rows.extend(mapping_set.rows)
    return sssom.write(sssom.MappingSet("iso42001-to-eu.sssom.tsv", header, rows))


def to_skos() -> str:
    """The SKOS view (subject skos:*Match object) plus the reified links, as Turtle."""
    graph = Graph()
    for mapping_set in packaged_sets():
        graph += to_graph(mapping_set)
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("aims", URIRef(BASE + "ontology#"))
    graph.add((URIRef(BASE + "mapping/iso42001-to-eu"), DCTERMS.hasVersion, Literal(__version__)))
    return graph.serialize(format="longturtle")


def to_oscal() -> dict[str, Any]:
    """An OSCAL 1.2 ``mapping-collection``: one mapping per act, one map per row."""
    sets = packaged_sets()
    eli_of = _eli_of()
    mappings = []
    for mapping_set in sets:
        target = mapping_set.name.partition("-to-")[2]
        maps = []
        for row in mapping_set.rows:
            subject = compact(mapping_set.expand(row.subject_id) or "") or row.subject_id
            obj = compact(mapping_set.expand(row.object_id) or "") or row.object_id
            maps.append(
                {
                    "uuid": _uuid(mapping_set.name, subject, obj),
                    "matching-rationale": row.rationale,
                    "relationship": row.relationship,
                    "sources": [{"type": "control", "id-ref": subject.partition(":")[2]}],
                    "targets": [{"type": "statement", "id-ref": obj.partition(":")[2]}],
                    "confidence-score": {"percentage": round(row.confidence, 2)},
                    "props": [
                        {"name": "strength", "ns": OSCAL_NS, "value": str(row.strength)},
                        {"name": "status", "ns": OSCAL_NS, "value": row.status},
                    ],
                    "remarks": row.comment,
                }
            )
        if not maps:
            continue
        mappings.append(
            {
                "uuid": _uuid(mapping_set.name, str(mapping_set.header.get("mapping_set_version"))),
                "method": "human",
                "status": "draft"
                if any(r.status == "draft" for r in mapping_set.rows)
                else "complete",
                "source-resource": {"type": "catalog", "href": FRAMEWORKS["iso42001"].scheme},
                "target-resource": {"type": "catalog", "href": eli_of.get(target, target)},
                "maps": maps,
            }
        )
    last_modified = max((str(s.header.get("mapping_date", "")) for s in sets), default="")
    return {
        "mapping-collection": {
            "uuid": _uuid("collection", __version__),
            "metadata": {
                "title": "aimsgraph: ISO/IEC 42001:2023 to the EU AI Act, GDPR, DORA and NIS2",
                "last-modified": f"{last_modified or '1970-01-01'}T00:00:00Z",
                "version": __version__,
                "oscal-version": OSCAL_VERSION,
            },
            "provenance": {
                "method": "human",
                "matching-rationale": "semantic",
                "status": "draft",
                "mapping-description": "Authored by the aimsgraph maintainers from the legal "
                "texts; relationships follow NIST IR 8477 set theory. Each map carries its "
                "strength (0-10) and review status as props.",
            },
            "mappings": mappings,
        }
    }


def export(fmt: str) -> str:
    """The shipped mapping sets in ``fmt`` (sssom, skos or oscal)."""
    if fmt == "sssom":
        return to_sssom()
    if fmt == "skos":
        return to_skos()
    if fmt == "oscal":
        return json.dumps(to_oscal(), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")
