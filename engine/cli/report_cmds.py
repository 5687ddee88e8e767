"""``report``: the hand-over report as HTML, XLSX or the SoA as CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..present import report, report_files
from .options import (
    AsOfOption,
    EvidenceDateOption,
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


class ReportFormat(StrEnum):
    """Formats of ``report``."""

    html = "html"
    xlsx = "xlsx"
    csv = "csv"


@app.command("report")
@store_command
def report_command(
    org: OrgOption,
    out: Annotated[Path, typer.Option("--out", help="File to write")],
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="html, xlsx, or csv (the Statement of Applicability)"),
    ] = ReportFormat.html,
    as_of: AsOfOption = None,
    horizon: Annotated[
        int, typer.Option("--horizon", min=0, help="List evidence expiring within this many days")
    ] = 90,
    evidence_date: EvidenceDateOption = None,
    include_draft: IncludeDraftOption = False,
    system: SystemOption = None,
    store: StoreOption = None,
) -> None:
    """The hand-over report: summary, coverage heatmap, gaps, plan, SoA, systems, mappings."""
    law_date = parse_as_of(as_of)
    evidence_day = parse_evidence_date(evidence_date, law_date)
    db = open_db(store, read_only=True)
    with console.status("Building the report"):
        built = report.build(
            db,
            org,
            law_date,
            horizon,
            evidence_date=evidence_day,
            include_draft=include_draft,
            system=system,
        )
        report_files.write(built, fmt.value, out)
    console.print(f"wrote {out.resolve()}")
