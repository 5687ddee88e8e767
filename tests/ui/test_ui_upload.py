"""Upload page: the same import as PUT /orgs/{org}/data; problems listed by file, row and
column (422) with nothing written; CSRF refused; success back to the dashboard's notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from aimsgraph.engine.analysis import history
from aimsgraph.engine.present.org_workbook import folder_to_workbook
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uiclient import BANK, EXAMPLE, OTHER, browser, csrf_token, hidden_fields
from uitables import read, table

PAGE = f"/ui/orgs/{BANK}/upload"
Files = list[tuple[str, tuple[str, bytes, str]]]


def _folder(**changed: tuple[bytes, bytes]) -> Files:
    """The example's four files, with ``old -> new`` replaced in the files named."""
    files: Files = []
    for path in sorted(EXAMPLE.iterdir()):
        data = path.read_bytes()
        key = path.name.replace(".", "_").replace("-", "_")
        if key in changed:
            old, new = changed[key]
            assert old in data
            data = data.replace(old, new)
        files.append(("files", (path.name, data, "application/octet-stream")))
    return files


def _fingerprint(app: FastAPI, org: str) -> str:
    """The hash of the organisation's input graph: changes with any write."""
    return history.input_hash(app.state.store, org)


def _token(client: TestClient) -> str:
    return csrf_token(client.get(PAGE).text)


def test_form_is_a_multipart_file_upload(bank: TestClient) -> None:
    page = bank.get(PAGE)
    assert page.status_code == 200
    assert ("form", "upload") in read(page.text).tagged
    assert 'enctype="multipart/form-data"' in page.text
    assert '<input id="files" name="files" type="file" multiple' in page.text
    assert '<label for="files">' in page.text
    assert page.text.count("<form") == len(hidden_fields(page.text)["csrf_token"])


