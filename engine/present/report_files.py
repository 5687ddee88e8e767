"""Write a report to a file in the chosen format (the one place that knows every writer).

Writes are atomic: the report goes to a temporary file in the target folder, renamed over
the target only when complete, so a full disk or an error never leaves half a report (or
destroys the previous one). Failures are one-line :class:`OutputError` messages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError
from .report import Report
from .report_csv import to_csv
from .report_html import to_html
from .report_pdf import write_pdf
from .report_xlsx import write_workbook

FORMATS = ("html", "pdf", "xlsx", "csv")
# The format each file name extension stands for.
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv"}


def choose_format(out: Path, fmt: str | None) -> str:
    """The format to write ``out`` in: ``fmt`` when given, else the one its extension names
    (html when it has none). An extension that names another format than ``fmt``, or no
    format at all, is an error: the file would open as something it is not."""
    by_name = SUFFIXES.get(out.suffix.lower())
    known = ", ".join(sorted(SUFFIXES))
    if fmt is None:
        if by_name is None and out.suffix:
            raise OutputError(
                f"cannot tell the report format from {out.name!r}: name the file with one of "
                f"{known}, or give --format ({', '.join(FORMATS)})"
            )
        return by_name or "html"
    if fmt not in FORMATS:
        raise OutputError(f"unknown report format {fmt!r}: use {', '.join(FORMATS)}")
    if by_name is not None and by_name != fmt:
        raise OutputError(
            f"{out.name} ends in {out.suffix} but the format is {fmt}: name the file "
            f"{out.with_suffix('.' + fmt).name}, or drop --format to write {by_name}"
        )
    return fmt


def write(report: Report, fmt: str, out: Path) -> None:
    """Write the report in ``fmt`` (html, pdf, xlsx, csv) to ``out``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    if out.is_dir():
        raise OutputError(f"{out} is a folder: give a file name, e.g. {out / f'report.{fmt}'}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(handle)
        temp = Path(name)
        try:
            temp.chmod(0o644)  # mkstemp's 0600 would make the report private
            _write(report, fmt, temp)
            temp.replace(out)
        finally:
            temp.unlink(missing_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror or error}") from None


def _write(report: Report, fmt: str, out: Path) -> None:
    if fmt == "html":
        out.write_text(to_html(report), encoding="utf-8")
    elif fmt == "pdf":
        write_pdf(report, out)
    elif fmt == "csv":
        out.write_text(to_csv(report), encoding="utf-8")
    else:
        write_workbook(report, out)
