"""Analysis records: what is recorded, where, who can read it back (issue #19, point 4)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import coverage, gaps, history
from aimsgraph.engine.endpoint.sparql import public_graphs
from aimsgraph.engine.org import loader
from aimsgraph.engine.present.org_workbook import folder_to_workbook
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO

EXAMPLE = REPO / "examples" / "northwind-bank"
AS_OF = dt.date(2026, 12, 6)
PROV = "http://www.w3.org/ns/prov#"


def analyse(store: EmbeddedStore, org_id: str) -> history.AnalysisRecord:
    """What ``aimsgraph analyse`` records, without the import and the printing."""
    started = dt.datetime.now(dt.UTC)
    report = coverage.coverage(store, org_id, AS_OF)
    found = gaps.gaps(store, org_id, AS_OF)
    return history.record(store, org_id, report, found, started)


@pytest.fixture(scope="module")
def bank(
    tmp_path_factory: pytest.TempPathFactory, seeded: Callable[[Path], Path]
) -> tuple[EmbeddedStore, history.AnalysisRecord]:
    """A store of its own with the example bank imported and analysed once."""
    store = EmbeddedStore(seeded(tmp_path_factory.mktemp("history") / "store"))
    loader.import_org(store, EXAMPLE)
    return store, analyse(store, "northwind-bank")


def test_a_record_reads_back_as_it_was_made(
    bank: tuple[EmbeddedStore, history.AnalysisRecord],
) -> None:
    store, made = bank
    assert made.id.startswith("a-") and len(made.id) == len("a-20261206T101500-abc123")
    assert made.id[2:17] == made.started.replace("-", "").replace(":", "")[:15]
    assert history.load(store, "northwind-bank", made.id) == made
    assert made.as_of == made.evidence_date == "2026-12-06"
    scores = {s.framework: s for s in made.scores}
    assert set(scores) == {"ai-act", "gdpr", "dora", "nis2"} and scores["ai-act"].applicable > 0
    per_system = [s for s in made.statuses if s.system]
    assert per_system and all(s.framework == s.id.partition(":")[0] for s in made.statuses)
    assert {"catalog/ai-act", "mappings/iso42001-to-ai-act", "ontology"} <= set(made.versions)
    assert made.input_hash.startswith("sha256:") and made.open_gaps


def test_times_read_back_as_written_when_their_milliseconds_end_in_zero(
    bank: tuple[EmbeddedStore, history.AnalysisRecord],
) -> None:
    """The store keeps xsd:dateTime in canonical form (``.060`` becomes ``.06``); a record
    must still read back with the three digits it was made with."""
    store, _ = bank
    report = coverage.coverage(store, "northwind-bank", AS_OF)
    found = gaps.gaps(store, "northwind-bank", AS_OF)
    started = dt.datetime(2026, 12, 6, 10, 15, 0, 60_000, tzinfo=dt.UTC)
    made = history.record(store, "northwind-bank", report, found, started)
    try:
        assert made.started == "2026-12-06T10:15:00.060Z"
        assert history.load(store, "northwind-bank", made.id) == made
    finally:
        store.drop_graph(history.history_prefix("northwind-bank") + made.id)


def test_the_record_is_a_prov_activity_in_a_graph_of_its_own(
    bank: tuple[EmbeddedStore, history.AnalysisRecord],
) -> None:
    store, made = bank
    graph = history.history_prefix("northwind-bank") + made.id
    query = (
        f"PREFIX prov: <{PROV}> ASK {{ ?a a prov:Activity ; prov:startedAtTime ?s ; "
        "prov:endedAtTime ?e FILTER(?s <= ?e) }"
    )
    assert store.ask(query, graphs=[graph])
    assert not store.ask(query, graphs=[loader.org_graph("northwind-bank")])
    # small: one triple per status and per gap, a few more for dates, versions and scores
    size = store.count(graph)
    assert size <= len(made.statuses) + len(made.open_gaps) + 60


def test_the_same_data_hashes_the_same_from_any_format(
    bank: tuple[EmbeddedStore, history.AnalysisRecord], tmp_path: Path
) -> None:
    store, made = bank
    workbook = tmp_path / "bank.xlsx"
    folder_to_workbook(EXAMPLE, workbook)
    loader.import_org(store, workbook)  # the same data again, as a workbook
    assert history.input_hash(store, "northwind-bank") == made.input_hash
    folder = tmp_path / "bank"
    shutil.copytree(EXAMPLE, folder)
    loader.import_org(store, folder, "northwind-other")
    try:
        other = history.input_hash(store, "northwind-other")
        assert other != made.input_hash  # another organisation: other IRIs
        evidence = folder / "evidence.csv"
        evidence.write_text(evidence.read_text().replace("2026-07-15", "2028-07-15"))
        loader.import_org(store, folder, "northwind-other")
        assert history.input_hash(store, "northwind-other") != other
    finally:
        loader.delete_org(store, "northwind-other")


def test_records_stay_with_their_organisation(
    bank: tuple[EmbeddedStore, history.AnalysisRecord], tmp_path: Path
) -> None:
    store, made = bank
    folder = tmp_path / "other"
    shutil.copytree(EXAMPLE, folder)
    loader.import_org(store, folder, "other-bank")
    try:
        theirs = analyse(store, "other-bank")
        assert [r.id for r in history.history(store, "other-bank")] == [theirs.id]
        assert made.id not in [r.id for r in history.history(store, "other-bank")]
        with pytest.raises(history.UnknownAnalysisError, match="no analysis with this id"):
            history.load(store, "other-bank", made.id)
        with pytest.raises(history.UnknownAnalysisError):
            history.load(store, "northwind-bank", theirs.id)
        # not in the dataset the SPARQL endpoint gives the other organisation's key
        visible = [*public_graphs(), loader.org_graph("other-bank")]
        assert not store.ask(f"ASK {{ ?a <{PROV}startedAtTime> ?t }}", graphs=visible)
    finally:
        assert history.forget(store, "other-bank") == 1
        loader.delete_org(store, "other-bank")
    assert history.history(store, "other-bank") == []
    assert [r.id for r in history.history(store, "northwind-bank")] == [made.id]


def test_two_analyses_in_the_same_second_get_two_ids(
    bank: tuple[EmbeddedStore, history.AnalysisRecord],
) -> None:
    store, made = bank
    report = coverage.CoverageReport("northwind-bank", AS_OF.isoformat(), AS_OF.isoformat())
    found = gaps.GapReport("northwind-bank", AS_OF.isoformat())
    moment = dt.datetime(2030, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    first = history.record(store, "northwind-bank", report, found, moment)
    second = history.record(store, "northwind-bank", report, found, moment)
    try:
        assert first.id != second.id and first.id[:17] == second.id[:17]
        listed = history.history(store, "northwind-bank")
        # oldest first; two records of the same second are in id order (their suffixes are
        # random, so which of the two comes first is not fixed)
        assert [r.id for r in listed] == [made.id, *sorted((first.id, second.id))]
        assert listed[0].gaps == len(made.open_gaps) and listed[1].gaps == listed[2].gaps == 0
    finally:
        for record_id in (first.id, second.id):
            store.drop_graph(history.history_prefix("northwind-bank") + record_id)


def test_data_replaced_while_the_analysis_ran_records_nothing(
    bank: tuple[EmbeddedStore, history.AnalysisRecord],
) -> None:
    store, made = bank
    report = coverage.CoverageReport("northwind-bank", AS_OF.isoformat(), AS_OF.isoformat())
    found = gaps.GapReport("northwind-bank", AS_OF.isoformat())
    started = dt.datetime.now(dt.UTC)
    with pytest.raises(history.InputChangedError, match="run the analysis again"):
        history.record(store, "northwind-bank", report, found, started, "sha256:before")
    assert [r.id for r in history.history(store, "northwind-bank")] == [made.id]


def test_records_of_one_second_are_listed_in_the_order_they_started(
    tmp_path_factory: pytest.TempPathFactory, seeded: Callable[[Path], Path]
) -> None:
    """Small organisations are analysed several times a second (the API's POST /analyses):
    the history must still list them in the order they ran, not by their ids' random part."""
    store = EmbeddedStore(seeded(tmp_path_factory.mktemp("history-order") / "store"))
    loader.import_org(store, EXAMPLE)
    report = coverage.coverage(store, "northwind-bank", AS_OF)
    found = gaps.gaps(store, "northwind-bank", AS_OF)
    second = dt.datetime(2026, 12, 6, 10, 15, 0, tzinfo=dt.UTC)
    made = [
        history.record(
            store, "northwind-bank", report, found, second + dt.timedelta(milliseconds=step)
        )
        for step in range(6)
    ]
    listed = history.history(store, "northwind-bank")
    assert [r.id for r in listed] == [r.id for r in made]
    assert listed[1].started == "2026-12-06T10:15:00.001Z"
