"""The workbook form of the client template: the four input sheets with one example row
each, a drop-down list on every enumerated column, and an Instructions sheet.

Generated from :mod:`org.schema` like the folder template, and read back by the same loader
(the drop-downs only help: every value is checked again on import). Lists of values live on
a hidden ``lists`` sheet because Excel limits an inline list to 255 characters.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import OutputError
from ..org.schema import LIST_SEPARATOR, ORG_FIELDS, Field
from ..org.template import TABLES
from .spreadsheet_safe import append_row

ROWS = 500  # rows of each input sheet that get the drop-downs
INSTRUCTIONS = (
    "How to fill in this workbook (aimsgraph organisation input)",
    "",
    "1. 'organisation': one row per key; fill in column B (value). Columns C and D say what "
    "each key means and what it allows. Do not rename the keys in column A.",
    "2. 'ai-systems', 'soa', 'evidence': one row per AI system, per ISO/IEC 42001 Annex A "
    "control, per evidence document. Row 2 is an example: edit or delete it. Keep row 1 "
    "(the column names) as it is.",
    "3. Columns with a fixed set of values have a drop-down list. Where several values are "
    f"allowed (ai_act_role, functions, supports), separate them with '{LIST_SEPARATOR}' "
    "(e.g. provider;deployer).",
    "4. yes/no columns also accept TRUE/FALSE and 1/0. Dates are YYYY-MM-DD (or Excel dates).",
    "5. Provision ids: iso42001:A.6.2.4, gdpr:art-35, ai-act:art-9-2-a; the prefix may be "
    "left out where the rest names one provision only (A.6.2.4). "
    "`aimsgraph catalog list --framework iso42001` lists them.",
    "6. Import with: aimsgraph org import THIS-FILE.xlsx  (every sheet is checked first; an "
    "error names the sheet, row and column; nothing is written until all is valid).",
    "",
    "The full column reference: docs/input-format.md (`aimsgraph org format-doc`).",
)


class _Lists:
    """The hidden sheet holding each value list once, and the validations that use it."""

    def __init__(self, workbook: Workbook) -> None:
        self.sheet = workbook.create_sheet("lists")
        self.sheet.sheet_state = "hidden"
        self.ranges: dict[tuple[str, ...], str] = {}

    def validation(self, field: Field) -> DataValidation:
        values = field.allowed
        if values not in self.ranges:
            column = get_column_letter(len(self.ranges) + 1)
            for row, value in enumerate(values, start=1):
                self.sheet[f"{column}{row}"] = value
            self.ranges[values] = f"lists!${column}$1:${column}${len(values)}"
        if field.is_list:
            prompt = f"One or more values, separated by '{LIST_SEPARATOR}'"
        else:
            prompt = "Pick one value from the list"
        return DataValidation(
            type="list",
            formula1=f"={self.ranges[values]}",
            allow_blank=not field.required,
            showErrorMessage=not field.is_list,  # a list column takes "a;b" typed in
            errorTitle=f"{field.name}: not an allowed value",
            error=f"Allowed: {', '.join(values)}"[:255],
            promptTitle=field.name[:32],
            prompt=prompt,
            showInputMessage=True,
        )


def _header(sheet: Worksheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def write_template(target: Path) -> Path:
    """Write the workbook template to ``target``; refuse (writing nothing) if it exists."""
    if target.exists():
        raise OutputError(f"{target} already exists; nothing written (choose a new file name)")
    workbook = Workbook()
    intro = workbook.active
    intro.title = "Instructions"
    for line in INSTRUCTIONS:
        intro.append([line])
    intro["A1"].font = Font(bold=True, size=14)
    intro.column_dimensions["A"].width = 120
    for row in intro.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    lists = _Lists(workbook)

    org = workbook.create_sheet("organisation", 1)
    append_row(org, ["key", "value", "meaning", "allowed values"])
    for number, field in enumerate(ORG_FIELDS, start=2):
        allowed = ", ".join(field.allowed) if field.allowed else field.form
        if field.is_list:
            allowed += f" (several: separate with '{LIST_SEPARATOR}')"
        required = "required: " if field.required else ""
        append_row(org, [field.name, field.example, required + field.meaning, allowed])
        if field.allowed:
            validation = lists.validation(field)
            org.add_data_validation(validation)
            validation.add(f"B{number}")
    for column, width in zip("ABCD", (32, 28, 70, 60), strict=True):
        org.column_dimensions[column].width = width
    _header(org)

    for position, (file, fields) in enumerate(TABLES, start=2):
        sheet = workbook.create_sheet(file.removesuffix(".csv"), position)
        append_row(sheet, [f.name for f in fields])
        append_row(sheet, [f.example for f in fields])
        for index, field in enumerate(fields, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(14, len(field.name) + 4)
            if field.allowed:
                validation = lists.validation(field)
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{ROWS}")
        _header(sheet)
    try:
        workbook.save(target)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error}") from error
    return target