def test_bad_file_lists_file_row_column_and_writes_nothing(
    ui_app: FastAPI, bank: TestClient
) -> None:
    before = _fingerprint(ui_app, BANK)
    files = _folder(soa_csv=(b"A.6.2.4,yes", b"A.6.2.4,perhaps"))
    answer = bank.post(PAGE, data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 422
    rows = table(answer.text, "upload-errors")
    assert rows[0][:3] == ["soa.csv", "20", "included"]
    assert "Nothing was written" in answer.text
    assert _fingerprint(ui_app, BANK) == before


@pytest.mark.parametrize(
    ("files", "file", "message"),
    [
        ([("files", ("notes.txt", b"x", "text/plain"))], "notes.txt", "expected one of"),
        ([("files", ("", b"", "application/octet-stream"))], "files", "choose the four"),
        (
            [("files", ("soa.csv", b"a", "text/csv")), ("files", ("soa.csv", b"b", "text/csv"))],
            "soa.csv",
            "sent more than once",
        ),
    ],
)
def test_wrong_files_are_listed_and_nothing_is_written(
    ui_app: FastAPI, bank: TestClient, files: Files, file: str, message: str
) -> None:
    before = _fingerprint(ui_app, BANK)
    answer = bank.post(PAGE, data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 422
    rows = table(answer.text, "upload-errors")
    assert rows[0][0] == file and message in rows[0][3]
    assert _fingerprint(ui_app, BANK) == before


def test_too_many_files_is_a_400_page(ui_app: FastAPI, bank: TestClient) -> None:
    before = _fingerprint(ui_app, BANK)
    files: Files = [("files", (f"f{i}.csv", b"x", "text/csv")) for i in range(9)]
    answer = bank.post(PAGE, data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 400
    assert "<h1>Cannot use that</h1>" in answer.text
    assert _fingerprint(ui_app, BANK) == before


def test_upload_without_a_valid_token_is_refused(ui_app: FastAPI, bank: TestClient) -> None:
    before = _fingerprint(ui_app, BANK)
    token = _token(bank)
    forged = token[:-1] + ("1" if token[-1] == "0" else "0")
    files = _folder(organisation_yaml=(b"name: Northwind Bank AG", b"name: Forged Bank"))
    for sent in ({}, {"csrf_token": forged}):
        assert bank.post(PAGE, data=sent, files=files).status_code == 403
    assert _fingerprint(ui_app, BANK) == before


def test_another_organisations_upload_is_refused(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient
) -> None:
    before = _fingerprint(ui_app, OTHER)
    assert bank.get(f"/ui/orgs/{OTHER}/upload").status_code == 403
    files = _folder()
    answer = bank.post(f"/ui/orgs/{OTHER}/upload", data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 403
    assert _fingerprint(ui_app, OTHER) == before
    assert browser(ui_app).get(PAGE).status_code == 303
    assert browser(ui_app).post(PAGE, files=files).status_code == 303


def test_good_files_replace_the_data_and_go_to_the_dashboard(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient
) -> None:
    before = _fingerprint(ui_app, BANK)
    files = _folder(organisation_yaml=(b"name: Northwind Bank AG", b"name: Northwind Bank plc"))
    answer = bank.post(PAGE, data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/ui/orgs/{BANK}?uploaded=1"
    assert _fingerprint(ui_app, BANK) != before
    summary = bank.get(f"/orgs/{BANK}", headers={"X-API-Key": keys[BANK]}).json()
    assert summary["name"] == "Northwind Bank plc"
    # Nothing is recorded automatically.
    assert history.history(ui_app.state.store, BANK) == []


def test_the_dashboard_after_an_upload_keeps_the_pages_dates(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient
) -> None:
    """Opened with dates, the upload page's form keeps them, and the dashboard it goes back
    to shows the same dates; a bad date in the form's address writes nothing."""
    dates = "as_of=2027-03-01&evidence_date=2026-12-01"
    page = bank.get(f"{PAGE}?{dates}").text
    assert f'action="{PAGE}?as_of=2027-03-01&amp;evidence_date=2026-12-01"' in page
    files = _folder(organisation_yaml=(b"name: Northwind Bank AG", b"name: Northwind Bank plc"))
    answer = bank.post(f"{PAGE}?{dates}", data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/ui/orgs/{BANK}?uploaded=1&{dates}"
    before = _fingerprint(ui_app, BANK)
    bad = bank.post(f"{PAGE}?as_of=2027-02-30", data={"csrf_token": _token(bank)}, files=_folder())
    assert bad.status_code == 400
    assert _fingerprint(ui_app, BANK) == before


def test_one_workbook_replaces_the_data(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient, tmp_path: Path
) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    for _, (name, data, _) in _folder(
        organisation_yaml=(b"name: Northwind Bank AG", b"name: Northwind Bank (workbook)")
    ):
        (folder / name).write_bytes(data)
    workbook = tmp_path / "northwind.xlsx"
    folder_to_workbook(folder, workbook)
    files: Files = [("files", ("northwind.xlsx", workbook.read_bytes(), "application/zip"))]
    answer = bank.post(PAGE, data={"csrf_token": _token(bank)}, files=files)
    assert answer.status_code == 303, answer.text
    summary = bank.get(f"/orgs/{BANK}", headers={"X-API-Key": keys[BANK]}).json()
    assert summary["name"] == "Northwind Bank (workbook)"


def test_an_upload_over_the_size_limit_is_a_page_and_writes_nothing(
    ui_app: FastAPI, bank: TestClient
) -> None:
    before = _fingerprint(ui_app, BANK)
    limit = ui_app.state.settings.max_body_bytes
    big = [("files", ("evidence.csv", b"x" * (limit + 1), "text/csv"))]
    answer = bank.post(PAGE, data={"csrf_token": _token(bank)}, files=big)
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "Nothing was written" in answer.text and "<h1>Too large</h1>" in answer.text
    assert "form-action 'self'" in answer.headers["content-security-policy"]
    assert _fingerprint(ui_app, BANK) == before
