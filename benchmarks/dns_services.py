"""Benchmark: record creates, a 2,000-record zone sync, and a certbot issuance, on the fake.

Part 1, 500 record creates, then one verification of all of them, in one zone.

The fake DNS.services API (``dns_services_gateway.testing``) runs in a separate process on
loopback, so the figures measure the client side only. Two variants make the same HTTP calls:

* client: ``DNSServicesClient.batch`` with 500 creates (one zone read before, 500 POSTs in
  order, one zone read after that verifies every create by FQDN, type and content).
* raw httpx: a bare ``httpx.Client`` doing the login, the zone list, the zone read, the 500
  POSTs and the final zone read, then checking the records with a set lookup.

It prints the best-of-N wall time of each, their ratio (target: client <= 1.3x raw), the
requests each variant sent, and the peak Python memory (tracemalloc) of each variant.

Part 2, ``client.zones.sync`` of a 2,000-record BIND zone file: into an empty zone, then after
editing about 10 % of it, then once more unchanged. For each run it prints the plan time, the wall
time (plan, send, re-read, DNS verification on the fake's nameserver), and the requests sent
against the minimum the plan needs (one write per change, plus the zone list and the zone reads
before and after).

Part 3, certbot issues one certificate for ``example.test`` and ``*.example.test`` from pebble
(the Debian package) through the ``dns-services`` plugin, once without and once with the fake's
DNS propagation delay set to 2 s; it prints the wall time from start to certificate of each, and
what the delay cost (the plugin polls the nameserver, so about the delay itself, not a fixed
sleep on top). Skipped, with the reason, when pebble or certbot is not installed.

Run: ``uv run python benchmarks/dns_services.py [--creates 500] [--rounds 3]
[--sync-records 2000] [--parts creates,sync,certbot]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

from dns_services_gateway import DNSServicesClient, RecordChange
from dns_services_gateway.testing import FakeDNSServices, PebbleServer

USERNAME = "bench@example.com"
PASSWORD = "bench-password"


def serve(conn: Connection) -> None:
    """Child process: run the fake until the parent says stop."""
    with FakeDNSServices(
        username=USERNAME, password=PASSWORD, login_limit=10_000, token_lifetime=86_400
    ) as fake:
        service = fake.account.default_service()
        conn.send((fake.base_url, service.id, fake.nameserver))
        while True:
            message = conn.recv()
            if message == "log":  # report and clear the request log
                conn.send([f"{entry.method} {entry.path}" for entry in fake.requests])
                fake.clear_requests()
            elif isinstance(message, tuple) and message[0] == "delay":
                fake.faults.dns_propagation_delay = float(message[1])
                conn.send("ok")
            else:  # anything else stops
                break


def new_zone(base_url: str, service_id: int, name: str) -> None:
    """Create an empty zone through the API (setup, not timed)."""
    with httpx.Client(base_url=base_url + "/api", auth=(USERNAME, PASSWORD)) as http:
        body = http.post(f"/service/{service_id}/dns", json={"name": name}).json()
        assert "info" in body, body


def changes_for(zone: str, count: int) -> list[RecordChange]:
    return [
        RecordChange(
            action="create",
            domain=zone,
            type="TXT",
            name=f"_bench-{i}",
            content=f"token-{i:05d}",
            ttl=300,
        )
        for i in range(count)
    ]


def run_client(base_url: str, zone: str, count: int) -> None:
    with DNSServicesClient(
        username=USERNAME, password=PASSWORD, base_url=base_url, store_token=False
    ) as client:
        result = client.batch(changes_for(zone, count))
    assert result.ok, "a create failed"
    assert all(r.verified for r in result.results), "a create was not verified"
    assert result.serials[zone]["after"] == (result.serials[zone]["before"] or 0) + count


def run_raw(base_url: str, zone: str, count: int) -> None:
    with httpx.Client(base_url=base_url + "/api", timeout=30) as http:
        login = http.post("/login", data={"username": USERNAME, "password": PASSWORD})
        http.headers["Authorization"] = f"Bearer {login.json()['token']}"
        ref = next(z for z in http.get("/dns").json()["zones"] if z["name"] == zone)
        path = f"/service/{ref['service_id']}/dns/{ref['domain_id']}"
        http.get(path).json()
        for i in range(count):
            body = http.post(
                path + "/records",
                json={
                    "type": "TXT",
                    "name": f"_bench-{i}",
                    "content": f"token-{i:05d}",
                    "ttl": 300,
                },
            ).json()
            assert body.get("success") is True, body
        after = http.get(path).json()["records"]
        values = after.values() if isinstance(after, dict) else after
        present = {
            (r["name"], r["type"], r["content"].strip('"'))
            for r in values
            if isinstance(r["content"], str)
        }
        missing = [
            i
            for i in range(count)
            if (f"_bench-{i}.{zone}", "TXT", f"token-{i:05d}") not in present
        ]
        assert not missing, f"{len(missing)} records missing"


def timed(fn: Callable[[], None]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def peak_memory(fn: Callable[[], None]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_creates(
    args: argparse.Namespace, parent: Connection, base_url: str, fresh: Callable[[], str]
) -> None:
    count: int = args.creates
    variants: dict[str, Callable[[str, str, int], None]] = {
        "client": run_client,
        "raw httpx": run_raw,
    }
    # Warm-up and request count (untimed).
    requests: dict[str, list[str]] = {}
    for label, fn in variants.items():
        zone = fresh()
        parent.send("log")
        parent.recv()
        fn(base_url, zone, count)
        parent.send("log")
        requests[label] = [re.sub(r"/dns/\d+", "/dns/ZONE", line) for line in parent.recv()]
    times: dict[str, list[float]] = {label: [] for label in variants}
    for _ in range(args.rounds):
        for label, fn in variants.items():
            zone = fresh()
            times[label].append(timed(lambda fn=fn, zone=zone: fn(base_url, zone, count)))
    memory: dict[str, int] = {}
    for label, fn in variants.items():
        zone = fresh()
        memory[label] = peak_memory(lambda fn=fn, zone=zone: fn(base_url, zone, count))

    best = {label: min(values) for label, values in times.items()}
    ratio = best["client"] / best["raw httpx"]
    print(f"{count} creates + one verification of all of them, one zone, fake on loopback")
    print(
        f"{'variant':<10} {'best s':>8} {'median s':>9} {'ms/create':>10} {'requests':>9} "
        f"{'peak MiB':>9}"
    )
    for label in variants:
        summary: dict[str, Any] = {
            "best": best[label],
            "median": statistics.median(times[label]),
            "per": best[label] / count * 1000,
            "requests": len(requests[label]),
            "mem": memory[label] / 2**20,
        }
        print(
            f"{label:<10} {summary['best']:>8.3f} {summary['median']:>9.3f} "
            f"{summary['per']:>10.2f} {summary['requests']:>9} {summary['mem']:>9.2f}"
        )
    print(f"client / raw httpx: {ratio:.2f}x (target <= 1.30x)")
    same = sorted(requests["client"]) == sorted(requests["raw httpx"])
    print(f"same HTTP calls: {'yes' if same else 'no'}")
    if not same:
        extra = set(requests["client"]) ^ set(requests["raw httpx"])
        print(f"  differences: {sorted(extra)[:5]}")


# ------------------------------------------------------------------------- zone sync


def zone_file(zone: str, count: int, *, edited: bool = False) -> str:
    """A BIND zone file with ``count`` records of five types (A, AAAA, TXT, MX, CNAME).

    ``edited`` changes 5 % of the values (one update each), deletes 2.5 % and adds 2.5 %.
    """
    lines = [f"$ORIGIN {zone}.", "$TTL 3600"]
    kinds = ("A", "AAAA", "TXT", "MX", "CNAME")
    for i in range(count):
        if edited and i % 40 == 1:
            continue  # deleted
        kind = kinds[i % len(kinds)]
        changed = edited and (i // 5) % 20 == 0  # five records of each hundred, every type
        if kind == "A":
            lines.append(f"h{i} 300 IN A 10.{200 if changed else 0}.{i // 256 % 256}.{i % 256}")
        elif kind == "AAAA":
            lines.append(f"h{i} 300 IN AAAA 2001:db8:{1 if changed else 0}::{i:x}")
        elif kind == "TXT":
            lines.append(f'h{i} 300 IN TXT "token-{i}{"-new" if changed else ""}"')
        elif kind == "MX":
            lines.append(f"h{i} 300 IN MX {15 if changed else 10} mail{i}.example.net.")
        else:
            suffix = "-new" if changed else ""
            lines.append(f"h{i} 300 IN CNAME target{i}{suffix}.example.net.")
    if edited:
        lines.extend(f"added{i} 300 IN A 192.0.2.{i % 250}" for i in range(count // 40))
    return "\n".join(lines) + "\n"


def bench_sync(
    args: argparse.Namespace,
    parent: Connection,
    base_url: str,
    nameserver: tuple[str, int],
    fresh: Callable[[], str],
) -> None:
    count: int = args.sync_records
    zone = fresh()
    original = zone_file(zone, count)
    edited = zone_file(zone, count, edited=True)
    print()
    print(f"zone sync of a {count}-record BIND file into {zone}, fake on loopback")
    print(
        f"{'run':<12} {'changes':>8} {'plan s':>8} {'wall s':>8} {'requests':>9} "
        f"{'minimum':>8} {'verified':>9}"
    )
    with DNSServicesClient(
        username=USERNAME,
        password=PASSWORD,
        base_url=base_url,
        store_token=False,
        nameservers=[nameserver],
        verify_deadline=60.0,
    ) as client:
        client.list_zones(refresh=True)  # log in outside the timings
        for label, text in (("initial", original), ("edited ~10%", edited), ("unchanged", edited)):
            parent.send("log")
            parent.recv()
            started = time.perf_counter()
            plan = client.zones.plan(zone, text)
            plan_time = time.perf_counter() - started
            parent.send("log")
            parent.recv()
            started = time.perf_counter()
            result = client.zones.sync(zone, text, force=True)
            wall = time.perf_counter() - started
            parent.send("log")
            sent = parent.recv()
            # The fewest requests: one zone read to plan (the zone list is cached per client)
            # and, when something changes, one write per change and one re-read to verify.
            changes = len(result.plan.changes)
            minimum = 1 + (changes + 1 if changes else 0)
            print(
                f"{label:<12} {changes:>8} {plan_time:>8.3f} {wall:>8.3f} {len(sent):>9} "
                f"{minimum:>8} {result.verified!s:>9}"
            )
            assert changes == len(plan.changes)


# ------------------------------------------------------------------------- certbot issuance


def bench_certbot(
    args: argparse.Namespace,
    parent: Connection,
    base_url: str,
    service_id: int,
    nameserver: tuple[str, int],
) -> None:
    print()
    certbot = Path(sys.executable).parent / "certbot"
    if not PebbleServer.available() or not certbot.exists():
        missing = "certbot (the 'certbot' extra)" if PebbleServer.available() else "pebble"
        print(f"certbot issuance: skipped, {missing} is not installed")
        return
    delay: float = args.propagation_delay
    new_zone(base_url, service_id, "example.test")
    results: list[tuple[float, float, bool]] = []
    with (
        tempfile.TemporaryDirectory(prefix="dns-services-bench-") as tmp,
        PebbleServer(Path(tmp) / "pebble", nameserver) as pebble,
    ):
        home = Path(tmp)
        host, dns_port = nameserver
        credentials = home / "credentials.ini"
        credentials.write_text(
            f"dns_services_username = {USERNAME}\n"
            f"dns_services_password = {PASSWORD}\n"
            f"dns_services_base_url = {base_url}\n"
            f"dns_services_nameservers = {host}:{dns_port}\n"
        )
        credentials.chmod(0o600)
        try:
            for run, run_delay in enumerate((0.0, delay)):
                parent.send(("delay", run_delay))
                parent.recv()
                started = time.perf_counter()
                done = pebble.run_certbot(
                    home / f"run{run}",
                    ["example.test", "*.example.test"],
                    "--authenticator",
                    "dns-services",
                    "--dns-services-credentials",
                    str(credentials),
                    "--dns-services-propagation-timeout",
                    "60",
                    certbot=certbot,
                    timeout=600,
                )
                results.append((run_delay, time.perf_counter() - started, done.issued))
        finally:
            parent.send(("delay", 0.0))
            parent.recv()
    print("certbot issuance for example.test and *.example.test through the dns-services plugin")
    print(f"{'propagation delay s':>20} {'wall s':>8} {'vs delay s':>11} {'issued':>7}")
    for run_delay, wall, issued in results:
        verdict = "yes" if issued else "no"
        print(f"{run_delay:>20.1f} {wall:>8.2f} {wall - run_delay:>+11.2f} {verdict:>7}")
    if len(results) == 2:
        print(f"cost of the delay: {results[1][1] - results[0][1]:.2f} s for a {delay:.1f} s delay")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sync-records", type=int, default=2000)
    parser.add_argument("--propagation-delay", type=float, default=2.0)
    parser.add_argument("--parts", default="creates,sync,certbot")
    args = parser.parse_args()
    parts = {part.strip() for part in args.parts.split(",")}

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(child,), daemon=True)
    server.start()
    base_url, service_id, nameserver = parent.recv()
    zones = iter(f"bench{n}.example" for n in range(1000))

    def fresh() -> str:
        zone = next(zones)
        new_zone(base_url, service_id, zone)
        return zone

    try:
        if "creates" in parts:
            bench_creates(args, parent, base_url, fresh)
        if "sync" in parts:
            bench_sync(args, parent, base_url, nameserver, fresh)
        if "certbot" in parts:
            bench_certbot(args, parent, base_url, service_id, nameserver)
    finally:
        parent.send("stop")
        server.join(timeout=10)


if __name__ == "__main__":
    main()
