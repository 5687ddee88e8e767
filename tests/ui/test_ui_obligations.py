"""The obligation explorer and each obligation's page: the API's statuses and scores, the
filters, the links keeping the dates, why an obligation has its status and why it applies
(or does not), 404 for unknown ids, 400 for bad filters, refusals."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from orgpage import api, parse
from uiclient import BANK, OTHER, browser, sign_in

EXPLORER = f"/ui/orgs/{BANK}/obligations"


def test_explorer_lists_every_applicable_obligation_as_the_api_judges_it(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    page = bank.get(EXPLORER)
    assert page.status_code == 200
    parsed = parse(page.text)
    report = api(ui_app, keys[BANK], f"/orgs/{BANK}/coverage")
    expected = [p for f in report["frameworks"] for p in f["provisions"]]
    assert parsed.rows["obligations"] == [p["id"] for p in expected]
    for p in expected:
        assert parsed.field(p["id"], "status").text == p["status"]
        assert parsed.field(p["id"], "score").value == str(p["score"])
    assert parsed.ids.get("obligations") == "table"
    assert len(parsed.links) == len(expected)


def test_filters_by_act_system_and_status_give_the_apis_judgements(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    dates = {"as_of": "2026-12-06", "evidence_date": "2026-11-30"}
    page = bank.get(
        EXPLORER, params={"act": "ai-act", "system": "credit-scoring", "status": "partial", **dates}
    )
    assert page.status_code == 200
    parsed = parse(page.text)
    report = api(
        ui_app,
        keys[BANK],
        f"/orgs/{BANK}/coverage",
        framework="ai-act",
        system="credit-scoring",
        **dates,
    )
    expected = [p["id"] for p in report["frameworks"][0]["provisions"] if p["status"] == "partial"]
    assert expected and parsed.rows["obligations"] == expected
    # the filter form keeps the chosen values and the dates
    assert '<option value="credit-scoring" selected>' in page.text
    assert '<option value="partial" selected>' in page.text
    assert 'name="evidence_date" value="2026-11-30"' in page.text
    # each obligation links to its page with the dates
    for href in parsed.links:
        parts = urlsplit(href)
        assert parts.path.startswith(f"{EXPLORER}/ai-act:")
        assert parse_qs(parts.query) == {"as_of": ["2026-12-06"], "evidence_date": ["2026-11-30"]}
    none = parse(bank.get(EXPLORER, params={"act": "nis2", "status": "covered"}).text)
    assert none.rows["obligations"] == []


@pytest.mark.parametrize(
    "params",
    [{"act": "iso42001"}, {"status": "done"}, {"system": "no-such-system"}, {"as_of": "soon"}],
)
def test_bad_filters_are_a_400_page(bank: TestClient, params: dict[str, str]) -> None:
    answer = bank.get(EXPLORER, params=params)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert 'class="error"' in answer.text


def test_obligation_page_explains_status_links_evidence_applicability_and_text(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    key = keys[BANK]
    oid = "gdpr:art-5-1-a"
    page = bank.get(f"{EXPLORER}/{oid}", params={"as_of": "2026-12-06"})
    assert page.status_code == 200
    parsed = parse(page.text)
    assert parsed.h1 == ["GDPR Art. 5(1)(a)"]
    for section in ("status", "links", "evidence", "systems", "applicability", "text"):
        assert parsed.ids.get(section) == "section", section
    report = api(ui_app, key, f"/orgs/{BANK}/coverage", framework="gdpr", as_of="2026-12-06")
    judged = next(p for p in report["frameworks"][0]["provisions"] if p["id"] == oid)
    assert parsed.field("", "status").text == judged["status"]
    assert parsed.field("", "score").value == str(judged["score"])
    assert parsed.field("", "explanation").text == judged["explanation"]
    links = page.text.split('id="links"')[1].split("</section>")[0]
    assert judged["via"]
    for via in judged["via"]:
        control = via["control"].removeprefix("iso42001:")
        assert f"from=iso42001%3A{control}" in links or f"from={via['control']}" in links
    assert "reviewed" in links or "draft" in links  # the mapping rows' status
    decisions = api(ui_app, key, f"/orgs/{BANK}/applicability", framework="gdpr")["decisions"]
    decision = next(d for d in decisions if d["id"] == oid)
    assert parsed.field("", "reason").text == decision["reason"]
    detail = TestClient(ui_app).get(f"/provisions/{oid}").json()
    text = page.text.split('id="text"')[1].split("</section>")[0]
    assert detail["text"][:40] in text.replace("&#39;", "'")
    assert f'href="{detail["eli"]}"' in text


def test_system_bound_obligation_lists_each_systems_judgement(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    oid = "ai-act:art-4"
    html = bank.get(f"{EXPLORER}/{oid}").text
    report = api(ui_app, keys[BANK], f"/orgs/{BANK}/coverage", framework="ai-act")
    judged = next(p for p in report["frameworks"][0]["provisions"] if p["id"] == oid)
    assert len(judged["per_system"]) > 1
    systems = html.split('id="systems"')[1].split("</section>")[0]
    for s in judged["per_system"]:
        row = systems.split(f'data-system="{s["system"]}"')[1].split("</tr>")[0]
        assert f'class="status status-{s["status"]}">{s["status"]}<' in row
    evidence = html.split('id="evidence"')[1].split("</section>")[0]
    used = {e for s in judged["per_system"] for v in s["via"] for e in v["evidence"]}
    assert used and all(f"{e} " in evidence for e in used)
    assert "implements ISO/IEC 42001 clause" in evidence  # the element by its reference


def test_an_obligation_that_does_not_apply_says_why(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    oid = "ai-act:art-16"  # provider duties of the high-risk credit model: not yet on this date
    answer = bank.get(f"{EXPLORER}/{oid}", params={"as_of": "2026-12-06"})
    assert answer.status_code == 200
    parsed = parse(answer.text)
    assert "not-applicable" in parsed.ids
    decisions = api(
        ui_app, keys[BANK], f"/orgs/{BANK}/applicability", framework="ai-act", as_of="2026-12-06"
    )["decisions"]
    decision = next(d for d in decisions if d["id"] == oid)
    assert not decision["applicable"]
    assert parsed.field("", "reason").text == decision["reason"]
    assert decision["outcome"] in parsed.field("", "outcome").text


def test_an_article_is_judged_through_its_parts(bank: TestClient) -> None:
    parsed = parse(bank.get(f"{EXPLORER}/gdpr:art-5").text)
    assert f"{EXPLORER}/gdpr:art-5-1-a?as_of=" in " ".join(parsed.links)
    assert "not-applicable" not in parsed.ids


@pytest.mark.parametrize("oid", ["gdpr:art-999", "nothing", "iso42001:A.6.2.4"])
def test_unknown_or_non_obligation_ids_are_a_404_page(bank: TestClient, oid: str) -> None:
    answer = bank.get(f"{EXPLORER}/{oid}")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "Not found" in answer.text


def test_no_session_redirects_and_another_organisation_is_refused(
    ui_app: FastAPI, keys: dict[str, str]
) -> None:
    anonymous = browser(ui_app)
    for url in (EXPLORER, f"{EXPLORER}/gdpr:art-5-1-a"):
        assert anonymous.get(url).status_code == 303
    clinic = browser(ui_app)
    assert sign_in(clinic, OTHER, keys[OTHER]).status_code == 303
    for url in (EXPLORER, f"{EXPLORER}/gdpr:art-5-1-a", f"{EXPLORER}/ai-act:art-4"):
        refused = clinic.get(url)
        assert refused.status_code == 403
        assert "Northwind" not in refused.text and "credit-scoring" not in refused.text
    own = clinic.get(f"/ui/orgs/{OTHER}/obligations")
    assert own.status_code == 200
    assert "credit-scoring" not in own.text


def test_each_linked_control_shows_its_soa_row(
    bank: TestClient, ui_app: FastAPI, keys: dict[str, str]
) -> None:
    """Every Annex A control linked to an obligation shows its Statement of Applicability
    row as soa.csv gives it (included or not, status, owner, justification), or says there
    is none; a clause says it is a clause."""
    import csv

    from uiclient import EXAMPLE

    with (EXAMPLE / "soa.csv").open(encoding="utf-8", newline="") as handle:
        soa = {f"iso42001:{row['control']}": row for row in csv.DictReader(handle)}
    report = api(ui_app, keys[BANK], f"/orgs/{BANK}/coverage", framework="gdpr")
    seen = 0
    for provision in report["frameworks"][0]["provisions"][:12]:
        html = bank.get(f"{EXPLORER}/{provision['id']}").text
        table = html.split('<table class="org-links">')[1].split("</table>")[0]
        for via in provision["via"]:
            control = via["control"]
            cell = table.split(f"from={control.replace(':', '%3A')}")[1]
            cell = cell.split('<td class="org-soa">')[1].split("</td>")[0]
            if not control.startswith("iso42001:A."):
                assert "clauses are not in the SoA" in cell
                continue
            row = soa.get(control)
            if row is None:
                assert cell == "no row in the SoA"
                continue
            seen += 1
            assert cell.startswith("included" if row["included"] == "yes" else "excluded")
            for value in (row["status"], row["owner"], row["justification"]):
                assert value in cell
    assert seen > 0, "no linked control with an SoA row: the test lost its point"
