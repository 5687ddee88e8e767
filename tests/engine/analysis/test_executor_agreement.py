"""The fast executor and the reference executor find the same gaps on a generated organisation.

The gap cases (test_gap_cases.py) hold the executors to each behaviour on a few nodes; this
test holds them to each other at scale: a whole 100-system organisation from the benchmark
generator (``benchmarks/generate.py``), every gap compared, message included. The reference
executor is pySHACL on the organisation's focus graph, the whole organisation at once (about
20 s: pySHACL parses each SPARQL constraint again for every focus node).

Two organisations and dates: the benchmark's own (seed 7 on the generator's reference date),
and one that also has high-risk requirements without controls and controls without evidence
(seed 1 once the AI Act's high-risk obligations apply).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import gaps
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import generator


@pytest.mark.parametrize(
    ("seed", "as_of", "kinds"),
    [
        (7, "2026-11-23", {"evidence-expired", "impact-assessment-missing", "soa-unjustified"}),
        (1, "2028-06-01", {"high-risk-requirement-missing", "control-without-evidence"}),
    ],
    ids=["benchmark-org", "high-risk-applies"],
)
def test_fast_and_reference_agree_on_a_generated_organisation(
    org_store: EmbeddedStore, tmp_path: Path, seed: int, as_of: str, kinds: set[str]
) -> None:
    generator().generate(100, seed, tmp_path / "org")
    data, _ = loader.import_org(org_store, tmp_path / "org")
    day = dt.date.fromisoformat(as_of)
    fast = gaps.gaps(org_store, data.organisation.id, day, "fast")
    reference = gaps.gaps(org_store, data.organisation.id, day, "reference")
    found = Counter(g.kind for g in fast.gaps)
    assert kinds <= set(found), f"the organisation no longer exercises {kinds - set(found)}"
    assert fast.gaps == reference.gaps
    assert fast == reference
