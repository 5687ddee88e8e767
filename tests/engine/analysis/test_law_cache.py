"""The analysis cache (``law_cache``) changes how fast coverage and gaps answer, never what
they answer (issue #21):

- byte-identical JSON with the cache cold, warm, and off (the reference SPARQL files over
  every analysis graph), for the example organisation and a generated one at three dates,
  with the coverage options (drafts, what-if, evidence date, one act, one system);
- a replaced mapping set or catalog (a new version) is read again at once, by coverage
  and by the gap shapes' in-memory copy;
- two organisations' answers do not depend on which was asked first.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from aimsgraph.engine.analysis import applicability, coverage, law_cache, org_view, system_scope
from aimsgraph.engine.errors import StoreNotInitialisedError, UnknownIdError
from aimsgraph.engine.namespaces import FRAMEWORKS, mapping_graph
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import generator
from pydantic import TypeAdapter

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "northwind-bank"
DATES = [dt.date(2025, 6, 1), dt.date(2026, 12, 6), dt.date(2028, 6, 1)]
COVERAGE = TypeAdapter(coverage.CoverageReport)
GAPS = TypeAdapter(system_scope.GapReport)


def coverage_json(store: EmbeddedStore, org: str, day: dt.date, **options: Any) -> bytes:
    return COVERAGE.dump_json(coverage.coverage(store, org, day, **options))


def gaps_json(store: EmbeddedStore, org: str, day: dt.date, system: str | None = None) -> bytes:
    return GAPS.dump_json(system_scope.system_gaps(store, org, day, system))


def three_ways(answer: Callable[[], bytes]) -> tuple[bytes, bytes, bytes]:
    """(reference, cold cache, warm cache)."""
    with law_cache.disabled():
        reference = answer()
    law_cache.clear()
    org_view.clear()
    return reference, answer(), answer()


@pytest.fixture
def orgs(org_store: EmbeddedStore, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The example organisation and a generated 40-system one (seed 1: high-risk systems,
    controls without evidence, expired evidence)."""
    loader.import_org(org_store, EXAMPLE)
    generator().generate(40, 1, tmp_path / "generated")
    data, _ = loader.import_org(org_store, tmp_path / "generated")
    law_cache.clear()
    yield "northwind-bank", data.organisation.id
    law_cache.clear()


def test_the_cache_is_on_by_default_and_off_inside_disabled() -> None:
    assert law_cache.enabled()
    with law_cache.disabled():
        assert not law_cache.enabled()
    assert law_cache.enabled()


@pytest.mark.parametrize("day", DATES, ids=str)
def test_coverage_and_gaps_are_byte_identical_cold_warm_and_off(
    org_store: EmbeddedStore, orgs: tuple[str, str], day: dt.date
) -> None:
    for org in orgs:
        reference, cold, warm = three_ways(lambda o=org: coverage_json(org_store, o, day))
        assert cold == reference
        assert warm == reference
        reference, cold, warm = three_ways(lambda o=org: gaps_json(org_store, o, day))
        assert cold == reference
        assert warm == reference
    # the organisations exercise what the fast path joins: evidence that covers, partly
    # supports or is missing, per system and organisation-wide
    statuses = {
        s.status
        for org in orgs
        for f in coverage.coverage(org_store, org, day).frameworks
        for p in f.provisions
        for s in [p, *p.per_system]
    }
    assert {"partial", "uncovered", "not-addressed"} <= statuses


@pytest.mark.parametrize(
    "options",
    [
        {"include_draft": True},
        {"assume_implemented": ["A.6.2.4", "clause-8.4"]},
        {"evidence_date": dt.date(2025, 1, 1)},
        {"frameworks": ["ai-act"]},
        {"frameworks": ["gdpr", "dora"]},
        {"system": "credit-scoring"},
    ],
    ids=["drafts", "what-if", "evidence-date", "one-act", "two-acts", "one-system"],
)
def test_coverage_options_are_byte_identical_with_and_without_the_cache(
    org_store: EmbeddedStore, orgs: tuple[str, str], options: dict[str, Any]
) -> None:
    day = dt.date(2026, 12, 6)
    reference, cold, warm = three_ways(lambda: coverage_json(org_store, orgs[0], day, **options))
    assert cold == reference
    assert warm == reference


