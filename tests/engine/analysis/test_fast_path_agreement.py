"""The fast path answers exactly as the reference path, on generated organisations.

The fast path runs the analysis on an in-memory working set (:mod:`store.working_set`): the
shared graphs from the process cache plus the organisation's graph, either the text the
import is writing (as ``analyse`` does) or read back from the store. The reference path runs
every query on the persistent store as it is. Gaps (every field), the coverage JSON and the
plan JSON must be byte-identical, on organisations from the benchmark generator
(``benchmarks/generate.py``) at three law dates: before the AI Act's obligations apply,
the day the data was made, and once its high-risk obligations apply.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import coverage, gaps, plan
from aimsgraph.engine.analysis.graphs import working_store
from aimsgraph.engine.org import loader
from aimsgraph.engine.present.render import dumps
from aimsgraph.engine.store import EmbeddedStore, Store
from orgfactory import generator


def analyse(store: Store, org_id: str, day: dt.date) -> tuple[gaps.GapReport, str, str]:
    """Gaps, coverage JSON and plan JSON, in the order ``analyse`` computes them."""
    report = coverage.coverage(store, org_id, day)
    found = gaps.gaps(store, org_id, day)
    steps = plan.plan(store, org_id, day, None, report)
    return found, dumps(report), dumps(steps)


@pytest.mark.parametrize("as_of", ["2025-06-01", "2026-12-06", "2028-06-01"])
@pytest.mark.parametrize(("systems", "seed"), [(40, 3), (60, 11)], ids=["40-seed3", "60-seed11"])
def test_fast_path_equals_reference_path(
    org_store: EmbeddedStore, tmp_path: Path, systems: int, seed: int, as_of: str
) -> None:
    generator().generate(systems, seed, tmp_path / "org")
    prepared = loader.prepare_import(org_store, tmp_path / "org")
    loader.write_import(org_store, prepared)
    org_id, day = prepared.data.organisation.id, dt.date.fromisoformat(as_of)
    reference = analyse(org_store, org_id, day)
    assert reference[0].gaps and '"steps": [\n    {' in reference[2]  # something to compare
    from_import = analyse(working_store(org_store, org_id, prepared), org_id, day)
    from_store = analyse(working_store(org_store, org_id), org_id, day)
    for fast in (from_import, from_store):
        assert fast[0].gaps == reference[0].gaps  # every field of every gap, in order
        assert fast[0] == reference[0]
        assert fast[1] == reference[1]  # coverage JSON, byte for byte
        assert fast[2] == reference[2]  # plan JSON, byte for byte
