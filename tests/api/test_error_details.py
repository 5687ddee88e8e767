"""Errors never name server paths (issue #20, item 3): a store error's message names the
store's location or its server's URL; the client gets a generic line, the log the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from aimsgraph.api.main import create_app
from aimsgraph.api.settings import Settings
from aimsgraph.engine.errors import StoreError, StoreNotInitialisedError
from starlette.testclient import TestClient

SECRET = "/srv/aimsgraph/private-store-location"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StoreNotInitialisedError(SECRET), "store init"),
        (StoreError(f"cannot open the store at {SECRET}: locked"), "server log"),
        (StoreError("the SPARQL endpoint http://10.0.0.7:7878/query did not answer"), "server log"),
    ],
)
def test_store_errors_do_not_reach_clients(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, error: StoreError, expected: str
) -> None:
    app = create_app(Settings(store=tmp_path / "store"))

    def broken() -> None:
        raise error

    app.add_api_route("/broken", broken)
    response = TestClient(app).get("/broken")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert expected in response.json()["detail"]
    assert SECRET not in response.text and "10.0.0.7" not in response.text
    assert str(error) in caplog.text  # the operator still sees it
