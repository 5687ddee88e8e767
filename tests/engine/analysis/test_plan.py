"""Remediation plan: greedy order, honest gains, actions that really change coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aimsgraph.engine.analysis import coverage, plan
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import control, evidence, system, write_org

LATER = dt.date(2029, 1, 1)


def test_plan_steps_are_greedy_and_their_gains_add_up(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(
        tmp_path / "o",
        gdpr_roles=["controller"],
        systems=[system("cs", "provider", "high", personal_data="yes")],
        soa=[control("A.6.2.8", "planned", justification="2029"), control("A.6.2.4")],
        evidence=[evidence("OLD", "iso42001:A.6.2.4", "2025-01-01", "2026-01-01")],
    )
    loader.import_org(org_store, folder)
    result = plan.plan(org_store, "acme", LATER)
    assert result.steps, "there is something to do"
    gains = [s.gain for s in result.steps]
    assert gains == sorted(gains, reverse=True)  # greedy with diminishing returns here
    assert all(g > 0 for g in gains)
    assert abs(result.score_before + sum(gains) - result.score_after) < 1e-3
    actions = {(s.action, s.target) for s in result.steps}
    assert ("renew-evidence", "OLD") in actions
    assert ("implement-control", "iso42001:A.6.2.8") in actions


def test_taking_the_first_step_raises_coverage_by_its_gain(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(
        tmp_path / "o",
        systems=[system("cs", "provider", "high")],
        soa=[control("A.6.2.8", "planned", justification="2029")],
    )
    loader.import_org(org_store, folder)
    first = plan.plan(org_store, "acme", LATER, top=1).steps[0]
    assert first.action in ("implement-control", "add-evidence")
    before = coverage.coverage(org_store, "acme", LATER)
    after = coverage.coverage(org_store, "acme", LATER, assume_implemented=[first.target])

    def overall(report: coverage.CoverageReport) -> float:
        scores = [f.score for f in report.frameworks if f.applicable]
        return sum(scores) / len(scores)

    assert abs((overall(after) - overall(before)) - first.gain) < 1e-3
    for provision in first.improves + first.closes:
        assert any(p.id == provision for f in after.frameworks for p in f.provisions)


def test_nothing_to_gain_gives_an_empty_plan(org_store: EmbeddedStore, tmp_path: Path) -> None:
    folder = write_org(tmp_path / "o")  # no roles, no systems: nothing applies
    loader.import_org(org_store, folder)
    result = plan.plan(org_store, "acme", LATER)
    assert result.steps == [] and result.score_before == result.score_after == 0.0
