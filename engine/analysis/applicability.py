"""Which provisions bind the organisation on a law date, through which AI systems, and why.

Rules are law as data (``law/rules.py``), facts are the organisation's (``org/facts.py``).
A provision applies when one of its conditions holds: in force in the version of the law of
the law date, addressed to a role the organisation (or, for AI Act operator roles, one of
its AI systems) holds, every fact requirement met, and a timing alternative whose date has
come. A condition with effect ``met-elsewhere`` that holds wins over the others: the
obligation is deemed met through other Union law. Every decision carries one sentence with
the provision that decides it. Coverage, gaps, plan and reports use exactly this set.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import UnknownIdError
from ..law import rules as law_rules
from ..law.rules import Condition, ProvisionRules, Rules, TimingAlternative
from ..namespaces import FRAMEWORKS
from ..org import facts as org_facts
from ..org.facts import OrgFacts, SystemFacts
from ..store import Store
from . import conditions as tests
from . import law_cache
from .graphs import analysis_graphs, record_graphs
from .org_view import own_graph, remembered_facts

EU_FRAMEWORKS = ("ai-act", "gdpr", "dora", "nis2")
# Organisation roles and the list fact that says whether the organisation holds them.
ORG_ROLES = {
    "controller": "gdpr_roles",
    "processor": "gdpr_roles",
    "financial-entity": "entity_types",
    "essential-entity": "entity_types",
    "important-entity": "entity_types",
}
OUTCOMES = (
    "applies",
    "not-yet",
    "met-elsewhere",
    "not-applicable",
    "authority",
    "not-an-obligation",
    "not-in-force",
)


@dataclass(frozen=True)
class Decision:
    """Whether one provision binds the organisation, and why."""

    id: str
    framework: str
    title: str
    applicable: bool
    outcome: str  # one of OUTCOMES
    systems: list[str] = field(default_factory=list)
    reason: str = ""
    applies_from: str | None = None
    status: str = "reviewed"  # draft when a deciding condition is a draft reading
    leaf: bool = True  # False: a paragraph whose points carry their own conditions


@dataclass(frozen=True)
class FrameworkApplicability:
    """Counts per act."""

    framework: str
    provisions: int  # at the finest level (leaves)
    applicable: int


@dataclass(frozen=True)
class ApplicabilityReport:
    """Every provision of the chosen acts with its decision, in catalog order."""

    organisation: str
    as_of: str
    system: str | None
    frameworks: list[FrameworkApplicability] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class _Result:
    """One condition's answer for the organisation or one system."""

    holds: bool = False
    date: dt.date | None = None  # when it applies (holds) or will apply (not yet)
    cite: str = ""  # the timing rule's citation for that date
    failures: list[str] = field(default_factory=list)


def _in_force(stated_from: dt.date | None, stated_until: dt.date | None, day: dt.date) -> bool:
    return (stated_from is None or stated_from <= day) and (
        stated_until is None or day < stated_until
    )


