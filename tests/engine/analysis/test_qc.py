"""Integrity checks: the shipped catalogs pass, and every check catches its defect."""

from __future__ import annotations

import pytest
from aimsgraph.engine.analysis import qc
from aimsgraph.engine.namespaces import FRAMEWORKS
from aimsgraph.engine.store import EmbeddedStore, datasets

NIS2 = FRAMEWORKS["nis2"]
PREFIXES = """
@prefix aims: <https://w3id.org/aimsgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix nis2: <https://w3id.org/aimsgraph/eu/nis2/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
"""


def test_shipped_catalogs_pass_every_check(store: EmbeddedStore) -> None:
    assert qc.run(store) == []


def test_every_check_file_is_packaged() -> None:
    names = {name for name, _ in qc.checks()}
    assert {
        "missing-label-violation",
        "duplicate-notation-violation",
        "orphan-provision-violation",
        "eu-provision-without-eli-violation",
        "unknown-applicability-term-violation",
    } <= names


DEFECTS = {
    "duplicate-notation-violation": """
        nis2:art-999 a aims:Article ; aims:framework nis2:scheme ; skos:inScheme nis2:scheme ;
          skos:notation "Art. 21" ; skos:prefLabel "Copy"@en ; aims:shortId "nis2:art-999" ;
          aims:kind "article" ; aims:sortKey 9999 ; skos:topConceptOf nis2:scheme ;
          eli:is_part_of <http://data.europa.eu/eli/dir/2022/2555/oj> ;
          <http://purl.org/dc/terms/source> <https://eur-lex.europa.eu/> .""",
    "orphan-provision-violation": """
        nis2:art-998 a aims:Article ; aims:framework nis2:scheme ; skos:inScheme nis2:scheme ;
          skos:notation "Art. 998" ; skos:prefLabel "Orphan"@en ; aims:shortId "nis2:art-998" ;
          aims:kind "article" ; aims:sortKey 9998 ;
          eli:is_part_of <http://data.europa.eu/eli/dir/2022/2555/oj> ;
          <http://purl.org/dc/terms/source> <https://eur-lex.europa.eu/> .""",
    "eu-provision-without-eli-violation": """
        nis2:art-997 a aims:Article ; aims:framework nis2:scheme ; skos:inScheme nis2:scheme ;
          skos:notation "Art. 997" ; skos:prefLabel "No ELI"@en ; aims:shortId "nis2:art-997" ;
          aims:kind "article" ; aims:sortKey 9997 ; skos:topConceptOf nis2:scheme .""",
    "missing-label-violation": """
        nis2:art-996 a aims:Article ; aims:framework nis2:scheme ; skos:inScheme nis2:scheme ;
          skos:notation "Art. 996" ; aims:shortId "nis2:art-996" ;
          aims:kind "article" ; aims:sortKey 9996 ; skos:topConceptOf nis2:scheme ;
          eli:is_part_of <http://data.europa.eu/eli/dir/2022/2555/oj> ;
          <http://purl.org/dc/terms/source> <https://eur-lex.europa.eu/> .""",
    "unknown-applicability-term-violation": """
        nis2:art-21 aims:hasApplicability nis2:bad-condition .
        nis2:bad-condition a aims:ApplicabilityCondition ;
          aims:addressee <https://w3id.org/aimsgraph/vocab/addressee/bank> ;
          aims:timing <https://w3id.org/aimsgraph/eu/nis2/timing/nis2> ;
          aims:effect "applies" ; aims:declaredOn nis2:art-21 ;
          <http://purl.org/dc/terms/source> "test" .""",
}


@pytest.mark.parametrize("check", sorted(DEFECTS))
def test_each_check_catches_its_defect(fresh_store: EmbeddedStore, check: str) -> None:
    datasets.install(fresh_store)
    catalog = fresh_store.export(NIS2.graph, "nt").decode()
    # Re-declare the prefixes after the N-Triples so the defect can use them.
    fresh_store.replace_graph(NIS2.graph, PREFIXES + catalog + DEFECTS[check], "ttl", "defect")
    found = {v.check for v in qc.run_queries(fresh_store)}
    assert check in found


def test_shapes_catch_a_malformed_provision(fresh_store: EmbeddedStore) -> None:
    datasets.install(fresh_store)
    catalog = fresh_store.export(NIS2.graph, "nt").decode()
    defect = """
        nis2:art-995 aims:framework nis2:scheme ; skos:inScheme nis2:scheme ;
          skos:notation "Art. 995" ; skos:prefLabel "Bad kind"@en ; aims:shortId "NIS 2 / 995" ;
          aims:kind "verse" ; aims:sortKey "first" ; skos:topConceptOf nis2:scheme ."""
    fresh_store.replace_graph(NIS2.graph, PREFIXES + catalog + defect, "ttl", "defect")
    violations = [v for v in qc.run_shapes(fresh_store) if v.focus.endswith("art-995")]
    paths = " ".join(v.message for v in violations)
    for expected in ("aims:kind", "aims:shortId", "aims:sortKey"):
        assert expected in paths
