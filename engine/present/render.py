"""Print typed records as a rich table, JSON or CSV (the CLI's three output formats)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

from .spreadsheet_safe import csv_row


class Format(StrEnum):
    """Output formats accepted by ``--format``."""

    table = "table"
    json = "json"
    csv = "csv"


def to_data(value: Any) -> Any:
    """Dataclasses (nested) to plain JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    return value


def dumps(value: Any) -> str:
    """Stable, human-readable JSON."""
    return json.dumps(to_data(value), indent=2, ensure_ascii=False)


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row; list values joined with ``;``; cells a spreadsheet would run
    as formulas are neutralised (:mod:`spreadsheet_safe`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_row(columns))
    for row in rows:
        writer.writerow(
            csv_row(
                ";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                for v in (row.get(c) for c in columns)
            )
        )
    return buffer.getvalue()


def table(
    title: str | None,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
) -> Table:
    """A rich table of ``rows`` restricted to ``columns``."""
    result = Table(title=title, show_lines=False, header_style="bold")
    for header in headers or columns:
        result.add_column(header, overflow="fold")
    for row in rows:
        result.add_row(
            *[
                ";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
                for v in (row.get(c) for c in columns)
            ]
        )
    return result


def emit(
    console: Console,
    records: Sequence[Any],
    fmt: Format,
    columns: Sequence[str],
    title: str | None = None,
    headers: Sequence[str] | None = None,
) -> None:
    """Print ``records`` (dataclasses or dicts) in the chosen format."""
    data = [to_data(r) for r in records]
    if fmt is Format.json:
        sys.stdout.write(dumps(data) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(csv_text(data, columns))
    else:
        console.print(table(title, data, columns, headers))
