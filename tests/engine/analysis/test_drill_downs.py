"""Drill-downs (issue #19 point 3, issue #16 leftovers): one AI system's coverage, gaps and
plan; one act's plan; the evidence-date rule; the evidence register; ISO elements ranked
for a provision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import (
    coverage,
    crosswalk_rank,
    evidence_register,
    gaps,
    plan,
    system_scope,
)
from aimsgraph.engine.dates import InvalidDateError
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from orgfactory import control, evidence, system, write_org

BANK = "northwind-bank"
TODAY = dt.date(2026, 12, 6)
LAW = dt.date(2028, 1, 15)


@pytest.fixture(scope="module")
def bank(
    seeded: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EmbeddedStore]:
    """The example bank in a store of this module's own (org_store drops organisations)."""
    db = EmbeddedStore(seeded(tmp_path_factory.mktemp("drill") / "store"))
    loader.import_org(db, REPO / "examples" / BANK)
    yield db


def provisions(report: coverage.CoverageReport) -> dict[str, coverage.ProvisionCoverage]:
    return {p.id: p for f in report.frameworks for p in f.provisions}


# 1. --system ------------------------------------------------------------------------------


def test_coverage_for_one_system_takes_that_systems_judgement(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(
        tmp_path / "o",
        systems=[system("a", "provider", "high"), system("b", "provider", "high")],
        soa=[control("A.6.2.8")],
        evidence=[
            evidence("LOG-A", "iso42001:A.6.2.8", ai_system="a"),
            evidence("DOC-A", "ai-act:art-11-1", ai_system="a"),
            evidence("DOC-ORG", "ai-act:art-11-1"),
        ],
    )
    loader.import_org(org_store, folder)
    day = dt.date(2029, 1, 1)
    whole = coverage.coverage(org_store, "acme", day, ["ai-act"])
    only_a = coverage.coverage(org_store, "acme", day, ["ai-act"], system="a")
    only_b = coverage.coverage(org_store, "acme", day, ["ai-act"], system="b")
    assert (only_a.system, whole.system) == ("a", None)
    # the organisation's status is the weakest system's; a's own view is a's judgement
    assert provisions(whole)["ai-act:art-11-1"].status == "partial"
    assert provisions(only_a)["ai-act:art-11-1"].status == "covered"
    assert provisions(only_a)["ai-act:art-11-1"].evidence == ["DOC-A", "DOC-ORG"]
    assert provisions(only_b)["ai-act:art-12-1"].status == "uncovered"
    assert provisions(only_a)["ai-act:art-12-1"].status == "partial"
    for report, name in ((only_a, "a"), (only_b, "b")):
        for p in provisions(report).values():
            assert p.systems == [name] and [s.system for s in p.per_system] == [name]
        fw = report.frameworks[0]
        view = next(s for s in whole.systems if s.system == name)
        assert (fw.applicable, fw.covered, fw.partial, fw.uncovered) == (
            view.applicable,
            view.covered,
            view.partial,
            view.uncovered,
        )
        assert [s.system for s in report.systems] == [name]


def test_coverage_for_one_system_keeps_only_obligations_through_it(bank: EmbeddedStore) -> None:
    chatbot = provisions(
        coverage.coverage(
            bank, BANK, LAW, ["ai-act"], evidence_date=TODAY, system="customer-chatbot"
        )
    )
    credit = provisions(
        coverage.coverage(bank, BANK, LAW, ["ai-act"], evidence_date=TODAY, system="credit-scoring")
    )
    # a high-risk provider's duties come through the credit model, not through the chatbot
    assert "ai-act:art-9-1" in credit and "ai-act:art-9-1" not in chatbot
    assert "ai-act:art-4" in chatbot and set(chatbot) < set(credit)


def test_an_unknown_system_is_one_line_with_a_suggestion(bank: EmbeddedStore) -> None:
    with pytest.raises(system_scope.UnknownSystemError) as caught:
        coverage.coverage(bank, BANK, TODAY, system="credit-scorin")
    message = str(caught.value)
    assert "'credit-scorin'" in message and "did you mean 'credit-scoring'?" in message
    assert "\n" not in message
    with pytest.raises(system_scope.UnknownSystemError):
        system_scope.system_gaps(bank, BANK, TODAY, "nope")
    with pytest.raises(system_scope.UnknownSystemError):
        plan.plan(bank, BANK, TODAY, system="nope")


def test_gaps_for_one_system_are_those_about_it(bank: EmbeddedStore) -> None:
    whole = gaps.gaps(bank, BANK, TODAY)
    focus = {
        s: {g.focus for g in system_scope.system_gaps(bank, BANK, TODAY, s).gaps}
        for s in ("credit-scoring", "fraud-detection", "doc-summariser")
    }
    # EV-009 (expired) names credit-scoring; EV-015 (expired) names fraud-detection
    assert focus["credit-scoring"] == {"evidence/EV-009"}
    assert focus["fraud-detection"] == {"system/fraud-detection", "evidence/EV-015"}
    assert focus["doc-summariser"] == {"system/doc-summariser"}
    assert {g.focus for g in whole.gaps} > focus["credit-scoring"] | focus["fraud-detection"]
    assert system_scope.system_gaps(bank, BANK, TODAY, "credit-scoring").system == "credit-scoring"


def test_plan_for_one_system_leaves_out_other_systems_evidence(bank: EmbeddedStore) -> None:
    whole = plan.plan(bank, BANK, LAW)
    credit = plan.plan(bank, BANK, LAW, system="credit-scoring")
    assert credit.system == "credit-scoring"
    renewals = {s.target for s in whole.steps if s.action == "renew-evidence"}
    assert "EV-024" in renewals  # the chatbot's disclosure notice, for the whole bank
    mine = {s.target for s in credit.steps if s.action == "renew-evidence"}
    assert "EV-024" not in mine and mine  # organisation-wide renewals stay
    about = evidence_register.evidence_systems(bank, BANK)
    assert all(about.get(t, "credit-scoring") == "credit-scoring" for t in mine)
    reachable = set(provisions(coverage.coverage(bank, BANK, LAW, system="credit-scoring")))
    for step in credit.steps:
        assert set(step.closes) | set(step.improves) <= reachable


# 4. plan --framework ----------------------------------------------------------------------


def test_plan_for_one_act_raises_only_that_acts_score(bank: EmbeddedStore) -> None:
    result = plan.plan(bank, BANK, LAW, frameworks=["ai-act"])
    act = coverage.coverage(bank, BANK, LAW, ["ai-act"]).frameworks[0]
    assert result.frameworks == ["ai-act"]
    assert result.score_before == act.score
    assert result.steps
    for step in result.steps:
        assert all(o.startswith("ai-act:") for o in [*step.closes, *step.improves])
    assert plan.plan(bank, BANK, LAW).frameworks == ["ai-act", "gdpr", "dora", "nis2"]


# 2. evidence date after the law date --------------------------------------------------------


def test_an_evidence_date_after_the_law_date_is_refused(bank: EmbeddedStore) -> None:
    with pytest.raises(InvalidDateError) as caught:
        coverage.coverage(bank, BANK, TODAY, evidence_date=dt.date(2027, 1, 1))
    assert "evidence date 2027-01-01 is after the law date 2026-12-06" in str(caught.value)
    assert "\n" not in str(caught.value)
    same = coverage.coverage(bank, BANK, TODAY, ["nis2"], evidence_date=TODAY)
    earlier = coverage.coverage(bank, BANK, LAW, ["nis2"], evidence_date=TODAY)
    assert (same.evidence_date, earlier.evidence_date) == ("2026-12-06", "2026-12-06")


# 6. the evidence register -----------------------------------------------------------------


def test_the_register_gives_days_left_status_and_support(bank: EmbeddedStore) -> None:
    register = evidence_register.evidence_register(bank, BANK, TODAY)
    items = {e.id: e for e in register.items}
    assert len(items) == len(register.items)  # one entry per item, not per supported id
    ev9 = items["EV-009"]
    assert (ev9.days_left, ev9.status, ev9.ai_system) == (-96, "expired", "credit-scoring")
    assert ev9.owner == "Head of Compliance" and ev9.kind == "impact-assessment"
    assert ev9.supports == ["iso42001:A.5.3", "iso42001:A.5.4", "iso42001:clause-8.4"]
    assert (items["EV-012"].days_left, items["EV-012"].status) == (25, "expiring")
    assert items["EV-016"].supports == ["ai-act:art-11-1", "iso42001:A.6.2.3", "iso42001:A.6.2.7"]
    assert items["EV-028"].status == "valid"  # valid until 2027-12-01: beyond 90 days
    days = [e.days_left for e in register.items if e.days_left is not None]
    assert days == sorted(days)  # soonest to lapse first
    before = evidence_register.evidence_register(bank, BANK, dt.date(2025, 1, 1))
    assert {e.id: e.status for e in before.items}["EV-003"] == "not-yet-issued"


def test_the_register_narrows_to_expiring_and_to_one_system(bank: EmbeddedStore) -> None:
    soon = evidence_register.evidence_register(bank, BANK, TODAY, expiring_within=30)
    assert {e.id for e in soon.items} == {
        "EV-015",
        "EV-006",
        "EV-009",
        "EV-020",
        "EV-012",
        "EV-017",
        "EV-023",
    }
    assert soon.horizon == 30 and all(
        e.days_left is not None and e.days_left <= 30 for e in soon.items
    )
    chatbot = evidence_register.evidence_register(bank, BANK, TODAY, system="customer-chatbot")
    assert chatbot.items and {e.ai_system for e in chatbot.items} == {"customer-chatbot"}


# 5. crosswalk --rank ----------------------------------------------------------------------


def test_rank_without_an_organisation_orders_by_relationship_then_strength(
    bank: EmbeddedStore,
) -> None:
    ranking = crosswalk_rank.rank(bank, "ai-act:art-26")
    keys = [(e.relationship in coverage.FULL, e.strength) for e in ranking.elements]
    assert keys == sorted(keys, reverse=True)
    assert ranking.elements[0].element == "iso42001:A.9.4"  # superset-of, strength 9
    assert [e.rank for e in ranking.elements] == list(range(1, len(ranking.elements) + 1))
    assert ranking.organisation is None and ranking.elements[0].implemented is None
    assert "full links first" in ranking.rule


def test_rank_for_an_organisation_puts_unimplemented_reaching_elements_first(
    bank: EmbeddedStore,
) -> None:
    ranking = crosswalk_rank.rank(bank, "gdpr:art-32", BANK, TODAY)
    assert ranking.organisation == BANK and ranking.applicable
    elements = ranking.elements
    assert any(e.implemented for e in elements) and any(not e.implemented for e in elements)
    keys = [
        (
            (e.reaches or 0) == 0,
            bool(e.implemented),
            e.relationship not in coverage.FULL,
            -(e.reaches or 0),
            -e.strength,
        )
        for e in elements
    ]
    assert keys == sorted(keys)
    first_done = next(i for i, e in enumerate(elements) if e.implemented)
    assert all(not e.implemented for e in elements[:first_done])
    assert "implemented" in elements[0].reason and "applicable obligations" in elements[0].reason


def test_rank_refuses_an_iso_element(bank: EmbeddedStore) -> None:
    with pytest.raises(crosswalk_rank.RankError, match="EU act provision"):
        crosswalk_rank.rank(bank, "iso42001:A.6.2.4")


def test_the_mcp_coverage_tool_takes_a_system(bank: EmbeddedStore) -> None:
    from aimsgraph.engine.mcp import tools

    answer = tools.coverage(bank, BANK, "2028-01-15", "ai-act", None, "customer-chatbot")
    assert answer.system == "customer-chatbot"
    assert all(p.systems == ["customer-chatbot"] for p in answer.frameworks[0].provisions)
