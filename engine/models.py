"""Typed records shared by the CLI, the API and the reports (never bare dicts of dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FrameworkInfo:
    """A loaded framework catalog and what it holds."""

    key: str
    iri: str
    label: str
    title: str
    identifier: str
    version: str
    eli: str | None
    graph: str
    counts: dict[str, int] = field(default_factory=dict)
    obligations: int = 0


@dataclass(frozen=True)
class ProvisionSummary:
    """One provision as listed: short id, IRI, official number and heading, parent, kind."""

    id: str
    iri: str
    notation: str
    title: str
    parent: str | None
    kind: str


@dataclass(frozen=True)
class Applicability:
    """One applicability condition of a provision: whom it binds, on what conditions, when,
    and the provision that says so (``ontology/sources/applicability/``)."""

    addressees: list[str]
    requires: list[str]  # "system.high_risk = yes"
    timing: str
    dates: list[str]  # "from 2027-12-02 if ... (law from 2026-07-27): source"
    effect: str
    effective_from: str | None
    effective_until: str | None
    source: str
    status: str
    declared_on: str | None  # the ancestor the condition is inherited from, if any
    reason: str | None
    note: str | None


@dataclass(frozen=True)
class AmendmentInfo:
    """A change made to a provision by a later act."""

    change: str
    amending_provision: str
    effective_from: str
    amending_act: str
    previous_label: str | None
    previous_text: str | None
    description: str | None


@dataclass(frozen=True)
class ProvisionDetail:
    """One provision with its context: parents, children, applicability, source links."""

    id: str
    iri: str
    notation: str
    title: str
    kind: str
    framework: str
    parent: str | None
    parents: list[ProvisionSummary]
    children: list[ProvisionSummary]
    text: str | None
    eli: str | None
    source: list[str]
    documented_information: str | None
    expected_evidence: list[str]
    obligation: bool
    applicability: list[Applicability]
    amendments: list[AmendmentInfo]
