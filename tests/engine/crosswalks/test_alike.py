"""Alike obligations mapped differently: the QC query on a planted fixture, and the shipped
groups against the catalogs."""

from __future__ import annotations

import dataclasses

import pytest
from aimsgraph.engine.crosswalks import alike, mappings
from aimsgraph.engine.crosswalks.mapping_rdf import to_graph
from aimsgraph.engine.crosswalks.sssom import MappingSet
from aimsgraph.engine.errors import InputError
from aimsgraph.engine.namespaces import expand
from aimsgraph.engine.store import EmbeddedStore
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

GROUP = alike.Group(
    "notify", "both notify an authority", {"gdpr:art-33-1": "c", "dora:art-19-1": "c"}
)


def fixture(rows: list[tuple[str, str, str, int]]) -> EmbeddedStore:
    """An in-memory store with one mapping set of ``rows`` (element, object, relationship,
    strength) and the hierarchy of the two articles."""
    shipped = next(s for s in mappings.packaged_sets() if s.name == "iso42001-to-gdpr")
    template = shipped.rows[0]
    planted = [
        dataclasses.replace(
            template,
            subject_id=f"iso42001:{element}",
            object_id=obj,
            relationship=relationship,
            strength=strength,
            predicate_id="skos:relatedMatch",
            line=n,
        )
        for n, (element, obj, relationship, strength) in enumerate(rows, 2)
    ]
    curies = shipped.curie_map | {"dora": expand("dora:x")[:-1]}
    mapping_set = MappingSet(shipped.path, {**shipped.header, "curie_map": curies}, planted)
    store = EmbeddedStore.in_memory()
    store.replace_graph("urn:test:links", to_graph(mapping_set).serialize(format="nt"), "nt", "t")
    hierarchy = Graph()
    for child, parent in (("gdpr:art-33-1", "gdpr:art-33"), ("dora:art-19-1", "dora:art-19")):
        hierarchy.add((URIRef(expand(child)), SKOS.broader, URIRef(expand(parent))))
    store.replace_graph("urn:test:tree", hierarchy.serialize(format="nt"), "nt", "t")
    return store


def test_lists_the_planted_inconsistency_and_not_the_consistent_pair() -> None:
    store = fixture(
        [
            ("A.8.5", "gdpr:art-33-1", "intersects-with", 4),  # consistent with the next
            ("A.8.5", "dora:art-19-1", "intersects-with", 3),
            ("A.7.2", "gdpr:art-33-1", "intersects-with", 4),  # planted: a mapping ...
            ("A.7.2", "dora:art-19-1", "no-relationship", 0),  # ... against no-relationship
        ]
    )
    found = alike.compare(store, [GROUP])
    assert [(d.element, d.kind, d.relationship_a, d.relationship_b) for d in found] == [
        ("iso42001:A.7.2", "relationship", "intersects-with", "no-relationship")
    ]


def test_strength_gaps_one_sided_mappings_and_rows_on_an_article() -> None:
    store = fixture(
        [
            ("A.5.2", "gdpr:art-33-1", "intersects-with", 2),  # strengths 3 apart: listed
            ("A.5.2", "dora:art-19-1", "intersects-with", 5),
            ("A.5.3", "gdpr:art-33-1", "intersects-with", 3),  # 2 apart: not listed
            ("A.5.3", "dora:art-19-1", "intersects-with", 5),
            ("A.6.2.8", "gdpr:art-33-1", "subset-of", 6),  # a mapping to one member only
            ("A.6.2.6", "gdpr:art-33", "intersects-with", 3),  # on the article: treats 33(1)
            ("A.6.2.6", "dora:art-19-1", "intersects-with", 4),
            ("A.9.2", "gdpr:art-33-1", "no-relationship", 0),  # looked, found none: not listed
        ]
    )
    found = {(d.element, d.kind) for d in alike.compare(store, [GROUP])}
    assert found == {("iso42001:A.5.2", "strength"), ("iso42001:A.6.2.8", "only-a")}


def test_shipped_groups_name_catalogued_provisions_of_several_acts(store: EmbeddedStore) -> None:
    groups = alike.packaged()
    assert len(groups) >= 8
    assert alike.unknown_members(groups, mappings.known_provisions(store)) == []
    for group in groups:
        assert group.reason.strip() and all(c.strip() for c in group.members.values())
    acts = {m.partition(":")[0] for g in groups for m in g.members}
    assert acts == {"ai-act", "gdpr", "dora", "nis2"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groups: [{id: x, reason: r, members: {gdpr:art-33-1: c}}]", "2 or more"),
        ("groups: [{id: x, members: {gdpr:art-33-1: c, dora:art-19-1: c}}]", "reason"),
        ("groups: [{id: x, reason: r, members: {iso42001:A.5.2: c, dora:art-19-1: c}}]", "EU act"),
        ("groups: {}", "'groups:' list"),
        ("groups: [", "not valid YAML"),
    ],
)
def test_a_malformed_file_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        alike.parse(text)
    assert message in str(caught.value)
