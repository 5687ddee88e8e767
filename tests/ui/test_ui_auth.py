"""Signing in and out of the web interface: cookie flags, CSRF on every form, another
organisation's pages refused, the key never in a URL, sessions ended for good."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uiclient import ADMIN, BANK, OTHER, browser, csrf_token, hidden_fields, sign_in


def _cookie_header(response: httpx.Response, name: str) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, headers
    return headers[0]


def test_sign_in_starts_a_session_with_strict_cookie(ui_app: FastAPI, keys: dict[str, str]) -> None:
    client = browser(ui_app)
    answer = sign_in(client, BANK, keys[BANK])
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/ui/orgs/{BANK}"
    assert keys[BANK] not in answer.headers["location"]
    cookie = _cookie_header(answer, "aimsgraph_session").lower()
    for flag in ("httponly", "samesite=strict", "path=/ui"):
        assert flag in cookie
    assert "secure" not in cookie.replace("samesite", "")  # plain HTTP in the test client
    assert keys[BANK] not in cookie
    dashboard = client.get(f"/ui/orgs/{BANK}")
    assert dashboard.status_code == 200
    assert dashboard.headers["cache-control"] == "no-store"
    assert "form-action 'self'" in dashboard.headers["content-security-policy"]


def test_cookie_is_secure_over_https(ui_app: FastAPI, keys: dict[str, str]) -> None:
    client = browser(ui_app, base_url="https://testserver")
    answer = sign_in(client, BANK, keys[BANK])
    assert answer.status_code == 303
    assert "; secure" in _cookie_header(answer, "aimsgraph_session").lower()


def test_wrong_key_unknown_org_and_missing_fields_look_the_same(
    ui_app: FastAPI, keys: dict[str, str]
) -> None:
    client = browser(ui_app)
    for org, key in ((BANK, "not-the-key"), ("no-such-org", keys[BANK]), (BANK, "")):
        answer = sign_in(client, org, key)
        assert answer.status_code == 401
        assert "Unknown organisation or wrong key." in answer.text
        assert "aimsgraph_session" not in answer.headers.get("set-cookie", "")
    assert client.get(f"/ui/orgs/{BANK}").status_code == 303


def test_sign_in_without_or_with_a_forged_csrf_token_is_refused(
    ui_app: FastAPI, keys: dict[str, str]
) -> None:
    client = browser(ui_app)
    page = client.get("/ui/login")
    token = csrf_token(page.text)
    form = {"org": BANK, "api_key": keys[BANK]}
    forged = token[:-1] + ("1" if token.endswith("0") else "0")  # never the token itself
    for sent in ({}, {"csrf_token": ""}, {"csrf_token": forged}):
        refused = client.post("/ui/login", data={**form, **sent})
        assert refused.status_code == 403, sent
        assert "aimsgraph_session" not in refused.headers.get("set-cookie", "")
    # Another browser's token does not fit this browser's cookie.
    other = browser(ui_app)
    other_token = csrf_token(other.get("/ui/login").text)
    assert client.post("/ui/login", data={**form, "csrf_token": other_token}).status_code == 403


def test_every_form_carries_the_token(bank: TestClient) -> None:
    page = bank.get(f"/ui/orgs/{BANK}")
    forms = page.text.count("<form")
    assert forms >= 1
    assert len(hidden_fields(page.text)["csrf_token"]) == forms


def test_another_organisations_pages_are_refused(bank: TestClient) -> None:
    refused = bank.get(f"/ui/orgs/{OTHER}")
    assert refused.status_code == 403
    assert "another organisation" in refused.text
    assert "Harbour" not in refused.text and "triage-assistant" not in refused.text


def test_pages_need_a_session(ui_app: FastAPI, keys: dict[str, str]) -> None:
    answer = browser(ui_app).get(f"/ui/orgs/{BANK}")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/ui/login?next=/ui/orgs/{BANK}"


def test_next_goes_only_to_pages_of_this_interface(ui_app: FastAPI, keys: dict[str, str]) -> None:
    for target, expected in (
        ("/ui/orgs/northwind-bank/gaps", "/ui/orgs/northwind-bank/gaps"),
        ("https://evil.example/ui/x", f"/ui/orgs/{BANK}"),
        ("//evil.example/ui/x", f"/ui/orgs/{BANK}"),
        ("/\\evil.example", f"/ui/orgs/{BANK}"),
        ("/orgs/northwind-bank", f"/ui/orgs/{BANK}"),
    ):
        client = browser(ui_app)
        token = csrf_token(client.get("/ui/login").text)
        answer = client.post(
            "/ui/login",
            data={"org": BANK, "api_key": keys[BANK], "csrf_token": token, "next": target},
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == expected, target


def test_sign_out_ends_the_session_for_good(ui_app: FastAPI, keys: dict[str, str]) -> None:
    client = browser(ui_app)
    sign_in(client, BANK, keys[BANK])
    stolen = client.cookies.get("aimsgraph_session")
    page = client.get(f"/ui/orgs/{BANK}")
    assert client.post("/ui/logout", data={}).status_code == 403  # no token: refused
    assert client.get(f"/ui/orgs/{BANK}").status_code == 200
    out = client.post("/ui/logout", data={"csrf_token": csrf_token(page.text)})
    assert out.status_code == 303 and out.headers["location"] == "/ui/login"
    replay = browser(ui_app)
    replay.cookies.set("aimsgraph_session", stolen or "", path="/ui")
    assert replay.get(f"/ui/orgs/{BANK}").status_code == 303


def test_a_deleted_organisation_ends_its_sessions(ui_app: FastAPI, keys: dict[str, str]) -> None:
    admin = browser(ui_app)
    created = admin.post(
        "/orgs", json={"id": "short-lived", "name": "Short"}, headers={"X-API-Key": ADMIN}
    )
    key = created.json()["api_key"]
    client = browser(ui_app)
    assert sign_in(client, "short-lived", key).status_code == 303
    assert client.get("/ui/orgs/short-lived").status_code == 200
    assert admin.delete("/orgs/short-lived", headers={"X-API-Key": key}).status_code == 204
    assert client.get("/ui/orgs/short-lived").status_code == 303


def test_the_organisation_menu_keeps_the_dates_and_escapes_them(bank: TestClient) -> None:
    page = bank.get(f"/ui/orgs/{BANK}", params={"as_of": "2028-01-15"})
    assert page.status_code == 200
    assert f'href="/ui/orgs/{BANK}/gaps?as_of=2028-01-15"' in page.text
    hostile = bank.get(f"/ui/orgs/{BANK}", params={"as_of": '"><script>alert(1)</script>'})
    assert hostile.status_code == 400
    assert "<script>" not in hostile.text
    assert f"/ui/orgs/{BANK}/gaps?as_of=%22%3E%3Cscript%3E" in hostile.text
