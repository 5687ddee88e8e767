"""The applicability casebook: legal scenarios written from the acts' text, not from the
engine (tests/cases/applicability/<scenario>/: the organisation's files and expected.yaml).

Each scenario names provisions that must apply (with the AI systems they apply through) and
provisions that must not, with the provision a careful reason cites. Only the provisions a
scenario names are checked; adding a scenario is adding a folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from aimsgraph.engine.analysis.applicability import Decision, applicability
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore

CASES = Path(__file__).resolve().parents[2] / "cases" / "applicability"
SCENARIOS = sorted(p for p in CASES.iterdir() if (p / "expected.yaml").is_file())


def test_the_casebook_is_there() -> None:
    assert len(SCENARIOS) >= 25


def _expected(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    return data


def _check(decision: Decision | None, item: dict[str, Any], applicable: bool) -> list[str]:
    if decision is None:
        return [f"{item['id']}: not listed by the applicability report"]
    problems = []
    if decision.applicable != applicable:
        problems.append(
            f"{item['id']}: expected {'applicable' if applicable else 'not applicable'}, got "
            f"{decision.outcome}: {decision.reason}"
        )
    elif applicable and "systems" in item and sorted(item["systems"]) != decision.systems:
        problems.append(f"{item['id']}: systems {decision.systems}, expected {item['systems']}")
    for cite in item.get("cites", []):
        if cite not in decision.reason:
            problems.append(f"{item['id']}: reason does not cite {cite!r}: {decision.reason}")
    return problems


@pytest.mark.parametrize("folder", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario(org_store: EmbeddedStore, folder: Path) -> None:
    expected = _expected(folder)
    data, _ = loader.import_org(org_store, folder)
    as_of = expected["as_of"]
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of))
    report = applicability(org_store, data.organisation.id, day)
    by_id = {d.id: d for d in report.decisions}
    problems = []
    for item in expected.get("applicable", []):
        problems += _check(by_id.get(item["id"]), item, True)
    for item in expected.get("not_applicable", []):
        problems += _check(by_id.get(item["id"]), item, False)
    assert problems == [], "\n".join(problems)
