"""SSSOM mapping sets: parsing, row checks with file:line:column, SHACL, RDF, crosswalk."""

from __future__ import annotations

from pathlib import Path

import pytest
from aimsgraph.engine.crosswalks import crosswalk, mappings, sssom
from aimsgraph.engine.crosswalks.mapping_rdf import to_graph
from aimsgraph.engine.store import EmbeddedStore

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def known(store: EmbeddedStore) -> set[str]:
    return mappings.known_provisions(store)


def sample() -> str:
    return (DATA / "sample.sssom.tsv").read_text(encoding="utf-8")


def replace_cell(text: str, line: int, column: str, value: str) -> str:
    lines = text.splitlines()
    header = next(i for i, raw in enumerate(lines) if not raw.startswith("#"))
    index = lines[header].split("\t").index(column)
    cells = lines[line - 1].split("\t")
    cells[index] = value
    lines[line - 1] = "\t".join(cells)
    return "\n".join(lines) + "\n"


def test_sample_is_valid(known: set[str]) -> None:
    assert mappings.validate_texts([("sample.sssom.tsv", sample())], known) == []


def test_rows_keep_their_line_numbers() -> None:
    mapping_set, problems = sssom.parse(sample(), "sample.sssom.tsv")
    assert problems == []
    assert [row.line for row in mapping_set.rows] == [16, 17, 18]
    assert mapping_set.rows[0].strength == 6
    assert mapping_set.rows[0].confidence == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (16, "object_id", "aia:art-999", "not a provision of the loaded catalogs"),
        (16, "object_id", "hipaa:164", "prefix not in the header's curie_map"),
        (16, "relationship", "overlaps", "is not one of"),
        (16, "predicate_id", "skos:exactMatch", "subset-of must use skos:broadMatch"),
        (16, "rationale", "legal", "is not one of"),
        (16, "status", "final", "is not one of"),
        (16, "strength", "11", "outside 0-10"),
        (16, "strength", "high", "must be an integer"),
        (16, "confidence", "1.5", "outside 0-1"),
        (16, "comment", "", "comment must say why"),
        (18, "strength", "3", "no-relationship row must have strength 0"),
        (18, "predicate_modifier", "", "predicate_modifier Not"),
        (17, "object_id", "aia:art-15-1", "duplicate pair"),
        (16, "mapping_date", "23/11/2026", "not an ISO 8601 date"),
    ],
)
def test_each_defect_is_reported_with_file_line_and_column(
    known: set[str], line: int, column: str, value: str, message: str
) -> None:
    text = replace_cell(sample(), line, column, value)
    if column == "object_id" and value == "aia:art-15-1":  # make line 17 repeat line 16's pair
        text = replace_cell(text, 17, "subject_id", "iso42001:A.6.2.4")
    problems = mappings.validate_texts([("bad.sssom.tsv", text)], known)
    matching = [p for p in problems if message in p.message]
    assert matching, problems
    assert matching[0].file == "bad.sssom.tsv"
    assert matching[0].row == line
    assert matching[0].column == column
    assert str(matching[0]).startswith(f"bad.sssom.tsv:{line}:{column}: ")


def test_missing_header_keys_and_columns_are_reported(known: set[str]) -> None:
    text = "\n".join(
        line for line in sample().splitlines() if not line.startswith("#license")
    ).replace("\tstatus\n", "\n", 1)
    problems = mappings.validate_texts([("bad.sssom.tsv", text)], known)
    assert any(p.column == "license" for p in problems)


def test_shacl_layer_reports_the_source_line(known: set[str]) -> None:
    mapping_set, _ = sssom.parse(sample(), "sample.sssom.tsv")
    # Bypass the row checks to prove the SHACL layer alone catches a bad link.
    bad = mapping_set.rows[2].__class__(**{**mapping_set.rows[2].__dict__, "strength": 4})
    mapping_set.rows[2] = bad
    problems = mappings._shacl(mapping_set, known)
    assert [(p.row, p.message) for p in problems] == [
        (18, "a no-relationship link must have strength 0")
    ]


