"""Benchmark: 500 record creates, then one verification of all of them, in one zone.

The fake DNS.services API (``dns_services_gateway.testing``) runs in a separate process on
loopback, so the figures measure the client side only. Two variants make the same HTTP calls:

* client: ``DNSServicesClient.batch`` with 500 creates (one zone read before, 500 POSTs in
  order, one zone read after that verifies every create by FQDN, type and content).
* raw httpx: a bare ``httpx.Client`` doing the login, the zone list, the zone read, the 500
  POSTs and the final zone read, then checking the records with a set lookup.

It prints the best-of-N wall time of each, their ratio (target: client <= 1.3x raw), the
requests each variant sent, and the peak Python memory (tracemalloc) of each variant.

Run: ``uv run python benchmarks/dns_services.py [--creates 500] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import httpx

from dns_services_gateway import DNSServicesClient, RecordChange
from dns_services_gateway.testing import FakeDNSServices

USERNAME = "bench@example.com"
PASSWORD = "bench-password"


def serve(conn: Connection) -> None:
    """Child process: run the fake until the parent says stop."""
    with FakeDNSServices(
        username=USERNAME, password=PASSWORD, login_limit=10_000, token_lifetime=86_400
    ) as fake:
        service = fake.account.default_service()
        conn.send((fake.base_url, service.id))
        while conn.recv() == "log":  # report and clear the request log; anything else stops
            conn.send([f"{entry.method} {entry.path}" for entry in fake.requests])
            fake.clear_requests()


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    count: int = args.creates

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(child,), daemon=True)
    server.start()
    base_url, service_id = parent.recv()
    zones = iter(f"bench{n}.example" for n in range(1000))

    def fresh() -> str:
        zone = next(zones)
        new_zone(base_url, service_id, zone)
        return zone

    try:
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
    finally:
        parent.send("stop")
        server.join(timeout=10)

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


if __name__ == "__main__":
    main()
