"""Benchmark of the DNS Validation Service on this machine (loopback only, bounded runs).

Prints: GET /api/checkdns and POST /request/email throughput with p50/p99 latency at 20
concurrent connections; poller capacity (e-mail checks per second with 10,000 PENDING jobs against
a local authoritative DNS server) beside the rate the poll interval demands; peak RSS of the
service with 10,000 PENDING jobs; and the CPU used by the load generator.

The service runs as `dns-validation serve` in a subprocess (SQLite in a temporary directory). The
authoritative DNS server is NSD when /usr/sbin/nsd exists (rate limiting off), otherwise the
in-process dnslib server from `dns_validation.testing` (much slower). The load generator is wrk
when installed, otherwise a lean asyncio HTTP/1.1 keep-alive client.

    uv run python benchmarks/validation_service.py [--duration 10] [--jobs 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from dns_validation.testing import NSD_PATH, NSDServer, free_port

CONNECTIONS = 20
ZONE = """$ORIGIN bench.test.
$TTL 60
@       IN SOA  ns1.bench.test. hostmaster.bench.test. 1 60 60 600 60
@       IN NS   ns1.bench.test.
ns1     IN A    127.0.0.1
*       IN MX   10 mx.other.net.
*       IN TXT  "v=spf1 include:_spf.example.net ~all"
"""


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (uvicorn workers, NSD's server processes)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            pids.extend(tree_pids(int(child)))
    return pids


def tree_cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in tree_pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def tree_peak_rss_mib(pid: int) -> float:
    """Sum of each process's peak resident set (VmHWM), in MiB."""
    total = 0
    for p in tree_pids(pid):
        try:
            match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{p}/status").read_text())
        except OSError:
            continue
        total += int(match.group(1)) if match else 0
    return total / 1024


@contextmanager
def dns_server(workdir: Path) -> Iterator[tuple[str, str, subprocess.Popen[bytes] | None]]:
    if NSD_PATH.exists():
        with NSDServer(workdir / "nsd", {"bench.test": ZONE}, minimal_responses=True) as nsd:
            assert nsd.process is not None
            yield nsd.address, "NSD", nsd.process
        return
    from dns_validation.testing import FakeAuthoritativeServer

    with FakeAuthoritativeServer(zone="bench.test") as fake:
        for i in range(20000):
            fake.set(f"j{i}.bench.test", "MX", ["10 mx.other.net."])
        yield fake.address, "dnslib (in-process; NSD not installed)", None


class Service:
    def __init__(self, workdir: Path, dns_servers: str, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = workdir / "bench.db"
        script = Path(sys.executable).parent / "dns-validation"
        command = [str(script)] if script.exists() else [sys.executable, "-m", "dns_validation.cli"]
        environment = {
            **os.environ,
            "PORT": str(self.port),
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.db}",
            "DNS_SERVERS": dns_servers,
            "DNS_TIMEOUT_MS": "2000",
            "RATE_LIMIT_PER_MINUTE": "100000000",
            "MAX_ACTIVE_JOBS": "1000000",
            "TARGET_COOLDOWN_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.log = (workdir / "serve.log").open("ab")
        self.proc = subprocess.Popen(
            [*command, "serve"], env=environment, cwd=workdir, stdout=self.log, stderr=self.log
        )

        def healthy() -> bool:
            try:
                return httpx.get(f"{self.url}/healthz", timeout=0.5).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(healthy, 30, "the service to start")

    def peak_rss_mib(self) -> float:
        return tree_peak_rss_mib(self.proc.pid)

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# -- load generation ----------------------------------------------------------------------------
POST_LUA = """
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
local counter = 0
local prefix = ""
function init(args) prefix = args[1] .. "-" .. tostring(id) end
request = function()
  counter = counter + 1
  local body = '{"target":"' .. prefix .. "-" .. counter .. '.bench.test"}'
  return wrk.format("POST", "/request/email", {["Content-Type"] = "application/json"}, body)
end
"""


def parse_wrk(output: str) -> tuple[float, float, float, dict[str, int]]:
    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = {}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors["non-2xx"] = int(non2xx.group(1))
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sock:
        errors.update(
            zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=True)
        )
    return rps, p50, p99, errors


def run_wrk(url: str, duration: int, workdir: Path, post: bool) -> tuple[float, ...]:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if post:
        script = workdir / "post.lua"
        script.write_text(POST_LUA)
        args += ["-s", str(script), url, "--", f"w{time.time_ns()}"]
    else:
        args.append(url)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic()
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rps, p50, p99, errors = parse_wrk(output)
    return rps, p50, p99, cpu / wall, errors  # type: ignore[return-value]


async def _asyncio_load(host: str, port: int, make_request, duration: float):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + duration

    async def worker(n: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        i = 0
        while time.monotonic() < deadline:
            i += 1
            start = time.perf_counter()
            writer.write(make_request(n, i))
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(n) for n in range(CONNECTIONS)))
    return latencies, statuses, time.monotonic() - started


