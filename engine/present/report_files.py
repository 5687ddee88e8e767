"""Write a report to a file in the chosen format (the one place that knows every writer)."""

from __future__ import annotations

from pathlib import Path

from .report import Report
from .report_csv import to_csv
from .report_html import to_html
from .report_xlsx import write_workbook


def write(report: Report, fmt: str, out: Path) -> None:
    """Write the report in ``fmt`` (html, xlsx, csv) to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(to_html(report), encoding="utf-8")
    elif fmt == "csv":
        out.write_text(to_csv(report), encoding="utf-8")
    elif fmt == "xlsx":
        write_workbook(report, out)
    else:
        raise ValueError(f"unknown report format {fmt!r}")
