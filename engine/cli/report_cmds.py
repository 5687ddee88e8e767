"""``report``: the hand-over report as HTML, PDF, XLSX or the SoA as CSV."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..analysis import compare, history
from ..present import report, report_files
from .options import (
    AsOfOption,
    EvidenceDateOption,
    IncludeDraftOption,
    OrgOption,
    StoreOption,
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
    pdf = "pdf"
    xlsx = "xlsx"
    csv = "csv"


class Appendix(StrEnum):
    """Which mapping rows the report's appendix lists."""

    full = "full"
    used = "used"
    none = "none"


@app.command("report")
@store_command
def report_command(
    org: OrgOption,
    out: Annotated[
        Path, typer.Option("--out", help="File to write; its extension picks the format")
    ],
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html, pdf (A4), xlsx, or csv (the Statement of Applicability); "
            "default: from the --out extension, else html",
            show_default=False,
        ),
    ] = None,
    appendix: Annotated[
        Appendix,
        typer.Option(
            "--appendix",
            help="Mappings appendix: used (rows behind the organisation's applicable "
            "obligations), full (every mapping row) or none",
        ),
    ] = Appendix.used,
    as_of: AsOfOption = None,
    horizon: Annotated[
        int, typer.Option("--horizon", min=0, help="List evidence expiring within this many days")
    ] = 90,
    evidence_date: EvidenceDateOption = None,
    include_draft: IncludeDraftOption = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Add the changes since this recorded analysis (an id from `history`).",
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """The hand-over report: executive summary, coverage, heatmap, gaps, plan, SoA, systems,
    evidence freshness, mappings appendix (HTML, A4 PDF, XLSX; CSV: the SoA)."""
    chosen = report_files.choose_format(out, fmt.value if fmt else None)  # before any work
    law_date = parse_as_of(as_of)
    evidence_day = parse_evidence_date(evidence_date, law_date)
    db = open_db(store, read_only=True)
    if since:
        history.load(db, org, since)  # an unknown id fails before the report is built
    with console.status("Building the report"):
        built = report.build(
            db,
            org,
            law_date,
            horizon,
            evidence_date=evidence_day,
            include_draft=include_draft,
            appendix=appendix.value,
        )
        if since:
            changes = compare.since(db, org, since, built.coverage, built.gaps)
            built = dataclasses.replace(built, since=changes)
        report_files.write(built, chosen, out)
    console.print(f"wrote {out.resolve()}")
