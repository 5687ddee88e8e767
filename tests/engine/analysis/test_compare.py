"""Comparing two analysis records: moved statuses per system, gaps opened and closed, and
why (input, law or mappings, both, or neither). Hand-made records: no store needed."""

from __future__ import annotations

import dataclasses

from aimsgraph.engine.analysis.compare import between
from aimsgraph.engine.analysis.history import (
    NOT_APPLICABLE,
    ActScore,
    AnalysisRecord,
    ObligationStatus,
    OpenGap,
)

BEFORE = AnalysisRecord(
    id="a-20261206T100000-aaaaaa",
    organisation="acme",
    started="2026-12-06T10:00:00Z",
    ended="2026-12-06T10:00:05Z",
    as_of="2026-12-06",
    evidence_date="2026-12-06",
    include_draft=False,
    input_hash="sha256:1",
    software="0.1.0",
    versions={"catalog/ai-act": "sha256:c1", "mappings/iso42001-to-ai-act": "sha256:m1"},
    scores=[ActScore("ai-act", 3, 0.2)],
    statuses=[
        ObligationStatus("ai-act:art-9-1", "ai-act", "", "uncovered"),
        ObligationStatus("ai-act:art-9-1", "ai-act", "cs", "uncovered"),
        ObligationStatus("ai-act:art-9-1", "ai-act", "hr", "partial"),
        ObligationStatus("ai-act:art-4", "ai-act", "", "covered"),
    ],
    open_gaps=[
        OpenGap("evidence-expired", "evidence/EV-1", "medium", ["iso42001:A.6.2.4"]),
        OpenGap("soa-missing", "iso42001:A.10.4", "high", ["iso42001:A.10.4"]),
    ],
)


def test_the_same_record_changes_nothing() -> None:
    same = between(BEFORE, BEFORE)
    assert same.changes == [] and same.gaps_opened == [] and same.gaps_closed == []
    assert not same.input_changed and not same.law_or_mappings_changed
    assert [s.delta for s in same.scores] == [0.0]


def test_an_input_change_moves_statuses_per_system_and_gaps() -> None:
    after = dataclasses.replace(
        BEFORE,
        id="a-20261206T110000-bbbbbb",
        input_hash="sha256:2",
        scores=[ActScore("ai-act", 3, 0.5)],
        statuses=[
            ObligationStatus("ai-act:art-9-1", "ai-act", "", "partial"),
            ObligationStatus("ai-act:art-9-1", "ai-act", "cs", "covered"),
            ObligationStatus("ai-act:art-9-1", "ai-act", "hr", "partial"),
            ObligationStatus("ai-act:art-4", "ai-act", "", "covered"),
        ],
        open_gaps=[
            OpenGap("soa-missing", "iso42001:A.10.4", "high", ["iso42001:A.10.4"]),
            OpenGap("system-missing-owner", "system/hr", "medium", ["iso42001:A.3.2"]),
        ],
    )
    result = between(BEFORE, after)
    assert result.input_changed and not result.law_or_mappings_changed
    assert [(c.id, c.system, c.before, c.after) for c in result.changes] == [
        ("ai-act:art-9-1", "", "uncovered", "partial"),
        ("ai-act:art-9-1", "cs", "uncovered", "covered"),
    ]
    assert [g.focus for g in result.gaps_opened] == ["system/hr"]
    assert [g.focus for g in result.gaps_closed] == ["evidence/EV-1"]
    assert result.scores[0].before == 0.2 and result.scores[0].after == 0.5
    assert result.scores[0].delta == 0.3


def test_a_law_or_mapping_change_is_named_and_can_come_with_an_input_change() -> None:
    after = dataclasses.replace(
        BEFORE,
        as_of="2027-12-02",
        input_hash="sha256:2",
        versions={"catalog/ai-act": "sha256:c1", "mappings/iso42001-to-ai-act": "sha256:m2"},
        statuses=[*BEFORE.statuses, ObligationStatus("ai-act:art-26-1", "ai-act", "cs", "partial")],
    )
    result = between(BEFORE, after)
    assert result.input_changed and result.law_or_mappings_changed
    assert any("law date changed: 2026-12-06 -> 2027-12-02" in r for r in result.reasons)
    assert any("mapping set iso42001-to-ai-act changed" in r for r in result.reasons)
    assert not any("catalog" in r for r in result.reasons)
    assert [(c.id, c.system, c.before, c.after) for c in result.changes] == [
        ("ai-act:art-26-1", "cs", NOT_APPLICABLE, "partial")
    ]
    only_law = between(BEFORE, dataclasses.replace(BEFORE, versions={}))
    assert only_law.law_or_mappings_changed and not only_law.input_changed
    assert any("catalog ai-act changed: sha256:c1 -> absent" in r for r in only_law.reasons)
