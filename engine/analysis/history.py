"""Analysis records: what one analysis found, kept so that a later one can be compared with it.

Each ``analyse`` (CLI) or ``POST /orgs/{org}/analyses`` (API) leaves one record: a PROV
activity (``aims:Analysis``) with its start and end, law and evidence dates, the versions of
the ontology, catalogs and mapping sets it read, a hash of the organisation's input graph,
the support score per act, every obligation's status (per AI system where it is judged per
system) and the open gaps.

Each record is its own named graph under ``<GRAPH>history/<org>/``, written once through
:meth:`Store.replace_graph` (atomic on every backend). Nothing is read back and rewritten, so
two analyses running at the same time cannot lose each other's record. The graphs are not
part of any query dataset except the organisation's own history reads here, so no other
organisation (nor the SPARQL endpoint) sees them. Statuses and gaps are compact literals,
one triple each ("partial ai-act:art-9-1 credit-scoring"): a record of the example is a
few hundred triples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

import pyoxigraph as ox

from ... import __version__
from ..errors import AimsgraphError, UnknownIdError
from ..namespaces import AIMS, DCT, GRAPH, PROV, RDF, XSD
from ..org.loader import org_graph, org_namespace
from ..store import Iri, Store, sparql
from ..store.datasets import installed_versions
from .coverage_model import CoverageReport
from .gaps import GapReport

NOT_APPLICABLE = "not-applicable"
"""The status on the side of a comparison where the obligation did not apply."""


class InputChangedError(AimsgraphError):
    """The organisation's data changed while an analysis ran (so it is not recorded)."""


class UnknownAnalysisError(UnknownIdError):
    """An analysis id the organisation has no record of (exit 2, HTTP 404)."""

    exit_code = 2


@dataclass(frozen=True)
class ActScore:
    """The support score of one act in an analysis (not a compliance percentage)."""

    framework: str
    applicable: int
    score: float


@dataclass(frozen=True)
class ObligationStatus:
    """One obligation's status in an analysis (``system`` empty: the organisation's)."""

    id: str
    framework: str
    system: str
    status: str


@dataclass(frozen=True)
class OpenGap:
    """A gap open in an analysis, identified by kind, focus and the provisions concerned."""

    kind: str
    focus: str
    severity: str
    provisions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnalysisSummary:
    """One line of the history: when, on which dates and versions, the scores, how many
    gaps were open."""

    id: str
    organisation: str
    started: str
    ended: str
    as_of: str
    evidence_date: str
    include_draft: bool
    input_hash: str
    software: str
    versions: dict[str, str] = field(default_factory=dict)
    scores: list[ActScore] = field(default_factory=list)
    gaps: int = 0


@dataclass(frozen=True)
class AnalysisRecord:
    """A whole analysis record: the summary's fields plus every status and open gap."""

    id: str
    organisation: str
    started: str
    ended: str
    as_of: str
    evidence_date: str
    include_draft: bool
    input_hash: str
    software: str
    versions: dict[str, str] = field(default_factory=dict)
    scores: list[ActScore] = field(default_factory=list)
    statuses: list[ObligationStatus] = field(default_factory=list)
    open_gaps: list[OpenGap] = field(default_factory=list)


def history_prefix(org_id: str) -> str:
    """Prefix of an organisation's record graphs (org ids are slugs: no ``/``, so no
    organisation's prefix is another's)."""
    return f"{GRAPH}history/{org_id}/"


def _record_graphs(store: Store, org_id: str) -> dict[str, str]:
    """Record id -> graph, for the organisation's records only."""
    prefix = history_prefix(org_id)
    return {
        graph.removeprefix(prefix): graph
        for graph in sorted(store.graph_versions())
        if graph.startswith(prefix)
    }


def input_hash(store: Store, org_id: str) -> str:
    """SHA-256 of the organisation's input graph as sorted N-Triples: the same data gives
    the same hash whatever file format it came from (the graph has no blank nodes: the
    loader names every node, so sorted N-Triples is a canonical form)."""
    lines = sorted(line for line in store.export(org_graph(org_id), "nt").splitlines() if line)
    return "sha256:" + hashlib.sha256(b"\n".join(lines)).hexdigest()


def dataset_versions(store: Store) -> dict[str, str]:
    """What the analysis read: ``ontology``, ``catalog/<key>``, ``mappings/<set>`` -> the
    content hash the store records for it."""
    installed = installed_versions(store)
    versions = {f"catalog/{k}": v for k, v in installed.catalogs.items()}
    versions |= {f"mappings/{k}": v for k, v in installed.mapping_sets.items()}
    if installed.ontology:
        versions["ontology"] = installed.ontology
    return dict(sorted(versions.items()))