class _Evaluator:
    def __init__(self, rules: Rules, facts: OrgFacts, as_of: dt.date) -> None:
        self.rules, self.facts, self.as_of = rules, facts, as_of
        self.vocabulary = rules.vocabulary

    def kinds(self, condition: Condition) -> set[str]:
        return {self.vocabulary.addressee_kind.get(a, "authority") for a in condition.addressees}

    def system_level(self, condition: Condition) -> bool:
        system_roles = [a for a in condition.addressees if a not in ORG_ROLES]
        timing = self.rules.timings.get(condition.timing, ())
        return (
            any(self.vocabulary.addressee_kind.get(a) == "operator" for a in system_roles)
            or any(r.subject == "system" for r in condition.requires)
            or any(r.subject == "system" for alt in timing for r in alt.requires)
        )

    def evaluate(self, condition: Condition, system: SystemFacts | None) -> _Result:
        """Role, requirements, then timing, for the organisation or one system."""
        result = _Result()
        operators = [
            a for a in condition.addressees if self.vocabulary.addressee_kind.get(a) == "operator"
        ]
        org_roles = [a for a in operators if a in ORG_ROLES]
        system_roles = [a for a in operators if a not in ORG_ROLES]
        held = [a for a in org_roles if a in self.facts.lists.get(ORG_ROLES[a], ())]
        if system is not None and system_roles:
            held += [a for a in system_roles if a in system.lists.get("ai_act_role", ())]
        if not held:
            labels = " or ".join(self.vocabulary.addressee_label.get(a, a) for a in operators)
            if system is None or not system_roles:
                result.failures.append(f"the organisation is not a {labels}")
            else:
                result.failures.append(f"the organisation is not its {labels}")
            return result
        failed = [
            tests.phrase(r, self.vocabulary, failed=True, system=system)
            for r in condition.requires
            if not tests.holds(r, self.facts, system)
        ]
        if failed:
            result.failures.extend(failed)
            return result
        return self._timing(condition, system, result)

    def _timing(self, condition: Condition, system: SystemFacts | None, result: _Result) -> _Result:
        alternatives = [
            alt
            for alt in self.rules.timings.get(condition.timing, ())
            if _in_force(alt.stated_from, alt.stated_until, self.as_of)
        ]
        best: tuple[int, TimingAlternative, list[str]] | None = None
        for alt in alternatives:
            failed = [
                tests.phrase(r, self.vocabulary, failed=True, system=system)
                for r in alt.requires
                if not tests.holds(r, self.facts, system)
            ]
            if not failed:
                # an inserted provision applies from its insertion at the earliest
                start = max(alt.applies_from, condition.stated_from or alt.applies_from)
                if start <= self.as_of:
                    result.holds, result.date, result.cite = True, start, alt.cite
                    return result
                if result.date is None or start < result.date:
                    result.date, result.cite = start, alt.cite
            elif best is None or len(failed) < best[0]:
                best = (len(failed), alt, failed)
        if result.date is not None:
            return result  # applies later
        if best is not None:
            result.failures.append(f"{best[1].cite}: " + "; ".join(best[2]))
        else:
            result.failures.append("no date of application in the law in force on this date")
        return result


def _decide(
    evaluator: _Evaluator,
    provision: ProvisionRules,
    systems: tuple[SystemFacts, ...],
    members: dict[str, list[str]],
    named: dict[tuple[str, ...], list[str]] | None = None,
) -> Decision:
    """One provision's decision; ``systems`` are one representative per profile, ``members``
    the systems each stands for; ``named``: the system lists already spelled out (most
    provisions apply through the same profiles, and at 10,000 systems each list is long)."""
    spelled = named if named is not None else {}

    def names(keys: Iterable[str]) -> list[str]:
        key = tuple(keys)
        found = spelled.get(key)
        if found is None:
            found = spelled[key] = sorted(m for k in key if k for m in members.get(k, [k]))
        return list(found)

    framework = next(k for k, fw in FRAMEWORKS.items() if fw.scheme == provision.framework)
    as_of = evaluator.as_of
    live = [c for c in provision.conditions if _in_force(c.stated_from, c.stated_until, as_of)]
    base: dict[str, Any] = {
        "id": provision.id,
        "framework": framework,
        "title": provision.title,
        "leaf": provision.leaf,
    }
    if not live:
        return Decision(
            **base,
            applicable=False,
            outcome="not-in-force",
            reason=f"{_sources(provision.conditions)}: not in the law in force on {as_of}",
        )
    operative = [c for c in live if "operator" in evaluator.kinds(c)]
    if not operative:
        return _non_obligation(evaluator, base, live)
    # subject ("" = the organisation) -> (date, citation of the timing rule giving it)
    applying: dict[str, tuple[dt.date, str]] = {}
    met: dict[str, Condition] = {}
    later: dict[str, tuple[dt.date, str]] = {}
    failures: list[tuple[Condition, list[str]]] = []
    deciding: list[Condition] = []
    for condition in operative:
        subjects: Iterable[SystemFacts | None] = (
            systems if evaluator.system_level(condition) else (None,)
        )
        seen_failures: list[str] = []
        for system in subjects:
            result = evaluator.evaluate(condition, system)
            key = system.id if system is not None else ""
            if result.holds and result.date is not None:
                deciding.append(condition)
                if condition.effect == "met-elsewhere":
                    met[key] = condition
                else:
                    found = (result.date, result.cite)
                    applying[key] = min(found, applying.get(key, found))
            elif result.date is not None:
                found = (result.date, result.cite)
                later[key] = min(found, later.get(key, found))
            else:
                multiple = len(systems) > 1 or len(members.get(key, ())) > 1
                prefix = f"{', '.join(names([key]))}: " if system is not None and multiple else ""
                seen_failures += [
                    prefix + f for f in result.failures if prefix + f not in seen_failures
                ]
        if evaluator.system_level(condition) and not systems:
            seen_failures.append("the organisation has no AI systems")
        if seen_failures:
            failures.append((condition, seen_failures))
    status = "draft" if any(c.status == "draft" for c in deciding or operative) else "reviewed"
    for key in met:
        applying.pop(key, None)
        later.pop(key, None)
    if applying:
        through = names(applying)
        holding = [c for c in deciding if c.effect != "met-elsewhere"]
        whom = " or ".join(
            sorted(
                {
                    evaluator.vocabulary.addressee_label.get(a, a)
                    for c in holding
                    for a in c.addressees
                    if evaluator.vocabulary.addressee_kind.get(a) == "operator"
                }
            )
        )
        text = f"{_sources(holding)}: binds the {whom}"
        if through:
            text += f"; applies through {', '.join(through)}"
        first, cite = min(applying.values())
        cites = "; ".join(dict.fromkeys(c for _, c in sorted(applying.values())))
        return Decision(
            **base,
            applicable=True,
            outcome="applies",
            systems=through,
            reason=text + f" (since {first.isoformat()}: {cites})",
            applies_from=first.isoformat(),
            status=status,
        )
    if met:
        conditions = list(dict.fromkeys(met.values()))
        why = "; ".join(c.reason or "deemed met through other Union law" for c in conditions)
        return Decision(
            **base,
            applicable=False,
            outcome="met-elsewhere",
            systems=names(met),
            reason=f"{_sources(conditions)}: {why}",
            status=status,
        )
    if later:
        first, cite = min(later.values())
        through = names(later)
        text = f"{_sources(operative)}: applies from {first.isoformat()} ({cite})"
        if through:
            text += f" (through {', '.join(through)})"
        return Decision(
            **base,
            applicable=False,
            outcome="not-yet",
            systems=through,
            reason=text,
            applies_from=first.isoformat(),
            status=status,
        )
    parts = []
    for condition, phrases in failures:
        part = condition.reason or "; ".join(phrases)
        if part not in parts:
            parts.append(part)
    return Decision(
        **base,
        applicable=False,
        outcome="not-applicable",
        reason=f"{_sources([c for c, _ in failures] or operative)}: " + "; ".join(parts),
        status=status,
    )


