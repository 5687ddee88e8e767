"""Remediation plan: greedy order, honest gains, actions that really change coverage."""

from __future__ import annotations

import datetime as dt
import math
import random
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


def _pick_all(
    choose: plan._Exhaustive | plan._Lazy, values: dict[str, dict[str, float]]
) -> list[tuple[float, str, str]]:
    """Run a selection to the end on a weighted max-coverage instance (each action brings
    each obligation a value; an obligation scores its best value taken): the shape of the
    plan's score."""
    have: dict[str, float] = {}
    order = []
    while (picked := choose.best(lambda a: _gain(values[a.target], have))) is not None:
        gain, action = picked
        order.append((gain, action.action, action.target))
        for obligation, value in values[action.target].items():
            have[obligation] = max(have.get(obligation, 0.0), value)
    return order


def _gain(brings: dict[str, float], have: dict[str, float]) -> float:
    return math.fsum(max(0.0, v - have.get(o, 0.0)) for o, v in brings.items())


def test_the_lazy_selection_takes_the_same_steps_as_rescoring_everything() -> None:
    """Lazy greedy is exact for gains that only shrink: the same actions, gains and order
    (ties included: small integer values give many) as the reference selection."""
    rng = random.Random(42)
    kinds = ["implement-control", "add-evidence", "renew-evidence"]
    for _ in range(300):
        actions = [
            plan.Action(rng.choice(kinds), f"t{n:02d}", "")
            for n in rng.sample(range(60), rng.randint(1, 25))
        ]
        values = {
            a.target: {
                f"o{rng.randrange(15)}": rng.randint(1, 4) / 4 for _ in range(rng.randint(0, 4))
            }
            for a in actions
        }
        reference = _pick_all(plan._Exhaustive(actions), values)
        assert _pick_all(plan._Lazy(actions), values) == reference
        assert [g for g, _, _ in reference] == sorted((g for g, _, _ in reference), reverse=True)
