"""Cell values made safe for spreadsheets: text that a spreadsheet would run as a formula
stays text (CSV and formula injection, OWASP "CSV Injection").

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or
``@`` (LibreOffice and Excel also after leading spaces, and after a tab, CR or LF that an
import strips). Organisation data (justifications, owners, titles...) is written by clients,
so every spreadsheet-bound writer (the XLSX report, the organisation workbook, the SoA CSV,
the CLI's ``--format csv``) sends its cells through here:

- CSV has no cell types: risky text gets a leading ``'``, which spreadsheets read as
  "this is text" (OWASP's advice); the rest of the text is kept as it is.
- XLSX has types: risky text stays an exact string cell, marked ``quotePrefix`` so that
  editing the cell does not turn it into a formula either (no visible apostrophe).

Numbers are left alone (a negative score stays a number). Control characters that XLSX
cannot hold (and that import refuses) become U+FFFD instead of crashing the writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Characters that start a formula, with their full-width forms (Excel in CJK locales).
FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Characters an import strips before the value is read (so "\t=1+2" becomes "=1+2").
STRIPPED_START = frozenset("\t\r\n")
# XML 1.0 forbids these C0 controls; openpyxl refuses to write them.
XLSX_ILLEGAL = dict.fromkeys((*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)), "\ufffd")


def is_risky(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula (now or after an edit)?"""
    if not text:
        return False
    if text[0] in STRIPPED_START:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_START


def csv_value(value: object) -> object:
    """One CSV cell: risky text gets a leading ``'``; numbers and safe text are unchanged."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    """A CSV row with every cell made safe."""
    return [csv_value(v) for v in values]


def csv_record(record: dict[str, Any]) -> dict[str, Any]:
    """A ``csv.DictWriter`` row with every cell made safe."""
    return {k: csv_value(v) for k, v in record.items()}


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """Append a row to an openpyxl worksheet; risky text stays a string cell (quotePrefix),
    never a formula, and keeps its exact text."""
    cleaned = [v.translate(XLSX_ILLEGAL) if isinstance(v, str) else v for v in values]
    sheet.append(cleaned)
    for column, value in enumerate(cleaned, start=1):
        if isinstance(value, str) and is_risky(value):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True
