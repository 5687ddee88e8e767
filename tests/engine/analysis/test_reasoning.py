"""owlready2 (HermiT) finds the core ontology consistent and catches contradictions."""

from __future__ import annotations

from aimsgraph.engine.analysis.reasoning import check_consistency
from rdflib import Graph

PREFIX = "@prefix aims: <https://w3id.org/aimsgraph/ontology#> .\n"


def test_core_ontology_is_consistent() -> None:
    result = check_consistency()
    assert result.consistent, result.message
    assert result.classes >= 25


def test_disjoint_provision_kinds_are_enforced() -> None:
    clash = Graph().parse(data=PREFIX + "<urn:x> a aims:Article, aims:Control .", format="turtle")
    assert not check_consistency(clash).consistent


def test_functional_properties_are_enforced() -> None:
    two_strengths = Graph().parse(
        data=PREFIX + "<urn:l> a aims:MappingLink ; aims:strength 5, 6 .", format="turtle"
    )
    assert not check_consistency(two_strengths).consistent


def test_valid_individuals_stay_consistent() -> None:
    data = Graph().parse(
        data=PREFIX
        + """<urn:l> a aims:MappingLink ; aims:strength 5 ;
                  aims:mappingSubject <urn:c> ; aims:mappingObject <urn:o> .
             <urn:c> a aims:Control . <urn:o> a aims:Paragraph, aims:Obligation .""",
        format="turtle",
    )
    result = check_consistency(data)
    assert result.consistent, result.message