def test_rdf_view(known: set[str]) -> None:
    mapping_set, _ = sssom.parse(sample(), "sample.sssom.tsv")
    graph = to_graph(mapping_set)
    links = list(graph.subjects(predicate=None, object=None))
    assert links
    skos = "http://www.w3.org/2004/02/skos/core#"
    predicates = {str(p) for _, p, _ in graph if str(p).startswith(skos)}
    # subset-of -> broadMatch, superset-of -> narrowMatch; no SKOS triple for no-relationship
    assert predicates == {skos + "broadMatch", skos + "narrowMatch"}


def test_write_round_trips() -> None:
    mapping_set, _ = sssom.parse(sample(), "sample.sssom.tsv")
    again, problems = sssom.parse(sssom.write(mapping_set), "again.sssom.tsv")
    assert problems == []
    assert [r.__dict__ for r in again.rows] == [r.__dict__ for r in mapping_set.rows]


def test_compose_rules() -> None:
    c = crosswalk.compose
    assert c("equal-to", "subset-of") == "subset-of"
    assert c("subset-of", "equivalent-to") == "subset-of"
    assert c("subset-of", "subset-of") == "subset-of"
    assert c("superset-of", "superset-of") == "superset-of"
    assert c("superset-of", "subset-of") == "intersects-with"
    assert c("intersects-with", "subset-of") == "intersects-with"
    assert c("subset-of", "superset-of") is None
    assert c("intersects-with", "intersects-with") is None
    assert c("no-relationship", "equal-to") is None


@pytest.fixture(scope="module")
def mapped_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    from aimsgraph.engine.namespaces import mapping_graph
    from aimsgraph.engine.store import datasets

    db = EmbeddedStore(tmp_path_factory.mktemp("mapped"))
    datasets.install(db)
    for name in ("sample", "sample-gdpr"):
        mapping_set, _ = sssom.parse((DATA / f"{name}.sssom.tsv").read_text(), name)
        data = to_graph(mapping_set).serialize(format="nt", encoding="utf-8")
        db.replace_graph(mapping_graph(name), data, "nt", "test")
    return db


def test_crosswalk_from_an_iso_control(mapped_store: EmbeddedStore) -> None:
    links = crosswalk.crosswalk(mapped_store, "iso42001:A.6.2.4")
    assert [(link.object, link.relationship, link.derived) for link in links] == [
        ("ai-act:art-15-1", "subset-of", False),
        ("gdpr:art-5-1-d", "intersects-with", False),
    ]
    only_gdpr = crosswalk.crosswalk(mapped_store, "iso42001:A.6.2.4", to="gdpr")
    assert [link.object for link in only_gdpr] == ["gdpr:art-5-1-d"]


def test_crosswalk_from_an_article_includes_its_paragraphs(mapped_store: EmbeddedStore) -> None:
    links = crosswalk.crosswalk(mapped_store, "ai-act:art-15")
    assert [(link.subject, link.object) for link in links] == [
        ("iso42001:A.6.2.4", "ai-act:art-15-1")
    ]


def test_transitive_links_are_composed_and_tagged(mapped_store: EmbeddedStore) -> None:
    links = crosswalk.crosswalk(mapped_store, "ai-act:art-12-1", transitive=True)
    derived = [link for link in links if link.derived]
    # art-12-1 subset-of A.6.2.8 (inverse of superset-of), A.6.2.8 intersects gdpr:art-30-1:
    # the rationales differ (semantic vs functional), so nothing may be derived.
    assert derived == []
    links = crosswalk.crosswalk(mapped_store, "ai-act:art-15-1", transitive=True)
    derived = [link for link in links if link.derived]
    assert [(d.object, d.relationship, d.strength, d.path) for d in derived] == [
        (
            "gdpr:art-5-1-d",
            "intersects-with",
            3,
            ["ai-act:art-15-1", "iso42001:A.6.2.4", "gdpr:art-5-1-d"],
        )
    ]
    assert derived[0].justification == "semapv:MappingChaining"