def _non_obligation(evaluator: _Evaluator, base: dict[str, Any], live: list[Condition]) -> Decision:
    status = "draft" if any(c.status == "draft" for c in live) else "reviewed"
    nones = [c for c in live if "none" in evaluator.kinds(c)]
    if nones and len(nones) == len(live):
        why = "; ".join(dict.fromkeys(c.reason or "not an obligation" for c in nones))
        return Decision(
            **base,
            applicable=False,
            outcome="not-an-obligation",
            reason=f"{_sources(nones)}: not an obligation of the organisation: {why}",
            status=status,
        )
    labels = sorted(
        {
            evaluator.vocabulary.addressee_label.get(a, a)
            for c in live
            for a in c.addressees
            if a != "none"
        }
    )
    return Decision(
        **base,
        applicable=False,
        outcome="authority",
        reason=f"{_sources(live)}: addressed to {' and '.join(labels)}, not to the organisation",
        status=status,
    )


def _sources(conditions: Iterable[Condition]) -> str:
    return "; ".join(dict.fromkeys(c.source for c in conditions))


def evaluate(
    rules: Rules,
    facts: OrgFacts,
    as_of: dt.date,
    frameworks: Iterable[str] = EU_FRAMEWORKS,
    system: str | None = None,
) -> list[Decision]:
    """Decisions for every provision of ``frameworks`` that carries conditions (one system's
    only, if given); coverage counts the leaves (``Decision.leaf``), the finest level.

    Systems with equal facts get equal answers, so each distinct profile is evaluated once."""
    schemes = {FRAMEWORKS[k].scheme for k in frameworks}
    chosen = tuple(s for s in facts.systems if system is None or s.id == system)
    profiles: dict[tuple[object, ...], list[SystemFacts]] = defaultdict(list)
    for s in chosen:
        profiles[s.profile()].append(s)
    representatives = tuple(group[0] for group in profiles.values())
    members = {group[0].id: [s.id for s in group] for group in profiles.values()}
    evaluator = _Evaluator(rules, facts, as_of)
    named: dict[tuple[str, ...], list[str]] = {}
    decisions = []
    for provision in rules.provisions:
        if provision.framework not in schemes:
            continue
        if system is not None and not any(evaluator.system_level(c) for c in provision.conditions):
            continue
        decisions.append(_decide(evaluator, provision, representatives, members, named))
    return decisions


