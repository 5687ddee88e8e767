"""The interactive API docs (Swagger UI, Redoc) served from this app, with no CDN.

The assets come from the ``fastapi-offline`` package (it vendors and updates the Swagger UI
and Redoc bundles); :func:`create` builds the app with its pages. The HTML helpers read a docs
page with an HTML parser: the security headers hash its inline scripts, the tests check its
asset URLs.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

ASSETS = "/docs-assets"
SWAGGER_UI = {"validatorUrl": None, "persistAuthorization": True}  # no call to swagger.io


def create(**settings: Any) -> FastAPI:
    """A FastAPI app whose ``/docs`` and ``/redoc`` load everything from ``/docs-assets``
    (the favicon too); Swagger UI's online spec validator badge is off."""
    return FastAPIOffline(static_url=ASSETS, swagger_ui_parameters=SWAGGER_UI, **settings)


LOADS = {"script": "src", "img": "src", "link": "href", "iframe": "src", "source": "src"}


class _Page(HTMLParser):
    """Collects the URLs a page loads (scripts, stylesheets, icons, images) and the text
    of its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = values.get(LOADS.get(tag, ""))
        if url is not None:
            self.urls.append(url)
        if tag == "script" and url is None:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def inline_scripts(html: str) -> list[str]:
    """The text of each inline ``<script>`` of the page, as the browser hashes it."""
    return _parse(html).scripts


def asset_urls(html: str) -> list[str]:
    """Every URL the page loads by itself (``src`` of scripts and images, ``href`` of links)."""
    return _parse(html).urls