def snapshot(
    store: Store,
    org_id: str,
    report: CoverageReport,
    found: GapReport,
    started: dt.datetime,
    ended: dt.datetime | None = None,
    record_id: str = "",
) -> AnalysisRecord:
    """The record of an analysis made of ``report`` and ``found`` (nothing written)."""
    ended = ended or dt.datetime.now(dt.UTC)
    statuses = [
        entry
        for f in report.frameworks
        for p in f.provisions
        for entry in [
            ObligationStatus(p.id, f.framework, "", p.status),
            *(ObligationStatus(p.id, f.framework, s.system, s.status) for s in p.per_system),
        ]
    ]
    return AnalysisRecord(
        id=record_id,
        organisation=org_id,
        started=_stamp(started),
        ended=_stamp(ended),
        as_of=report.as_of,
        evidence_date=report.evidence_date or report.as_of,
        include_draft=report.include_draft,
        input_hash=input_hash(store, org_id),
        software=__version__,
        versions=dataset_versions(store),
        scores=sorted(
            (ActScore(f.framework, f.applicable, round(f.score, 6)) for f in report.frameworks),
            key=lambda a: a.framework,
        ),
        statuses=sorted(statuses, key=_status_key),
        open_gaps=sorted(
            {
                (g.kind, g.focus, g.severity, tuple(sorted(g.provisions))): OpenGap(
                    g.kind, g.focus, g.severity, sorted(g.provisions)
                )
                for g in found.gaps
            }.values(),
            key=_gap_key,
        ),
    )


def record(
    store: Store,
    org_id: str,
    report: CoverageReport,
    found: GapReport,
    started: dt.datetime,
    input_before: str | None = None,
) -> AnalysisRecord:
    """Make the record of an analysis and write it (atomically, as a graph of its own).

    ``input_before`` is :func:`input_hash` taken when the analysis started: if the data was
    replaced while it ran (an upload through the API), its results mix two inputs, so
    nothing is recorded and :class:`InputChangedError` says to run it again."""
    draft = snapshot(store, org_id, report, found, started)
    if input_before is not None and input_before != draft.input_hash:
        raise InputChangedError(
            f"the data of {org_id} was replaced while the analysis ran; nothing was "
            "recorded: run the analysis again"
        )
    taken = _record_graphs(store, org_id)
    attempt = 0
    while True:
        seed = f"{org_id}|{started.isoformat()}|{draft.input_hash}|{attempt}"
        record_id = (
            f"a-{started.astimezone(dt.UTC):%Y%m%dT%H%M%S}-"
            + hashlib.sha256(seed.encode()).hexdigest()[:6]
        )
        if record_id not in taken:
            break
        attempt += 1
    made = dataclasses.replace(draft, id=record_id)
    data = bytes(ox.serialize(to_triples(made), format=ox.RdfFormat.N_TRIPLES) or b"")
    version = "sha256:" + hashlib.sha256(data).hexdigest()
    store.replace_graph(history_prefix(org_id) + record_id, data, "nt", version)
    return made


def _stamp(moment: dt.datetime) -> str:
    """UTC, milliseconds, ``Z``: how records keep times. Whole seconds are not enough to
    order them: two analyses of a small organisation finish within one second, and the
    history lists records by their start."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _restamp(value: str) -> str:
    """A stored time in the form :func:`_stamp` wrote it. The store keeps ``xsd:dateTime``
    in canonical form, which drops trailing zeros of the fraction (``.060`` reads back as
    ``.06``), so a record would not read back as it was made."""
    return _stamp(dt.datetime.fromisoformat(value))


def _status_key(status: ObligationStatus) -> tuple[str, str, str]:
    return (status.framework, status.id, status.system)


def _gap_key(gap: OpenGap) -> tuple[str, str, str, list[str]]:
    return (gap.kind, gap.focus, gap.severity, gap.provisions)


# -- RDF -----------------------------------------------------------------------------------


def _a(name: str) -> ox.NamedNode:
    return ox.NamedNode(AIMS + name)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def record_iri(org_id: str, record_id: str) -> str:
    """IRI of a record (in the organisation's namespace)."""
    return f"{org_namespace(org_id)}analysis/{record_id}"


def to_triples(made: AnalysisRecord) -> list[ox.Triple]:
    """The record in the aimsgraph vocabulary (``ontology/core.ttl``, "Analysis records")."""
    node = ox.NamedNode(record_iri(made.organisation, made.id))
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(subject, predicate, obj))

    add(node, ox.NamedNode(RDF + "type"), _a("Analysis"))
    add(node, ox.NamedNode(RDF + "type"), ox.NamedNode(PROV + "Activity"))
    add(node, ox.NamedNode(DCT + "identifier"), ox.Literal(made.id))
    add(node, _a("organisationId"), ox.Literal(made.organisation))
    add(node, ox.NamedNode(PROV + "used"), ox.NamedNode(org_graph(made.organisation)))
    add(node, ox.NamedNode(PROV + "startedAtTime"), _typed(made.started, "dateTime"))
    add(node, ox.NamedNode(PROV + "endedAtTime"), _typed(made.ended, "dateTime"))
    add(node, _a("lawDate"), _typed(made.as_of, "date"))
    add(node, _a("evidenceDate"), _typed(made.evidence_date, "date"))
    add(node, _a("includeDraft"), _typed("true" if made.include_draft else "false", "boolean"))
    add(node, _a("inputHash"), ox.Literal(made.input_hash))
    add(node, _a("softwareVersion"), ox.Literal(made.software))
    for name, version in made.versions.items():
        add(node, _a("datasetVersion"), ox.Literal(f"{name} {version}"))
    for score in made.scores:
        result = ox.NamedNode(f"{node.value}/act/{score.framework}")
        add(node, _a("actResult"), result)
        add(result, ox.NamedNode(RDF + "type"), _a("ActResult"))
        add(result, _a("frameworkKey"), ox.Literal(score.framework))
        add(result, _a("applicableCount"), _typed(str(score.applicable), "integer"))
        add(result, _a("supportScore"), _typed(f"{score.score:.6f}", "decimal"))
    for s in made.statuses:
        text = " ".join(filter(None, [s.status, s.id, s.system]))
        add(node, _a("obligationStatus"), ox.Literal(text))
    for g in made.open_gaps:
        text = " ".join([g.severity, g.kind, g.focus, ";".join(g.provisions)]).strip()
        add(node, _a("openGap"), ox.Literal(text))
    return triples


