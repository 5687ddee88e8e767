"""The records a coverage analysis returns (model.md, "Coverage semantics").

Kept apart from the computation so that the CLI, the API, the report and the plan read one
vocabulary: five statuses, counts per framework for each, a per-system split of the
obligations that apply through AI systems, and the what-if changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Strongest first; an obligation judged per system takes its weakest system's status.
STATUSES = ("covered", "partial", "uncovered", "not-addressed", "not-analysed")
FULL = frozenset({"equal-to", "equivalent-to", "superset-of"})


def weakest(statuses: Iterable[str]) -> str:
    """The weakest of ``statuses`` (``not-analysed`` when there are none)."""
    return max(statuses, key=STATUSES.index, default="not-analysed")


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """Keyword counts for the records below: ``not-addressed`` -> ``not_addressed``."""
    found = list(statuses)
    return {s.replace("-", "_"): found.count(s) for s in STATUSES}


@dataclass(frozen=True)
class Link:
    """A mapping row that speaks to an obligation (directly or through an ancestor)."""

    element: str
    relationship: str
    strength: int
    inherited: bool
    draft: bool


@dataclass(frozen=True)
class Via:
    """One reason behind a status: an ISO element's link and the evidence behind it.

    ``scope`` says whose evidence makes the element implemented for this judgement:
    ``system`` (evidence naming the AI system judged), ``organisation`` (organisation-wide
    evidence), ``other`` (evidence naming an AI system, for an organisation-level
    obligation), ``assumed`` (what-if) or empty (not implemented). ``note`` names the clause
    evidence behind a clause implemented through its subclauses."""

    control: str
    relationship: str
    strength: int
    implemented: bool
    evidence: list[str] = field(default_factory=list)
    inherited: bool = False
    scope: str = ""
    note: str = ""


@dataclass(slots=True)
class SystemStatus:
    """An obligation judged for one AI system it applies through. Read-only like the
    other records, but not frozen: an analysis of 10,000 systems makes ~2.5 x 10^5 of
    them, and a frozen dataclass's ``__init__`` costs three times as much."""

    system: str
    status: str
    score: float
    via: list[Via] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProvisionCoverage:
    """One applicable obligation's status and why. Obligations that apply through AI
    systems carry ``per_system``; their status, score, via and evidence are the weakest
    system's."""

    id: str
    title: str
    status: str
    score: float
    via: list[Via] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    per_system: list[SystemStatus] = field(default_factory=list)
    explanation: str = ""


@dataclass(frozen=True)
class FrameworkCoverage:
    """One framework: counts per status, support score, every applicable obligation.

    ``score`` is a support score (mean best link weight), not a compliance percentage;
    ``score_before`` is the score without the what-if assumptions (None without any)."""

    framework: str
    applicable: int
    covered: int
    partial: int
    uncovered: int
    not_addressed: int
    not_analysed: int
    score: float
    score_before: float | None = None
    provisions: list[ProvisionCoverage] = field(default_factory=list)


@dataclass(frozen=True)
class SystemCoverage:
    """The obligations that apply because of one AI system, with that system's statuses."""

    system: str
    framework: str
    applicable: int
    covered: int
    partial: int
    uncovered: int
    not_addressed: int
    not_analysed: int
    obligations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """A status the what-if assumptions move (``system`` empty: the organisation's)."""

    id: str
    framework: str
    system: str
    before: str
    after: str


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of the chosen frameworks for one organisation: the law date (``as_of``)
    decides what applies, the evidence date decides which evidence is valid.
    ``draft_changes`` counts the statuses that would differ if draft mapping rows were
    counted (when they are left out) or left out (when they are included). ``system`` set:
    only the obligations that apply through that AI system, each with its judgement for
    that system."""

    organisation: str
    as_of: str
    evidence_date: str = ""
    include_draft: bool = False
    draft_changes: int = 0
    frameworks: list[FrameworkCoverage] = field(default_factory=list)
    assumed_implemented: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    systems: list[SystemCoverage] = field(default_factory=list)
    system: str | None = None
