"""The API docs work offline (issue #20, item 1): /docs and /redoc load only assets the app
serves itself, and their Content-Security-Policy allows nothing from another origin."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aimsgraph.api.docs import asset_urls, inline_scripts
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from starlette.testclient import TestClient

PAGES = ["/docs", "/redoc", "/docs/oauth2-redirect"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The app without its lifespan: the docs pages need no store."""
    store: Path = tmp_path_factory.mktemp("docs") / "store"
    return TestClient(create_app(Settings(store=store)))


@pytest.mark.parametrize("page", PAGES[:2])
def test_every_asset_of_the_docs_is_local_and_served(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    urls = asset_urls(response.text)
    assert len(urls) >= 2  # the script bundle and the favicon at least
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        assert parts.path.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 0, url


def test_the_docs_policy_allows_only_this_origin_and_the_pages_own_scripts(
    client: TestClient,
) -> None:
    for page in PAGES:
        response = client.get(page)
        policy = response.headers["content-security-policy"]
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        sources = [s for values in directives.values() for s in values]
        local = ("data:", "blob:")
        assert not [s for s in sources if "://" in s or (s.endswith(":") and s not in local)]
        assert "'unsafe-inline'" not in directives["script-src"], page
        expected = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in inline_scripts(response.text)
        }
        assert set(directives["script-src"]) == {"'self'", *expected}, page


def test_the_swagger_page_starts_with_its_inline_script_allowed(client: TestClient) -> None:
    """Swagger UI needs its start-up script: without the hash it would stay blank."""
    page = client.get("/docs")
    (script,) = inline_scripts(page.text)
    assert "SwaggerUIBundle(" in script and '"validatorUrl": null' in script
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["content-security-policy"]
