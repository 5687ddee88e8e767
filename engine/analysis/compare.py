"""Compare two analysis records: what moved, and why.

Scores per act before and after, every obligation whose status moved (the organisation's and
each AI system's, shaped as the what-if's ``changes``), gaps opened and closed, and the
reasons: the input changed (its hash differs) and/or the law or the mappings changed
(catalog, ontology or mapping-set versions, or the law date, differ). Both can be true; a
different evidence date or draft setting is named too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..store import Store
from .coverage_model import Change, CoverageReport
from .gaps import GapReport
from .history import NOT_APPLICABLE, AnalysisRecord, OpenGap, load, snapshot

CURRENT = "current"
"""The ``to`` id of a comparison with the analysis a report has just made (not recorded)."""


@dataclass(frozen=True)
class ScoreDelta:
    """One act's support score in both analyses (``None``: not analysed there)."""

    framework: str
    before: float | None
    after: float | None
    delta: float


@dataclass(frozen=True)
class Comparison:
    """What changed from one analysis record to another, and why."""

    organisation: str
    from_id: str
    to_id: str
    from_started: str
    to_started: str
    input_changed: bool
    law_or_mappings_changed: bool
    reasons: list[str] = field(default_factory=list)
    scores: list[ScoreDelta] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    gaps_opened: list[OpenGap] = field(default_factory=list)
    gaps_closed: list[OpenGap] = field(default_factory=list)


def compare(store: Store, org_id: str, from_id: str, to_id: str) -> Comparison:
    """Compare two of the organisation's records (unknown ids, or another organisation's:
    :class:`history.UnknownAnalysisError`)."""
    return between(load(store, org_id, from_id), load(store, org_id, to_id))


def since(
    store: Store, org_id: str, from_id: str, report: CoverageReport, found: GapReport
) -> Comparison:
    """Compare a record with an analysis just made (a report's), without recording it."""
    before = load(store, org_id, from_id)
    now = dt.datetime.now(dt.UTC)
    return between(before, snapshot(store, org_id, report, found, now, now, CURRENT))


def between(before: AnalysisRecord, after: AnalysisRecord) -> Comparison:
    """The comparison of two records of one organisation."""
    input_changed = before.input_hash != after.input_hash
    law = _law_reasons(before, after)
    reasons = [
        *(
            ["the input data changed (its hash differs)"]
            if input_changed
            else ["the input data is the same"]
        ),
        *(law or ["the law date, catalogs, ontology and mapping sets are the same"]),
        *_setting_reasons(before, after),
    ]
    old_gaps = {_gap_id(g): g for g in before.open_gaps}
    new_gaps = {_gap_id(g): g for g in after.open_gaps}
    return Comparison(
        organisation=after.organisation,
        from_id=before.id,
        to_id=after.id,
        from_started=before.started,
        to_started=after.started,
        input_changed=input_changed,
        law_or_mappings_changed=bool(law),
        reasons=reasons,
        scores=_scores(before, after),
        changes=_changes(before, after),
        gaps_opened=[g for k, g in new_gaps.items() if k not in old_gaps],
        gaps_closed=[g for k, g in old_gaps.items() if k not in new_gaps],
    )


def _law_reasons(before: AnalysisRecord, after: AnalysisRecord) -> list[str]:
    """Sentences for each law or mapping difference (none: the law side is the same)."""
    found = []
    if before.as_of != after.as_of:
        found.append(f"the law date changed: {before.as_of} -> {after.as_of}")
    for name in sorted(set(before.versions) | set(after.versions)):
        old, new = before.versions.get(name), after.versions.get(name)
        if old != new:
            what = "mapping set" if name.startswith("mappings/") else "catalog"
            if name == "ontology":
                what = "ontology"
            label = name.partition("/")[2] or name
            found.append(f"the {what} {label} changed: {_short(old)} -> {_short(new)}")
    return found


def _setting_reasons(before: AnalysisRecord, after: AnalysisRecord) -> list[str]:
    found = []
    if before.evidence_date != after.evidence_date:
        found.append(f"the evidence date changed: {before.evidence_date} -> {after.evidence_date}")
    if before.include_draft != after.include_draft:
        found.append(
            "draft mapping rows were "
            + ("counted" if after.include_draft else "left out")
            + " this time"
        )
    return found


def _short(version: str | None) -> str:
    """``sha256:1b7e2f3a`` (enough to tell versions apart), or ``absent``."""
    return version[:15] if version else "absent"


def _scores(before: AnalysisRecord, after: AnalysisRecord) -> list[ScoreDelta]:
    old = {s.framework: s for s in before.scores}
    new = {s.framework: s for s in after.scores}
    result = []
    for framework in sorted(set(old) | set(new)):
        was = old[framework].score if framework in old else None
        now = new[framework].score if framework in new else None
        result.append(ScoreDelta(framework, was, now, round((now or 0.0) - (was or 0.0), 6)))
    return result


def _changes(before: AnalysisRecord, after: AnalysisRecord) -> list[Change]:
    """Every status that moved, the organisation's first then each system's; an obligation
    that applies on one side only is ``not-applicable`` on the other."""
    old = {(s.id, s.system): s for s in before.statuses}
    new = {(s.id, s.system): s for s in after.statuses}
    found = []
    for key in sorted(set(old) | set(new), key=lambda k: (_framework(k[0]), k)):
        was, now = old.get(key), new.get(key)
        before_status = was.status if was else NOT_APPLICABLE
        after_status = now.status if now else NOT_APPLICABLE
        if before_status != after_status:
            obligation, system = key
            found.append(
                Change(obligation, _framework(obligation), system, before_status, after_status)
            )
    return found


def _framework(obligation: str) -> str:
    """``ai-act`` for ``ai-act:art-9-1`` (short ids carry their framework key)."""
    return obligation.partition(":")[0]


def _gap_id(gap: OpenGap) -> tuple[str, str, tuple[str, ...]]:
    """A gap is the same gap when its kind, focus and provisions are (severity may move)."""
    return (gap.kind, gap.focus, tuple(gap.provisions))
