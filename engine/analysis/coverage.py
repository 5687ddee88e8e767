"""Coverage of each EU act through an organisation's ISO/IEC 42001 management system.

Semantics (model.md, "Coverage semantics"): on the law date (``as_of``) only obligations that
apply to the organisation count, at their finest level; evidence counts when valid on the
evidence date (default: the law date). An obligation that applies through AI systems is
judged per system, and the organisation's status is its weakest system's. Each judgement is

- ``covered``: an implemented element links to it by equal-to, equivalent-to or
  superset-of, or valid direct evidence supports it, with evidence of the judgement's own
  scope (evidence naming the system judged; organisation-wide evidence for an
  organisation-level obligation);
- ``partial``: only subset-of / intersects-with links from implemented elements, or support
  only from evidence of another scope (organisation-wide evidence for a system-bound
  obligation; evidence naming an AI system for an organisation-level one);
- ``uncovered``: links exist but none of their elements is implemented;
- ``not-addressed``: only no-relationship rows consider it (ISO/IEC 42001 does not address
  it: it needs measures outside the AIMS);
- ``not-analysed``: no mapping row considers it yet.

Draft mapping rows count only when asked for. The support score is the best link weight
from an implemented element (strength / 10; 1 for direct evidence); a framework's is the
mean over its applicable obligations. It measures support, not compliance. A link to an
ancestor (an article) speaks to the obligation too; if it is not a superset it only counts
as partial, since it does not say which part of the article it meets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..dates import check_evidence_date
from ..errors import UnknownIdError
from ..law.catalog import require_catalogs
from ..org.loader import known_ids
from ..store import Store
from . import coverage_index, law_cache
from .applicability import EU_FRAMEWORKS
from .coverage_facts import Elements, Facts, Support, implemented_elements, read_facts
from .coverage_model import (
    FULL,
    Change,
    CoverageReport,
    FrameworkCoverage,
    Link,
    ProvisionCoverage,
    SystemCoverage,
    SystemStatus,
    Via,
    status_counts,
    weakest,
)
from .gc_pace import fewer_collections
from .system_scope import require_system

__all__ = [
    "FULL",
    "Change",
    "CoverageReport",
    "FrameworkCoverage",
    "ProvisionCoverage",
    "SystemCoverage",
    "SystemStatus",
    "Via",
    "coverage",
    "implemented_elements",
    "per_system",
]


@fewer_collections()
def coverage(
    store: Store,
    org_id: str,
    as_of: dt.date,
    frameworks: Iterable[str] = EU_FRAMEWORKS,
    assume_implemented: Iterable[str] = (),
    evidence_date: dt.date | None = None,
    include_draft: bool = False,
    system: str | None = None,
) -> CoverageReport:
    """Coverage of each framework for the organisation: obligations that apply on ``as_of``,
    evidence valid on ``evidence_date`` (default: ``as_of``, never later). With ``system``,
    only the obligations that apply through that AI system, judged for it."""
    require_catalogs(store)
    evidence_day = evidence_date or as_of
    check_evidence_date(evidence_day, as_of)
    if system is not None:
        require_system(store, org_id, system)
    assumed = _element_ids(store, assume_implemented)
    chosen = list(frameworks)
    for key in chosen:
        if key not in EU_FRAMEWORKS:
            raise UnknownIdError(key, f"coverage frameworks are {', '.join(EU_FRAMEWORKS)}")
    if law_cache.enabled():
        facts, base = coverage_index.read(store, org_id, as_of, evidence_day, chosen)
    else:  # the reference: every query over every analysis graph
        facts = read_facts(store, org_id, as_of, evidence_day, chosen)
        base = implemented_elements(store, org_id, evidence_day)
    elements = base.with_assumed(frozenset(assumed))
    results = [_framework(facts, key, elements, include_draft, system) for key in chosen]
    # the same judgements with draft rows toggled, to count what they change: an obligation
    # without draft rows is judged the same, so its judgement is reused
    other = [
        _framework(facts, key, elements, not include_draft, system, reuse=done)
        for key, done in zip(chosen, results, strict=True)
    ]
    changes: list[Change] = []
    if assumed:
        before = [_framework(facts, key, base, include_draft, system) for key in chosen]
        changes = [c for b, a in zip(before, results, strict=True) for c in _changes(b, a)]
        results = [
            dataclasses.replace(a, score_before=b.score)
            for b, a in zip(before, results, strict=True)
        ]
    return CoverageReport(
        organisation=org_id,
        as_of=as_of.isoformat(),
        evidence_date=evidence_day.isoformat(),
        include_draft=include_draft,
        draft_changes=sum(len(_changes(a, b)) for a, b in zip(results, other, strict=True)),
        frameworks=results,
        assumed_implemented=assumed,
        changes=changes,
        systems=per_system(results),
        system=system,
    )


def per_system(frameworks: list[FrameworkCoverage]) -> list[SystemCoverage]:
    """Regroup the obligations by the AI systems they apply through, with each system's
    own status."""
    found: list[SystemCoverage] = []
    for fw in frameworks:
        # one pass over ~10^5 judgements at 10,000 systems: plain lists, counted at the end
        ids: dict[str, list[str]] = {}
        statuses: dict[str, list[str]] = {}
        for provision in fw.provisions:
            pid = provision.id
            for judged in provision.per_system:
                mine = ids.get(judged.system)
                if mine is None:
                    mine = ids[judged.system] = []
                    statuses[judged.system] = []
                mine.append(pid)
                statuses[judged.system].append(judged.status)
        found += [
            SystemCoverage(
                system=system,
                framework=fw.framework,
                applicable=len(obligations),
                obligations=obligations,
                **status_counts(statuses[system]),
            )
            for system, obligations in ids.items()
        ]
    return sorted(found, key=lambda s: (s.system, s.framework))


def _changes(before: FrameworkCoverage, after: FrameworkCoverage) -> list[Change]:
    """Every status (the organisation's, then each system's) that differs."""
    old = {p.id: p for p in before.provisions}
    found: list[Change] = []
    for p in after.provisions:
        was = old[p.id]
        if was is p:  # reused: judged the same (an obligation without draft rows)
            continue
        if was.status != p.status:
            found.append(Change(p.id, after.framework, "", was.status, p.status))
        was_systems = {s.system: s.status for s in was.per_system}
        for s in p.per_system:
            if was_systems.get(s.system, s.status) != s.status:
                found.append(
                    Change(p.id, after.framework, s.system, was_systems[s.system], s.status)
                )
    return found


def _element_ids(store: Store, values: Iterable[str]) -> list[str]:
    """``A.6.2.4`` or ``iso42001:clause-8.4`` -> checked short ids."""
    known = law_cache.law_index(store).known_ids() if law_cache.enabled() else known_ids(store)
    result = []
    for value in values:
        value = value.strip()
        short = value if value.startswith("iso42001:") else f"iso42001:{value}"
        if short not in known:
            raise UnknownIdError(
                value, "--assume-implemented takes ISO/IEC 42001 ids such as A.6.2.4 or clause-8.4"
            )
        result.append(short)
    return result


def _framework(
    facts: Facts,
    key: str,
    elements: Elements,
    include_draft: bool,
    only: str | None = None,
    reuse: FrameworkCoverage | None = None,
) -> FrameworkCoverage:
    """One framework's coverage (``only``: the obligations through that AI system).
    ``reuse``: the same framework judged on the same evidence with draft rows toggled;
    obligations without draft rows take their judgement from it."""

    def kept(rows: list[Link]) -> list[Link]:
        return [r for r in rows if include_draft or not r.draft]

    links = facts.links.get(key, {})
    considered = facts.considered.get(key, {})
    direct = facts.direct.get(key, {})
    done = {p.id: p for p in reuse.provisions} if reuse is not None else {}
    provisions = []
    for row in facts.applicable.get(key, []):
        if only is not None and only not in row.get("systems", "").split(";"):
            continue
        obligation = row["obligation"]
        rows, considering = links.get(obligation, []), considered.get(obligation, [])
        if row["id"] in done and not any(r.draft for r in (*rows, *considering)):
            provisions.append(done[row["id"]])
            continue
        judge = _Judgement(
            kept(rows),
            bool(kept(considering)),
            direct.get(obligation, []),
            elements,
        )
        provisions.append(_provision(row, judge, only))
    score = sum(p.score for p in provisions) / len(provisions) if provisions else 0.0
    return FrameworkCoverage(
        framework=key,
        applicable=len(provisions),
        score=round(score, 4),
        provisions=provisions,
        **status_counts(p.status for p in provisions),
    )


def _provision(row: dict[str, str], judge: _Judgement, only: str | None) -> ProvisionCoverage:
    systems = sorted(s for s in row.get("systems", "").split(";") if s)
    if only is not None:
        systems = [only]
    if not systems:
        status, score, via, evidence, text = judge.status(None)
        return ProvisionCoverage(
            row["id"], row["title"], status, score, via, evidence, explanation=text
        )
    judged, distinct = judge.each(systems)
    split = [SystemStatus(s, j[0], j[1], j[2], j[3]) for s, j in zip(systems, judged, strict=True)]
    # the weakest system, found among the distinct judgements (most systems share one)
    worst = weakest(j[0] for j, _ in distinct)
    pick, first = min(((j, s) for j, s in distinct if j[0] == worst), key=lambda e: (e[0][1], e[1]))
    return ProvisionCoverage(
        id=row["id"],
        title=row["title"],
        status=worst,
        score=min(j[1] for j, _ in distinct),
        via=pick[2],
        evidence=pick[3],
        systems=systems,
        per_system=split,
        explanation=f"{'for' if only else 'weakest system'} {first}: {pick[4]}",
    )


# status, score, reasons, direct evidence, explanation
_Judged = tuple[str, float, list[Via], list[str], str]


class _Judgement:
    """One obligation's links, no-relationship rows and direct evidence, judged for a
    system (or for the organisation: ``system`` None)."""

    def __init__(
        self, links: list[Link], considered: bool, direct: list[Support], elements: Elements
    ) -> None:
        self.links = _best_per_element(links)
        self.considered = considered
        self.direct = direct
        self.elements = elements
        self._generic: _Judged | None = None

    def each(self, systems: list[str]) -> tuple[list[_Judged], list[tuple[_Judged, str]]]:
        """:meth:`status` of each system, and each distinct judgement with the first system
        (in ``systems``' order) judged so. Only the systems with evidence of their own on a
        linked element, or direct evidence naming them, can be judged apart from the rest:
        found once per obligation from the elements' side, not by asking every system
        (10,000 systems: 2.5 x 10^5 questions)."""
        own = self.elements.naming([link.element for link in self.links])
        own |= {s.system for s in self.direct if s.system is not None}
        judged: list[_Judged] = []
        distinct: list[tuple[_Judged, str]] = []
        shared = False  # the judgement on organisation-wide evidence alone is in distinct
        for system in systems:
            generic = self._generic
            result = generic if generic is not None and system not in own else self.status(system)
            judged.append(result)
            if result is not self._generic:
                distinct.append((result, system))
            elif not shared:
                distinct.append((result, system))
                shared = True
        return judged, distinct

    def status(self, system: str | None) -> _Judged:
        """Status, score, reasons, direct evidence and a one-line explanation.

        A system without evidence of its own on any linked element, nor direct evidence
        naming it, is judged on the organisation-wide evidence alone: the same judgement
        for every such system (of 1,000 systems, most), computed once."""
        if system is not None and self._generic is not None:
            named = self.elements.named(system)
            if not any(link.element in named for link in self.links) and not any(
                s.system == system for s in self.direct
            ):
                return self._generic
        views = [_view(self.elements, link.element, system) for link in self.links]
        generic = (
            system is not None
            and not any(v.mine for v in views)
            and not any(s.system == system for s in self.direct)
        )
        if generic and self._generic is not None:
            return self._generic
        via: list[Via] = []
        full = False
        for link, view in zip(self.links, views, strict=True):
            via.append(
                Via(
                    control=link.element,
                    relationship=link.relationship,
                    strength=link.strength,
                    implemented=view.implemented,
                    evidence=view.evidence,
                    inherited=link.inherited,
                    scope=view.scope,
                    note=view.note,
                )
            )
            full = full or (view.own and link.relationship in FULL)
        evidence = [s for s in self.direct if s.usable(system)]
        active = [v for v in via if v.implemented]
        if any(s.matches(system) for s in evidence) or full:
            status = "covered"
        elif evidence or active:
            status = "partial"
        elif via:
            status = "uncovered"
        elif self.considered:
            status = "not-addressed"
        else:
            status = "not-analysed"
        score = 1.0 if evidence else max((v.strength / 10 for v in active), default=0.0)
        ordered = sorted(via, key=lambda v: (not v.implemented, -v.strength, v.control))
        ids = sorted({s.evidence for s in evidence})
        result = status, round(score, 4), ordered, ids, _explain(status, ordered, evidence)
        if generic:
            self._generic = result
        return result


@dataclass(frozen=True)
class _ElementView:
    """What one ISO element contributes to a judgement for one system (or the
    organisation): the same for every obligation linked to it, so worked out once."""

    implemented: bool
    own: bool  # evidence of the judgement's own scope (it may cover)
    mine: bool  # evidence naming the system judged
    scope: str
    evidence: list[str]
    note: str


def _view(elements: Elements, element: str, system: str | None) -> _ElementView:
    key = (element, system)
    found = elements.views.get(key)
    if not isinstance(found, _ElementView):
        support = elements.usable(element, system)
        found = _ElementView(
            implemented=bool(support),
            own=any(s.matches(system) for s in support),
            mine=system is not None and any(s.system == system for s in support),
            scope=_scope(support, system),
            evidence=sorted({s.evidence for s in support}),
            note=_clause_note(element, support),
        )
        elements.views[key] = found
    return found


def _scope(support: list[Support], system: str | None) -> str:
    if not support:
        return ""
    if any(s.system == "*" for s in support):
        return "assumed"
    if system is not None and any(s.system == system for s in support):
        return "system"
    if any(s.system is None for s in support):
        return "organisation"
    return "other"


def _clause_note(element: str, support: list[Support]) -> str:
    """Which subclause evidence implements a parent clause."""
    by_clause: dict[str, list[str]] = defaultdict(list)
    for s in support:
        if s.clause:
            by_clause[s.clause].append(s.evidence)
    if not by_clause:
        return ""
    parts = "; ".join(f"{c}: {', '.join(sorted(set(e)))}" for c, e in sorted(by_clause.items()))
    return f"{element} implemented through all its subclauses ({parts})"


def _explain(status: str, via: list[Via], evidence: list[Support]) -> str:
    """One line an auditor can check: what supports the status."""
    reasons = [
        f"{v.control} {v.relationship} ({v.scope} evidence {', '.join(v.evidence) or '-'})"
        + (f" [{v.note}]" if v.note else "")
        for v in via
        if v.implemented
    ]
    reasons += [
        f"direct evidence {s.evidence} ({'organisation-wide' if s.system is None else s.system})"
        for s in evidence
    ]
    if reasons:
        return f"{status}: " + "; ".join(reasons)
    if status == "uncovered":
        return "uncovered: linked to " + ", ".join(v.control for v in via) + ", none implemented"
    if status == "not-addressed":
        return "not-addressed: ISO/IEC 42001 does not address it (no-relationship rows only)"
    return f"{status}: no mapping row considers it yet"


def _best_per_element(links: list[Link]) -> list[Link]:
    """One reason per ISO element: its strongest link (direct before inherited). A link to
    an ancestor that is not a superset counts only as intersects-with."""
    best: dict[str, Link] = {}
    for link in links:
        if link.inherited and link.relationship not in FULL:
            link = Link(link.element, "intersects-with", link.strength, True, link.draft)
        current = best.get(link.element)
        # the relationship's name last: the same choice whatever order the store returns
        rank = (link.relationship in FULL, not link.inherited, link.strength, link.relationship)
        if current is None or rank > (
            current.relationship in FULL,
            not current.inherited,
            current.strength,
            current.relationship,
        ):
            best[link.element] = link
    return list(best.values())
