"""``crosswalk PROVISION --rank``: the ISO/IEC 42001 elements that would help an EU act
provision most, for one organisation or in general.

The links are the crosswalk's direct links into the provision and its sub-units (draft rows
and ``no-relationship`` rows left out, as coverage leaves them out). Each element keeps its
best link. The order (:data:`RULE_ORG`, :data:`RULE_GENERAL`) is spelled out to the user:
a consultant must be able to say why one control comes before another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..crosswalks.crosswalk import CrosswalkLink, crosswalk
from ..errors import AimsgraphError
from ..namespaces import framework_of
from ..store import Store
from .coverage import coverage
from .coverage_facts import implemented_elements
from .coverage_model import FULL

RULE_GENERAL = (
    "full links first (equal-to, equivalent-to, superset-of: implementing the element can "
    "cover), then partial ones (subset-of, intersects-with: it supports at most partially); "
    "then higher strength; then more of the provision's obligations linked"
)
RULE_ORG = (
    "elements reaching at least one of the organisation's applicable obligations under the "
    "provision first; then not yet implemented before implemented (implementing them is what "
    "would change a status); then full links before partial ones (equal-to, equivalent-to, "
    "superset-of can cover; subset-of, intersects-with support at most partially); then more "
    "applicable obligations reached; then higher strength"
)


class RankError(AimsgraphError):
    """``--rank`` asked for something it cannot rank."""


@dataclass(frozen=True)
class RankedElement:
    """One ISO element's best link into the provision and why it ranks where it does.
    ``implemented`` and ``reaches`` are None without an organisation."""

    rank: int
    element: str
    title: str
    relationship: str
    strength: int
    linked: list[str] = field(default_factory=list)
    implemented: bool | None = None
    reaches: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Ranking:
    """The ranked elements for ``provision`` (``organisation`` None: in general)."""

    provision: str
    organisation: str | None
    as_of: str | None
    applicable: int | None
    rule: str
    elements: list[RankedElement] = field(default_factory=list)


def rank(
    store: Store, provision_id: str, org_id: str | None = None, as_of: dt.date | None = None
) -> Ranking:
    """ISO elements ranked by how much they would help ``provision_id`` (for ``org_id`` on
    ``as_of`` if given: applicable obligations reached, implemented or not)."""
    fw = framework_of(provision_id)
    if fw is not None and fw.key == "iso42001":
        raise RankError(
            f"--rank ranks ISO/IEC 42001 elements for an EU act provision (e.g. ai-act:art-9); "
            f"{provision_id} is itself an ISO element"
        )
    links = [
        link
        for link in crosswalk(store, provision_id)
        if link.relationship != "no-relationship" and link.status != "draft"
    ]
    best: dict[str, CrosswalkLink] = {}
    linked: dict[str, set[str]] = {}
    for link in links:
        linked.setdefault(link.subject, set()).add(link.object)
        current = best.get(link.subject)
        if current is None or _strength(link) > _strength(current):
            best[link.subject] = link
    if org_id is None or fw is None:
        order = sorted(
            best.values(),
            key=lambda b: (-_strength(b)[0], -b.strength, -len(linked[b.subject]), b.subject),
        )
        elements = [
            RankedElement(
                i,
                b.subject,
                b.subject_title,
                b.relationship,
                b.strength,
                sorted(linked[b.subject]),
                reason=f"{_kind(b)}, strength {b.strength}, "
                f"{len(linked[b.subject])} of the provision's obligations linked",
            )
            for i, b in enumerate(order, start=1)
        ]
        return Ranking(provision_id, None, None, None, RULE_GENERAL, elements)
    day = as_of or dt.date.today()
    report = coverage(store, org_id, day, [fw.key])
    applicable = {
        p.id
        for f in report.frameworks
        for p in f.provisions
        if p.id == provision_id or p.id.startswith(provision_id + "-")
    }
    implemented = implemented_elements(store, org_id, day)

    def reached(element: str) -> set[str]:
        return {a for o in linked[element] for a in applicable if a == o or a.startswith(o + "-")}

    facts = {
        e: (len(reached(e)), bool(implemented.usable(e, None)), _strength(b)[0])
        for e, b in best.items()
    }
    order = sorted(
        best.values(),
        key=lambda b: (
            facts[b.subject][0] == 0,
            facts[b.subject][1],
            -facts[b.subject][2],
            -facts[b.subject][0],
            -b.strength,
            b.subject,
        ),
    )
    elements = []
    for i, b in enumerate(order, start=1):
        count, done, _ = facts[b.subject]
        elements.append(
            RankedElement(
                i,
                b.subject,
                b.subject_title,
                b.relationship,
                b.strength,
                sorted(linked[b.subject]),
                done,
                count,
                f"{'implemented' if done else 'not implemented'}; {_kind(b)}, strength "
                f"{b.strength}; reaches {count} of {len(applicable)} applicable obligations",
            )
        )
    return Ranking(provision_id, org_id, day.isoformat(), len(applicable), RULE_ORG, elements)


def _strength(link: CrosswalkLink) -> tuple[int, int]:
    """A link's rank: full before partial, then strength."""
    return (1 if link.relationship in FULL else 0, link.strength)


def _kind(link: CrosswalkLink) -> str:
    full = link.relationship in FULL
    return f"{link.relationship} ({'can cover' if full else 'partial support at most'})"
