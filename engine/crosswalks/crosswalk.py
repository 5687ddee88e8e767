"""The crosswalk: a networkx graph over the loaded mapping links, and derived links.

Direct links run ISO/IEC 42001 element -> obligation. A derived link between two EU acts
goes through an ISO element both map to (obligation <- ISO element -> obligation) and is
composed by the set-theory rules of model.md: only along links of the same rationale;
``equal-to``/``equivalent-to`` preserve the other relation; ``subset-of`` then ``subset-of``
stays ``subset-of``, ``superset-of`` then ``superset-of`` stays ``superset-of``; any
combination that still guarantees an overlap gives ``intersects-with``; the rest gives no
conclusion. A derived link carries the path and the weakest strength on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..errors import UnknownIdError
from ..law.catalog import provision as get_provision
from ..law.catalog import require_catalogs
from ..namespaces import FRAMEWORKS, framework_of
from ..store import Store, sparql

SYMMETRIC = {"equal-to", "equivalent-to", "intersects-with"}
INVERSE = {"subset-of": "superset-of", "superset-of": "subset-of"}
EQUAL = {"equal-to", "equivalent-to"}


@dataclass(frozen=True)
class CrosswalkLink:
    """One link in a crosswalk answer (direct, or derived through ISO/IEC 42001)."""

    subject: str
    subject_title: str
    object: str
    object_title: str
    relationship: str
    rationale: str
    strength: int
    confidence: float
    status: str
    derived: bool
    path: list[str] = field(default_factory=list)
    comment: str = ""
    mapping_set: str = ""
    justification: str = "semapv:ManualMappingCuration"


def inverse(relationship: str) -> str:
    """The relationship read the other way round (object -> subject)."""
    return INVERSE.get(relationship, relationship)


def compose(first: str, second: str) -> str | None:
    """X first S, S second Y  =>  X ? Y, or ``None`` when nothing follows."""
    if "no-relationship" in (first, second):
        return None
    if first in EQUAL:
        return second
    if second in EQUAL:
        return first
    if first == second and first in ("subset-of", "superset-of"):
        return first
    # X contains or meets S, and S lies within Y: X and Y share S's content.
    if (first, second) in {
        ("superset-of", "subset-of"),
        ("intersects-with", "subset-of"),
        ("superset-of", "intersects-with"),
    }:
        return "intersects-with"
    return None


def build_graph(store: Store) -> nx.MultiDiGraph:
    """One edge per loaded mapping link, ISO element -> obligation, with its attributes."""
    require_catalogs(store)
    graph = nx.MultiDiGraph()
    for row in sparql.select(store, "mapping-links"):
        graph.add_node(row["subject"], title=row["subjectTitle"])
        graph.add_node(row["object"], title=row["objectTitle"])
        graph.add_edge(
            row["subject"],
            row["object"],
            relationship=row["relationship"],
            rationale=row["rationale"],
            strength=int(row["strength"]),
            confidence=float(row["confidence"]),
            status=row["status"],
            comment=row["comment"],
            mapping_set=row["set"],
            see_also=row.get("seeAlso", ""),
        )
    return graph


def _within(candidate: str, scope: str) -> bool:
    """Whether ``candidate`` is ``scope`` or one of its paragraphs/points/subclauses."""
    return (
        candidate == scope
        or candidate.startswith(scope + "-")
        or (scope.startswith("iso42001:") and candidate.startswith(scope + "."))
    )


def crosswalk(
    store: Store,
    provision_id: str,
    to: str | None = None,
    transitive: bool = False,
) -> list[CrosswalkLink]:
    """Links of an ISO element (to obligations) or of an obligation (from ISO elements).

    Links of the provision's sub-units count too (an article answers for its paragraphs).
    ``to`` keeps links whose far end is in that framework; ``transitive`` adds derived links
    from an obligation to other acts' obligations through ISO/IEC 42001.
    """
    if to is not None and to not in FRAMEWORKS:
        raise UnknownIdError(to, f"frameworks are {', '.join(FRAMEWORKS)}")
    get_provision(store, provision_id)  # raises UnknownIdError with a suggestion
    graph = build_graph(store)
    is_iso = provision_id.startswith("iso42001:")
    links: list[CrosswalkLink] = []
    for s, o, data in graph.edges(data=True):
        anchor = s if is_iso else o
        if not _within(anchor, provision_id):
            continue
        far = o if is_iso else s
        if to is not None and (fw := framework_of(far)) is not None and fw.key != to:
            continue
        links.append(_direct(graph, s, o, data))
    if transitive and not is_iso:
        links += _derived(graph, provision_id, to)
    return sorted(links, key=lambda link: (link.derived, -link.strength, link.subject, link.object))


def _direct(graph: nx.MultiDiGraph, s: str, o: str, data: dict[str, object]) -> CrosswalkLink:
    return CrosswalkLink(
        subject=s,
        subject_title=str(graph.nodes[s]["title"]),
        object=o,
        object_title=str(graph.nodes[o]["title"]),
        relationship=str(data["relationship"]),
        rationale=str(data["rationale"]),
        strength=int(str(data["strength"])),
        confidence=float(str(data["confidence"])),
        status=str(data["status"]),
        derived=False,
        path=[s, o],
        comment=str(data["comment"]),
        mapping_set=str(data["mapping_set"]),
    )


def _derived(graph: nx.MultiDiGraph, provision_id: str, to: str | None) -> list[CrosswalkLink]:
    """Obligation X <- ISO element S -> obligation Y in another act, composed."""
    source_fw = framework_of(provision_id)
    best: dict[tuple[str, str], CrosswalkLink] = {}
    for s, x, first in graph.edges(data=True):
        if not _within(x, provision_id) or first["relationship"] == "no-relationship":
            continue
        for _, y, second in graph.out_edges(s, data=True):
            target_fw = framework_of(y)
            if target_fw is None or target_fw == source_fw:
                continue
            if to is not None and target_fw.key != to:
                continue
            if first["rationale"] != second["rationale"]:
                continue
            relationship = compose(inverse(str(first["relationship"])), str(second["relationship"]))
            if relationship is None:
                continue
            strength = min(int(str(first["strength"])), int(str(second["strength"])))
            link = CrosswalkLink(
                subject=x,
                subject_title=str(graph.nodes[x]["title"]),
                object=y,
                object_title=str(graph.nodes[y]["title"]),
                relationship=relationship,
                rationale=str(first["rationale"]),
                strength=strength,
                confidence=min(float(str(first["confidence"])), float(str(second["confidence"]))),
                status="draft" if "draft" in (first["status"], second["status"]) else "reviewed",
                derived=True,
                path=[x, s, y],
                comment=(
                    f"derived through {s}: {x} {inverse(str(first['relationship']))} {s}, "
                    f"{s} {second['relationship']} {y}"
                ),
                justification="semapv:MappingChaining",
            )
            key = (x, y)
            if key not in best or (link.strength, link.confidence) > (
                best[key].strength,
                best[key].confidence,
            ):
                best[key] = link
    return list(best.values())