def run_asyncio(url: str, duration: int, post: bool) -> tuple[float, ...]:
    parsed = httpx.URL(url)
    tag = os.getpid()

    def make_request(n: int, i: int) -> bytes:
        if not post:
            return f"GET {parsed.raw_path.decode()} HTTP/1.1\r\nHost: b\r\n\r\n".encode()
        body = f'{{"target":"a{tag}-{n}-{i}.bench.test"}}'.encode()
        head = (
            f"POST /request/email HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    cpu0 = time.process_time()
    latencies, statuses, wall = asyncio.run(
        _asyncio_load(parsed.host, parsed.port or 80, make_request, duration)
    )
    cpu = time.process_time() - cpu0
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    errors = {f"http-{k}": v for k, v in statuses.items() if not 200 <= k < 300}
    return len(latencies) / wall, p50, p99, cpu / wall, errors  # type: ignore[return-value]


def http_load(url: str, duration: int, workdir: Path, post: bool) -> tuple[float, ...]:
    if shutil.which("wrk"):
        return run_wrk(url, duration, workdir, post)
    return run_asyncio(url, duration, post)


# -- poller -------------------------------------------------------------------------------------
def seed_pending(db: Path, jobs: int) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    due = (now - timedelta(seconds=1)).isoformat(sep=" ")
    created = now.isoformat(sep=" ")
    expires = (now + timedelta(days=1)).isoformat(sep=" ")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM dns_requests")
        conn.executemany(
            "INSERT INTO dns_requests (target, type, status, created_at, updated_at,"
            " next_check_at, expires_at) VALUES (?, 'EMAIL', 'PENDING', ?, ?, ?, ?)",
            [(f"j{i}.bench.test", created, created, due, expires) for i in range(jobs)],
        )


def checked_count(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM dns_requests WHERE last_checked_at IS NOT NULL"
            ).fetchone()[0]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per HTTP run")
    parser.add_argument("--jobs", type=int, default=10000, help="PENDING jobs for the poller run")
    parser.add_argument("--poll-interval", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=1, help="service processes (WORKERS)")
    args = parser.parse_args()
    generator = "wrk" if shutil.which("wrk") else "asyncio HTTP/1.1 client"
    print(f"machine: {os.cpu_count()} CPUs; load generator: {generator}, {CONNECTIONS} connections")

    with tempfile.TemporaryDirectory(prefix="dnsv-bench-") as tmp:
        workdir = Path(tmp)
        with dns_server(workdir) as (servers, dns_name, dns_proc):
            print(f"authoritative DNS server: {dns_name} at {servers}")
            workers = str(args.workers)
            print(f"service: WORKERS={workers}, SQLite (WAL) in a temporary directory")
            service = Service(workdir, servers, DNS_POLL_INTERVAL_SECONDS="3600", WORKERS=workers)
            try:
                r = httpx.post(f"{service.url}/request/email", json={"target": "get.bench.test"})
                assert r.status_code in (200, 202), r.text
                get_url = f"{service.url}/api/checkdns/get.bench.test"
                assert httpx.get(get_url).status_code == 200
                http_load(get_url, 2, workdir, post=False)  # warm-up
                cpu0 = service.cpu_seconds()
                rps, p50, p99, gen_cpu, errors = http_load(get_url, args.duration, workdir, False)
                svc_cpu = (service.cpu_seconds() - cpu0) / args.duration
                print(
                    f"GET  /api/checkdns     {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
                    f"  service CPU {svc_cpu * 100:4.0f}%  load generator CPU"
                    f" {gen_cpu * 100:4.0f}% of one core  errors {errors}"
                )
                cpu0 = service.cpu_seconds()
                rps, p50, p99, gen_cpu, errors = http_load(
                    f"{service.url}/request/email", args.duration, workdir, True
                )
                svc_cpu = (service.cpu_seconds() - cpu0) / args.duration
                print(
                    f"POST /request/email    {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
                    f"  service CPU {svc_cpu * 100:4.0f}%  load generator CPU"
                    f" {gen_cpu * 100:4.0f}% of one core  errors {errors}"
                    "  (each POST runs its MX/SPF/DMARC check at once)"
                )
            finally:
                service.stop()

            seed_pending(service.db, args.jobs)
            dns_cpu0 = tree_cpu_seconds(dns_proc.pid) if dns_proc is not None else 0.0
            start = time.monotonic()
            service = Service(
                workdir, servers, DNS_POLL_INTERVAL_SECONDS=str(args.poll_interval), WORKERS=workers
            )
            try:
                cpu0 = service.cpu_seconds()
                done0 = checked_count(service.db)
                started = time.monotonic()
                deadline = started + 600
                done = done0
                while done < args.jobs and time.monotonic() < deadline:
                    time.sleep(0.2)
                    done = checked_count(service.db)
                elapsed = time.monotonic() - started
                rate = (done - done0) / elapsed
                demand = args.jobs / args.poll_interval
                print(
                    f"poller: {done - done0} PENDING e-mail jobs checked in {elapsed:.1f} s"
                    f" = {rate:.0f} checks/s (3 DNS queries each; {done0} were already checked"
                    f" during the {started - start:.1f} s start-up); the poll interval of"
                    f" {args.poll_interval:g} s demands {demand:.1f} checks/s for {args.jobs} jobs"
                )
                cpu = service.cpu_seconds() - cpu0
                print(
                    "service CPU during the poller run:"
                    f" {cpu:.1f} s ({cpu / elapsed:.0%} of one core)"
                )
                if dns_proc is not None:
                    dns_cpu = tree_cpu_seconds(dns_proc.pid) - dns_cpu0
                    print(f"NSD CPU during the poller run: {dns_cpu:.1f} s")
                print(f"peak RSS of the service with {args.jobs} PENDING jobs:"
                      f" {service.peak_rss_mib():.0f} MiB (sum over its processes)")  # fmt: skip
            finally:
                service.stop()


if __name__ == "__main__":
    main()
