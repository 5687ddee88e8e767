"""Read the framework catalogs from the store: frameworks, provisions, one provision in full.

All reads go through the SPARQL files in ``queries/``; callers get typed records.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Literal

from ..errors import StoreNotInitialisedError, UnknownIdError
from ..models import AmendmentInfo, Applicability, FrameworkInfo, ProvisionDetail, ProvisionSummary
from ..namespaces import FRAMEWORKS, compact, expand
from ..store import Iri, Row, Store, sparql
from ..store.datasets import is_installed
from . import rules

Level = Literal["article", "paragraph", "all"]

LEVEL_KINDS: dict[str, frozenset[str]] = {
    # The units an analyst usually means: EU articles and annexes, ISO clauses and controls.
    "article": frozenset({"article", "annex", "clause", "category", "objective", "control"}),
    # Down to the finest level obligations live at.
    "paragraph": frozenset(
        {"article", "annex", "clause", "category", "objective", "control", "paragraph", "point"}
    ),
}


def require_catalogs(store: Store) -> None:
    """Raise a helpful error when the store has not been initialised."""
    if not is_installed(store):
        raise StoreNotInitialisedError(store.location)


def frameworks(store: Store) -> list[FrameworkInfo]:
    """Every loaded framework with provision counts per kind, in a fixed order."""
    require_catalogs(store)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in sparql.select(store, "provision-counts"):
        counts[row["key"]][row["kind"]] = int(row["n"])
    obligations = {r["key"]: int(r["n"]) for r in sparql.select(store, "obligation-counts")}
    by_key = {row["key"]: row for row in sparql.select(store, "frameworks")}
    return [
        _framework_info(key, by_key[key], counts[key], obligations.get(key, 0))
        for key in FRAMEWORKS
        if key in by_key
    ]


def _framework_info(key: str, row: Row, counts: dict[str, int], obligations: int) -> FrameworkInfo:
    return FrameworkInfo(
        key=key,
        iri=row["scheme"],
        label=row["label"],
        title=row["title"],
        identifier=row["identifier"],
        version=row["version"],
        eli=row.get("eli"),
        graph=FRAMEWORKS[key].graph,
        counts=dict(sorted(counts.items())),
        obligations=obligations,
    )


def _summary(row: Row, iri_var: str) -> ProvisionSummary:
    return ProvisionSummary(
        id=row["id"],
        iri=row[iri_var],
        notation=row["notation"],
        title=row["title"],
        parent=row.get("parentId"),
        kind=row["kind"],
    )


def provisions(store: Store, framework: str, level: Level = "all") -> list[ProvisionSummary]:
    """The provisions of one framework in document order, filtered by level."""
    if framework not in FRAMEWORKS:
        raise UnknownIdError(framework, f"frameworks are {', '.join(FRAMEWORKS)}")
    if level not in ("article", "paragraph", "all"):
        raise UnknownIdError(level, "levels are article, paragraph, all")
    require_catalogs(store)
    rows = sparql.select(store, "provisions", scheme=Iri(FRAMEWORKS[framework].scheme))
    kinds = LEVEL_KINDS.get(level)
    return [_summary(row, "provision") for row in rows if kinds is None or row["kind"] in kinds]


def _resolve(short_id: str) -> Iri:
    try:
        return Iri(expand(short_id))
    except KeyError:
        raise UnknownIdError(
            short_id,
            f"ids look like iso42001:A.6.2.4 or ai-act:art-9; prefixes are {', '.join(FRAMEWORKS)}",
        ) from None


def provision(store: Store, short_id: str) -> ProvisionDetail:
    """One provision with its parents, children, applicability, amendments and sources."""
    require_catalogs(store)
    iri = _resolve(short_id)
    rows = sparql.select(store, "provision", provision=iri)
    if not rows:
        raise UnknownIdError(short_id, _suggestion(store, short_id))
    row = rows[0]
    links = sparql.select(store, "provision-links", provision=iri)
    return ProvisionDetail(
        id=row["id"],
        iri=str(iri),
        notation=row["notation"],
        title=row["title"],
        kind=row["kind"],
        framework=row["schemeKey"],
        parent=row.get("parentId"),
        parents=[
            _summary(r, "ancestor")
            for r in sparql.select(store, "provision-ancestors", provision=iri)
        ],
        children=[
            _summary(r, "child") for r in sparql.select(store, "provision-children", provision=iri)
        ],
        text=row.get("text"),
        eli=row.get("eli"),
        source=sorted({r["source"] for r in links if "source" in r}),
        documented_information=row.get("documentedInformation"),
        expected_evidence=sorted({r["evidenceKind"] for r in links if "evidenceKind" in r}),
        obligation="obligationType" in row,
        applicability=_applicability(store, iri),
        amendments=[
            AmendmentInfo(
                change=r["change"],
                amending_provision=r["amendingProvision"],
                effective_from=r["effectiveFrom"],
                amending_act=r["act"],
                previous_label=r.get("previousLabel"),
                previous_text=r.get("previousText"),
                description=r.get("description"),
            )
            for r in sparql.select(store, "provision-amendments", provision=iri)
        ],
    )


def _applicability(store: Store, iri: Iri) -> list[Applicability]:
    """The provision's applicability conditions, as the rules reader sees them."""
    loaded = rules.load(store)
    found = next((p for p in loaded.provisions if p.iri == str(iri)), None)
    if found is None:
        return []
    return [
        Applicability(
            addressees=list(c.addressees),
            requires=[rules.describe(r) for r in c.requires],
            timing=c.timing,
            dates=[rules.describe_timing(alt) for alt in loaded.timings.get(c.timing, ())],
            effect=c.effect,
            effective_from=c.stated_from.isoformat() if c.stated_from else None,
            effective_until=c.stated_until.isoformat() if c.stated_until else None,
            source=c.source,
            status=c.status,
            declared_on=compact(c.declared_on) if c.declared_on != str(iri) else None,
            reason=c.reason,
            note=c.note,
        )
        for c in found.conditions
    ]


def _suggestion(store: Store, short_id: str) -> str:
    prefix = short_id.partition(":")[0]
    known = [p.id for p in provisions(store, prefix)] if prefix in FRAMEWORKS else []
    close = difflib.get_close_matches(short_id, known, n=3, cutoff=0.75)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return (
        f"no such provision in the {prefix} catalog (`aimsgraph catalog list --framework {prefix}`)"
    )
