"""The web interface in a real browser: headless Chromium driven by Selenium against
``aimsgraph serve`` on 127.0.0.1.

One person's session, step by step: sign in with the organisation's key, read the dashboard,
open an obligation from the obligations list, run a what-if, upload a changed evidence
register, download the PDF report. axe-core (vendored in ``vendor/axe-core/``, injected from
disk: no network) checks the dashboard, an obligation, the what-if result and a public page:
no serious or critical violation; the others are reported as warnings. A second browser with
JavaScript switched off reads the dashboard. Chromium and its driver come from
``scripts/setup-test-deps.sh``: without them this test fails, it does not skip.
"""

from __future__ import annotations

import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from liveserver import LiveServer, live_server
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from uiclient import BANK, EXAMPLE

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
NAME = yaml.safe_load((EXAMPLE / "organisation.yaml").read_text(encoding="utf-8"))["name"]
WAIT = 120  # seconds: a page of the example bank on a busy two-core machine
BLOCKING = ("serious", "critical")
EXTRA_EVIDENCE = (
    "EV-900,Browser test verification report,test-report,iso42001:A.6.2.4,,QA lead,"
    "2026-01-15,2027-01-15,1.0,,dms://aims/browser-test.pdf\n"
)


def _binary(*names: str) -> str:
    found = next((path for name in names if (path := shutil.which(name))), None)
    assert found, f"{names[0]} is missing: run scripts/setup-test-deps.sh"
    return found


def chrome(downloads: Path, profile: Path, javascript: bool = True) -> WebDriver:
    """Headless Chromium at 1280x900 with its own profile, downloads into ``downloads``."""
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    service = Service(executable_path=_binary("chromedriver", "chromium-driver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    return driver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A real server with the example bank registered and uploaded: (server, the bank's key)."""
    root = tmp_path_factory.mktemp("browser-server")
    with live_server(root / "store", log=root / "server.log") as live:
        admin = {"X-API-Key": live.admin_key}
        created = httpx.post(f"{live.base}/orgs", json={"id": BANK, "name": NAME}, headers=admin)
        assert created.status_code == 201, created.text
        key = created.json()["api_key"]
        files = [("files", (p.name, p.read_bytes())) for p in sorted(EXAMPLE.iterdir())]
        put = httpx.put(
            f"{live.base}/orgs/{BANK}/data", files=files, headers={"X-API-Key": key}, timeout=WAIT
        )
        assert put.status_code == 200, put.text
        yield live, key


def wait_for(driver: WebDriver, css: str) -> WebElement:
    """The element once it is on the page (bounded wait); if it never comes, a failure that
    says which page the browser is on and what it shows."""
    try:
        element: WebElement = WebDriverWait(driver, WAIT).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, css))
        )
    except TimeoutException:
        main = driver.find_elements(By.TAG_NAME, "main")
        shown = main[0].text[:1500] if main else driver.page_source[:1500]
        raise AssertionError(
            f"no {css} within {WAIT} s on {driver.current_url} ({driver.title}):\n{shown}"
        ) from None
    return element


def sign_in(driver: WebDriver, base: str, key: str) -> None:
    """Through the sign-in form, as a person does."""
    driver.get(f"{base}/ui/login")
    driver.find_element(By.ID, "org").send_keys(BANK)
    driver.find_element(By.ID, "api_key").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "form#login button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(ec.url_to_be(f"{base}/ui/orgs/{BANK}"))


def _describe(violation: dict[str, Any]) -> str:
    nodes = "; ".join(
        f"{' '.join(map(str, n['target']))}: {n.get('failureSummary', '')}".replace("\n", " ")
        for n in violation["nodes"][:5]
    )
    return f"{violation['impact']} {violation['id']} ({violation['help']}) at {nodes}"


