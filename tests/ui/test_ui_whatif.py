"""What-if page: the elements offered, the scores before and after and the changed
obligations equal to the API's what-if, unknown elements an inline error, CSRF refused."""

from __future__ import annotations

import html

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uiclient import ADMIN, BANK, OTHER, browser, csrf_token, hidden_fields, sign_in
from uitables import read, table

PAGE = f"/ui/orgs/{BANK}/whatif"


def _offered(html: str) -> list[str]:
    return [value for name, value, _ in read(html).checkboxes if name == "assume"]


def test_form_offers_each_element_without_evidence(bank: TestClient, keys: dict[str, str]) -> None:
    page = bank.get(PAGE)
    assert page.status_code == 200
    parsed = read(page.text)
    assert ("form", "whatif") in parsed.tagged
    offered = _offered(page.text)
    assert page.text.count("<form") == len(hidden_fields(page.text)["csrf_token"])
    assert offered and len(offered) == len(set(offered))
    for value in offered:
        assert f'<label for="assume-{value}">' in page.text
    # The example's SoA rows with evidence (A.6.2.4 among them) are implemented: not offered.
    assert "A.6.2.4" not in offered
    assert "A.5.3" in offered and "clause-8.4" in offered


def test_result_equals_the_apis_what_if(bank: TestClient, keys: dict[str, str]) -> None:
    page = bank.get(PAGE + "?as_of=2026-12-06")
    assumed = ["A.5.3", "clause-8.4"]
    answer = bank.post(
        PAGE + "?as_of=2026-12-06",
        data={"csrf_token": csrf_token(page.text), "assume": assumed},
    )
    assert answer.status_code == 200, answer.text
    api = bank.get(
        f"/orgs/{BANK}/coverage",
        params={"as_of": "2026-12-06", "assume_implemented": ",".join(assumed)},
        headers={"X-API-Key": keys[BANK]},
    ).json()
    assert ("section", "whatif-result") in read(answer.text).tagged
    scores = table(answer.text, "whatif-scores")
    assert len(scores) == len(api["frameworks"])
    for row, fw in zip(scores, api["frameworks"], strict=True):
        assert row[1] == str(fw["applicable"])
        assert row[2] == f"{fw['score_before'] * 100:.1f}%"
        assert row[3] == f"{fw['score'] * 100:.1f}%"
    changes = table(answer.text, "whatif-changes")
    assert api["changes"], "the chosen elements should move some statuses"
    assert [(r[0].split()[0], r[2], r[3], r[4]) for r in changes] == [
        (c["id"], c["system"] or "organisation", c["before"], c["after"]) for c in api["changes"]
    ]
    first = api["changes"][0]["id"]
    assert f'href="/ui/orgs/{BANK}/obligations/{first}?as_of=2026-12-06"' in answer.text
    assert 'class="obligation"' in answer.text
    # The boxes picked stay checked.
    checked = {v for n, v, on in read(answer.text).checkboxes if on}
    assert checked == set(assumed)
    assert "If A.5.3 " in answer.text and "; 8.4 AI system impact assessment were implemented" in (
        answer.text
    )


def test_unknown_element_is_an_inline_error(bank: TestClient) -> None:
    page = bank.get(PAGE)
    answer = bank.post(PAGE, data={"csrf_token": csrf_token(page.text), "assume": ["A.99.9"]})
    assert answer.status_code == 400
    assert "unknown id 'A.99.9'" in html.unescape(answer.text)
    parsed = read(answer.text)
    assert ("form", "whatif") in parsed.tagged and "whatif-result" not in parsed.ids
    empty = bank.post(PAGE, data={"csrf_token": csrf_token(page.text)})
    assert empty.status_code == 400 and "Pick at least one element" in empty.text


def test_post_without_a_valid_token_is_refused(bank: TestClient) -> None:
    page = bank.get(PAGE)
    token = csrf_token(page.text)
    forged = token[:-1] + ("1" if token[-1] == "0" else "0")
    for sent in ({}, {"csrf_token": forged}):
        answer = bank.post(PAGE, data={**sent, "assume": ["A.5.3"]})
        assert answer.status_code == 403
        assert "whatif-result" not in answer.text


@pytest.mark.parametrize("query", ["?as_of=2026-13-01", "?as_of=2026-12-06&evidence_date=bad"])
def test_bad_dates_are_a_400_page(bank: TestClient, query: str) -> None:
    answer = bank.get(PAGE + query)
    assert answer.status_code == 400
    assert "<h1>Cannot use that</h1>" in answer.text


def test_needs_a_session_and_the_right_organisation(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient
) -> None:
    assert browser(ui_app).get(PAGE).status_code == 303
    assert browser(ui_app).post(PAGE, data={"assume": ["A.5.3"]}).status_code == 303
    other = bank.get(f"/ui/orgs/{OTHER}/whatif")
    assert other.status_code == 403
    assert "triage-assistant" not in other.text and "Harbour" not in other.text


def test_an_organisation_without_data_is_told_to_upload(ui_app: FastAPI) -> None:
    """What-if, recording and downloads need data: a 404 page that says to upload first."""
    admin = browser(ui_app)
    created = admin.post(
        "/orgs", json={"id": "no-data-yet", "name": "No data"}, headers={"X-API-Key": ADMIN}
    )
    assert created.status_code == 201, created.text
    client = browser(ui_app)
    assert sign_in(client, "no-data-yet", created.json()["api_key"]).status_code == 303
    base = "/ui/orgs/no-data-yet"
    token = csrf_token(client.get(f"{base}/upload").text)
    answers = [
        client.get(f"{base}/whatif"),
        client.post(f"{base}/whatif", data={"csrf_token": token, "assume": ["A.5.3"]}),
        client.post(f"{base}/history", data={"csrf_token": token}),
        client.get(f"{base}/downloads/report.pdf"),
        client.get(f"{base}/downloads/soa.csv"),
    ]
    for answer in answers:  # as the reading pages answer (test_ui_dashboard)
        assert answer.status_code == 409
        assert "no-data-yet has no data yet: upload its files" in answer.text
    assert client.get(f"{base}/history").status_code == 200
    assert client.get(f"{base}/downloads").status_code == 200
