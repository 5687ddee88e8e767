"""The Statement of Applicability as CSV (the report's ``csv`` format and the API's SoA)."""

from __future__ import annotations

import csv
import io

from .report import SOA_COLUMNS, Report, SoARow, soa_rows
from .spreadsheet_safe import csv_record


def to_csv(report: Report) -> str:
    """The Statement of Applicability as CSV."""
    return soa_csv(report.soa)


def soa_csv(rows: list[SoARow]) -> str:
    """SoA rows as CSV (cells that would run as formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SOA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_record(r) for r in soa_rows(rows))
    return buffer.getvalue()
