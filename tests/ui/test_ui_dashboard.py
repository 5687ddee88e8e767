"""The organisation's dashboard: the contract's sections and charts, the same figures as the
API's JSON on the same dates, the dates kept in links, refusals and bad dates."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from orgpage import api, api_items, parse
from uiclient import ADMIN, BANK, OTHER, browser, sign_in

DASHBOARD = f"/ui/orgs/{BANK}"
COUNTS = ("applicable", "covered", "partial", "uncovered", "not_addressed", "not_analysed")


@pytest.fixture(scope="module")
def clinic(ui_app: FastAPI, keys: dict[str, str]) -> TestClient:
    """A browser signed in as the other organisation."""
    client = browser(ui_app)
    assert sign_in(client, OTHER, keys[OTHER]).status_code == 303
    return client


def test_dashboard_shows_every_section_with_charts_and_the_dates_form(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    page = bank.get(DASHBOARD)
    assert page.status_code == 200
    parsed = parse(page.text)
    assert parsed.h1 == [api(ui_app, keys[BANK], f"/orgs/{BANK}")["name"]]
    for section in ("acts", "systems", "top-gaps", "top-plan", "expiring"):
        assert parsed.ids.get(section) == "section", section
    assert parsed.ids.get("dates") == "form"
    assert parsed.svgs == 2  # score and status charts
    assert "<script" not in page.text


@pytest.mark.parametrize(
    "dates",
    [{}, {"as_of": "2027-09-01"}, {"as_of": "2027-09-01", "evidence_date": "2026-06-30"}],
)
def test_act_and_system_figures_equal_the_apis(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str], dates: dict[str, str]
) -> None:
    page = parse(bank.get(DASHBOARD, params=dates).text)
    report = api(ui_app, keys[BANK], f"/orgs/{BANK}/coverage", **dates)
    assert [f["framework"] for f in report["frameworks"]] == ["ai-act", "gdpr", "dora", "nis2"]
    for f in report["frameworks"]:
        row = f"act-{f['framework']}"
        for name in COUNTS:
            assert page.field(row, name).text == str(f[name]), (row, name)
        assert page.field(row, "score").value == str(f["score"])
    assert report["systems"], "the example bank has obligations through AI systems"
    html = bank.get(DASHBOARD, params=dates).text
    for s in report["systems"]:
        row = f"system-{s['system']}-{s['framework']}"
        for name in COUNTS:
            assert page.field(row, name).text == str(s[name]), (row, name)
    # each system by its name and id, as ai-systems.csv names it
    assert ">Card fraud detection (fraud-detection)</a>" in html
    assert ">Retail credit scoring model (credit-scoring)</a>" in html


def test_gaps_plan_and_expiring_evidence_are_the_apis(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    dates = {"as_of": "2026-12-06"}
    html = bank.get(DASHBOARD, params=dates).text
    key = keys[BANK]
    gaps = api(ui_app, key, f"/orgs/{BANK}/gaps", **dates)["gaps"]
    top = html.split('id="top-gaps"')[1].split("</section>")[0]
    assert top.count("<tr>") - 1 == min(5, len(gaps))  # the header row, then the gaps
    for gap in gaps[:5]:
        assert f"<td>{gap['kind']}</td>" in top
    assert f"of {len(gaps)} gaps" in top
    steps = api(ui_app, key, f"/orgs/{BANK}/plan", top=5, **dates)["steps"]
    plan = html.split('id="top-plan"')[1].split("</section>")[0]
    assert plan.count("<li>") == len(steps) > 0
    for step in steps:
        assert f"{step['score_after'] * 100:.1f}%" in plan
    due = api_items(ui_app, key, f"/orgs/{BANK}/evidence", expiring_within=90, **dates)
    expiring = html.split('id="expiring"')[1].split("</section>")[0]
    assert expiring.count('<th scope="row">') == len(due) > 0
    for item in due:
        assert f"{item['id']} " in expiring
        assert f'<td class="num">{item["days_left"]}</td>' in expiring


def test_links_keep_the_page_dates(bank: TestClient) -> None:
    html = bank.get(DASHBOARD, params={"as_of": "2027-09-01", "evidence_date": "2027-01-31"}).text
    query = "as_of=2027-09-01&amp;evidence_date=2027-01-31"
    for target in ("obligations?act=gdpr&amp;", "gaps?", "plan?", "evidence?"):
        assert f'href="/ui/orgs/{BANK}/{target}{query}"' in html, target
    assert 'name="as_of" value="2027-09-01"' in html
    assert 'name="evidence_date" value="2027-01-31"' in html


def test_upload_notice_after_the_redirect(bank: TestClient) -> None:
    assert 'id="upload-ok"' in bank.get(DASHBOARD, params={"uploaded": "1"}).text
    assert 'id="upload-ok"' not in bank.get(DASHBOARD).text


@pytest.mark.parametrize(
    "dates",
    [
        {"as_of": "2026-13-01"},
        {"as_of": "yesterday"},
        {"evidence_date": "2026-02-30"},
        {"as_of": "2026-06-01", "evidence_date": "2026-07-01"},  # evidence after the law date
    ],
)
def test_bad_dates_are_a_400_page(bank: TestClient, dates: dict[str, str]) -> None:
    answer = bank.get(DASHBOARD, params=dates)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert 'class="error"' in answer.text


def test_without_a_session_the_dashboard_redirects_to_sign_in(ui_app: FastAPI) -> None:
    answer = browser(ui_app).get(DASHBOARD)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/ui/login")


def test_another_organisations_session_sees_none_of_its_data(
    clinic: TestClient, bank: TestClient
) -> None:
    refused = clinic.get(DASHBOARD, params={"as_of": "2027-09-01"})
    assert refused.status_code == 403
    for secret in ("Northwind", "credit-scoring", "EV-0", "act-gdpr"):
        assert secret not in refused.text
    own = clinic.get(f"/ui/orgs/{OTHER}")
    assert own.status_code == 200
    assert "triage-assistant" in own.text and "Northwind" not in own.text
    assert bank.get(f"/ui/orgs/{OTHER}").status_code == 403


def test_an_organisation_without_data_gets_a_notice_not_an_error(ui_app: FastAPI) -> None:
    admin = TestClient(ui_app)
    made = admin.post(
        "/orgs", json={"id": "empty-co", "name": "Empty Co"}, headers={"X-API-Key": ADMIN}
    )
    assert made.status_code == 201, made.text
    client = browser(ui_app)
    assert sign_in(client, "empty-co", made.json()["api_key"]).status_code == 303
    page = client.get("/ui/orgs/empty-co")
    assert page.status_code == 200
    assert 'href="/ui/orgs/empty-co/upload"' in page.text
    assert 'id="acts"' not in page.text
    for path in ("obligations", "gaps", "plan", "evidence", "obligations/gdpr:art-5-1-a"):
        answer = client.get(f"/ui/orgs/empty-co/{path}")
        assert answer.status_code == 409, path
        assert "no data yet" in answer.text