def applicability(
    store: Store,
    org_id: str,
    as_of: dt.date,
    frameworks: Iterable[str] = EU_FRAMEWORKS,
    system: str | None = None,
) -> ApplicabilityReport:
    """The applicability report of an organisation on the law date ``as_of``."""
    graphs = record_graphs(analysis_graphs(store, org_id))  # also checks the organisation
    source = store
    if law_cache.enabled():  # its facts are all in its own graph: 5-10x faster
        source, graphs = own_graph(store, org_id)
    chosen = list(frameworks)
    for key in chosen:
        if key not in EU_FRAMEWORKS:
            raise UnknownIdError(key, f"frameworks are {', '.join(EU_FRAMEWORKS)}")
    facts = (
        remembered_facts(source, graphs, org_id)
        if law_cache.enabled()
        else org_facts.read(source, graphs, org_id)
    )
    if system is not None and system not in {s.id for s in facts.systems}:
        known = ", ".join(s.id for s in facts.systems) or "none"
        raise UnknownIdError(system, f"no such AI system of {org_id} (its systems: {known})")
    rules = law_rules.load(store)
    if law_cache.enabled():
        decisions = _remembered(rules, facts, as_of, chosen, system)
    else:
        decisions = evaluate(rules, facts, as_of, chosen, system)
    counts = [
        FrameworkApplicability(
            key,
            sum(1 for d in decisions if d.framework == key and d.leaf),
            sum(1 for d in decisions if d.framework == key and d.leaf and d.applicable),
        )
        for key in chosen
    ]
    return ApplicabilityReport(org_id, as_of.isoformat(), system, counts, decisions)


_DECIDED: dict[tuple[object, ...], tuple[Rules, list[Decision]]] = {}
_DECIDED_LOCK = threading.Lock()
_DECIDED_MAX = 128  # entries are per act: 32 analyses of the four acts


def _remembered(
    rules: Rules, facts: OrgFacts, as_of: dt.date, chosen: list[str], system: str | None
) -> list[Decision]:
    """:func:`evaluate`, remembered for its complete inputs: the rules (one object per
    catalog version), the law date, the acts, and every fact with every system id. Equal
    inputs give equal decisions, so an entry can only answer a request whose facts are
    exactly those it was computed from (no organisation's data reaches another's answer)."""
    inputs = (
        id(rules),
        as_of,
        system,
        tuple(sorted(facts.values.items())),
        tuple(sorted(facts.lists.items())),
        tuple((s.id, s.profile()) for s in facts.systems),
    )
    # One entry per act, so gaps (the AI Act) and coverage (all four) share the AI Act's.
    by_act: dict[str, list[Decision]] = {}
    with _DECIDED_LOCK:
        for key in chosen:
            found = _DECIDED.get((key, *inputs))
            if found is not None and found[0] is rules:
                by_act[key] = found[1]
    missing = [key for key in chosen if key not in by_act]
    if missing:
        made = evaluate(rules, facts, as_of, missing, system)
        with _DECIDED_LOCK:
            for key in missing:
                by_act[key] = [d for d in made if d.framework == key]
                _DECIDED.pop((key, *inputs), None)
                _DECIDED[(key, *inputs)] = (rules, by_act[key])
            while len(_DECIDED) > _DECIDED_MAX:
                del _DECIDED[next(iter(_DECIDED))]
    # in the rules' order, as evaluate() gives them
    place = _rule_order(rules)
    return sorted((d for key in chosen for d in by_act[key]), key=lambda d: place[d.id])


_ORDER: dict[int, tuple[Rules, dict[str, int]]] = {}


def _rule_order(rules: Rules) -> dict[str, int]:
    """Each provision's place in ``rules.provisions`` (one table per rules object)."""
    with _DECIDED_LOCK:
        found = _ORDER.get(id(rules))
        if found is not None and found[0] is rules:
            return found[1]
    place = {p.id: i for i, p in enumerate(rules.provisions)}
    with _DECIDED_LOCK:
        _ORDER.clear()
        _ORDER[id(rules)] = (rules, place)
    return place
