"""The shipped mapping sets: valid, complete for their scope, and portable (sssom-py, OSCAL)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from aimsgraph.engine.crosswalks import export, mappings, sssom
from aimsgraph.engine.store import EmbeddedStore, datasets
from rdflib import Graph

SETS = ["iso42001-to-ai-act", "iso42001-to-gdpr", "iso42001-to-dora", "iso42001-to-nis2"]


def shipped() -> dict[str, sssom.MappingSet]:
    return {s.name: s for s in mappings.packaged_sets()}


def test_all_four_sets_ship() -> None:
    assert sorted(shipped()) == sorted(SETS)


def test_shipped_sets_are_valid(store: EmbeddedStore) -> None:
    known = mappings.known_provisions(store)
    assert mappings.validate_texts(datasets.mapping_files(), known) == []


@pytest.mark.parametrize("name", SETS)
def test_every_provision_in_scope_has_a_row(name: str) -> None:
    stats = mappings.stats_of(shipped()[name])
    assert stats.unmapped_in_scope == []
    assert stats.rows >= 30


@pytest.mark.parametrize("name", SETS)
def test_rows_carry_provenance_and_reasons(name: str) -> None:
    for row in shipped()[name].rows:
        assert len(row.comment) >= 40, (row.line, row.comment)
        assert row.author_id and row.mapping_date and row.status in ("draft", "reviewed")
        if row.relationship == "no-relationship":
            assert row.strength == 0


def test_ai_act_relates_core_high_risk_requirements() -> None:
    rows = shipped()["iso42001-to-ai-act"].rows
    pairs = {
        (r.subject_id, r.object_id.partition(":")[2].split("-")[1])
        for r in rows
        if r.relationship != "no-relationship"
    }
    # Art. 9 risk management and Art. 12 logging are addressed by ISO 42001 elements.
    assert any(article == "9" for _, article in pairs)
    assert any(s == "iso42001:A.6.2.8" and a == "12" for s, a in pairs)


def test_sssom_py_reads_the_same_rows(caplog: pytest.LogCaptureFixture) -> None:
    """Round trip through sssom-py: the standard columns come back unchanged.

    sssom-py (0.4) does not keep extension columns (relationship, rationale, strength,
    status) on its mapping objects, so those are compared through our own parser only.
    """
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    caplog.set_level(logging.ERROR)
    for name, text in datasets.mapping_files():
        ours, problems = sssom.parse(text, name)
        assert problems == []
        msdf = parse_sssom_table(_tmp(name, text))
        validate(msdf, fail_on_error=True)
        # sssom-py sorts rows; compare them keyed by (subject, object).
        theirs = {
            (r["subject_id"], r["object_id"]): r for r in msdf.df.fillna("").to_dict("records")
        }
        assert len(theirs) == len(ours.rows), name
        for mine in ours.rows:
            other = theirs[(mine.subject_id, mine.object_id)]
            assert other["predicate_id"] == mine.predicate_id
            assert (other.get("predicate_modifier") or "") == mine.predicate_modifier
            assert float(other["confidence"]) == pytest.approx(mine.confidence)
            assert other["comment"] == mine.comment
            assert other["mapping_justification"] == mine.mapping_justification


def _tmp(name: str, text: str) -> str:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def test_oscal_export_validates_against_trestle_models() -> None:
    from trestle.oscal.mapping import Model

    document = export.to_oscal()
    model = Model.model_validate(document)
    collection = model.mapping_collection
    maps = collection.mappings if isinstance(collection.mappings, list) else [collection.mappings]
    total = sum(len(m.maps) for m in maps)
    assert total == sum(len(s.rows) for s in shipped().values())
    assert json.loads(export.export("oscal")) == document  # deterministic


def test_sssom_export_combines_the_sets(store: EmbeddedStore) -> None:
    combined, problems = sssom.parse(export.to_sssom(), "iso42001-to-eu.sssom.tsv")
    assert problems == []
    assert len(combined.rows) == sum(len(s.rows) for s in shipped().values())
    assert mappings.check(combined, mappings.known_provisions(store)) == []


def test_skos_export_parses_and_has_no_triple_for_no_relationship() -> None:
    graph = Graph().parse(data=export.to_skos(), format="turtle")
    skos = "http://www.w3.org/2004/02/skos/core#"
    matches = {
        (str(s), str(o)) for s, p, o in graph if str(p).startswith(skos) and "Match" in str(p)
    }
    for mapping_set in shipped().values():
        for row in mapping_set.rows:
            pair = (mapping_set.expand(row.subject_id), mapping_set.expand(row.object_id))
            assert (pair in matches) == (row.relationship != "no-relationship")
