"""Consistency of the mapping sets across alike obligations (``mappings/alike.yaml``).

A group names obligations of the four acts that ask for the same kind of thing (incident
notification, third-party contracts, records, roles...). An ISO/IEC 42001 element mapped
one way to a member and another way to its alike member is worth a reviewer's look; the
comparison itself is ``queries/alike-differences.rq``, run once per pair of members. The
result is for review, not a gate: alike obligations may rightly differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from itertools import combinations

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ..errors import InputError, Problem
from ..namespaces import compact, expand
from ..store import EmbeddedStore, Iri, Store, datasets, sparql

FILE = "alike.yaml"
EU_KEYS = ("ai-act", "gdpr", "dora", "nis2")
HIERARCHY = "urn:aimsgraph:qc:hierarchy"


@dataclass(frozen=True)
class Group:
    """Alike obligations: short id -> the citation it rests on."""

    id: str
    reason: str
    members: dict[str, str]


@dataclass(frozen=True)
class Difference:
    """One ISO element treating two alike members differently (side b empty: no row)."""

    group: str
    element: str
    kind: str  # relationship | strength | only-a | only-b
    member_a: str
    target_a: str
    relationship_a: str
    strength_a: int | None
    status_a: str
    member_b: str
    target_b: str
    relationship_b: str
    strength_b: int | None
    status_b: str


def parse(text: str, name: str = FILE) -> list[Group]:
    """The groups of an ``alike.yaml`` text; a malformed file is one clear ``InputError``."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise InputError([Problem(name, f"not valid YAML: {error}")]) from None
    raw = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise InputError([Problem(name, "expected a top-level 'groups:' list")])
    groups, problems, seen = [], [], set()
    for n, item in enumerate(raw, 1):
        where = f"group {n}"
        if not isinstance(item, dict):
            problems.append(Problem(name, f"{where}: expected id, reason and members"))
            continue
        gid, reason, members = item.get("id"), item.get("reason"), item.get("members")
        if not isinstance(gid, str) or not gid or gid in seen:
            problems.append(Problem(name, f"{where}: a unique 'id' is required"))
        if not isinstance(reason, str) or not reason.strip():
            problems.append(Problem(name, f"{where}: a one-line 'reason' is required"))
        if not isinstance(members, dict) or len(members) < 2:
            problems.append(Problem(name, f"{where}: 'members' maps 2 or more ids to citations"))
            continue
        for member, cite in members.items():
            if str(member).partition(":")[0] not in EU_KEYS:
                problems.append(Problem(name, f"{where}: {member!r} is not an EU act's id"))
            if not isinstance(cite, str) or not cite.strip():
                problems.append(Problem(name, f"{where}: {member} needs its citation"))
        seen.add(gid)
        groups.append(Group(str(gid), str(reason), {str(k): str(v) for k, v in members.items()}))
    if problems:
        raise InputError(problems)
    return groups


def packaged() -> list[Group]:
    """The shipped groups."""
    text = files("aimsgraph.mappings").joinpath(FILE).read_text(encoding="utf-8")
    return parse(text)


def unknown_members(groups: Sequence[Group], known: set[str]) -> list[Problem]:
    """Members that are not provisions of the loaded catalogs (``known``: their IRIs)."""
    return [
        Problem(FILE, f"group {g.id}: {m} is not a catalogued provision")
        for g in groups
        for m in g.members
        if expand(m) not in known
    ]


def workspace(store: Store) -> EmbeddedStore:
    """A small in-memory dataset for the comparison: the loaded mapping sets and the
    catalogs' hierarchy (``skos:broader``), without the catalogs' text. The comparison runs
    once per pair of members; on the full store each run costs about ten times more."""
    work = EmbeddedStore.in_memory()
    versions = store.graph_versions()
    for dataset in datasets.mapping_sets():
        if dataset.graph in versions:
            work.replace_graph(dataset.graph, store.export(dataset.graph, "nt"), "nt", "qc")
    hierarchy = Graph()
    for row in sparql.select(store, "provision-parents"):
        hierarchy.add((URIRef(row["provision"]), SKOS.broader, URIRef(row["parent"])))
    work.replace_graph(HIERARCHY, hierarchy.serialize(format="nt"), "nt", "qc")
    return work


def differences(store: Store, groups: Sequence[Group]) -> list[Difference]:
    """Every pair of alike members an element treats differently, sorted for review."""
    return compare(workspace(store), groups)


def compare(work: Store, groups: Sequence[Group]) -> list[Difference]:
    """Run ``alike-differences.rq`` on ``work`` (mapping links and hierarchy) per pair."""
    found = []
    for group in groups:
        for a, b in combinations(group.members, 2):
            rows = sparql.select(work, "alike-differences", a=Iri(expand(a)), b=Iri(expand(b)))
            found += [_difference(group.id, a, b, row) for row in rows]
    return sorted(set(found), key=lambda d: (d.group, d.element, d.member_a, d.member_b, str(d)))


def _difference(group: str, a: str, b: str, row: dict[str, str]) -> Difference:
    def short(iri: str | None) -> str:
        return (compact(iri) or iri) if iri else ""

    def number(value: str | None) -> int | None:
        return int(value) if value is not None else None

    return Difference(
        group=group,
        element=short(row["element"]),
        kind=row["kind"],
        member_a=a,
        target_a=short(row.get("targetA")),
        relationship_a=row.get("relA", ""),
        strength_a=number(row.get("strA")),
        status_a=row.get("statusA", ""),
        member_b=b,
        target_b=short(row.get("targetB")),
        relationship_b=row.get("relB", ""),
        strength_b=number(row.get("strB")),
        status_b=row.get("statusB", ""),
    )
