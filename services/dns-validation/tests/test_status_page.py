"""GET /status/{target}: the HTML page, over ASGI and in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from dns_validation import create_app, load_settings
from dns_validation.testing import FakeAuthoritativeServer

CHROMIUM = shutil.which("chromium")
NO_PRIORITY = "\N{EN DASH}"  # the page's mark for "no priority"
CHROMEDRIVER = shutil.which("chromedriver")


class _Text(HTMLParser):
    """The visible text of a page (script and style left out) and its script count."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.scripts = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
            self.scripts += tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, int]:
    parser = _Text()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return re.sub(r" ([:;,])", r"\1", text), parser.scripts


async def test_page_lists_records_servers_and_escapes(make_client: Any, dns: Any) -> None:
    dns.set("esc.test", "MX", ["10 mail.abin.lat."])
    dns.set("esc.test", "TXT", ['"<script>alert(1)</script>"'])
    h = await make_client()
    assert (await h.client.post("/request/email", json={"target": "esc.test"})).status_code == 202
    r = await h.client.get("/status/ESC.test")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    text, scripts = page_text(html)
    assert scripts == 1  # the button's, and nothing from DNS
    assert "DNS status of esc.test" in text
    for record in ("MX esc.test mail.abin.lat 10", "TXT esc.test v=spf1 mx -all",
                   "TXT _dmarc.esc.test v=DMARC1; p=none"):  # fmt: skip
        assert record in text, record
    assert f"resolver {dns.address}: not OK; returned <script>alert(1)</script>" in text
    assert "no TXT record at _dmarc.esc.test" in text
    assert 'action="/api/recheck/esc.test"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


async def test_page_errors_and_api_key(make_client: Any, dns: Any) -> None:
    h = await make_client(checkdns_token="s3cret")
    r = await h.client.get("/status/a.test")
    assert r.status_code == 401 and "API key" in r.text and "s3cret" not in r.text
    key = {"x-api-key": "s3cret"}
    r = await h.client.get("/status/a.test", headers=key)
    assert r.status_code == 404 and "No validation job exists for a.test" in r.text
    r = await h.client.get("/status/1.2.3", headers=key)
    assert r.status_code == 400 and "all-numeric" in r.text
    # With CHECKDNS_TOKEN set, creating the job needs the key too.
    created = await h.client.post("/request/ui", json={"target": "a.test"}, headers=key)
    assert created.status_code in (200, 202)
    assert (await h.client.get("/status/a.test", headers=key)).status_code == 200


# -- in a real browser ----------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, dns_server: FakeAuthoritativeServer
) -> Iterator[str]:
    db = Path(tmp_path_factory.mktemp("status")) / "status.db"
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        dns_servers=dns_server.address,
        dns_timeout_ms=500,
        rate_limit_per_minute=0,
        target_cooldown_seconds=0,
        recheck_min_interval_seconds=0,
        checkdns_token="",
    )
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, run_poller=False),
        host="127.0.0.1",
        port=port,
        log_config=None,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:  # pragma: no cover - start-up hangs
            raise TimeoutError("the service did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium or chromedriver is absent (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=360,800"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # A headless window has a minimum width above 360 px: emulate a 360 px phone screen.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        yield driver
    finally:
        driver.quit()


def _wait(predicate: Any, what: str, timeout: float = 10.0) -> None:
    """Poll ``predicate`` until it holds; an element replaced while it is read is "not yet"."""
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except StaleElementReferenceException:
            pass  # the page re-rendered the element between finding and reading it
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_browser_pending_then_recheck_turns_it_active(
    live: str, browser: Any, dns: FakeAuthoritativeServer
) -> None:
    import httpx
    from selenium.webdriver.common.by import By

    dns.set("shop.status.test", "CNAME", ["wrong.example.net."])
    assert httpx.post(f"{live}/request/ui", json={"target": "shop.status.test"}).status_code == 202
    browser.get(f"{live}/status/shop.status.test")
    status = browser.find_element(By.ID, "status-ui")
    assert status.text == "PENDING"
    rows = browser.find_elements(By.CSS_SELECTOR, "#records-ui tbody tr")
    cells = [cell.text for cell in rows[0].find_elements(By.TAG_NAME, "td")]
    assert cells[:3] == ["CNAME", "shop.status.test", "forward.haltman.io"]
    assert "missing or wrong" in cells[4]
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "CNAME chain from shop.status.test does not reach forward.haltman.io" in body
    assert "wrong.example.net" in body  # what the server returned
    # 360 px wide: nothing sticks out sideways, and the button is labelled and usable.
    width = browser.execute_script("return document.documentElement.scrollWidth")
    viewport = browser.execute_script("return window.innerWidth")
    assert viewport == 360 and width <= viewport
    button = browser.find_element(By.ID, "recheck-button")
    assert button.text == "Recheck now" and button.is_displayed()
    assert browser.find_element(By.ID, "recheck-result").get_attribute("role") == "status"

    dns.set("shop.status.test", "CNAME", ["forward.haltman.io."])  # the customer fixes it
    button.click()
    _wait(
        lambda: browser.find_element(By.ID, "status-ui").text == "ACTIVE",
        "the page to show ACTIVE after the recheck",
    )
    overall = browser.find_element(By.CSS_SELECTOR, "#overall .badge")
    assert overall.text == "ACTIVE"
    assert httpx.get(f"{live}/api/checkdns/shop.status.test").json()["ui"]["status"] == "ACTIVE"


def test_browser_active_target(live: str, browser: Any, dns: FakeAuthoritativeServer) -> None:
    import httpx
    from selenium.webdriver.common.by import By

    dns.set("done.status.test", "MX", ["10 mail.abin.lat."])
    dns.set("done.status.test", "TXT", ['"v=spf1 mx -all"'])
    dns.set("_dmarc.done.status.test", "TXT", ['"v=DMARC1; p=none"'])
    r = httpx.post(f"{live}/request/email", json={"target": "done.status.test"})
    assert r.status_code == 200
    browser.get(f"{live}/status/done.status.test")
    assert browser.find_element(By.ID, "status-email").text == "ACTIVE"
    assert browser.find_element(By.ID, "next-email").text == "none scheduled"
    rows = browser.find_elements(By.CSS_SELECTOR, "#records-email tbody tr")
    table = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    assert table == [
        ["MX", "done.status.test", "mail.abin.lat", "10", "✓ found"],
        ["TXT", "done.status.test", "v=spf1 mx -all", NO_PRIORITY, "✓ found"],
        ["TXT", "_dmarc.done.status.test", "v=DMARC1; p=none", NO_PRIORITY, "✓ found"],
    ]
