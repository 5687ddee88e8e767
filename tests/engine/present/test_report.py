"""The hand-over report: HTML sections and tables, XLSX sheets, SoA CSV, a real browser render."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import report, report_csv, report_files, report_html
from aimsgraph.engine.present.report_xlsx import SHEETS
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from openpyxl import load_workbook
from variants import bank_outside_nis2

AS_OF = dt.date(2026, 11, 23)
SECTIONS = [
    "executive",
    "summary",
    "coverage",
    "heatmap",
    "gaps",
    "plan",
    "soa",
    "systems",
    "freshness",
    "mappings",
]


class Page(HTMLParser):
    """Section ids, table rows (cell texts) per section, and anything that would load."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.rows: dict[str, list[list[str]]] = {}
        self.loads: list[str] = []
        self.scripts = 0
        self.header_cells = 0
        self._section = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self._section = values.get("id") or ""
            self.sections.append(self._section)
        elif tag == "script":
            self.scripts += 1
        elif tag in ("img", "link", "iframe") and (values.get("src") or values.get("href")):
            self.loads.append(f"{tag} {values.get('src') or values.get('href')}")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            if tag == "th":
                self.header_cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self._section, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def built(_analysis_store: EmbeddedStore) -> report.Report:
    loader.import_org(_analysis_store, REPO / "examples" / "northwind-bank")
    return report.build(_analysis_store, "northwind-bank", AS_OF)


@pytest.fixture(scope="module")
def page(built: report.Report) -> Page:
    parser = Page()
    parser.feed(report_html.to_html(built))
    return parser


def test_html_has_every_section_and_is_self_contained(page: Page) -> None:
    assert page.sections == SECTIONS
    assert page.scripts == 0 and page.loads == []
    assert page.header_cells > 50  # tables have header cells (accessibility)


@pytest.mark.parametrize("variant", ["example", "outside-nis2"])
def test_html_coverage_table_matches_the_engine(
    variant: str,
    page: Page,
    built: report.Report,
    _analysis_store: EmbeddedStore,
    tmp_path: Path,
) -> None:
    if variant == "outside-nis2":  # an act that does not apply shows "n/a"
        built = bank_outside_nis2(_analysis_store, tmp_path, AS_OF)
        page = Page()
        page.feed(report_html.to_html(built))
    # the acts' rows; each act's per-system rows ("through <system>") are tested apart
    body = [r for r in page.rows["coverage"][1:] if not r[0].startswith("through ")]
    assert body == [
        [
            built.acts[f.framework].name,
            str(f.applicable),
            str(f.covered),
            str(f.partial),
            str(f.uncovered),
            str(f.not_addressed),
            str(f.not_analysed),
            f"{f.score * 100:.1f}%",
        ]
        if f.applicable
        else [built.acts[f.framework].name, "0", "does not apply", "n/a"]
        for f in built.coverage.frameworks
    ]
    not_applying = [f.framework for f in built.coverage.frameworks if not f.applicable]
    assert not_applying == ([] if variant == "example" else ["nis2"])


def test_summary_states_both_dates_drafts_and_what_the_score_is_not(
    page: Page, built: report.Report, _analysis_store: EmbeddedStore, tmp_path: Path
) -> None:
    summary = {r[0]: r[1] for r in page.rows["summary"] if len(r) == 2}
    assert summary["Law date"].startswith("2026-11-23")
    assert summary["Evidence date"].startswith("2026-11-23")
    assert f"{built.coverage.draft_changes} statuses would change" in summary["Draft mapping rows"]
    html = report_html.to_html(built)
    assert "no presumption of conformity with the AI Act" in html
    assert "in date on the evidence date, not evidence judged adequate" in html
    assert "unmapped" not in html.lower()
    later = report.build(
        _analysis_store, "northwind-bank", dt.date(2028, 1, 15), evidence_date=AS_OF
    )
    parser = Page()
    parser.feed(report_html.to_html(later))
    summary = {r[0]: r[1] for r in parser.rows["summary"] if len(r) == 2}
    assert summary["Law date"].startswith("2028-01-15")
    assert summary["Evidence date"].startswith("2026-11-23")
    path = tmp_path / "later.xlsx"
    report_files.write(later, "xlsx", path)
    cells = {r[0].value: r[1].value for r in load_workbook(path)["Summary"].iter_rows()}
    assert (cells["law date (as of)"].date(), cells["evidence date"].date()) == (
        dt.date(2028, 1, 15),
        AS_OF,
    )
    assert "presumption of conformity" in cells["note"]
    assert not any("unmapped" in str(v) for v in cells.values())


