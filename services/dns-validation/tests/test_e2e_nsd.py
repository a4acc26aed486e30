"""End to end: `dns-validation serve` as a process, against NSD, a real authoritative server."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dns.asyncquery
import dns.message
import httpx
import pytest

NSD = Path("/usr/sbin/nsd")
pytestmark = [
    pytest.mark.daemon,
    pytest.mark.skipif(
        not NSD.exists(), reason="/usr/sbin/nsd is absent (apt-get install nsd; .ci/run does it)"
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


def free_port() -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket() as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port


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
def nsd(tmp_path: Path) -> Iterator[tuple[int, Path, subprocess.Popen[bytes]]]:
    port = free_port()
    zone = tmp_path / "shop.test.zone"
    zone.write_text(WRONG.format(serial=1))
    conf = tmp_path / "nsd.conf"
    conf.write_text(
        f"""server:
    ip-address: 127.0.0.1@{port}
    username: ""
    chroot: ""
    zonesdir: "{tmp_path}"
    database: ""
    pidfile: "{tmp_path}/nsd.pid"
    xfrdfile: "{tmp_path}/xfrd.state"
    zonelistfile: "{tmp_path}/zone.list"
    logfile: "{tmp_path}/nsd.log"
    server-count: 1
    rrl-ratelimit: 0
    verbosity: 1
remote-control:
    control-enable: no
zone:
    name: shop.test
    zonefile: shop.test.zone
"""
    )
    proc = subprocess.Popen([str(NSD), "-d", "-c", str(conf)], stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: "mx.other.net" in mx_answer(port), 15, "NSD to serve shop.test")
        yield port, zone, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()


@pytest.fixture(params=[1, 2], ids=["1-worker", "2-workers"])
def service(
    request: pytest.FixtureRequest, nsd: tuple[int, Path, subprocess.Popen[bytes]], tmp_path: Path
) -> Iterator[str]:
    dns_port = nsd[0]
    http_port = free_port()
    script = Path(sys.executable).parent / "dns-validation"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "dns_validation.cli"]
    env = {
        **os.environ,
        "PORT": str(http_port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}",
        "DNS_SERVERS": f"127.0.0.1:{dns_port}",
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


def test_pending_turns_active_after_zone_fix(
    nsd: tuple[int, Path, subprocess.Popen[bytes]], service: str
) -> None:
    port, zone, proc = nsd
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

        zone.write_text(RIGHT.format(serial=2))
        os.kill(proc.pid, signal.SIGHUP)
        wait_until(lambda: "mail.abin.lat" in mx_answer(port), 15, "NSD to reload the zone")

        final = {}

        def active() -> bool:
            final.update(client.get("/api/checkdns/shop.test").json())
            return final["email"]["status"] == "ACTIVE"

        wait_until(active, 20, "the job to turn ACTIVE")
        assert final["summary"]["overall_status"] == "ACTIVE"
        assert all(i["ok"] for i in final["email"]["missing"])
        r = client.post("/request/email", json={"target": "shop.test"})
        assert r.status_code in (409, 429)
