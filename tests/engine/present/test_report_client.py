"""The client-ready report: executive summary first, inline SVG charts, act names instead of
CELEX numbers, the optional appendix, the A4 PDF and the format taken from the file name,
the XLSX AI systems sheet and date cells (issue 19, point 5)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aimsgraph.engine.analysis.coverage_model import weakest
from aimsgraph.engine.errors import OutputError
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import acts, report, report_files, report_html
from aimsgraph.engine.present.executive import executive, finding
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from openpyxl import load_workbook
from variants import bank_outside_nis2

AS_OF = dt.date(2026, 11, 23)
AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")
A4 = (595, 842)  # points, rounded
SVG = "{http://www.w3.org/2000/svg}"


class Outline(HTMLParser):
    """Sections in order, visible text per section, link texts, SVGs per section, and any
    attribute that would load something."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.links: list[tuple[str, str]] = []  # href, text
        self.svgs: dict[str, int] = {}
        self.scripts = 0
        self.loads: list[str] = []
        self._section = ""
        self._href: str | None = None
        self._link: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self._section = values.get("id") or ""
            self.sections.append(self._section)
        elif tag == "script":
            self.scripts += 1
        elif tag == "style":
            self._style = True
        elif tag == "svg":
            self.svgs[self._section] = self.svgs.get(self._section, 0) + 1
        elif tag == "a":
            self._href, self._link = values.get("href") or "", []
        for name in ("src", "srcset", "data", "poster", "xlink:href"):
            if values.get(name):
                self.loads.append(f"{tag} {name}={values[name]}")
        if tag in ("link", "use", "image", "img", "iframe", "object", "embed"):
            self.loads.append(f"{tag} {values}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._link).strip()))
            self._href = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            return
        self.text.setdefault(self._section, []).append(data)
        if self._href is not None:
            self._link.append(data)

    def section_text(self, section: str) -> str:
        return " ".join(" ".join(self.text.get(section, [])).split())


@pytest.fixture(scope="module")
def built(_analysis_store: EmbeddedStore) -> report.Report:
    loader.import_org(_analysis_store, REPO / "examples" / "northwind-bank")
    return report.build(_analysis_store, "northwind-bank", AS_OF)


@pytest.fixture(scope="module")
def built_na(
    _analysis_store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory
) -> report.Report:
    """A report where one act (NIS2) does not apply at all."""
    return bank_outside_nis2(_analysis_store, tmp_path_factory.mktemp("variant"), AS_OF)


@pytest.fixture(scope="module")
def outline(built: report.Report) -> Outline:
    parser = Outline()
    parser.feed(report_html.to_html(built))
    return parser


def test_executive_summary_is_the_first_section_with_scope_dates_and_caveat(
    outline: Outline, built: report.Report
) -> None:
    assert outline.sections[0] == "executive"
    text = outline.section_text("executive")
    assert "Northwind Bank AG" in text
    for system in built.systems:
        assert system.name in text
    assert "EU AI Act — Regulation (EU) 2024/1689" in text
    assert "NIS2 — Directive (EU) 2022/2555" in text  # listed as not applicable
    assert f"law date {AS_OF.isoformat()}, evidence date {AS_OF.isoformat()}" in text
    assert "no presumption of conformity with the AI Act" in text
    assert "not evidence judged adequate" in text
    assert outline.svgs["executive"] == 2  # support score bars and status stacked bars


def test_summary_risks_are_the_highest_severity_gaps_and_steps_the_first_of_the_plan(
    built: report.Report,
) -> None:
    x = executive(built)
    rank = {"high": 0, "medium": 1, "low": 2}
    severities = [g.severity for g in built.gaps.gaps]
    assert "low" in severities and "high" in severities  # the example has both
    expected = sorted(rank[s] for s in severities)[: len(x.risks)]
    assert [rank[g.severity] for g in x.risks] == expected
    assert x.steps == built.plan.steps[:5] and len(x.steps) == 5
    assert x.severity_counts["high"] == severities.count("high")


def test_score_chart_draws_each_act_to_scale_and_na_for_an_act_that_does_not_apply(
    built_na: report.Report,
) -> None:
    x = executive(built_na)
    svg = ET.fromstring(x.score_svg)
    bars = [r for r in svg.iter(SVG + "rect") if r.get("fill") == "#2f5d8a"]
    tracks = [r for r in svg.iter(SVG + "rect") if r.get("fill") == "#e6ebf0"]
    applying = [line for line in x.lines if line.applies]
    assert len(bars) == len(applying) and len(tracks) == len(x.lines)
    span = float(tracks[0].get("width") or 0)
    for bar, line in zip(bars, applying, strict=True):
        assert line.score is not None
        assert float(bar.get("width") or 0) == pytest.approx(span * line.score, abs=0.1)
    labels = [t.text for t in svg.iter(SVG + "text")]
    assert "n/a (does not apply)" in labels
    nis2 = next(line for line in x.lines if line.key == "nis2")
    assert not nis2.applies and nis2.score is None


@pytest.mark.parametrize("which", ["built", "built_na"])
def test_status_chart_stacks_the_counts_of_each_act(
    which: str, request: pytest.FixtureRequest
) -> None:
    built: report.Report = request.getfixturevalue(which)
    x = executive(built)
    svg = ET.fromstring(x.status_svg)
    labels = {t.text for t in svg.iter(SVG + "text")}
    for f in built.coverage.frameworks:
        if f.applicable:
            assert str(f.applicable) in labels
    segments = [r for r in svg.iter(SVG + "rect") if float(r.get("height") or 0) > 10]
    drawn = sum(1 for f in built.coverage.frameworks for n in _counts(f) if n)
    empty = sum(1 for f in built.coverage.frameworks if not f.applicable)
    assert empty == (1 if which == "built_na" else 0)
    assert len(segments) == drawn + empty  # one per non-zero status, plus an empty track


def _counts(f: object) -> list[int]:
    return [
        getattr(f, name)
        for name in ("covered", "partial", "uncovered", "not_addressed", "not_analysed")
    ]


def test_finding_is_the_first_sentence_and_keeps_abbreviations() -> None:
    message = "Art. 26 requires X of iso42001:A.5.3. Add the record. Then review it."
    assert finding(message) == "Art. 26 requires X of iso42001:A.5.3."
    assert finding("No full stop here") == "No full stop here"


def test_acts_are_named_from_eli_and_title_not_celex(
    outline: Outline, built: report.Report
) -> None:
    assert built.acts["ai-act"].name == "EU AI Act — Regulation (EU) 2024/1689"
    assert built.acts["ai-act"].short_title == "Artificial Intelligence Act"
    assert built.acts["nis2"].citation == "Directive (EU) 2022/2555"
    assert built.acts["iso42001"].name == "ISO/IEC 42001:2023"
    assert built.names["ai-act:art-9-2"] == "EU AI Act Art. 9(2)"
    assert built.names["iso42001:clause-6.1.1"] == "ISO/IEC 42001 clause 6.1.1"
    assert acts.name_of(built.names, built.acts, "ai-act:art-9-2", short=True) == "Art. 9(2)"
    assert acts.name_of(built.names, built.acts, "EV-006") == "EV-006"
    for section in outline.sections:
        assert "CELEX" not in outline.section_text(section), section
    eli_links = [(h, t) for h, t in outline.links if "/eli/" in h]
    assert eli_links and all(t and "://" not in t for _, t in eli_links)
    assert ("http://data.europa.eu/eli/reg/2024/1689/oj", built.acts["ai-act"].name) in eli_links
    assert all("://" not in t for _, t in outline.links)  # no raw URI shown as link text


def test_html_loads_nothing_and_runs_no_script(outline: Outline) -> None:
    assert outline.scripts == 0
    assert outline.loads == []  # no src, no stylesheet link, no image, no SVG <use>/<image>


def test_appendix_used_full_and_none(_analysis_store: EmbeddedStore, built: report.Report) -> None:
    assert built.appendix == "used" and built.mappings
    assert all(m.applies and m.relationship != "no-relationship" for m in built.mappings)
    full = report.build(_analysis_store, "northwind-bank", AS_OF, appendix="full")
    assert len(full.mappings) > len(built.mappings)
    assert set(built.mappings) <= set(full.mappings)
    assert any(not m.applies for m in full.mappings)
    none = report.build(_analysis_store, "northwind-bank", AS_OF, appendix="none")
    assert none.mappings == []
    page = Outline()
    page.feed(report_html.to_html(none))
    assert "mappings" not in page.sections
    page = Outline()
    page.feed(report_html.to_html(full))
    assert "does not apply" in page.section_text("mappings")
    with pytest.raises(ValueError, match="unknown appendix"):
        report.build(_analysis_store, "northwind-bank", AS_OF, appendix="some")


def test_appendix_is_one_compact_table_per_act(built: report.Report) -> None:
    html = report_html.to_html(built)
    appendix = html[html.index('<section id="mappings"') :]
    keys = list(dict.fromkeys(m.act for m in built.mappings))
    assert len(keys) >= 2
    assert appendix.count("<table") == appendix.count('class="group"') == len(keys)
    assert appendix.count("<tr") == len(built.mappings) + 2 * len(keys)  # row per mapping
    order = list(built.names)  # document order
    for key in keys:
        objects = [m.object for m in built.mappings if m.act == key]
        assert objects == sorted(objects, key=order.index), key  # Art. 5 before Art. 11


@pytest.mark.parametrize(
    ("name", "fmt", "chosen"),
    [
        ("x.pdf", None, "pdf"),
        ("x.PDF", None, "pdf"),
        ("x.html", None, "html"),
        ("x.htm", None, "html"),
        ("x.xlsx", None, "xlsx"),
        ("x.csv", None, "csv"),
        ("report", None, "html"),
        ("report", "pdf", "pdf"),
        ("x.pdf", "pdf", "pdf"),
    ],
)
def test_format_follows_the_file_name(name: str, fmt: str | None, chosen: str) -> None:
    assert report_files.choose_format(Path(name), fmt) == chosen


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("x.pdf", "html", "ends in .pdf but the format is html"),
        ("x.xlsx", "csv", "ends in .xlsx but the format is csv"),
        ("x.txt", None, "cannot tell the report format"),
    ],
)
def test_a_name_that_contradicts_the_format_is_an_error(
    name: str, fmt: str | None, message: str
) -> None:
    with pytest.raises(OutputError, match=message):
        report_files.choose_format(Path(name), fmt)


