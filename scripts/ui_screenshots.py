"""Screenshots of the web interface for the README: the dashboard, an obligation and a public
page of the example bank, at 1280x900, taken by headless Chromium from a real server.

Starts ``aimsgraph serve`` on 127.0.0.1 with a fresh store, registers and uploads the example
organisation through the API, signs in through the form and saves the PNGs. Needs Chromium
and chromium-driver (``scripts/setup-test-deps.sh``) and selenium (the dev extras).

    python scripts/ui_screenshots.py [--out docs] [--obligation ID]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[1]
ORG, NAME = "northwind-bank", "Northwind Bank"
WIDTH, HEIGHT = 1280, 900
ADMIN = "screenshots-admin-key"
WAIT = 180


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(store: Path) -> Iterator[str]:
    """``aimsgraph serve`` on a free loopback port; its base URL while it runs."""
    port = _free_port()
    env = {**os.environ, "AIMSGRAPH_STORE": str(store), "AIMSGRAPH_ADMIN_KEY": ADMIN}
    command = [str(Path(sys.executable).parent / "aimsgraph"), "serve", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode} at start-up")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not start within {WAIT} s")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def register(base: str, example: Path) -> str:
    """Register the example organisation, upload its files; its API key."""
    created = httpx.post(
        f"{base}/orgs", json={"id": ORG, "name": NAME}, headers={"X-API-Key": ADMIN}
    )
    created.raise_for_status()
    key: str = created.json()["api_key"]
    files = [("files", (p.name, p.read_bytes())) for p in sorted(example.iterdir())]
    httpx.put(
        f"{base}/orgs/{ORG}/data", files=files, headers={"X-API-Key": key}, timeout=WAIT
    ).raise_for_status()
    return key


def _binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is missing: run scripts/setup-test-deps.sh")
    return found


def chrome(profile: Path) -> WebDriver:
    """Headless Chromium whose page area is exactly WIDTH x HEIGHT."""
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--hide-scrollbars",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        options=options, service=Service(executable_path=_binary("chromedriver"))
    )
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.set_page_load_timeout(WAIT)
    return driver


def shoot(driver: WebDriver, url: str, ready: str, out: Path) -> None:
    """Open ``url``, wait for ``ready`` (CSS), save the viewport to ``out``."""
    driver.get(url)
    WebDriverWait(driver, WAIT).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))
    out.write_bytes(driver.get_screenshot_as_png())
    print(f"wrote {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    parser.add_argument("--example", type=Path, default=REPO / "examples" / ORG)
    parser.add_argument(
        "--obligation", help="the obligation to show (default: the first partial one listed)"
    )
    parser.add_argument("--public", default="/ui/crosswalk?from=iso42001:A.6.2.4")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, server(Path(tmp) / "store") as base:
        key = register(base, args.example)
        driver = chrome(Path(tmp) / "profile")
        try:
            driver.get(f"{base}/ui/login")
            driver.find_element(By.ID, "org").send_keys(ORG)
            driver.find_element(By.ID, "api_key").send_keys(key)
            driver.find_element(By.CSS_SELECTOR, "form#login button[type=submit]").click()
            WebDriverWait(driver, WAIT).until(ec.url_to_be(f"{base}/ui/orgs/{ORG}"))
            org = f"{base}/ui/orgs/{ORG}"
            shoot(driver, org, "section#acts", args.out / "ui-dashboard.png")
            if args.obligation:
                page = f"{org}/obligations/{args.obligation}"
            else:
                driver.get(f"{org}/obligations?status=partial")
                first = WebDriverWait(driver, WAIT).until(
                    ec.presence_of_element_located((By.CSS_SELECTOR, "a.obligation"))
                )
                page = first.get_attribute("href") or ""
            shoot(driver, page, "section#status", args.out / "ui-obligation.png")
            shoot(driver, base + args.public, "main h1", args.out / "ui-public.png")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