def test_draft_rows_still_change_what_they_change(
    org_store: EmbeddedStore, orgs: tuple[str, str]
) -> None:
    """Judgements are reused between the two draft settings only for obligations without
    draft rows: with the elements of draft rows assumed implemented, drafts change statuses,
    and the count and every judgement stay what the reference says."""
    day = dt.date(2028, 6, 1)
    assumed = ["clause-4.1", "A.7.4", "A.8.2"]  # subjects of draft AI Act rows
    for include_draft in (False, True):
        reference, cold, warm = three_ways(
            lambda d=include_draft: coverage_json(
                org_store, orgs[0], day, assume_implemented=assumed, include_draft=d
            )
        )
        assert cold == reference
        assert warm == reference
    report = coverage.coverage(org_store, orgs[0], day, assume_implemented=assumed)
    assert report.draft_changes > 0, "no status changes with drafts: the test lost its point"


def test_a_replaced_mapping_set_is_read_again(
    org_store: EmbeddedStore, orgs: tuple[str, str]
) -> None:
    """Every intersects-with row of the GDPR mapping set becomes equal-to (a new version):
    the cached answer follows at once, and equals the reference on the changed data."""
    org, day = orgs[0], dt.date(2026, 12, 6)
    graph = mapping_graph("iso42001-to-gdpr")
    version = org_store.graph_versions()[graph]
    original = org_store.export(graph, "nt")
    before = coverage.coverage(org_store, org, day, ["gdpr"])
    weak = b"<https://w3id.org/aimsgraph/vocab/relationship/intersects-with>"
    equal = b"<https://w3id.org/aimsgraph/vocab/relationship/equal-to>"
    assert weak in original
    try:
        org_store.replace_graph(graph, original.replace(weak, equal), "nt", "test-changed")
        after = coverage.coverage(org_store, org, day, ["gdpr"])
        with law_cache.disabled():
            reference = coverage.coverage(org_store, org, day, ["gdpr"])
        assert after == reference
        assert after.frameworks[0].covered > before.frameworks[0].covered
    finally:
        org_store.replace_graph(graph, original, "nt", version)
    assert coverage.coverage(org_store, org, day, ["gdpr"]) == before


def test_a_replaced_catalog_is_read_again(org_store: EmbeddedStore, orgs: tuple[str, str]) -> None:
    """A GDPR catalog whose provision titles changed (a new version): coverage names the
    new titles, as the reference does."""
    org, day = orgs[0], dt.date(2026, 12, 6)
    graph = FRAMEWORKS["gdpr"].graph
    version = org_store.graph_versions()[graph]
    original = org_store.export(graph, "nt")
    coverage.coverage(org_store, org, day, ["gdpr"])  # warm
    marker = b"kept up to date"
    assert marker in original
    try:
        changed = original.replace(marker, b"kept current (changed)")
        org_store.replace_graph(graph, changed, "nt", "test-changed")
        after = coverage_json(org_store, org, day, frameworks=["gdpr"])
        with law_cache.disabled():
            reference = coverage_json(org_store, org, day, frameworks=["gdpr"])
        assert after == reference
        assert b"kept current (changed)" in after
    finally:
        org_store.replace_graph(graph, original, "nt", version)


def test_gap_shapes_read_a_replaced_shared_graph_at_once(
    org_store: EmbeddedStore, orgs: tuple[str, str]
) -> None:
    """The gap shapes run on an in-memory copy of the organisation's graph and the shared
    graphs they read. A new version of one of those (here the AI Act mapping set, every
    intersects-with row made equal-to) is copied again before the next answer, which
    equals the reference on the changed data."""
    org, day = orgs[1], dt.date(2028, 6, 1)
    graph = mapping_graph("iso42001-to-ai-act")
    version = org_store.graph_versions()[graph]
    original = org_store.export(graph, "nt")
    gaps_json(org_store, org, day)  # warm: the copy holds the original
    weak = b"<https://w3id.org/aimsgraph/vocab/relationship/intersects-with>"
    equal = b"<https://w3id.org/aimsgraph/vocab/relationship/equal-to>"
    assert weak in original
    try:
        org_store.replace_graph(graph, original.replace(weak, equal), "nt", "test-changed")
        after = gaps_json(org_store, org, day)
        copy = org_view.focus_store(org_store, org)
        assert copy is not org_store, "no in-memory copy: the test lost its point"
        copied = copy.export(graph, "nt")
        assert equal in copied and weak not in copied
        with law_cache.disabled():
            assert after == gaps_json(org_store, org, day)
    finally:
        org_store.replace_graph(graph, original, "nt", version)
    assert weak in org_view.focus_store(org_store, org).export(graph, "nt")