def test_xlsx_has_an_ai_systems_sheet_and_date_cells(built: report.Report, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    report_files.write(built, "xlsx", path)
    workbook = load_workbook(path)
    sheet = workbook["AI systems"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "id",
        "name",
        "roles",
        "tier",
        "high-risk basis",
        "obligations",
        "obligations that apply through it",
        "worst status",
    ]
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == {s.id for s in built.systems} and len(rows) - 1 == len(built.systems)
    credit = by_id["credit-scoring"]
    assert credit[2] == "deployer, provider"  # one row for a system with two roles
    assert (credit[3], credit[4]) == ("high", "annex-iii-5-b")
    system = next(s for s in built.systems if s.id == "credit-scoring")
    assert credit[5] == len(system.obligations)
    assert credit[7] == weakest(status for *_, status in system.obligations)
    assert "EU AI Act Art. 4" in credit[6]
    summary = {r[0].value: r[1] for r in workbook["Summary"].iter_rows()}
    law = summary["law date (as of)"]
    assert law.is_date and law.value.date() == AS_OF and law.number_format == "yyyy-mm-dd"
    assert summary["evidence date"].is_date
    assert summary["generated"].is_date
    assert "not-analysed of" in summary["support score nis2"].value  # NIS2 Art. 3(4) applies


def test_xlsx_says_na_for_an_act_that_does_not_apply(
    built_na: report.Report, tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    report_files.write(built_na, "xlsx", path)
    summary = {r[0].value: r[1] for r in load_workbook(path)["Summary"].iter_rows()}
    assert summary["support score nis2"].value == "n/a (does not apply)"
    assert "not-analysed of" in summary["support score dora"].value


# -- the PDF of the example, through the command a consultant runs --------------------------


def _run(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIMSGRAPH_STORE": str(store), "COLUMNS": "200"}
    return subprocess.run([AIMSGRAPH, *args], capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def analysed(seeded: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store in which ``aimsgraph analyse examples/northwind-bank`` ran."""
    store = seeded(tmp_path_factory.mktemp("pdf") / "store")
    result = _run(store, "analyse", str(REPO / "examples" / "northwind-bank"))
    assert result.returncode == 0, result.stderr
    return store


def test_pdf_of_the_example_opens_with_the_summary_on_at_most_25_a4_pages(
    analysed: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "northwind.pdf"
    result = _run(
        analysed, "report", "--org", "northwind-bank", "--format", "pdf", "--appendix", "used",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(out)
    assert 2 <= len(pdf.pages) <= 25
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "Executive summary" in first
    assert "Top risks" in first and "First steps of the remediation plan" in first
    assert "no presumption of conformity with the AI Act" in first  # the whole summary fits
    assert f"Page 1 of {len(pdf.pages)}" in first
    second = " ".join(pdf.pages[1].extract_text().split())
    assert "Executive summary" not in second and "Scope and method" in second
    for number, page in enumerate(pdf.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {len(pdf.pages)}" in text
        assert len(text) > 200, f"page {number} is (nearly) blank"


def test_pdf_repeats_table_headers_on_continued_pages(
    analysed: Path, built: report.Report, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    assert _run(analysed, "report", "--org", "northwind-bank", "--out", str(out)).returncode == 0
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    appendix = [i for i, t in enumerate(pages) if "Appendix: mappings used" in t]
    assert appendix, "the PDF has the appendix"
    continued = pages[appendix[0] + 1 : -1]
    names = [a.name for a in built.acts.values() if a.citation]
    header = "Obligation ISO/IEC 42001 Relationship"
    assert continued
    for text in continued:  # the act and the column headings head every continued page
        assert any(text.startswith(f"{name} {header}") for name in names), text[:120]


def test_out_name_picks_the_format_and_a_contradiction_writes_nothing(
    analysed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    assert _run(analysed, "report", "--org", "northwind-bank", "--out", str(out)).returncode == 0
    assert load_workbook(out).sheetnames[0] == "Summary"
    wrong = tmp_path / "r.pdf"
    result = _run(
        analysed, "report", "--org", "northwind-bank", "--format", "html", "--out", str(wrong)
    )
    assert result.returncode == 2
    assert "ends in .pdf but the format is html" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not wrong.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]
