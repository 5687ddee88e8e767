"""Write an organisation folder as one XLSX workbook (the format consultants exchange).

Sheets: ``organisation`` (key/value rows), ``ai-systems``, ``soa``, ``evidence`` with the
CSV columns. The loader reads the workbook back through the same checks as the folder.
It lives with the writers (not in ``org/``) because it writes a spreadsheet: cells that
would run as formulas stay text (:mod:`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ..org.orgdata import LIST_KEYS
from ..org.yaml_input import read_mapping
from .spreadsheet_safe import append_row

SHEETS = (("ai-systems", "ai-systems.csv"), ("soa", "soa.csv"), ("evidence", "evidence.csv"))


def folder_to_workbook(folder: Path, target: Path) -> None:
    """Convert ``folder`` (organisation.yaml + three CSVs) into ``target`` (.xlsx)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "organisation"
    append_row(sheet, ["key", "value"])
    source = folder / "organisation.yaml"
    data = read_mapping(source.read_text(encoding="utf-8"), str(source), LIST_KEYS)
    for key, value in data.items():
        append_row(sheet, [key, value])
    for name, file in SHEETS:
        rows = list(csv.reader((folder / file).open(encoding="utf-8-sig")))
        sheet = workbook.create_sheet(name)
        for row in rows:
            append_row(sheet, row)
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    workbook.save(target)
