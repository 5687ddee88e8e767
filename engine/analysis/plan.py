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
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..namespaces import FRAMEWORKS, compact, expand
from ..store import Iri, Store, sparql
from . import law_cache
from .applicability import EU_FRAMEWORKS
from .coverage import CoverageReport, coverage
from .coverage_model import FULL, Via, weakest
from .evidence_register import evidence_systems
from .gc_pace import fewer_collections
from .graphs import analysis_graphs, org_iri, record_graphs
from .org_view import known_data, own_graph


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
    """The ordered remediation plan for one organisation on one date; ``frameworks`` are
    the acts whose support it raises, ``system`` (if set) the AI system it is limited to."""

    organisation: str
    as_of: str
    score_before: float
    score_after: float
    steps: list[PlanStep] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=lambda: list(EU_FRAMEWORKS))
    system: str | None = None


@dataclass(frozen=True)
class _Unit:
    """One judgement of an obligation (the organisation's, or one AI system's): its links,
    the elements implemented for it (``full``: with evidence of its own scope) and its
    direct evidence (``direct``: "own", "other" or empty)."""

    links: tuple[tuple[str, str, int], ...]
    implemented: frozenset[str]
    full: frozenset[str]
    direct: str
    status: str


class _Model:
    """Scores every applicable obligation under a set of added elements and evidence; an
    obligation judged per system scores as its weakest system."""

    def __init__(self, report: CoverageReport) -> None:
        self.frameworks: dict[str, list[str]] = {}
        self.units: dict[str, list[_Unit]] = {}
        self.implemented: set[str] = set()
        for fw in report.frameworks:
            if not fw.applicable:
                continue
            self.frameworks[fw.framework] = [p.id for p in fw.provisions]
            for p in fw.provisions:
                own = _OWN_SYSTEM if p.per_system else _OWN_ORGANISATION
                judged = [(j.via, j.evidence, j.status) for j in p.per_system] or [
                    (p.via, p.evidence, p.status)
                ]
                # Systems judged alike give equal units; one of each scores the same (the
                # score is a minimum, the status the weakest) at a fraction of the cost.
                # Coverage hands every system judged on the same evidence the very same
                # lists: build one unit per such judgement, not one per system.
                made: dict[tuple[int, int, str], _Unit] = {}
                for via, evidence, status in judged:
                    key = (id(via), id(evidence), status)
                    if key not in made:
                        made[key] = self._unit(via, evidence, status, own)
                self.units[p.id] = list(dict.fromkeys(made.values()))
                for unit in self.units[p.id]:
                    self.implemented.update(unit.implemented)

    @staticmethod
    def _unit(via: list[Via], evidence: list[str], status: str, own: frozenset[str]) -> _Unit:
        active = [v for v in via if v.implemented]
        full = frozenset(v.control for v in active if v.scope in own)
        by_link = any(v.relationship in FULL for v in active if v.control in full)
        direct = "" if not evidence else ("own" if status == "covered" and not by_link else "other")
        return _Unit(
            tuple((v.control, v.relationship, v.strength) for v in via),
            frozenset(v.control for v in active),
            full,
            direct,
            status,
        )

    def score(self, obligation: str, added: set[str], evidence: set[str]) -> float:
        if obligation in evidence:
            return 1.0
        return min(
            1.0
            if unit.direct
            else max(
                (s / 10 for c, _, s in unit.links if c in unit.implemented or c in added),
                default=0.0,
            )
            for unit in self.units[obligation]
        )

    def status(self, obligation: str, added: set[str], evidence: set[str]) -> str:
        return weakest(self._status(u, obligation, added, evidence) for u in self.units[obligation])

    @staticmethod
    def _status(unit: _Unit, obligation: str, added: set[str], evidence: set[str]) -> str:
        full = unit.full | added
        if obligation in evidence or unit.direct == "own":
            return "covered"
        if any(r in FULL and c in full for c, r, _ in unit.links):
            return "covered"
        if unit.direct or any(c in unit.implemented or c in added for c, _, _ in unit.links):
            return "partial"
        return "uncovered" if unit.links else unit.status

    def weights(self) -> dict[str, float]:
        """Each obligation's share of the weighted score (frameworks equal, obligations
        equal within a framework)."""
        count = len(self.frameworks)
        return {
            o: 1 / (len(obligations) * count)
            for obligations in self.frameworks.values()
            for o in obligations
        }

    def link_values(self) -> dict[str, dict[str, float]] | None:
        """ISO element -> {obligation: the score its best link to it gives}; ``None`` when
        some obligation's judgements do not all have the same links (then an obligation's
        score is not the maximum over what the steps bring, which the lazy selection needs)."""
        values: dict[str, dict[str, float]] = defaultdict(dict)
        for obligation, units in self.units.items():
            if len({frozenset(unit.links) for unit in units}) > 1:
                return None
            for element, _, strength in units[0].links:
                found = values[element]
                found[obligation] = max(found.get(obligation, 0.0), strength / 10)
        return values

    def by_element(self) -> dict[str, set[str]]:
        """ISO element -> the applicable obligations it links to."""
        index: dict[str, set[str]] = {}
        for obligation, units in self.units.items():
            for unit in units:
                for element, _, _ in unit.links:
                    index.setdefault(element, set()).add(obligation)
        return index

    def total(self, added: set[str], evidence: set[str]) -> float:
        if not self.frameworks:
            return 0.0
        means = [
            sum(self.score(o, added, evidence) for o in obligations) / len(obligations)
            for obligations in self.frameworks.values()
        ]
        return sum(means) / len(means)


