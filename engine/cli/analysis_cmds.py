"""``coverage``, ``gaps``, ``plan`` and ``analyse`` (import + all three)."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import bootstrap
from ..analysis import applicability, coverage, gaps, history, plan, system_scope
from ..analysis.graphs import working_store
from ..org import loader
from ..present.render import Format, dumps, emit, to_data
from .options import (
    AsOfOption,
    EvidenceDateOption,
    FormatOption,
    IncludeDraftOption,
    OrgOption,
    StoreOption,
    SystemOption,
    console,
    open_db,
    parse_as_of,
    parse_evidence_date,
    store_command,
)
from .root import app

STATUS_COLUMNS = ["covered", "partial", "uncovered", "not-addressed", "not-analysed"]
NOT_APPLICABLE = "n/a (does not apply)"
FrameworkOption = Annotated[
    str | None, typer.Option("--framework", help="ai-act|gdpr|dora|nis2 (default: all)")
]


@app.command("coverage")
@store_command
def coverage_command(
    org: OrgOption,
    framework: FrameworkOption = None,
    as_of: AsOfOption = None,
    assume_implemented: Annotated[
        str | None,
        typer.Option(
            "--assume-implemented", help="What-if: comma-separated ISO ids, e.g. A.6.2.4,A.7.4"
        ),
    ] = None,
    evidence_date: EvidenceDateOption = None,
    include_draft: IncludeDraftOption = False,
    system: SystemOption = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """How far the organisation's ISO 42001 system supports each applicable EU act, and why
    (a support score, not a compliance percentage)."""
    law_date = parse_as_of(as_of)
    evidence_day = parse_evidence_date(evidence_date, law_date)
    db = open_db(store, read_only=True)
    report = coverage.coverage(
        db,
        org,
        law_date,
        [framework] if framework else applicability.EU_FRAMEWORKS,
        [a for a in (assume_implemented or "").split(",") if a.strip()],
        evidence_date=evidence_day,
        include_draft=include_draft,
        system=system,
    )
    if fmt is Format.json:
        sys.stdout.write(dumps(report) + "\n")
        return
    if fmt is Format.csv:
        rows = [
            {
                "framework": f.framework,
                **to_data(p),
                "via": ";".join(
                    f"{v.control}({v.relationship},{v.strength})" for v in p.via if v.implemented
                ),
                "per_system": ";".join(f"{s.system}={s.status}" for s in p.per_system),
            }
            for f in report.frameworks
            for p in f.provisions
        ]
        emit(
            console,
            rows,
            fmt,
            [
                "framework",
                "id",
                "status",
                "score",
                "via",
                "evidence",
                "systems",
                "per_system",
                "title",
            ],
        )
        return
    print_coverage(report)


class EngineChoice(StrEnum):
    """SHACL executors of ``gaps``."""

    fast = "fast"
    reference = "reference"


@app.command("gaps")
@store_command
def gaps_command(
    org: OrgOption,
    as_of: AsOfOption = None,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="fast: SHACL compiled to SPARQL on the "
            "store; reference: pySHACL on the focus graph",
        ),
    ] = EngineChoice.fast,
    system: Annotated[
        str | None,
        typer.Option(
            "--system",
            help="Only the gaps about this AI system (the system itself or evidence naming it).",
        ),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What the organisation is missing (SHACL gap shapes), most severe first."""
    day = parse_as_of(as_of)
    db = open_db(store, read_only=True)
    executor: gaps.Engine = "fast" if engine is EngineChoice.fast else "reference"
    report = system_scope.system_gaps(db, org, day, system, executor)
    if fmt is Format.json:
        sys.stdout.write(dumps(report) + "\n")
        return
    emit(
        console,
        report.gaps,
        fmt,
        ["severity", "kind", "focus", "provisions", "message"],
        title=f"{len(report.gaps)} gaps for {report.organisation}"
        + (f", AI system {report.system}" if report.system else "")
        + f" on {report.as_of}",
    )