# -- reading -------------------------------------------------------------------------------


def summary(made: AnalysisRecord) -> AnalysisSummary:
    """The history line of a record."""
    kept = {k: v for k, v in vars(made).items() if k not in ("statuses", "open_gaps")}
    return AnalysisSummary(**kept, gaps=len(made.open_gaps))


def history(store: Store, org_id: str) -> list[AnalysisSummary]:
    """The organisation's analysis records, oldest first."""
    graphs = list(_record_graphs(store, org_id).values())
    if not graphs:
        return []
    scores = _scores(store, graphs)
    versions = _values(store, graphs, "datasetVersion")
    return [
        AnalysisSummary(
            **_header(row),
            versions=_versions(versions.get(row["record"], [])),
            scores=scores.get(row["record"], []),
            gaps=int(row["gaps"]),
        )
        for row in sparql.select(store, "analysis-records", graphs)
    ]


def load(store: Store, org_id: str, record_id: str) -> AnalysisRecord:
    """One of the organisation's records; an id it does not have (another organisation's
    included) is an :class:`UnknownAnalysisError`."""
    graphs = _record_graphs(store, org_id)
    if record_id not in graphs:
        hint = f"no analysis with this id for {org_id} (`aimsgraph history --org {org_id}`)"
        raise UnknownAnalysisError(record_id, hint)
    graph = [graphs[record_id]]
    (row,) = sparql.select(store, "analysis-records", graph)
    node = row["record"]
    statuses = [_status(v) for v in _values(store, graph, "obligationStatus").get(node, [])]
    gaps = [_gap(v) for v in _values(store, graph, "openGap").get(node, [])]
    return AnalysisRecord(
        **_header(row),
        versions=_versions(_values(store, graph, "datasetVersion").get(node, [])),
        scores=_scores(store, graph).get(node, []),
        statuses=sorted(statuses, key=_status_key),
        open_gaps=sorted(gaps, key=_gap_key),
    )


def forget(store: Store, org_id: str) -> int:
    """Drop every record of the organisation (with its data); return how many."""
    graphs = _record_graphs(store, org_id)
    for graph in graphs.values():
        store.drop_graph(graph)
    return len(graphs)


class _Header(TypedDict):
    id: str
    organisation: str
    started: str
    ended: str
    as_of: str
    evidence_date: str
    include_draft: bool
    input_hash: str
    software: str


def _header(row: dict[str, str]) -> _Header:
    return {
        "id": row["id"],
        "organisation": row["organisation"],
        "started": _restamp(row["started"]),
        "ended": _restamp(row["ended"]),
        "as_of": row["lawDate"],
        "evidence_date": row["evidenceDate"],
        "include_draft": row["includeDraft"] == "true",
        "input_hash": row["inputHash"],
        "software": row["software"],
    }


def _values(store: Store, graphs: list[str], prop: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(store, "analysis-values", graphs, property=Iri(AIMS + prop)):
        found[row["record"]].append(row["value"])
    return found


def _scores(store: Store, graphs: list[str]) -> dict[str, list[ActScore]]:
    found: dict[str, list[ActScore]] = defaultdict(list)
    for row in sparql.select(store, "analysis-scores", graphs):
        found[row["record"]].append(
            ActScore(row["framework"], int(row["applicable"]), float(row["score"]))
        )
    return found


def _versions(values: list[str]) -> dict[str, str]:
    pairs = (v.partition(" ") for v in values)
    return {name: version for name, _, version in sorted(pairs)}


def _status(value: str) -> ObligationStatus:
    status, obligation, *system = value.split(" ")
    return ObligationStatus(obligation, obligation.partition(":")[0], "".join(system), status)


def _gap(value: str) -> OpenGap:
    severity, kind, focus, *provisions = value.split(" ", 3)
    listed = [p for p in "".join(provisions).split(";") if p]
    return OpenGap(kind, focus, severity, listed)
