"""Gap cases: each folder in tests/cases/ is one behaviour, checked with both executors.

``data.ttl`` is an organisation in the aimsgraph vocabulary (imported through the loader,
so it is validated like any user file); ``expected.json`` gives the analysis date, the gap
kinds the case is about and exactly the gaps of those kinds both executors must report.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import gaps
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore

CASES = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "cases").iterdir()
    if (p / "expected.json").is_file()
)


def summary(report: gaps.GapReport, kinds: list[str]) -> list[dict[str, object]]:
    return sorted(
        (
            {"kind": g.kind, "severity": g.severity, "focus": g.focus, "provisions": g.provisions}
            for g in report.gaps
            if g.kind in kinds
        ),
        key=lambda g: (str(g["kind"]), str(g["focus"])),
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gap_case(org_store: EmbeddedStore, case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    data, _ = loader.import_org(org_store, case / "data.ttl")
    as_of = dt.date.fromisoformat(expected["as_of"])
    fast = gaps.gaps(org_store, data.organisation.id, as_of, "fast")
    reference = gaps.gaps(org_store, data.organisation.id, as_of, "reference")
    assert fast == reference  # the two executors agree on every gap, message included
    assert summary(fast, expected["kinds"]) == expected["gaps"]
