"""Downloads page: the report in HTML, PDF and XLSX and the SoA as CSV, as attachments with
the right media types and names, the SoA equal to the API's, temporary files removed."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import openpyxl
import pypdf
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uiclient import BANK, OTHER, browser, hidden_fields
from uitables import read

PAGE = f"/ui/orgs/{BANK}/downloads"
DATES = "as_of=2026-12-06&evidence_date=2026-11-30"
NAME = "Northwind Bank AG"


def _leftovers() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("aimsgraph-ui-report-*"))


def test_page_links_each_download_with_the_dates(bank: TestClient) -> None:
    page = bank.get(f"{PAGE}?{DATES}")
    assert page.status_code == 200
    links = read(page.text).links
    assert page.text.count("<form") == len(hidden_fields(page.text)["csrf_token"])
    for ident, target in (
        ("download-html", "report.html"),
        ("download-pdf", "report.pdf"),
        ("download-xlsx", "report.xlsx"),
        ("download-soa", "soa.csv"),
    ):
        assert links[ident] == f"{PAGE}/{target}?{DATES}"


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("html", "text/html; charset=utf-8"),
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_report_is_an_attachment_in_its_format(bank: TestClient, fmt: str, media: str) -> None:
    before = _leftovers()
    with bank.stream("GET", f"{PAGE}/report.{fmt}?{DATES}") as answer:
        # The temporary folder is gone before a byte is read: a download cut off leaves
        # nothing behind.
        assert _leftovers() <= before
        answer.read()
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-length"] == str(len(answer.content))
    assert answer.headers["content-type"] == media
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="{BANK}-report-2026-12-06.{fmt}"'
    if fmt == "html":
        assert NAME in answer.text and "<h1" in answer.text
    elif fmt == "pdf":
        document = pypdf.PdfReader(io.BytesIO(answer.content))
        assert len(document.pages) > 1
        assert NAME in document.pages[0].extract_text()
    else:
        book = openpyxl.load_workbook(io.BytesIO(answer.content), read_only=True)
        assert len(book.sheetnames) > 1


def test_soa_csv_is_the_apis(bank: TestClient, keys: dict[str, str]) -> None:
    answer = bank.get(f"{PAGE}/soa.csv?as_of=2026-12-06")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        answer.headers["content-disposition"] == f'attachment; filename="{BANK}-soa-2026-12-06.csv"'
    )
    api = bank.get(
        f"/orgs/{BANK}/soa",
        params={"as_of": "2026-12-06"},
        headers={"X-API-Key": keys[BANK], "Accept": "text/csv"},
    )
    assert api.status_code == 200
    assert answer.text == api.text
    assert answer.text.count("\n") > 30  # a row per Annex A control


def test_unknown_format_and_bad_dates_are_error_pages(bank: TestClient) -> None:
    unknown = bank.get(f"{PAGE}/report.docx")
    assert unknown.status_code == 404 and "choose html, pdf or xlsx" in unknown.text
    for path in ("", "/report.pdf", "/soa.csv"):
        bad = bank.get(f"{PAGE}{path}?as_of=2026-02-30")
        assert bad.status_code == 400
        assert bad.headers["content-type"].startswith("text/html")
        assert "content-disposition" not in bad.headers


def test_downloads_need_the_organisations_session(ui_app: FastAPI, bank: TestClient) -> None:
    for path in ("", "/report.html", "/soa.csv"):
        assert browser(ui_app).get(f"{PAGE}{path}").status_code == 303
        other = bank.get(f"/ui/orgs/{OTHER}/downloads{path}")
        assert other.status_code == 403
        assert "content-disposition" not in other.headers
        assert "triage-assistant" not in other.text and "Harbour" not in other.text
