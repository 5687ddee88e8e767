"""Drill-downs to one AI system: check the id a user names, and keep the gaps about it.

Coverage and the plan take the system themselves (an obligation is judged per system, so
the view of one system is that system's judgements); gaps are found for the whole
organisation and kept here when their focus is the system or evidence that names it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib

from ..errors import AimsgraphError
from ..store import Store, sparql
from .evidence_register import evidence_systems
from .gaps import Engine, GapReport, gaps
from .graphs import analysis_graphs, org_iri, record_graphs


class UnknownSystemError(AimsgraphError):
    """``--system`` / ``system=`` names no AI system of the organisation (a bad argument,
    so exit 2 / HTTP 400, not a missing resource)."""


def system_ids(store: Store, org_id: str) -> list[str]:
    """The organisation's AI system ids, sorted."""
    return list(system_names(store, org_id))


def system_names(store: Store, org_id: str) -> dict[str, str]:
    """The organisation's AI systems, id -> name (the id when it has none), by id."""
    graphs = record_graphs(analysis_graphs(store, org_id))
    rows = sparql.select(store, "system-ids", graphs, org=org_iri(org_id))
    return {r["systemId"]: r.get("name") or r["systemId"] for r in rows}


def require_system(store: Store, org_id: str, system: str) -> None:
    """Raise :class:`UnknownSystemError` (one line, with a did-you-mean) unless ``system``
    is one of the organisation's AI systems."""
    known = system_ids(store, org_id)
    if system in known:
        return
    close = difflib.get_close_matches(system, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(known) or "none"
    raise UnknownSystemError(
        f"unknown AI system {system!r} of {org_id}{hint} (its AI systems: {listed})"
    )


def gaps_for_system(store: Store, report: GapReport, system: str) -> GapReport:
    """The gaps whose focus is the AI system itself or an evidence item that names it."""
    about = evidence_systems(store, report.organisation)
    kept = [
        g
        for g in report.gaps
        if g.focus == f"system/{system}"
        or (g.focus.startswith("evidence/") and about.get(g.focus[9:]) == system)
    ]
    return dataclasses.replace(report, gaps=kept, system=system)


def system_gaps(
    store: Store, org_id: str, as_of: dt.date, system: str | None, engine: Engine = "fast"
) -> GapReport:
    """The organisation's gaps on ``as_of``; with ``system``, only those about it (the id
    is checked before any shape runs)."""
    if system is None:
        return gaps(store, org_id, as_of, engine)
    require_system(store, org_id, system)
    return gaps_for_system(store, gaps(store, org_id, as_of, engine), system)
