"""Gaps, plan and evidence register pages: the API's lists with the same filters, filter
values kept in the forms, bad values a 400 page, refusals."""

from __future__ import annotations

import csv

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from orgpage import api, api_items, parse
from uiclient import BANK, EXAMPLE, OTHER, browser, sign_in

BASE = f"/ui/orgs/{BANK}"
DATES = {"as_of": "2026-12-06"}


def _system_names() -> dict[str, str]:
    """The example bank's AI systems, id -> name, as its file gives them."""
    with (EXAMPLE / "ai-systems.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["name"] for row in csv.DictReader(handle)}


def _gap_rows(html: str) -> list[tuple[str, str]]:
    """(kind, severity) of each row of table#gaps, in order."""
    table = html.split('<table id="gaps">')[1].split("</table>")[0]
    rows = []
    for chunk in table.split('<tr data-kind="')[1:]:
        kind, _, rest = chunk.partition('" data-severity="')
        rows.append((kind, rest.partition('"')[0]))
    return rows


@pytest.mark.parametrize(
    "filters",
    [{}, {"severity": "high"}, {"kind": "evidence-expired"}, {"system": "credit-scoring"}],
)
def test_gaps_are_the_apis_with_the_same_filters(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str], filters: dict[str, str]
) -> None:
    page = bank.get(f"{BASE}/gaps", params={**DATES, **filters})
    assert page.status_code == 200
    assert parse(page.text).ids.get("gaps") == "table"
    system = {"system": filters["system"]} if "system" in filters else {}
    gaps = api(ui_app, keys[BANK], f"/orgs/{BANK}/gaps", **DATES, **system)["gaps"]
    expected = [
        (g["kind"], g["severity"])
        for g in gaps
        if g["severity"] == filters.get("severity", g["severity"])
        and g["kind"] == filters.get("kind", g["kind"])
    ]
    assert expected, "each filter keeps some of the example bank's gaps"
    assert _gap_rows(page.text) == expected
    for value in filters.values():
        assert f'<option value="{value}" selected>' in page.text
    named = _system_names()
    for g in gaps:  # the focus in words (a system by its name), not the internal path
        kind, _, rest = g["focus"].partition("/")
        words = {"system": f"AI system {named.get(rest)} ({rest})", "evidence": f"evidence {rest}"}
        if kind in words and g in [x for x in gaps if (x["kind"], x["severity"]) in expected]:
            assert f'<th scope="row">{words[kind]}</th>' in page.text


def test_plan_is_the_apis_for_each_act_and_system(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    for filters in ({}, {"framework": "dora"}, {"framework": "ai-act", "system": "credit-scoring"}):
        page = bank.get(f"{BASE}/plan", params={**DATES, **filters})
        assert page.status_code == 200
        parsed = parse(page.text)
        plan = api(ui_app, keys[BANK], f"/orgs/{BANK}/plan", **DATES, **filters)
        assert plan["steps"] or "system" in filters, filters
        assert parsed.rows["plan"] == [s["target"] for s in plan["steps"]], filters
        assert parsed.field("", "score_before").value == str(plan["score_before"])
        assert parsed.field("", "score_after").value == str(plan["score_after"])


def test_plan_with_an_evidence_date_judges_evidence_on_it(bank: TestClient) -> None:
    """Evidence dated before the law date: less is valid, so the plan starts lower than
    on the law date alone (the report's behaviour, which the API's plan does not offer)."""
    law = parse(bank.get(f"{BASE}/plan", params=DATES).text)
    early = parse(bank.get(f"{BASE}/plan", params={**DATES, "evidence_date": "2025-01-01"}).text)
    before_law = float(law.field("", "score_before").value or "nan")
    before_early = float(early.field("", "score_before").value or "nan")
    assert before_early < before_law


@pytest.mark.parametrize(
    "filters",
    [{}, {"expiring_within": "90"}, {"expiring_within": "0"}, {"system": "credit-scoring"}],
)
def test_evidence_register_is_the_apis(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str], filters: dict[str, str]
) -> None:
    page = bank.get(f"{BASE}/evidence", params={**DATES, **filters})
    assert page.status_code == 200
    parsed = parse(page.text)
    items = api_items(ui_app, keys[BANK], f"/orgs/{BANK}/evidence", **DATES, **filters)
    assert parsed.rows["evidence"] == [i["id"] for i in items]
    for item in items:
        days = item["days_left"]
        assert parsed.field(item["id"], "days_left").text == ("" if days is None else str(days))
        assert parsed.field(item["id"], "status").text == item["status"]
    if "expiring_within" in filters:
        assert f'value="{filters["expiring_within"]}"' in page.text


def test_evidence_register_judged_on_the_evidence_date(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    page = parse(bank.get(f"{BASE}/evidence", params={**DATES, "evidence_date": "2026-03-01"}).text)
    items = api_items(ui_app, keys[BANK], f"/orgs/{BANK}/evidence", as_of="2026-03-01")
    assert [page.field(i["id"], "days_left").text for i in items] == [
        "" if i["days_left"] is None else str(i["days_left"]) for i in items
    ]


@pytest.mark.parametrize(
    "url",
    [
        "gaps?severity=urgent",
        "gaps?kind=everything",
        "gaps?system=nope",
        "plan?framework=iso42001",
        "plan?system=nope",
        "evidence?expiring_within=-1",
        "evidence?expiring_within=soon",
        "evidence?system=nope",
        "evidence?as_of=2026-02-31",
    ],
)
def test_bad_filter_values_are_a_400_page(bank: TestClient, url: str) -> None:
    answer = bank.get(f"{BASE}/{url}")
    assert answer.status_code == 400, url
    assert answer.headers["content-type"].startswith("text/html")
    assert 'class="error"' in answer.text


def test_no_session_redirects_and_another_organisation_is_refused(
    ui_app: FastAPI, keys: dict[str, str]
) -> None:
    anonymous = browser(ui_app)
    clinic = browser(ui_app)
    assert sign_in(clinic, OTHER, keys[OTHER]).status_code == 303
    for page in ("gaps", "plan", "evidence"):
        assert anonymous.get(f"{BASE}/{page}").status_code == 303
        refused = clinic.get(f"{BASE}/{page}")
        assert refused.status_code == 403
        assert "Northwind" not in refused.text and "EV-0" not in refused.text
        own = clinic.get(f"/ui/orgs/{OTHER}/{page}")
        assert own.status_code == 200
        assert "Northwind" not in own.text and "credit-scoring" not in own.text
    assert "CL-001" in clinic.get(f"/ui/orgs/{OTHER}/evidence").text
