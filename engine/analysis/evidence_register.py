"""The evidence register: every evidence item of an organisation, its owner, what it
supports and how long it stays valid, judged on one date.

A consultant's renewal list: ``days_left`` is ``valid_until`` minus the date (negative:
expired); ``status`` is ``expired`` (past its validity), ``expiring`` (valid, ending within
the horizon), ``valid`` (valid beyond it, or without an end date) or ``not-yet-issued``
(issued after the date: it does not count yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..store import Store, sparql
from .graphs import analysis_graphs, org_iri

DEFAULT_HORIZON = 90
STATUSES = ("expired", "expiring", "valid", "not-yet-issued")


@dataclass(frozen=True)
class EvidenceEntry:
    """One evidence item as the register lists it (``ai_system`` empty: organisation-wide;
    ``valid_until`` empty and ``days_left`` None: no end date)."""

    id: str
    title: str
    kind: str
    owner: str
    ai_system: str
    issued: str
    valid_until: str
    days_left: int | None
    status: str
    supports: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EvidenceRegister:
    """The register on ``as_of``; ``horizon`` is the days within which an item counts as
    expiring; ``expiring_within`` and ``system`` say how the list was narrowed (None: not)."""

    organisation: str
    as_of: str
    horizon: int
    expiring_within: int | None = None
    system: str | None = None
    items: list[EvidenceEntry] = field(default_factory=list)


def evidence_register(
    store: Store,
    org_id: str,
    as_of: dt.date,
    expiring_within: int | None = None,
    system: str | None = None,
    horizon: int | None = None,
) -> EvidenceRegister:
    """The organisation's evidence judged on ``as_of``, soonest to lapse first.

    ``expiring_within`` keeps the items whose validity ends within that many days, the
    already expired included (they need renewing first); ``system`` keeps the items that
    name that AI system (the caller checks the id). ``horizon`` (default:
    ``expiring_within``, else :data:`DEFAULT_HORIZON`) decides ``expiring`` vs ``valid``."""
    if horizon is None:
        horizon = DEFAULT_HORIZON if expiring_within is None else expiring_within
    items = [_entry(row, supports, as_of, horizon) for row, supports in _rows(store, org_id)]
    if expiring_within is not None:
        items = [i for i in items if i.days_left is not None and i.days_left <= expiring_within]
    if system is not None:
        items = [i for i in items if i.ai_system == system]
    items.sort(key=lambda i: (i.days_left is None, i.days_left or 0, i.id))
    return EvidenceRegister(org_id, as_of.isoformat(), horizon, expiring_within, system, items)


def evidence_systems(store: Store, org_id: str) -> dict[str, str]:
    """Evidence id -> the AI system it names (organisation-wide items left out)."""
    return {
        row["evidenceId"]: row["systemId"] for row, _ in _rows(store, org_id) if "systemId" in row
    }


def _rows(store: Store, org_id: str) -> list[tuple[dict[str, str], list[str]]]:
    """One row per evidence item with the sorted ids it supports (the query gives one row
    per supported id)."""
    graphs = analysis_graphs(store, org_id)
    grouped: dict[str, tuple[dict[str, str], set[str]]] = {}
    for row in sparql.select(store, "evidence-register", graphs, org=org_iri(org_id)):
        _, supports = grouped.setdefault(row["evidenceId"], (dict(row), set()))
        supports.add(row["supportedId"])
    return [(row, sorted(supports)) for row, supports in grouped.values()]


def _entry(row: dict[str, str], supports: list[str], as_of: dt.date, horizon: int) -> EvidenceEntry:
    issued = row["issued"]
    until = row.get("until", "")
    days = (dt.date.fromisoformat(until) - as_of).days if until else None
    if dt.date.fromisoformat(issued) > as_of:
        status = "not-yet-issued"
    elif days is not None and days < 0:
        status = "expired"
    elif days is not None and days <= horizon:
        status = "expiring"
    else:
        status = "valid"
    return EvidenceEntry(
        id=row["evidenceId"],
        title=row["title"],
        kind=row["kind"],
        owner=row.get("owner", ""),
        ai_system=row.get("systemId", ""),
        issued=issued,
        valid_until=until,
        days_left=days,
        status=status,
        supports=supports,
    )
