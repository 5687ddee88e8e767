"""Formula injection (issue #18, item 3): client text never becomes a live formula in the
XLSX report, the organisation workbook, the SoA CSV or the CLI's CSV, and keeps its text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import render, report, report_csv, report_files
from aimsgraph.engine.present.org_workbook import folder_to_workbook
from aimsgraph.engine.present.spreadsheet_safe import append_row, csv_value, is_risky
from aimsgraph.engine.store import EmbeddedStore
from openpyxl import Workbook, load_workbook
from orgfactory import control, evidence, system, write_org

PAYLOADS = [
    '=HYPERLINK("http://127.0.0.1/x","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\uff1d1+1",  # full-width equals sign
]
LEADING = [" =1+2", "\t=1+2", "\r=1+2", "\n=1+2", "\t plain text after a tab"]
SAFE = ["plain", "a = b", "", "1-2", "e-mail"]


@pytest.mark.parametrize("text", PAYLOADS + LEADING)
def test_risky_text_is_recognised(text: str) -> None:
    assert is_risky(text)
    assert csv_value(text) == "'" + text


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_text_and_numbers_are_unchanged(text: str) -> None:
    assert not is_risky(text)
    assert csv_value(text) == text
    assert csv_value(-3) == -3 and csv_value(-0.5) == -0.5


def formulas(path: Path) -> list[str]:
    """Every formula cell of a workbook (none may come from client text)."""
    workbook = load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_append_row_keeps_exact_text_as_string_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    for text in PAYLOADS + LEADING:
        append_row(workbook.active, [text, -1.5, "ok"])
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    assert formulas(path) == []
    sheet = load_workbook(path).active
    for number, text in enumerate(PAYLOADS + LEADING, start=1):
        cell = sheet.cell(number, 1)
        # XML reads a bare CR back as LF (line-end normalisation); the rest is exact
        assert cell.value == text.replace("\r", "\n") and cell.data_type == "s" and cell.quotePrefix
        assert sheet.cell(number, 2).value == -1.5 and sheet.cell(number, 2).data_type == "n"
        assert not sheet.cell(number, 3).quotePrefix


@pytest.fixture(scope="module")
def hostile(_analysis_store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An organisation whose free-text fields are formula payloads (imported into the store)."""
    folder = write_org(
        tmp_path_factory.mktemp("hostile") / "org",
        org_id="hostile",
        systems=[system("s1", "provider", "high", name=PAYLOADS[0], owner=PAYLOADS[1])],
        soa=[
            control("A.2.2", justification=PAYLOADS[2], owner=PAYLOADS[3]),
            control("A.2.3", justification=PAYLOADS[0], owner="Plain Owner"),
        ],
        evidence=[evidence("EV-1", "iso42001:A.2.2", title=PAYLOADS[3], owner=PAYLOADS[0])],
    )
    yaml_file = folder / "organisation.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("name: Hostile Ltd", "name: '=1+1'"),
        encoding="utf-8",
    )
    loader.import_org(_analysis_store, folder)
    return folder


def test_xlsx_report_has_no_formula_and_keeps_the_text(
    _analysis_store: EmbeddedStore, hostile: Path, tmp_path: Path
) -> None:
    built = report.build(_analysis_store, "hostile", dt.date(2026, 1, 1))
    path = tmp_path / "report.xlsx"
    report_files.write(built, "xlsx", path)
    assert formulas(path) == []
    soa = load_workbook(path)["SoA"]
    header = [c.value for c in soa[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in soa.iter_rows(2, values_only=True)}
    assert rows["A.2.2"]["justification"] == PAYLOADS[2]
    assert rows["A.2.2"]["owner"] == PAYLOADS[3]
    assert rows["A.2.3"]["justification"] == PAYLOADS[0]
    summary = load_workbook(path)["Summary"]
    assert summary["B2"].value == "=1+1 (hostile)" and summary["B2"].quotePrefix


def test_soa_csv_neutralises_formulas(_analysis_store: EmbeddedStore, hostile: Path) -> None:
    rows = report.statement_of_applicability(_analysis_store, "hostile", dt.date(2026, 1, 1))
    parsed = {r["control"]: r for r in csv.DictReader(io.StringIO(report_csv.soa_csv(rows)))}
    assert parsed["A.2.2"]["justification"] == "'" + PAYLOADS[2]
    assert parsed["A.2.2"]["owner"] == "'" + PAYLOADS[3]
    assert parsed["A.2.3"]["owner"] == "Plain Owner"
    for row in parsed.values():
        assert not any(is_risky(v) for v in row.values()), row


def test_cli_csv_format_neutralises_formulas() -> None:
    text = render.csv_text(
        [{"name": PAYLOADS[0], "score": -0.25, "owners": [PAYLOADS[1], "x"]}],
        ["name", "score", "owners"],
    )
    row = next(csv.DictReader(io.StringIO(text)))
    assert row == {"name": "'" + PAYLOADS[0], "score": "-0.25", "owners": "'" + PAYLOADS[1] + ";x"}


def test_org_workbook_round_trips_exact_text_without_formulas(
    _analysis_store: EmbeddedStore, hostile: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.xlsx"
    folder_to_workbook(hostile, path)
    assert formulas(path) == []
    data, _ = loader.parse(path, _analysis_store)
    assert data.organisation.name == "=1+1"
    assert data.systems[0].name == PAYLOADS[0] and data.systems[0].owner == PAYLOADS[1]
    assert {s.control: s.justification for s in data.soa}["A.2.2"] == PAYLOADS[2]
