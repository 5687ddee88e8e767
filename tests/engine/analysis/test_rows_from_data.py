"""In ``analyse`` the organisation's labels, expired and valid evidence and implemented
controls come from its checked data (``org_view.known_data``) instead of being read back
from the graph the loader wrote from it. Both ways give the same rows, for the example and
generated organisations (expired evidence, many systems) on three dates; and the data is
only known for the working set it was remembered for, at that version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import coverage_index, labels, org_view, plan
from aimsgraph.engine.analysis.graphs import org_iri, working_store
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore, sparql
from orgfactory import generator

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "northwind-bank"
DATES = [dt.date(2025, 6, 1), dt.date(2026, 12, 6), dt.date(2028, 6, 1)]


def _sorted(rows: list[dict[str, str]]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted(row.items())) for row in rows)


@pytest.fixture(params=["example", "generated-1", "generated-3"])
def imported(
    request: pytest.FixtureRequest, org_store: EmbeddedStore, tmp_path: Path
) -> loader.PreparedImport:
    folder = EXAMPLE
    if request.param != "example":
        folder = tmp_path / "org"
        generator().generate(50, int(request.param[-1]), folder)
    prepared = loader.prepare_import(org_store, folder)
    loader.write_import(org_store, prepared)
    return prepared


def test_labels_and_expired_evidence_from_data_are_the_rows_read(
    org_store: EmbeddedStore, imported: loader.PreparedImport
) -> None:
    org_id = imported.data.organisation.id
    work = working_store(org_store, org_id, imported)
    assert org_view.known_data(work, org_id) is imported.data
    assert org_view.known_data(org_store, org_id) is None  # the store: read its graph
    read = labels._read_org_rows(org_store, org_id)
    assert len(read) > 0
    assert _sorted(labels._org_rows(imported.data, org_id)) == _sorted(read)
    assert labels.labels(work, org_id, []) == labels.labels(org_store, org_id, [])
    expired_seen = 0
    for day in DATES:
        given = plan._expired_rows(work, org_id, org_iri(org_id), day)
        rows = sparql.select(
            org_store, "expired-evidence", [imported.graph], org=org_iri(org_id), asOf=day
        )
        expired_seen += len(rows)
        assert _sorted(given) == _sorted(
            [{k: r[k] for k in given[0]} for r in rows] if rows else []
        )
    assert expired_seen > 0, "no expired evidence on any date: the test lost its point"
    own = [imported.graph]
    implemented = coverage_index.implemented_controls(work, org_id, own)
    assert implemented == coverage_index.implemented_controls(org_store, org_id, own)
    assert 0 < len(implemented) < len(imported.data.soa)  # some rows are not implemented
    for day in [*DATES, dt.date(2020, 1, 1)]:  # (2020: before any item was issued)
        given = coverage_index.valid_evidence_rows(work, org_id, day)
        read = coverage_index.valid_evidence_rows(org_store, org_id, day)
        keys = ("target", "evidenceId", "systemId")
        assert _sorted(given) == _sorted([{k: r[k] for k in keys if k in r} for r in read])


def test_data_is_known_for_its_version_only(
    org_store: EmbeddedStore, imported: loader.PreparedImport
) -> None:
    org_id = imported.data.organisation.id
    work = working_store(org_store, org_id, imported)
    work.replace_graph(imported.graph, imported.ntriples, "nt", "another-version")
    assert org_view.known_data(work, org_id) is None
