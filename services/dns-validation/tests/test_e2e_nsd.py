"""End to end: `dns-validation serve` as a process, against NSD, a real authoritative server."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dns.asyncquery
import dns.message
import httpx
import pytest

from dns_validation.testing import NSD_PATH, NSDServer, free_port

pytestmark = [
    pytest.mark.daemon,
    pytest.mark.skipif(
        not NSD_PATH.exists(),
        reason="/usr/sbin/nsd is absent (apt-get install nsd; .ci/run does it)",
    ),
]

WRONG = """$ORIGIN shop.test.
$TTL 60
@       IN SOA  ns1.shop.test. hostmaster.shop.test. {serial} 60 60 600 60
@       IN NS   ns1.shop.test.
ns1     IN A    127.0.0.1
@       IN MX   10 mx.other.net.
@       IN TXT  "v=spf1 include:_spf.google.com ~all"
"""
RIGHT = """$ORIGIN shop.test.
$TTL 60
@       IN SOA  ns1.shop.test. hostmaster.shop.test. {serial} 60 60 600 60
@       IN NS   ns1.shop.test.
ns1     IN A    127.0.0.1
@       IN MX   10 mail.abin.lat.
@       IN TXT  "v=spf1 " "mx -all"
_dmarc  IN TXT  "v=DMARC1; p=none"
"""


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def mx_answer(port: int) -> str:
    import asyncio

    async def query() -> str:
        msg = dns.message.make_query("shop.test", "MX")
        response = await dns.asyncquery.udp(msg, "127.0.0.1", port=port, timeout=0.5)
        return " ".join(str(rrset) for rrset in response.answer)

    try:
        return asyncio.run(query())
    except Exception:
        return ""


@pytest.fixture
def nsd(tmp_path: Path) -> Iterator[NSDServer]:
    with NSDServer(tmp_path / "nsd", {"shop.test": WRONG.format(serial=1)}) as server:
        yield server


@pytest.fixture(params=[1, 2], ids=["1-worker", "2-workers"])
def service(request: pytest.FixtureRequest, nsd: NSDServer, tmp_path: Path) -> Iterator[str]:
    http_port = free_port()
    script = Path(sys.executable).parent / "dns-validation"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "dns_validation.cli"]
    env = {
        **os.environ,
        "PORT": str(http_port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}",
        "DNS_SERVERS": nsd.address,
        "DNS_TIMEOUT_MS": "1000",
        "DNS_POLL_INTERVAL_SECONDS": "0.5",
        "CHECKDNS_MIN_INTERVAL_SECONDS": "0",
        "RATE_LIMIT_PER_MINUTE": "10000",
        "WORKERS": str(request.param),
    }
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([*command, "serve"], env=env, cwd=tmp_path, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{http_port}"

    def healthy() -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, 60, "dns-validation serve to answer /healthz")
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()
        log.close()


def test_pending_turns_active_after_zone_fix(nsd: NSDServer, service: str) -> None:
    with httpx.Client(base_url=service, timeout=5) as client:
        r = client.post("/request/email", json={"target": "Shop.Test."})
        assert r.status_code == 202, r.text
        assert r.json()["status"] == "PENDING"
        body = client.get("/api/checkdns/shop.test").json()
        assert body["email"]["status"] == "PENDING"
        items = {i["key"]: i for i in body["email"]["missing"]}
        assert items["MX"]["found"] == [{"exchange": "mx.other.net", "priority": 10}]
        assert items["SPF"]["found"] == ["v=spf1 include:_spf.google.com ~all"]
        assert items["DMARC"]["found"] == [] and items["DMARC"]["name"] == "_dmarc.shop.test"

        nsd.update("shop.test", RIGHT.format(serial=2))
        wait_until(lambda: "mail.abin.lat" in mx_answer(nsd.port), 15, "NSD to reload the zone")

        final = {}

        def active() -> bool:
            final.update(client.get("/api/checkdns/shop.test").json())
            return final["email"]["status"] == "ACTIVE"

        wait_until(active, 20, "the job to turn ACTIVE")
        assert final["summary"]["overall_status"] == "ACTIVE"
        assert all(i["ok"] for i in final["email"]["missing"])
        r = client.post("/request/email", json={"target": "shop.test"})
        assert r.status_code in (409, 429)