@app.command("plan")
@store_command
def plan_command(
    org: OrgOption,
    as_of: AsOfOption = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Show the first N steps")] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework", help="Only steps for this act's obligations: ai-act|gdpr|dora|nis2"
        ),
    ] = None,
    system: Annotated[
        str | None,
        typer.Option(
            "--system",
            help="Only steps for the obligations that apply through this AI system "
            "(renewals of other systems' evidence left out).",
        ),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Remediation plan: actions that raise the support score most, in order (greedy)."""
    day = parse_as_of(as_of)
    db = open_db(store, read_only=True)
    chosen = [framework] if framework else applicability.EU_FRAMEWORKS
    result = plan.plan(db, org, day, top, frameworks=chosen, system=system)
    if fmt is Format.json:
        sys.stdout.write(dumps(result) + "\n")
        return
    print_plan(result, fmt)


def print_plan(result: plan.Plan, fmt: Format = Format.table) -> None:
    """The plan's steps with their gain and what they close."""
    rows = [
        {
            **to_data(step),
            "gain": f"+{step.gain:.1%}",
            "score_after": f"{step.score_after:.1%}",
            "closes": len(step.closes),
            "improves": len(step.improves),
        }
        for step in result.steps
    ]
    emit(
        console,
        rows,
        fmt,
        ["rank", "action", "target", "title", "gain", "score_after", "closes", "improves"],
        title=f"Remediation plan for {result.organisation}{_plan_scope(result)} on "
        f"{result.as_of}: support score {result.score_before:.1%} -> {result.score_after:.1%}",
    )


def _plan_scope(result: plan.Plan) -> str:
    """`` (ai-act, AI system credit-scoring)`` when the plan is narrowed, else empty."""
    parts = [] if len(result.frameworks) == len(applicability.EU_FRAMEWORKS) else result.frameworks
    parts = [*parts, *([f"AI system {result.system}"] if result.system else [])]
    return f" ({', '.join(parts)})" if parts else ""


def print_coverage(report: coverage.CoverageReport) -> None:
    """Per-framework counts and support score (before -> after under a what-if), the
    per-system split, and the statuses a what-if moves."""
    columns = ["framework", "applicable", *STATUS_COLUMNS, "support score"]
    rows = [
        {
            "framework": f.framework,
            "applicable": f.applicable,
            **{c: getattr(f, c.replace("-", "_")) for c in STATUS_COLUMNS},
            "support score": (
                f"{f.score_before:.0%} -> {f.score:.0%}"
                if f.score_before is not None
                else f"{f.score:.0%}"
            ),
        }
        if f.applicable
        else {  # nothing of the act binds the organisation: no score, not a 0% one
            "framework": f.framework,
            "applicable": 0,
            **dict.fromkeys(STATUS_COLUMNS, "-"),
            "support score": NOT_APPLICABLE,
        }
        for f in report.frameworks
    ]
    dates_text = f"law date {report.as_of}, evidence valid on {report.evidence_date}"
    if report.system:
        dates_text = f"obligations through AI system {report.system}; {dates_text}"
    title = f"Support of each act by the AIMS of {report.organisation} ({dates_text})"
    if report.assumed_implemented:
        title = (
            f"What-if for {report.organisation}, assuming implemented: "
            f"{', '.join(report.assumed_implemented)} ({dates_text})"
        )
    emit(console, rows, Format.table, columns, title=title)
    if report.systems:
        emit(
            console,
            [to_data(s) for s in report.systems],
            Format.table,
            ["system", "framework", "applicable", *[c.replace("-", "_") for c in STATUS_COLUMNS]],
            title="Per AI system (obligations that apply through it, judged for it)",
            headers=["system", "framework", "applicable", *STATUS_COLUMNS],
        )
        print_system_split(report)
    if report.assumed_implemented:
        emit(
            console,
            report.changes,
            Format.table,
            ["id", "framework", "system", "before", "after"],
            title=f"{len(report.changes)} statuses change under the assumption",
        )
    drafts = "counted" if report.include_draft else "left out"
    console.print(
        f"Draft mapping rows {drafts}: {report.draft_changes} statuses would change otherwise "
        f"({'without' if report.include_draft else '--include-draft'}). The support score "
        "measures how far the AIMS supports an act, not compliance; ISO/IEC 42001 gives no "
        "presumption of conformity with the AI Act. Valid evidence means in date, not "
        "judged adequate."
    )


def print_system_split(report: coverage.CoverageReport) -> None:
    """Each system-bound obligation with every system's own status and support score."""
    rows = [
        {
            "obligation": p.id,
            "system": s.system,
            "status": s.status,
            "support score": f"{s.score:.0%}",
            "organisation": p.status,
        }
        for f in report.frameworks
        for p in f.provisions
        for s in p.per_system
    ]
    emit(
        console,
        rows,
        Format.table,
        ["obligation", "system", "status", "support score", "organisation"],
        title="Per-system statuses of the obligations that apply through AI systems "
        "(the organisation's status is the weakest)",
    )


@app.command("analyse")
@store_command
def analyse(
    source: Annotated[
        Path,
        typer.Argument(metavar="SOURCE", help="Organisation folder, .xlsx, or .ttl/.jsonld"),
    ],
    as_of: AsOfOption = None,
    org: Annotated[str | None, typer.Option("--org", help="Override the organisation id")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Gaps and plan steps to show")] = 10,
    store: StoreOption = None,
) -> None:
    """Import an organisation, then show its coverage, top gaps and first plan steps; the
    analysis is recorded in the organisation's history (`aimsgraph history`)."""
    day = parse_as_of(as_of)
    db = open_db(store)
    with console.status("Loading catalogs and mapping sets"):
        bootstrap.install_all(db)
    with console.status(f"Reading {source}"):
        prepared = loader.prepare_import(db, source, org)  # bad input stops here
    data, org_id = prepared.data, prepared.data.organisation.id
    # The store writes the import while the analysis runs on an in-memory working set
    # built from the same text; nothing is shown or recorded before the write succeeded.
    writing = loader.BackgroundWrite(db, prepared)
    try:
        with console.status("Computing coverage, gaps and the plan"):
            work = working_store(db, org_id, prepared)
            started = dt.datetime.now(dt.UTC)
            report = coverage.coverage(work, org_id, day)  # while the working set loads
            input_before = history.input_hash(work, org_id)
            found = gaps.gaps(work, org_id, day)
            steps = plan.plan(work, org_id, day, top, report)
    finally:
        with console.status(f"Writing {org_id} to the store"):
            writing.wait()
    db.flush()
    console.print(
        f"[bold]{data.organisation.name}[/bold] ({org_id}): {len(data.systems)} AI "
        f"systems, {len(data.soa)} SoA rows, {len(data.evidence)} evidence items; "
        f"analysis date {day.isoformat()}"
    )
    print_coverage(report)
    counts = {s: sum(1 for g in found.gaps if g.severity == s) for s in ("high", "medium", "low")}
    emit(
        console,
        found.gaps[:top],
        Format.table,
        ["severity", "kind", "focus", "message"],
        title=f"Top gaps ({len(found.gaps)} in all: {counts['high']} high, "
        f"{counts['medium']} medium, {counts['low']} low)",
    )
    print_plan(steps)
    made = history.record(db, org_id, report, found, started, input_before)
    db.flush()
    console.print(
        f"Recorded as analysis [bold]{made.id}[/bold]: `aimsgraph history --org {org_id}` "
        f"lists the records, `aimsgraph compare --org {org_id} --from ID --to {made.id}` "
        "shows what changed."
    )
