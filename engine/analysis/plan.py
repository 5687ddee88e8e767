"""Remediation plan: the actions that raise the organisation's coverage score most, in order.

Candidate actions come from the coverage explanation and the organisation's own records:

- ``implement-control``: an ISO/IEC 42001 element linked to applicable obligations that is
  not implemented (SoA row missing, excluded or not ``implemented``);
- ``add-evidence``: an element the SoA reports implemented (or a clause) that lacks valid
  evidence;
- ``renew-evidence``: an expired evidence item (renewal restores what it supported).

The weighted score is the mean of the framework scores (each framework counts equally, each
obligation equally within it). A greedy set-cover loop picks, at each step, the action with
the largest gain given the steps already taken, and stops when nothing gains.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from ..namespaces import FRAMEWORKS
from ..store import Iri, Store, sparql
from .applicability import EU_FRAMEWORKS
from .coverage import FULL, CoverageReport, coverage
from .graphs import analysis_graphs, org_iri, record_graphs


@dataclass(frozen=True)
class Action:
    """One candidate action and what it makes true."""

    action: str
    target: str
    title: str
    elements: frozenset[str] = frozenset()  # ISO elements that become implemented
    obligations: frozenset[str] = frozenset()  # obligations that get valid direct evidence


@dataclass(frozen=True)
class PlanStep:
    """One step of the plan, with its gain and what it closes."""

    rank: int
    action: str
    target: str
    title: str
    gain: float
    score_after: float
    closes: list[str] = field(default_factory=list)
    improves: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """The ordered remediation plan for one organisation on one date."""

    organisation: str
    as_of: str
    score_before: float
    score_after: float
    steps: list[PlanStep] = field(default_factory=list)


class _Model:
    """Scores every applicable obligation under a set of implemented elements."""

    def __init__(self, report: CoverageReport) -> None:
        self.frameworks: dict[str, list[str]] = {}
        self.links: dict[str, list[tuple[str, str, int]]] = {}
        self.evidence: set[str] = set()
        self.implemented: set[str] = set()
        for fw in report.frameworks:
            if not fw.applicable:
                continue
            self.frameworks[fw.framework] = [p.id for p in fw.provisions]
            for p in fw.provisions:
                self.links[p.id] = [(v.control, v.relationship, v.strength) for v in p.via]
                self.implemented.update(v.control for v in p.via if v.implemented)
                if p.evidence:
                    self.evidence.add(p.id)

    def score(self, obligation: str, implemented: set[str], evidence: set[str]) -> float:
        if obligation in evidence:
            return 1.0
        return max((s / 10 for c, _, s in self.links[obligation] if c in implemented), default=0.0)

    def status(self, obligation: str, implemented: set[str], evidence: set[str]) -> str:
        active = [r for c, r, _ in self.links[obligation] if c in implemented]
        if obligation in evidence or any(r in FULL for r in active):
            return "covered"
        return "partial" if active else ("uncovered" if self.links[obligation] else "unmapped")

    def weights(self) -> dict[str, float]:
        """Each obligation's share of the weighted score (frameworks equal, obligations
        equal within a framework)."""
        count = len(self.frameworks)
        return {
            o: 1 / (len(obligations) * count)
            for obligations in self.frameworks.values()
            for o in obligations
        }

    def by_element(self) -> dict[str, set[str]]:
        """ISO element -> the applicable obligations it links to."""
        index: dict[str, set[str]] = {}
        for obligation, links in self.links.items():
            for element, _, _ in links:
                index.setdefault(element, set()).add(obligation)
        return index

    def total(self, implemented: set[str], evidence: set[str]) -> float:
        if not self.frameworks:
            return 0.0
        means = [
            sum(self.score(o, implemented, evidence) for o in obligations) / len(obligations)
            for obligations in self.frameworks.values()
        ]
        return sum(means) / len(means)


def candidates(
    store: Store, org_id: str, as_of: dt.date, report: CoverageReport, model: _Model
) -> list[Action]:
    """Every action worth considering for this organisation."""
    graphs = record_graphs(analysis_graphs(store, org_id))
    org = org_iri(org_id)
    soa = {
        r["controlId"]: (r["included"] == "true", r.get("status"))
        for r in sparql.select(store, "soa-status", graphs, org=org)
    }
    iso = FRAMEWORKS["iso42001"]
    titles = {
        row["id"]: row["title"]
        for row in sparql.select(store, "provisions", [iso.graph], scheme=Iri(iso.scheme))
    }
    linked = {v.control for fw in report.frameworks for p in fw.provisions for v in p.via}
    actions: list[Action] = []
    for element in sorted(linked - model.implemented):
        included, status = soa.get(element, (False, None))
        is_control = element.startswith("iso42001:A.")
        kind = (
            "add-evidence"
            if (not is_control or (included and status == "implemented"))
            else "implement-control"
        )
        title = titles.get(element, "")
        actions.append(Action(kind, element, title, frozenset({element})))
    # Obligations a record supporting ``s`` speaks to: ``s`` itself and its sub-units
    # (``gdpr:art-35`` -> ``gdpr:art-35-1``, ...), indexed by every such prefix.
    parts: dict[str, set[str]] = defaultdict(set)
    for obligation in model.links:
        parts[obligation].add(obligation)
        for i, char in enumerate(obligation):
            if char == "-":
                parts[obligation[:i]].add(obligation)
    expired: dict[str, tuple[str, set[str]]] = {}
    for row in sparql.select(store, "expired-evidence", graphs, org=org, asOf=as_of):
        title, supported = expired.setdefault(row["evidenceId"], (row["title"], set()))
        supported.add(row["supportedId"])
    for evidence_id, (title, supported) in sorted(expired.items()):
        implemented_controls = {
            s for s in supported if soa.get(s, (False, None)) == (True, "implemented")
        }
        clauses = {c for s in supported if s.startswith("iso42001:clause-") for c in _parents(s)}
        elements = implemented_controls | clauses
        obligations = {o for s in supported for o in parts.get(s, ())}
        actions.append(
            Action(
                "renew-evidence", evidence_id, title, frozenset(elements), frozenset(obligations)
            )
        )
    # Renewing a record is the concrete way to restore what it supported: drop the generic
    # "add evidence" action for elements a renewal restores.
    restored = {e for a in actions if a.action == "renew-evidence" for e in a.elements}
    return [a for a in actions if not (a.action == "add-evidence" and a.target in restored)]


def _parents(clause: str) -> list[str]:
    """``iso42001:clause-9.3.3`` -> itself, ``clause-9.3`` and ``clause-9``: evidence for a
    subclause shows its parents implemented too, as coverage counts it."""
    number = clause.removeprefix("iso42001:clause-").split(".")
    return [f"iso42001:clause-{'.'.join(number[:n])}" for n in range(len(number), 0, -1)]


def plan(
    store: Store,
    org_id: str,
    as_of: dt.date,
    top: int | None = None,
    report: CoverageReport | None = None,
) -> Plan:
    """Greedy remediation plan: at each step the action with the largest score gain.

    ``report`` reuses a coverage report already computed for the same organisation and date
    (``analyse`` does); otherwise coverage of the four acts is computed here.
    """
    if report is None:
        report = coverage(store, org_id, as_of, EU_FRAMEWORKS)
    model = _Model(report)
    weight, linked = model.weights(), model.by_element()
    implemented, evidence = set(model.implemented), set(model.evidence)
    before = model.total(implemented, evidence)
    remaining = candidates(store, org_id, as_of, report, model)
    steps: list[PlanStep] = []
    current = before

    def affected(action: Action) -> set[str]:
        touched = {o for e in action.elements for o in linked.get(e, ())}
        return touched | {o for o in action.obligations if o in weight}

    # Each obligation's score under the steps taken so far (updated after each step).
    scores = {o: model.score(o, implemented, evidence) for o in weight}

    def gain_of(action: Action) -> float:
        # Only the obligations an action touches can change: score just those. fsum: the
        # same gain whatever order the set yields them in, so equal gains tie exactly and
        # the tie-break below decides, not rounding (which followed the store's row order).
        new_implemented = implemented | action.elements
        new_evidence = evidence | action.obligations
        return math.fsum(
            weight[o] * (model.score(o, new_implemented, new_evidence) - scores[o])
            for o in affected(action)
        )

    while remaining and (top is None or len(steps) < top):
        scored = [(gain_of(a), a.action, a.target, a) for a in remaining]
        gain, _, _, best = max(scored, key=lambda s: (s[0], -ord(s[1][0]), s[2]))
        if gain <= 1e-9:
            break
        # A gain never grows as steps are taken (scores are maxima over what is implemented),
        # so an action that gains nothing now never will: drop it from later rounds.
        remaining = [s[3] for s in scored if s[0] > 1e-9]
        new_implemented = implemented | best.elements
        new_evidence = evidence | best.obligations
        closes, improves = [], []
        for o in affected(best):
            was = model.status(o, implemented, evidence)
            now = model.status(o, new_implemented, new_evidence)
            if now == "covered" and was != "covered":
                closes.append(o)
            elif model.score(o, new_implemented, new_evidence) > model.score(
                o, implemented, evidence
            ):
                improves.append(o)
        implemented, evidence, current = new_implemented, new_evidence, current + gain
        for o in affected(best):
            scores[o] = model.score(o, implemented, evidence)
        remaining.remove(best)
        steps.append(
            PlanStep(
                len(steps) + 1,
                best.action,
                best.target,
                best.title,
                round(gain, 4),
                round(current, 4),
                sorted(closes),
                sorted(improves),
            )
        )
    return Plan(org_id, as_of.isoformat(), round(before, 4), round(current, 4), steps)
