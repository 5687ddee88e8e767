"""Helpers of the web interface tests: the two organisations, hidden form fields read with an
HTML parser, browsers with their own cookie jars, and signing in through the form."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

ADMIN = "ui-admin-secret"
BANK = "northwind-bank"
OTHER = "harbour-clinic"
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "northwind-bank"


class _Forms(HTMLParser):
    """The hidden fields of a page's forms, read with an HTML parser."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = dict(attrs)
        if tag == "input" and fields.get("type") == "hidden" and fields.get("name"):
            self.hidden.setdefault(str(fields["name"]), []).append(fields.get("value") or "")


def hidden_fields(html: str) -> dict[str, list[str]]:
    """Every hidden input of the page by name."""
    parser = _Forms()
    parser.feed(html)
    return parser.hidden


def csrf_token(html: str) -> str:
    """The page's CSRF token (every form of a page carries the same one)."""
    tokens = set(hidden_fields(html).get("csrf_token", []))
    assert len(tokens) == 1, f"expected one CSRF token on the page, found {tokens}"
    return tokens.pop()


def browser(app: FastAPI, base_url: str = "http://testserver") -> TestClient:
    """A new browser: its own cookie jar, no session (the app is already running)."""
    return TestClient(app, base_url=base_url, follow_redirects=False)


def sign_in(client: TestClient, org: str, key: str) -> httpx.Response:
    """Sign in through the form, as a person would; the answer to the POST."""
    page = client.get("/ui/login")
    assert page.status_code == 200
    return client.post(
        "/ui/login", data={"org": org, "api_key": key, "csrf_token": csrf_token(page.text)}
    )
