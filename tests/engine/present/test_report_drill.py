"""The report's drill-down parts: per-system rows under each act, the freshness section with
owners and days left, the XLSX Evidence sheet with real date cells, and a report limited to
one AI system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import report, report_files, report_html
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from openpyxl import load_workbook
from test_report import Page

BANK = "northwind-bank"
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def bank(seeded: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    db = EmbeddedStore(seeded(tmp_path_factory.mktemp("report-drill") / "store"))
    loader.import_org(db, REPO / "examples" / BANK)
    return db


@pytest.fixture(scope="module")
def built(bank: EmbeddedStore) -> report.Report:
    return report.build(bank, BANK, TODAY)


def test_coverage_table_has_a_row_per_system_under_each_act(built: report.Report) -> None:
    page = Page()
    page.feed(report_html.to_html(built))
    rows = page.rows["coverage"][1:]
    act = next(i for i, r in enumerate(rows) if r[0] == built.acts["ai-act"].name)
    under = []
    for r in rows[act + 1 :]:
        if not r[0].startswith("through "):
            break
        under.append(r)
    views = [s for s in built.coverage.systems if s.framework == "ai-act"]
    assert [r[0] for r in under] == [f"through {s.system}" for s in views]
    assert [r[1:7] for r in under] == [
        [str(s.applicable), str(s.covered), str(s.partial), str(s.uncovered),
         str(s.not_addressed), str(s.not_analysed)]
        for s in views
    ]  # fmt: skip


def test_freshness_lists_owners_and_days_left(built: report.Report) -> None:
    page = Page()
    page.feed(report_html.to_html(built))
    rows = {r[0].split()[0]: r for r in page.rows["freshness"][1:]}
    assert rows["EV-009"][1:] == [
        "Head of Compliance",
        "credit-scoring",
        "2026-09-01",
        "-96",
        "expired",
        "iso42001:A.5.3, iso42001:A.5.4, iso42001:clause-8.4",
    ]
    assert rows["EV-012"][1] == "Chief Risk Officer" and rows["EV-012"][4] == "25"
    assert "EV-028" not in rows  # valid until 2027-12-01: beyond the 90-day horizon


def test_xlsx_evidence_sheet_has_real_dates(built: report.Report, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    report_files.write(built, "xlsx", path)
    sheet = load_workbook(path)["Evidence"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["id", "title", "kind"] and "days left" in header
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert built.evidence is not None and len(rows) == len(built.evidence.items)
    ev9 = rows["EV-009"]
    issued, until = ev9[header.index("issued")], ev9[header.index("valid until")]
    assert isinstance(issued, dt.datetime) and issued.date() == dt.date(2025, 9, 1)
    assert isinstance(until, dt.datetime) and until.date() == dt.date(2026, 9, 1)
    assert ev9[header.index("days left")] == -96
    assert ev9[header.index("owner")] == "Head of Compliance"
    assert sheet.cell(row=2, column=header.index("issued") + 1).number_format == "yyyy-mm-dd"


def test_a_report_for_one_system(bank: EmbeddedStore) -> None:
    one = report.build(bank, BANK, TODAY, system="fraud-detection")
    assert one.system == "fraud-detection" and one.coverage.system == "fraud-detection"
    assert [s.id for s in one.systems] == ["fraud-detection"]
    assert {g.focus for g in one.gaps.gaps} == {"system/fraud-detection", "evidence/EV-015"}
    assert one.evidence and {e.ai_system for e in one.evidence.items} == {"fraud-detection"}
