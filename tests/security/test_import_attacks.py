"""Import and output attacks of issue #18 (items 3, 4, 5, 9) replayed on a real server on
127.0.0.1: the server keeps answering during a 2,000-system upload, an alias bomb is a
quick 422, formula payloads leave the SoA CSV as text, and a streamed oversized body is 413.
Bounded in count (one upload, a few requests); no timing assertions."""

from __future__ import annotations

import csv
import io
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import REPO
from liveserver import LiveServer, live_server

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

FILES = ("organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv")
EXAMPLE = REPO / "examples" / "northwind-bank"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("import-attacks") / "store") as running:
        yield running


def register(server: LiveServer, org: str) -> dict[str, str]:
    response = httpx.post(
        f"{server.base}/orgs",
        json={"id": org, "name": org},
        headers={"X-API-Key": server.admin_key},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    return {"X-API-Key": response.json()["api_key"]}


def parts(folder: Path, **replaced: bytes) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (n, replaced.get(n, (folder / n).read_bytes()), "text/plain")) for n in FILES]


def test_health_answers_while_a_2000_system_upload_is_in_flight(
    server: LiveServer, tmp_path: Path
) -> None:
    folder = tmp_path / "org"
    generate(2000, 7, folder)
    key = register(server, "big")
    finished = threading.Event()
    status: list[int] = []

    def upload() -> None:
        response = httpx.put(
            f"{server.base}/orgs/big/data", files=parts(folder), headers=key, timeout=600
        )
        status.append(response.status_code)
        finished.set()

    thread = threading.Thread(target=upload)
    thread.start()
    during = 0
    with httpx.Client(timeout=600) as client:
        for _ in range(10_000):  # bounded; ends when the upload does
            if finished.is_set():
                break
            answered = client.get(f"{server.base}/health").status_code == 200
            if answered and not finished.is_set():
                during += 1
            finished.wait(0.05)
    thread.join(timeout=600)
    assert status == [200]
    # Before the fix the event loop ran the import: at most the one /health sent before the
    # import began could answer; now the loop stays free for the whole upload.
    assert during >= 3, f"{during} /health answers while the upload was in flight"


def test_alias_bomb_is_refused_and_the_server_answers(server: LiveServer) -> None:
    key = register(server, "bomb")
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    response = httpx.put(
        f"{server.base}/orgs/bomb/data",
        files=parts(EXAMPLE, **{"organisation.yaml": bomb}),
        headers=key,
        timeout=120,
    )
    assert response.status_code == 422
    assert "anchors and aliases" in response.json()["errors"][0]["message"]
    assert httpx.get(f"{server.base}/health", timeout=30).status_code == 200


def test_formula_payloads_stay_text_in_the_soa_csv(server: LiveServer) -> None:
    key = register(server, "northwind-bank")
    payload = '=HYPERLINK("http://127.0.0.1:1/x","open")'
    soa = (EXAMPLE / "soa.csv").read_text(encoding="utf-8")
    soa = soa.replace(
        "A.2.2,yes,implemented,,Chief Risk Officer",
        f'A.2.2,yes,implemented,"{payload.replace(chr(34), chr(34) * 2)}",@owner',
        1,
    )
    put = httpx.put(
        f"{server.base}/orgs/northwind-bank/data",
        files=parts(EXAMPLE, **{"soa.csv": soa.encode()}),
        headers=key,
        timeout=120,
    )
    assert put.status_code == 200, put.text
    response = httpx.get(
        f"{server.base}/orgs/northwind-bank/soa",
        headers={**key, "Accept": "text/csv"},
        timeout=120,
    )
    rows = {r["control"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert rows["A.2.2"]["justification"] == "'" + payload
    assert rows["A.2.2"]["owner"] == "'@owner"


def test_a_streamed_oversized_body_is_413(server: LiveServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"id": "huge", "name": "'
        for _ in range(1200):  # 12 MB, over the default limit, without Content-Length
            yield b"x" * 10_000
        yield b'"}'

    response = httpx.post(
        f"{server.base}/orgs",
        content=chunks(),
        headers={"X-API-Key": server.admin_key, "Content-Type": "application/json"},
        timeout=120,
    )
    assert response.status_code == 413
