"""``applicability``: which provisions bind the organisation, through which AI systems, why."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..analysis import applicability as appl
from ..present.render import Format, dumps, emit
from .options import (
    AsOfOption,
    FormatOption,
    OrgOption,
    StoreOption,
    console,
    open_db,
    parse_as_of,
    store_command,
)
from .root import app


@app.command("applicability")
@store_command
def applicability_command(
    org: OrgOption,
    as_of: AsOfOption = None,
    framework: Annotated[
        str | None, typer.Option("--framework", help="ai-act|gdpr|dora|nis2 (default: all)")
    ] = None,
    system: Annotated[
        str | None, typer.Option("--system", help="Only what applies through this AI system")
    ] = None,
    only_applicable: Annotated[
        bool, typer.Option("--applicable", help="List only the provisions that apply")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every provision of the acts: does it bind the organisation, through which AI systems,
    and the provision that decides it (per paragraph and point, law date --as-of)."""
    db = open_db(store, read_only=True)
    report = appl.applicability(
        db,
        org,
        parse_as_of(as_of),
        [framework] if framework else appl.EU_FRAMEWORKS,
        system,
    )
    if only_applicable:
        report = appl.ApplicabilityReport(
            report.organisation,
            report.as_of,
            report.system,
            report.frameworks,
            [d for d in report.decisions if d.applicable],
        )
    if fmt is Format.json:
        sys.stdout.write(dumps(report) + "\n")
        return
    rows = [
        {
            "id": d.id,
            "framework": d.framework,
            "applicable": "yes" if d.applicable else "no",
            "outcome": d.outcome,
            "systems": d.systems,
            "status": d.status,
            "reason": d.reason,
        }
        for d in report.decisions
    ]
    columns = ["id", "applicable", "outcome", "systems", "reason"]
    if fmt is Format.csv:
        columns = ["id", "framework", "applicable", "outcome", "systems", "status", "reason"]
    counts = ", ".join(f"{f.framework} {f.applicable}/{f.provisions}" for f in report.frameworks)
    scope = f" through {report.system}" if report.system else ""
    emit(
        console,
        rows,
        fmt,
        columns,
        title=f"Applicability for {report.organisation}{scope} on {report.as_of} "
        f"(applicable/listed: {counts})",
    )
