"""The applicability rules of the EU catalogs, read once per catalog version.

Rules are data (``ontology/sources/applicability/``, built into the catalogs): for each
provision, conditions naming addressees, fact requirements, a timing rule, the provision
that decides them. This module only reads them into typed records; evaluating them for an
organisation is ``analysis/applicability.py``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import StoreNotInitialisedError
from ..store import Store, sparql
from ..store.datasets import CATALOGS, ONTOLOGY, is_installed


@dataclass(frozen=True)
class Requirement:
    """``subject.fact OPERATOR values``: one test of a fact of the organisation or a system."""

    subject: str  # "org" or "system"
    fact: str
    operator: str  # = != ~ !~ < >=
    values: tuple[str, ...]


@dataclass(frozen=True)
class TimingAlternative:
    """One date of application, stated by the versions of the law in force in
    ``[stated_from, stated_until)``, when its requirements hold."""

    applies_from: dt.date
    stated_from: dt.date | None
    stated_until: dt.date | None
    requires: tuple[Requirement, ...]
    source: str
    cite: str  # the short citation a reason gives


@dataclass(frozen=True)
class Condition:
    """One applicability row of a provision (its own or an ancestor's)."""

    iri: str
    declared_on: str
    addressees: tuple[str, ...]
    requires: tuple[Requirement, ...]
    timing: str
    effect: str  # "applies" or "met-elsewhere"
    stated_from: dt.date | None
    stated_until: dt.date | None
    source: str
    reason: str | None
    status: str
    note: str | None


@dataclass(frozen=True)
class ProvisionRules:
    """A provision that carries conditions, in catalog order."""

    iri: str
    id: str
    framework: str  # scheme IRI
    title: str
    sort: int
    leaf: bool  # no descendant carries conditions of its own
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Vocabulary:
    """How reasons are worded: facts, addressees and value labels."""

    addressee_kind: dict[str, str] = field(default_factory=dict)
    addressee_label: dict[str, str] = field(default_factory=dict)
    fact_subject: dict[str, str] = field(default_factory=dict)
    holds: dict[str, str] = field(default_factory=dict)
    fails: dict[str, str] = field(default_factory=dict)
    default: dict[str, str] = field(default_factory=dict)
    value_label: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """Everything the applicability evaluation needs from the catalogs."""

    provisions: tuple[ProvisionRules, ...]
    timings: dict[str, tuple[TimingAlternative, ...]]
    vocabulary: Vocabulary


_CACHE: dict[tuple[str, ...], Rules] = {}
_LOCK = threading.Lock()


def load(store: Store) -> Rules:
    """The rules of the installed catalogs. Cached per catalog and ontology version (a
    version is the hash of the packaged files, so equal versions mean equal rules, whatever
    the store); a newer catalog is read again."""
    if not is_installed(store):
        raise StoreNotInitialisedError(store.location)
    versions = store.graph_versions()
    key = tuple(versions.get(d.graph, "") for d in (ONTOLOGY, *CATALOGS))
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    rules = _read(store, [ONTOLOGY.graph, *(c.graph for c in CATALOGS)])
    with _LOCK:
        _CACHE.clear()  # only the current catalogs are worth keeping
        _CACHE[key] = rules
    return rules


def describe(requirement: Requirement) -> str:
    """``system.high_risk_basis = annex-iii-5-b|annex-iii-5-c`` (the source language)."""
    values = "|".join(requirement.values)
    return f"{requirement.subject}.{requirement.fact} {requirement.operator} {values}"


def describe_timing(alternative: TimingAlternative) -> str:
    """One line: the date, its conditions, the versions of the law stating it, the source."""
    text = f"from {alternative.applies_from.isoformat()}"
    if alternative.requires:
        text += " if " + " and ".join(describe(r) for r in alternative.requires)
    since = alternative.stated_from.isoformat() if alternative.stated_from else "?"
    until = alternative.stated_until.isoformat() if alternative.stated_until else "today"
    return f"{text} (law in force {since} to {until}): {alternative.source}"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read(store: Store, graphs: list[str]) -> Rules:
    requirements: dict[str, dict[str, list[str]]] = defaultdict(dict)
    shapes: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    for row in sparql.select(store, "applicability-requirements", graphs):
        owner, node = row["owner"], row["requirement"]
        shapes[owner][node] = (row["subject"], row["fact"], row["operator"])
        requirements[owner].setdefault(node, []).append(row["value"])

    def requires(owner: str) -> tuple[Requirement, ...]:
        return tuple(
            Requirement(*shapes[owner][node], tuple(sorted(values)))
            for node, values in sorted(requirements.get(owner, {}).items())
        )

    timings: dict[str, list[TimingAlternative]] = defaultdict(list)
    for row in sorted(
        sparql.select(store, "timing-alternatives", graphs), key=lambda r: r["alternative"]
    ):
        timings[row["timing"]].append(
            TimingAlternative(
                dt.date.fromisoformat(row["appliesFrom"]),
                _date(row.get("statedFrom")),
                _date(row.get("statedUntil")),
                requires(row["alternative"]),
                row["source"],
                row["cite"],
            )
        )
    by_provision: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(dict)
    for row in sparql.select(store, "applicability-conditions", graphs):
        by_provision[row["provision"]].setdefault(row["condition"], []).append(row)
    inner = _with_conditioned_descendants(store, graphs, set(by_provision))
    provisions = []
    for iri, conditions in by_provision.items():
        first = next(iter(conditions.values()))[0]
        provisions.append(
            ProvisionRules(
                iri,
                first["id"],
                first["scheme"],
                first["title"],
                int(first["sort"]),
                iri not in inner,
                tuple(
                    _condition(node, rows, requires(node))
                    for node, rows in sorted(conditions.items())
                ),
            )
        )
    provisions.sort(key=lambda p: (p.framework, p.sort))
    return Rules(
        tuple(provisions),
        {name: tuple(alternatives) for name, alternatives in timings.items()},
        _vocabulary(store, graphs),
    )


def _with_conditioned_descendants(store: Store, graphs: list[str], carriers: set[str]) -> set[str]:
    """Provisions with a descendant that carries conditions: not at the finest level."""
    parents = sparql.select(store, "provision-parents", graphs)
    parent = {row["provision"]: row["parent"] for row in parents}
    inner: set[str] = set()
    for provision in carriers:
        current = parent.get(provision)
        while current is not None and current not in inner:
            inner.add(current)
            current = parent.get(current)
    return inner & carriers


def _condition(
    node: str, rows: list[dict[str, str]], requires: tuple[Requirement, ...]
) -> Condition:
    row = rows[0]
    return Condition(
        iri=node,
        declared_on=row["declaredOn"],
        addressees=tuple(sorted({r["addressee"] for r in rows})),
        requires=requires,
        timing=row["timing"],
        effect=row["effect"],
        stated_from=_date(row.get("statedFrom")),
        stated_until=_date(row.get("statedUntil")),
        source=row["source"],
        reason=row.get("reason"),
        status=row["status"],
        note=row.get("note"),
    )


def _vocabulary(store: Store, graphs: list[str]) -> Vocabulary:
    vocabulary = Vocabulary()
    for row in sparql.select(store, "applicability-vocabulary", graphs):
        scheme, notation = row["scheme"], row["notation"]
        if scheme == "addressee":
            vocabulary.addressee_kind[notation] = row.get("kind", "operator")
            vocabulary.addressee_label[notation] = row["label"]
        elif scheme == "fact":
            vocabulary.fact_subject[notation] = row.get("subject", "org")
            vocabulary.holds[notation] = row.get("holds", notation)
            vocabulary.fails[notation] = row.get("fails", f"not {notation}")
            if "default" in row:
                vocabulary.default[notation] = row["default"]
        else:
            vocabulary.value_label.setdefault(notation, row["label"])
    return vocabulary