# Evidence scopes that let an implemented element cover (not only support partially).
_OWN_SYSTEM = frozenset({"system", "assumed"})
_OWN_ORGANISATION = frozenset({"organisation", "assumed"})


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
    for obligation in model.units:
        parts[obligation].add(obligation)
        for i, char in enumerate(obligation):
            if char == "-":
                parts[obligation[:i]].add(obligation)
    expired: dict[str, tuple[str, set[str]]] = {}
    short: dict[str, str | None] = {}  # ~10^5 rows at 10,000 systems, a few hundred IRIs
    for row in _expired_rows(store, org_id, org, as_of):
        title, supported = expired.setdefault(row["evidenceId"], (row["title"], set()))
        iri = row["supported"]
        if iri not in short:
            short[iri] = compact(iri)
        if (short_id := short[iri]) is not None:
            supported.add(short_id)
    implemented = {
        c for c, (included, status) in soa.items() if included and status == "implemented"
    }
    for evidence_id, (title, supported) in sorted(expired.items()):
        clauses = {c for s in supported if s.startswith("iso42001:clause-") for c in _parents(s)}
        elements = (supported & implemented) | clauses
        obligations = {o for s in supported for o in parts.get(s, ())}
        actions.append(
            Action(
                "renew-evidence", evidence_id, title, frozenset(elements), frozenset(obligations)
            )
        )
    if report.system is not None:  # another system's record does not help this one
        about = evidence_systems(store, org_id)
        actions = [
            a
            for a in actions
            if a.action != "renew-evidence" or about.get(a.target, report.system) == report.system
        ]
    # Renewing a record is the concrete way to restore what it supported: drop the generic
    # "add evidence" action for elements a renewal restores.
    restored = {e for a in actions if a.action == "renew-evidence" for e in a.elements}
    return [a for a in actions if not (a.action == "add-evidence" and a.target in restored)]


def _expired_rows(store: Store, org_id: str, org: Iri, as_of: dt.date) -> list[dict[str, str]]:
    """The rows of ``expired-evidence.rq``; in ``analyse``, from the organisation's checked
    data (:func:`org_view.known_data`) rather than read back from the graph written from it."""
    data = known_data(store, org_id)
    if data is None:
        source, own = own_graph(store, org_id)
        return sparql.select(source, "expired-evidence", own, org=org, asOf=as_of)
    return [
        {"evidenceId": item.id, "title": item.title, "supported": expand(target)}
        for item in data.evidence
        if item.valid_until is not None and item.valid_until < as_of
        for target in item.supports
    ]


def _parents(clause: str) -> list[str]:
    """``iso42001:clause-9.3.3`` -> itself, ``clause-9.3`` and ``clause-9``: evidence for a
    subclause shows its parents implemented too, as coverage counts it."""
    number = clause.removeprefix("iso42001:clause-").split(".")
    return [f"iso42001:clause-{'.'.join(number[:n])}" for n in range(len(number), 0, -1)]


@fewer_collections()
def plan(
    store: Store,
    org_id: str,
    as_of: dt.date,
    top: int | None = None,
    report: CoverageReport | None = None,
    frameworks: Iterable[str] = EU_FRAMEWORKS,
    system: str | None = None,
) -> Plan:
    """Greedy remediation plan: at each step the action with the largest score gain.

    ``report`` reuses a coverage report already computed for the same organisation and date
    (``analyse`` does); otherwise coverage of ``frameworks`` (default: the four acts) is
    computed here, limited to the obligations through ``system`` if given (the plan then
    raises that system's support and drops renewals of other systems' evidence).
    """
    if report is None:
        report = coverage(store, org_id, as_of, frameworks, system=system)
    chosen = [f.framework for f in report.frameworks]
    model = _Model(report)
    weight, linked = model.weights(), model.by_element()
    implemented: set[str] = set()  # elements the steps taken so far add
    evidence: set[str] = set()  # obligations the steps taken so far give direct evidence
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

    values = model.link_values() if law_cache.enabled() else None
    if values is None:  # the reference: every action re-scored from the judgements
        choose: _Lazy | _Exhaustive = _Exhaustive(remaining)
        score_gain: Callable[[Action], float] = gain_of
    else:
        choose, score_gain = _Lazy(remaining), _ClosedFormGain(values, weight, scores)
    while top is None or len(steps) < top:
        picked = choose.best(score_gain)
        if picked is None:
            break
        gain, best = picked
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
        if isinstance(score_gain, _ClosedFormGain):
            score_gain.scores_changed()
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
    return Plan(
        org_id,
        as_of.isoformat(),
        round(before, 4),
        round(current, 4),
        steps,
        chosen,
        report.system,
    )