def test_answers_do_not_depend_on_which_organisation_was_asked_first(
    org_store: EmbeddedStore, orgs: tuple[str, str], tmp_path: Path
) -> None:
    """Two organisations with the same AI systems and facts but different evidence (so the
    remembered applicability decisions are shared and the coverage must still differ), and
    a third, unrelated one: each answer is the same whatever was asked before it."""
    twin_folder = tmp_path / "twin"
    shutil.copytree(EXAMPLE, twin_folder)
    text = (twin_folder / "organisation.yaml").read_text(encoding="utf-8")
    (twin_folder / "organisation.yaml").write_text(
        text.replace("id: northwind-bank", "id: northwind-twin"), encoding="utf-8"
    )
    lines = (twin_folder / "evidence.csv").read_text(encoding="utf-8").splitlines()
    (twin_folder / "evidence.csv").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    loader.import_org(org_store, twin_folder)
    names = [orgs[0], "northwind-twin", orgs[1]]
    day = dt.date(2026, 12, 6)

    def answers(order: list[str]) -> dict[str, tuple[bytes, bytes, bytes]]:
        law_cache.clear()
        org_view.clear()
        return {
            org: (
                coverage_json(org_store, org, day),
                gaps_json(org_store, org, day),
                TypeAdapter(applicability.ApplicabilityReport).dump_json(
                    applicability.applicability(org_store, org, day)
                ),
            )
            for org in order
        }

    forward, backward = answers(names), answers(names[::-1])
    with law_cache.disabled():
        reference = answers(names)
    assert forward == backward == reference
    assert forward[orgs[0]][0] != forward["northwind-twin"][0]
    assert (
        forward[orgs[0]][2].replace(b"northwind-bank", b"northwind-twin")
        == (forward["northwind-twin"][2])
    )


def test_two_stores_never_share_an_entry(tmp_path: Path, org_store: EmbeddedStore) -> None:
    """An empty store next to a bootstrapped one: its analyses still fail as an
    uninitialised store's do, whatever the other store's cache holds."""
    loader.import_org(org_store, EXAMPLE)
    coverage.coverage(org_store, "northwind-bank", dt.date(2026, 12, 6))
    other = EmbeddedStore(tmp_path / "other")
    with pytest.raises(StoreNotInitialisedError):
        coverage.coverage(other, "northwind-bank", dt.date(2026, 12, 6))
    assert law_cache.law_index(other) is not law_cache.law_index(org_store)
    assert law_cache.law_index(org_store) is law_cache.law_index(org_store)


def test_new_data_of_an_organisation_is_read_at_once(
    org_store: EmbeddedStore, orgs: tuple[str, str], tmp_path: Path
) -> None:
    """The in-memory copy of an organisation's graph belongs to one version: new data
    (most evidence gone) answers at once, as the reference does; deleted data is not
    answered from the copy."""
    org, day = orgs[0], dt.date(2026, 12, 6)
    before = coverage_json(org_store, org, day)
    gaps_before = gaps_json(org_store, org, day)
    folder = tmp_path / "less"
    shutil.copytree(EXAMPLE, folder)
    lines = (folder / "evidence.csv").read_text(encoding="utf-8").splitlines()
    (folder / "evidence.csv").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    loader.import_org(org_store, folder)
    after, gaps_after = coverage_json(org_store, org, day), gaps_json(org_store, org, day)
    with law_cache.disabled():
        assert after == coverage_json(org_store, org, day)
        assert gaps_after == gaps_json(org_store, org, day)
    assert after != before
    assert gaps_after != gaps_before
    loader.delete_org(org_store, org)
    with pytest.raises(UnknownIdError):
        coverage.coverage(org_store, org, day)


def test_concurrent_requests_on_a_cold_cache_get_the_reference_answers(
    org_store: EmbeddedStore, orgs: tuple[str, str]
) -> None:
    """The API answers in a thread pool: eight requests for two organisations at once, on a
    cold cache (every index, copy and decision built while the others read), each equal to
    its reference."""
    day = dt.date(2026, 12, 6)
    with law_cache.disabled():
        expected = {org: coverage_json(org_store, org, day) for org in orgs}
    law_cache.clear()
    org_view.clear()
    asked = [orgs[i % 2] for i in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda org: coverage_json(org_store, org, day), asked))
    assert answers == [expected[org] for org in asked]
