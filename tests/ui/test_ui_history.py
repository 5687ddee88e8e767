"""History and compare pages: recording through the form (CSRF checked), the records and the
comparison equal to the API's, unknown or another organisation's ids a 404 page."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from aimsgraph.engine.analysis import history
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uiclient import BANK, OTHER, browser, csrf_token, hidden_fields, sign_in
from uitables import read, table

PAGE = f"/ui/orgs/{BANK}/history"


def _record(client: TestClient, as_of: str) -> str:
    """Record an analysis through the form; its id."""
    page = client.get(f"{PAGE}?as_of={as_of}")
    answer = client.post(f"{PAGE}?as_of={as_of}", data={"csrf_token": csrf_token(page.text)})
    assert answer.status_code == 303, answer.text
    target = urlsplit(answer.headers["location"])
    assert target.path == PAGE
    query = parse_qs(target.query)
    assert query["as_of"] == [as_of]
    return query["recorded"][0]


@pytest.fixture(scope="module")
def recorded(ui_app: FastAPI, keys: dict[str, str]) -> list[str]:
    """Two analyses of the bank recorded through the page: an earlier law date, then a later."""
    client = browser(ui_app)
    assert sign_in(client, BANK, keys[BANK]).status_code == 303
    page = client.get(PAGE)
    assert "No analysis recorded yet." in page.text
    assert ("form", "compare") not in read(page.text).tagged
    return [_record(client, "2025-03-01"), _record(client, "2026-12-06")]


def test_record_without_a_valid_token_is_refused(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient
) -> None:
    before = len(history.history(ui_app.state.store, BANK))
    token = csrf_token(bank.get(PAGE).text)
    forged = token[:-1] + ("1" if token[-1] == "0" else "0")
    for sent in ({}, {"csrf_token": forged}):
        assert bank.post(PAGE, data=sent).status_code == 403
    assert len(history.history(ui_app.state.store, BANK)) == before
    assert browser(ui_app).post(PAGE, data={"csrf_token": token}).status_code == 303
    assert len(history.history(ui_app.state.store, BANK)) == before


def test_history_lists_the_apis_records(
    bank: TestClient, keys: dict[str, str], recorded: list[str]
) -> None:
    page = bank.get(f"{PAGE}?recorded={recorded[-1]}")
    assert page.status_code == 200
    assert f"Recorded analysis {recorded[-1]}." in page.text
    api = bank.get(f"/orgs/{BANK}/analyses", headers={"X-API-Key": keys[BANK]}).json()["items"]
    assert [a["id"] for a in api] == recorded
    rows = table(page.text, "history")
    assert [r[0] for r in rows] == list(reversed(recorded))  # newest first
    newest, made = rows[0], api[-1]
    assert newest[2] == made["as_of"] == "2026-12-06"
    assert newest[-1] == str(made["gaps"])
    shown = newest[5:-1]
    assert shown == [f"{s['score'] * 100:.1f}%" for s in made["scores"]]
    parsed = read(page.text)
    assert ("form", "record") in parsed.tagged and ("form", "compare") in parsed.tagged
    assert 'action="/ui/orgs/northwind-bank/compare"' in page.text
    assert page.text.count("<form") == len(hidden_fields(page.text)["csrf_token"])


def test_compare_equals_the_apis_comparison(
    bank: TestClient, keys: dict[str, str], recorded: list[str]
) -> None:
    earlier, later = recorded
    page = bank.get(f"/ui/orgs/{BANK}/compare", params={"from": earlier, "to": later})
    assert page.status_code == 200
    api = bank.get(
        f"/orgs/{BANK}/compare",
        params={"from": earlier, "to": later},
        headers={"X-API-Key": keys[BANK]},
    ).json()
    assert ("section", "changes") in read(page.text).tagged
    text = html.unescape(page.text)
    for reason in api["reasons"]:
        assert reason in text
    scores = table(page.text, "compare-scores")
    assert [(r[1], r[2]) for r in scores] == [
        (
            "n/a" if s["before"] is None else f"{s['before'] * 100:.1f}%",
            "n/a" if s["after"] is None else f"{s['after'] * 100:.1f}%",
        )
        for s in api["scores"]
    ]
    changes = table(page.text, "compare-changes")
    assert api["changes"], "a year between the law dates should move statuses"
    assert [(r[0].split()[0], r[2], r[3], r[4]) for r in changes] == [
        (c["id"], c["system"] or "organisation", c["before"], c["after"]) for c in api["changes"]
    ]
    assert len(table(page.text, "gaps-opened")) == max(1, len(api["gaps_opened"]))


def test_compare_needs_two_of_the_organisations_own_ids(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient, recorded: list[str]
) -> None:
    url = f"/ui/orgs/{BANK}/compare"
    missing = bank.get(url, params={"from": recorded[0]})
    assert missing.status_code == 400 and "Choose two recorded analyses" in missing.text
    unknown = bank.get(url, params={"from": recorded[0], "to": "a-19990101T000000-000000"})
    assert unknown.status_code == 404
    theirs = browser(ui_app).post(f"/orgs/{OTHER}/analyses", headers={"X-API-Key": keys[OTHER]})
    assert theirs.status_code == 201, theirs.text
    other_id = theirs.json()["id"]
    refused = bank.get(url, params={"from": recorded[0], "to": other_id})
    assert refused.status_code == 404
    assert "triage-assistant" not in refused.text and "Harbour" not in refused.text


def test_pages_need_the_organisations_session(
    ui_app: FastAPI, keys: dict[str, str], bank: TestClient
) -> None:
    for path in ("/history", "/compare?from=a&to=b"):
        assert browser(ui_app).get(f"/ui/orgs/{BANK}{path}").status_code == 303
        other = bank.get(f"/ui/orgs/{OTHER}{path}")
        assert other.status_code == 403
        assert "triage-assistant" not in other.text
    token = csrf_token(bank.get(PAGE).text)
    assert bank.post(f"/ui/orgs/{OTHER}/history", data={"csrf_token": token}).status_code == 403


@pytest.mark.parametrize(
    "query", ["?as_of=yesterday", "?as_of=2026-12-06&evidence_date=2027-01-01"]
)
def test_bad_dates_are_a_400_page(bank: TestClient, query: str) -> None:
    assert bank.get(PAGE + query).status_code == 400
    token = csrf_token(bank.get(PAGE).text)
    assert bank.post(PAGE + query, data={"csrf_token": token}).status_code == 400