class _ClosedFormGain:
    """``gain_of`` in closed form: an obligation's score is max(its score now, the best value
    the action brings it), so neither the judgements nor the steps taken so far are looked
    at again. ``scores`` is read at each call (the plan updates it after each step, then
    calls :meth:`scores_changed`). The same terms as ``gain_of`` (fsum ignores the zeros of
    untouched obligations): the same float.

    The gain depends on the action's elements and obligations alone, so actions that bring
    the same ones (the renewals of many systems' evidence for one control) are scored once
    per step: 72,000 scorings at 10,000 systems, most of them repeats."""

    def __init__(
        self,
        values: dict[str, dict[str, float]],
        weight: dict[str, float],
        scores: dict[str, float],
    ) -> None:
        self.values, self.weight, self.scores = values, weight, scores
        self._known: dict[tuple[frozenset[str], frozenset[str]], float] = {}

    def scores_changed(self) -> None:
        """A step was taken: gains scored before it no longer hold."""
        self._known.clear()

    def __call__(self, action: Action) -> float:
        key = (action.elements, action.obligations)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._gain(action)
        return known

    def _gain(self, action: Action) -> float:
        values, weight, scores = self.values, self.weight, self.scores
        brings: dict[str, float] = {}
        for element in action.elements:
            for obligation, value in values.get(element, {}).items():
                brings[obligation] = max(brings.get(obligation, 0.0), value)
        for obligation in action.obligations:
            if obligation in weight:
                brings[obligation] = 1.0
        return math.fsum(
            weight[o] * (max(scores[o], value) - scores[o]) for o, value in brings.items()
        )


# A gain never grows as steps are taken. An obligation's score is the minimum over its
# judgements of max(what the judgement already has, the strongest link among the elements
# added, 1 if direct evidence is added); every judgement of an obligation has the same
# links, so that minimum is max(the weakest judgement's base, the best value any action
# taken brings it). A maximum over the actions taken is submodular: an action's gain only
# shrinks as others are taken, which both selections below rely on.
_NOTHING = 1e-9


def _tie_break(action: Action) -> tuple[int, str]:
    """Among equal gains: add-evidence, then implement-control, then renew-evidence (by the
    action's first letter), then the later target."""
    return -ord(action.action[0]), action.target


class _Exhaustive:
    """The reference selection: every remaining action re-scored at every step."""

    def __init__(self, actions: list[Action]) -> None:
        self.remaining = list(actions)

    def best(self, gain_of: Callable[[Action], float]) -> tuple[float, Action] | None:
        if not self.remaining:
            return None
        scored = [(gain_of(a), a) for a in self.remaining]
        gain, best = max(scored, key=lambda s: (s[0], *_tie_break(s[1])))
        if gain <= _NOTHING:
            return None
        # an action that gains nothing now never will: drop it from later rounds
        self.remaining = [a for g, a in scored if g > _NOTHING and a is not best]
        return gain, best


class _Lazy:
    """Lazy greedy (Minoux's accelerated greedy): the same choices as :class:`_Exhaustive`
    with a fraction of the scoring. Each action keeps the gain it had when last scored, an
    upper bound of its gain now (gains only shrink). The action with the highest bound is
    re-scored; once the top of the queue was scored in this round, nothing below it can
    beat it, bound or not."""

    def __init__(self, actions: list[Action]) -> None:
        targets = sorted({a.target for a in actions})
        order = {t: i for i, t in enumerate(targets)}
        self.round = 0
        # min-heap on (-gain, -tie-break): the largest gain, then the same tie-break
        self.queue: list[tuple[float, int, int, int, int, Action]] = [
            (-math.inf, ord(a.action[0]), -order[a.target], -1, i, a) for i, a in enumerate(actions)
        ]
        heapq.heapify(self.queue)

    def best(self, gain_of: Callable[[Action], float]) -> tuple[float, Action] | None:
        self.round += 1
        while self.queue:
            bound, kind, target, scored_in, index, action = heapq.heappop(self.queue)
            if scored_in == self.round:  # only gains above _NOTHING are queued again
                return -bound, action
            gain = gain_of(action)
            if gain > _NOTHING:  # one that gains nothing now never will
                heapq.heappush(self.queue, (-gain, kind, target, self.round, index, action))
        return None
