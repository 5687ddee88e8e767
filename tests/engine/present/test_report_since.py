"""``report --since ID``: the report lists what changed since a recorded analysis, in HTML
(its own section) and XLSX (a Changes sheet), and only when asked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import compare, coverage, gaps, history
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import report, report_files, report_html
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from openpyxl import load_workbook
from test_report import Page

AS_OF = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def since(
    tmp_path_factory: pytest.TempPathFactory, seeded: Callable[[Path], Path]
) -> tuple[report.Report, compare.Comparison]:
    """The example analysed and recorded; EV-006 renewed; the report with changes since."""
    root = tmp_path_factory.mktemp("since")
    store = EmbeddedStore(seeded(root / "store"))
    folder = root / "northwind-bank"
    shutil.copytree(REPO / "examples" / "northwind-bank", folder)
    loader.import_org(store, folder)
    started = dt.datetime.now(dt.UTC)
    cov = coverage.coverage(store, "northwind-bank", AS_OF)
    made = history.record(
        store, "northwind-bank", cov, gaps.gaps(store, "northwind-bank", AS_OF), started
    )
    evidence = folder / "evidence.csv"
    evidence.write_text(evidence.read_text().replace("2026-07-15", "2028-07-15"))
    loader.import_org(store, folder)
    built = report.build(store, "northwind-bank", AS_OF)
    changes = compare.since(store, "northwind-bank", made.id, built.coverage, built.gaps)
    return dataclasses.replace(built, since=changes), changes


def test_the_html_report_has_a_changes_section(
    since: tuple[report.Report, compare.Comparison],
) -> None:
    built, changes = since
    assert changes.to_id == compare.CURRENT and changes.input_changed
    assert changes.changes and changes.gaps_closed
    page = Page()
    page.feed(report_html.to_html(built))
    assert "changes" in page.sections and page.scripts == 0
    rows = page.rows["changes"]
    moved = [r for r in rows if r and r[0] in {c.id for c in changes.changes}]
    assert len(moved) == len(changes.changes)
    assert ["medium", "evidence-expired", "evidence/EV-006"] in [r[:3] for r in rows]
    plain = Page()
    plain.feed(report_html.to_html(dataclasses.replace(built, since=None)))
    assert "changes" not in plain.sections


def test_the_workbook_has_a_changes_sheet(
    since: tuple[report.Report, compare.Comparison], tmp_path: Path
) -> None:
    built, changes = since
    out = tmp_path / "report.xlsx"
    report_files.write(built, "xlsx", out)
    sheet = load_workbook(out)["Changes"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    statuses = [r for r in rows if r[0] == "status"]
    assert [(r[1], r[4], r[5]) for r in statuses] == [
        (c.id, c.before, c.after) for c in changes.changes
    ]
    assert ["gap closed", "evidence-expired evidence/EV-006"] in [r[:2] for r in rows]
    report_files.write(dataclasses.replace(built, since=None), "xlsx", out)
    assert "Changes" not in load_workbook(out).sheetnames
