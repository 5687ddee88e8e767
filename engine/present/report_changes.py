"""The report's "changes since" part (``report --since ID``): the comparison of a recorded
analysis with the report's own, as rows for the XLSX sheet. The HTML form is the template
block ``templates/changes.html.j2``. Kept apart from the main writers so that the report's
layout can change without touching it."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..analysis.compare import Comparison
from .spreadsheet_safe import append_row

SHEET = "Changes"
COLUMNS = ["what", "id", "framework", "system", "before", "after"]


def change_rows(since: Comparison) -> list[Sequence[object]]:
    """Why, the scores, the moved statuses and the gaps opened/closed, one row each."""
    return [
        *(("reason", reason, "", "", "", "") for reason in since.reasons),
        *(
            (
                "support score",
                s.framework,
                s.framework,
                "",
                "n/a" if s.before is None else round(s.before, 4),
                "n/a" if s.after is None else round(s.after, 4),
            )
            for s in since.scores
        ),
        *(("status", c.id, c.framework, c.system, c.before, c.after) for c in since.changes),
        *(("gap opened", f"{g.kind} {g.focus}", "", "", "", g.severity) for g in since.gaps_opened),
        *(("gap closed", f"{g.kind} {g.focus}", "", "", g.severity, "") for g in since.gaps_closed),
    ]


def add_changes_sheet(workbook: Workbook, since: Comparison) -> None:
    """A "Changes" sheet: the comparison with analysis ``since.from_id``."""
    sheet = workbook.create_sheet(SHEET)
    append_row(sheet, COLUMNS)
    for row in change_rows(since):
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    for index, width in enumerate((14, 48, 10, 18, 14, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