def test_html_lists_gaps_soa_systems_and_mappings(page: Page, built: report.Report) -> None:
    gap_rows = [r for r in page.rows["gaps"] if r and r[0] != "Kind"]
    assert len(gap_rows) == len(built.gaps.gaps)
    assert len(page.rows["soa"]) - 1 == 38
    assert len(page.rows["heatmap"]) - 1 == len(built.heatmap) == 43 + 38
    # one table per act: leave out each table's act heading and column headings
    mapping_rows = [r for r in page.rows["mappings"] if len(r) > 1 and r[0] != "Obligation"]
    assert len(mapping_rows) == len(built.mappings) > 0
    assert {r[0] for r in page.rows["systems"] if r} >= {"Obligation"}


def test_soa_covers_all_38_controls(built: report.Report) -> None:
    rows = list(csv.DictReader(io.StringIO(report_csv.to_csv(built))))
    assert len(rows) == 38
    by_control = {r["control"]: r for r in rows}
    assert by_control["A.10.4"]["included"] == "(no SoA row)"  # the example leaves it out
    assert "EV-002 AI policy (valid, until 2027-03-15)" in by_control["A.2.2"]["evidence"]
    assert "not valid" in by_control["A.5.3"]["evidence"]  # EV-009 expired


def test_evidence_freshness_uses_the_horizon(
    _analysis_store: EmbeddedStore, built: report.Report
) -> None:
    assert all(0 <= days <= 90 for *_, days in built.expiring)
    assert "EV-028" not in {e[0] for e in built.expiring}  # valid until 2027-12-01
    longer = report.build(_analysis_store, "northwind-bank", AS_OF, horizon=400)
    assert len(longer.expiring) > len(built.expiring)


def test_xlsx_reopens_with_expected_sheets_headers_and_rows(
    built: report.Report, tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    report_files.write(built, "xlsx", path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [*SHEETS, "Evidence"]
    counts = {
        "Coverage": sum(f.applicable for f in built.coverage.frameworks),
        "Gaps": len(built.gaps.gaps),
        "Plan": len(built.plan.steps),
        "SoA": 38,
        "Mappings": len(built.mappings),
    }
    for name, headers in SHEETS.items():
        sheet = workbook[name]
        assert [c.value for c in sheet[1]] == headers
        assert sheet.freeze_panes == "A2"
        if name in counts:
            assert sheet.max_row - 1 == counts[name], name


def test_report_renders_in_headless_chromium(built: report.Report, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is installed by scripts/setup-test-deps.sh"
    html = tmp_path / "report.html"
    html.write_text(report_html.to_html(built), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,2000",
            f"--screenshot={shot}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert image.size == (1280, 2000)
    assert len(colours) > 20  # text, table lines and status colours: not a blank page


def test_report_into_a_folder_is_one_clear_error(built: report.Report, tmp_path: Path) -> None:
    from aimsgraph.engine.errors import OutputError

    with pytest.raises(OutputError, match="is a folder: give a file name"):
        report_files.write(built, "html", tmp_path)


def test_a_failed_write_keeps_the_previous_report_and_leaves_no_temp_file(
    built: report.Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from aimsgraph.engine.errors import OutputError

    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report_files, "to_html", lambda _: "x" * 10)
    monkeypatch.setattr(Path, "write_text", disk_full)
    with pytest.raises(OutputError, match=r"cannot write .*report\.html: No space left on device"):
        report_files.write(built, "html", out)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