def check_accessibility(driver: WebDriver, what: str) -> None:
    """axe-core on the current page: serious or critical violations fail, others warn."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(done, (error) => done({error: String(error)}));"
    )
    assert "error" not in results, f"axe did not run on {what}: {results.get('error')}"
    violations: list[dict[str, Any]] = results["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    for minor in (v for v in violations if v.get("impact") not in BLOCKING):
        warnings.warn(f"axe on {what}: {_describe(minor)}", stacklevel=2)
    assert not blocking, f"axe on {what}:\n" + "\n".join(_describe(v) for v in blocking)


def downloaded(folder: Path, suffix: str) -> Path:
    """The finished download ending in ``suffix`` (bounded wait)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.5)
    raise AssertionError(f"no {suffix} download in {WAIT} s: {sorted(folder.iterdir())}")


def test_a_session_in_chromium(server: tuple[LiveServer, str], tmp_path: Path) -> None:
    live, key = server
    base, org = live.base, f"{live.base}/ui/orgs/{BANK}"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = chrome(downloads, tmp_path / "profile")
    try:
        sign_in(driver, base, key)
        assert driver.find_element(By.TAG_NAME, "h1").text == NAME
        wait_for(driver, "section#acts svg.chart")
        for section in ("systems", "top-gaps", "top-plan", "expiring"):
            wait_for(driver, f"section#{section}")
        check_accessibility(driver, "the dashboard")

        driver.get(f"{org}/obligations")
        first = wait_for(driver, "table#obligations a.obligation")
        target = first.get_attribute("href") or ""
        first.click()
        WebDriverWait(driver, WAIT).until(ec.url_to_be(target))
        for section in ("status", "links", "applicability", "text"):
            wait_for(driver, f"section#{section}")
        check_accessibility(driver, "an obligation page")

        driver.get(f"{org}/whatif")
        form = wait_for(driver, "form#whatif")
        box = form.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=assume]")
        box.click()
        assert box.is_selected()
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(driver, "section#whatif-result")
        wait_for(driver, "table#whatif-changes")
        check_accessibility(driver, "the what-if result")

        changed = tmp_path / "upload"
        shutil.copytree(EXAMPLE, changed)
        evidence = changed / "evidence.csv"
        evidence.write_text(evidence.read_text(encoding="utf-8") + EXTRA_EVIDENCE, "utf-8")
        driver.get(f"{org}/upload")
        picker = wait_for(driver, "form#upload input[type=file][name=files]")
        picker.send_keys("\n".join(str(p) for p in sorted(changed.iterdir())))
        driver.find_element(By.CSS_SELECTOR, "form#upload button[type=submit]").click()
        assert "imported" in wait_for(driver, "p#upload-ok").text
        assert driver.current_url.startswith(f"{org}?")  # back on the dashboard
        register = httpx.get(
            f"{base}/orgs/{BANK}/evidence", headers={"X-API-Key": key}, timeout=WAIT
        )
        assert "EV-900" in register.text  # the new row is in the store

        driver.get(f"{org}/downloads")
        wait_for(driver, "a#download-pdf").click()
        pdf = downloaded(downloads, ".pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-"

        driver.get(f"{base}/ui/provisions/gdpr:art-35")
        wait_for(driver, "section#applicability")
        check_accessibility(driver, "a public provision page")
        driver.get(f"{base}/ui/search?q=risk+management")
        wait_for(driver, "table#results")
        check_accessibility(driver, "the search results")
    finally:
        driver.quit()


def test_the_dashboard_reads_without_javascript(
    server: tuple[LiveServer, str], tmp_path: Path
) -> None:
    live, key = server
    driver = chrome(tmp_path / "downloads", tmp_path / "profile", javascript=False)
    try:
        # JavaScript really is off: a page's script does not run.
        driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
        assert driver.title == "off"
        sign_in(driver, live.base, key)
        assert driver.find_element(By.TAG_NAME, "h1").text == NAME
        table = wait_for(driver, "section#acts table")
        assert "GDPR" in table.text
        assert driver.find_elements(By.CSS_SELECTOR, "section#acts svg.chart")
        driver.find_element(By.LINK_TEXT, "Obligations").click()
        assert wait_for(driver, "table#obligations a.obligation")
    finally:
        driver.quit()
