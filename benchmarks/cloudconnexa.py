"""Benchmarks of the cloudconnexa client against its fake server (cloudconnexa.testing).

Run:  .tools/bin/uv run python benchmarks/cloudconnexa.py

1. Listing users: time for 1,000, 10,000 and 100,000 users at page sizes 1000 and 100, and the
   client's peak memory traced by tracemalloc while iterating (measured in a separate pass,
   because tracing slows Python). The fake runs as `cloudconnexa sandbox` in a child process so
   that only the client is traced. The peak must not grow with the number of users: it depends
   on the page size only, because each page and its HTTP response are freed as soon as the
   next page is requested.
2. Creating 200 routes under a strict rate limit (burst 20, one token per 100 ms): the client's
   header-learned throttle should keep the achieved rate near the allowed one, with no failed
   creates. The ideal duration is (200 - 20) / 10 = 18 s.
3. `cloudconnexa.config.apply` of a 500-resource document (10 user groups, 300 users, 20
   networks with 100 routes, 70 DNS records) to an empty fake tenant under the same strict rate
   limit: wall time against the ideal at the allowed rate for every request apply sends (the
   reads of its plan included), 429 answers seen, failed changes, and whether a plan right
   after shows no changes.
4. `cloudconnexa.config.plan` of a users document against a 10,000-user tenant (the fake in a
   child process, so that only the client is traced): time, and peak memory traced while
   planning.
5. `cloudconnexa users import` of 5,000 CSV rows, run as a separate process, under a token
   bucket of burst 20 and 100 tokens/s: the share of the allowed rate it achieves (every
   request counts: the token, the listing pages and the creates), and the failed rows and 429
   answers (target: none). Then the same import is killed (SIGKILL) in the middle and run
   again: every user must exist exactly once.


Pass section numbers to run only some (`python benchmarks/cloudconnexa.py 3 4`; `import` is an
alias of 5).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# This file is named like the package; drop its folder from the path so that `import
# cloudconnexa` finds the package, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from cloudconnexa import CloudConnexaClient, CloudConnexaError  # noqa: E402
from cloudconnexa import config as cfg  # noqa: E402
from cloudconnexa.testing import FakeCloudConnexa, RateLimit  # noqa: E402

CLIENT_ID = "bench-client"
CLIENT_SECRET = "bench-secret"


@contextmanager
def sandbox(users: int) -> Iterator[str]:
    """Run `cloudconnexa sandbox` in a child process; yield its base URL."""
    command = [
        sys.executable,
        "-P",
        "-c",
        "from cloudconnexa.cli import main; main()",
        "sandbox",
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--users",
        str(users),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        if "running at" not in first_line:
            raise RuntimeError(f"sandbox did not start: {first_line!r}")
        yield first_line.rsplit(" ", 1)[-1].strip()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            print(
                "   (warning: the sandbox ignored Ctrl-C for 30 s and was killed)", file=sys.stderr
            )


def list_users(count: int, page_size: int) -> tuple[float, int, int]:
    """Return (seconds, peak bytes traced in this process while listing, items seen).

    The fake runs in a child process, so the traced memory is the client's alone.
    """
    with (
        sandbox(count) as base_url,
        CloudConnexaClient(base_url, CLIENT_ID, CLIENT_SECRET) as client,
    ):
        client.authenticate()
        started = time.perf_counter()
        seen = sum(1 for _ in client.users.list(page_size=page_size))
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        tracemalloc.reset_peak()
        traced = sum(1 for _ in client.users.list(page_size=page_size))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert seen == traced == count, (seen, traced, count)
    return elapsed, peak, seen


def create_routes(count: int = 200, burst: int = 20, rate: float = 10.0) -> dict[str, float]:
    """Create `count` routes in one network under a strict token bucket."""
    limit = RateLimit(burst=burst, refill_per_second=rate)
    with FakeCloudConnexa(CLIENT_ID, CLIENT_SECRET, rate_limit=limit) as fake:
        network_id = fake.seed_networks(1)[0]
        failures = 0
        with CloudConnexaClient(fake.base_url, CLIENT_ID, CLIENT_SECRET) as client:
            client.authenticate()
            fake.clear_requests()
            started = time.perf_counter()
            for i in range(count):
                body = {"value": f"10.{i // 256}.{i % 256}.0/24", "description": f"route {i}"}
                try:
                    client.routes.create(body, network_id=network_id)
                except CloudConnexaError:
                    failures += 1
            elapsed = time.perf_counter() - started
        statuses = [r.status for r in fake.requests if r.path == "/api/v1/networks/routes"]
        created = len(fake.state.table("routes"))
    ideal = max(count - burst, 0) / rate
    return {
        "elapsed": elapsed,
        "ideal": ideal,
        "share": ideal / elapsed if elapsed else 0.0,
        "created": created,
        "failed": failures,
        "rejected_429": statuses.count(429),
        "sustained_rate": (count - burst) / elapsed if elapsed else 0.0,
    }


def apply_document(burst: int = 20, rate: float = 10.0) -> dict[str, float]:
    """Apply a 500-resource document to an empty fake tenant under a strict token bucket."""
    document = {
        "version": 1,
        "user-groups": [
            {"name": f"team{g}", "vpnRegionIds": ["de-fra"], "maxDevice": 3} for g in range(10)
        ],
        "users": [
            {
                "username": f"member{i}",
                "firstName": "Member",
                "lastName": str(i),
                "email": f"member{i}@example.com",
                "group": f"team{i % 10}",
            }
            for i in range(300)
        ],
        "networks": [
            {
                "name": f"site{n}",
                "description": f"site {n}",
                "routes": [{"subnet": f"10.{n}.{r}.0/24"} for r in range(5)],
            }
            for n in range(20)
        ],
        "dns-records": [
            {"domain": f"svc{d}.example.com", "ipv4Addresses": [f"10.200.0.{d + 1}"]}
            for d in range(70)
        ],
    }
    resources = 10 + 300 + 20 + 100 + 70
    limit = RateLimit(burst=burst, refill_per_second=rate)
    with FakeCloudConnexa(CLIENT_ID, CLIENT_SECRET, rate_limit=limit) as fake:
        failed = 0
        with CloudConnexaClient(fake.base_url, CLIENT_ID, CLIENT_SECRET) as client:
            client.authenticate()
            fake.clear_requests()
            started = time.perf_counter()
            try:
                result = cfg.apply(client, document)
                applied = len(result.applied)
            except cfg.ApplyError as exc:
                applied = len(exc.result.applied)
                failed = 1
            elapsed = time.perf_counter() - started
            sent = [r for r in fake.requests if r.path != "/api/v1/oauth/token"]
            leftover = cfg.plan(client, document)
    ideal = max(len(sent) - burst, 0) / rate
    return {
        "resources": resources,
        "applied": applied,
        "failed": failed,
        "requests": len(sent),
        "rejected_429": sum(1 for r in sent if r.status == 429),
        "elapsed": elapsed,
        "ideal": ideal,
        "share": ideal / elapsed if elapsed else 0.0,
        "left_after": len([c for c in leftover.changes if c.action is not cfg.Action.DELETE]),
    }


def plan_users(count: int = 10_000, edits: int = 25) -> dict[str, float]:
    """Plan a users document against a tenant of `count` users (the fake in a child process)."""
    with (
        sandbox(count) as base_url,
        CloudConnexaClient(base_url, CLIENT_ID, CLIENT_SECRET) as client,
    ):
        client.authenticate()
        document = cfg.export(client, ["users"])
        for user in document["users"][:edits]:
            user["lastName"] = "Edited"
        started = time.perf_counter()
        the_plan = cfg.plan(client, document)
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        tracemalloc.reset_peak()
        traced = cfg.plan(client, document)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert len(the_plan.changes) == len(traced.changes)
    return {
        "users": len(document["users"]),
        "changes": len(the_plan.changes),
        "elapsed": elapsed,
        "peak": peak,
    }


IMPORT_ROWS = 5_000
IMPORT_BURST = 20
IMPORT_RATE = 100.0


def _import_process(fake: FakeCloudConnexa, source: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "CLOUDCONNEXA_BASE_URL": fake.base_url,
        "CLOUDCONNEXA_CLIENT_ID": CLIENT_ID,
        "CLOUDCONNEXA_CLIENT_SECRET": CLIENT_SECRET,
        "CLOUDCONNEXA_NO_DOTENV": "1",
    }
    command = [
        sys.executable,
        "-P",
        "-c",
        "from cloudconnexa.cli import main; main()",
        "--no-progress",
        "--output",
        "json",
        "users",
        "import",
        str(source),
    ]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _write_users(folder: Path, group_id: str, count: int) -> Path:
    source = folder / "users.csv"
    lines = ["username,email,firstName,lastName,groupId,role"]
    lines += [
        f"bulk{i:05d},bulk{i:05d}@example.com,Bulk,User {i},{group_id},MEMBER" for i in range(count)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


def import_users(count: int = IMPORT_ROWS) -> dict[str, float]:
    """Import `count` users through the CLI under a token bucket; then kill and re-run one."""
    limit = RateLimit(burst=IMPORT_BURST, refill_per_second=IMPORT_RATE)
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        with FakeCloudConnexa(CLIENT_ID, CLIENT_SECRET, rate_limit=limit) as fake:
            source = _write_users(Path(folder), fake.state.default_group_id, count)
            started = time.perf_counter()
            process = _import_process(fake, source)
            out, err = process.communicate(timeout=3600)
            elapsed = time.perf_counter() - started
            report = json.loads(out) if out.strip() else {}
            requests = list(fake.requests)
            sent = len(requests)
            result.update(
                elapsed=elapsed,
                ideal=max(sent - IMPORT_BURST, 0) / IMPORT_RATE,
                requests=sent,
                created=float(report.get("created", 0)),
                failed=float(report.get("failed", -1)),
                rejected_429=float(sum(1 for r in requests if r.status == 429)),
                exit_status=float(process.returncode),
                users=float(len(fake.state.table("users"))),
            )
            if process.returncode != 0:
                print("   import failed:", err.strip().splitlines()[-1:] or "?")

        with FakeCloudConnexa(CLIENT_ID, CLIENT_SECRET, rate_limit=limit) as fake:
            folder_path = Path(folder) / "kill"
            folder_path.mkdir()
            source = _write_users(folder_path, fake.state.default_group_id, count)
            process = _import_process(fake, source)
            while len(fake.state.table("users")) < count // 2 and process.poll() is None:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.communicate()
            at_kill = len(fake.state.table("users"))
            again = _import_process(fake, source)
            out, _ = again.communicate(timeout=3600)
            report = json.loads(out) if out.strip() else {}
            names = [u["username"] for u in fake.state.table("users").values()]
            wanted = {f"bulk{i:05d}" for i in range(count)}
            result.update(
                killed_at=float(at_kill),
                rerun_created=float(report.get("created", 0)),
                rerun_skipped=float(report.get("skipped", 0)),
                rerun_unchanged=float(report.get("unchanged", 0)),
                duplicates=float(len(names) - len(set(names))),
                missing=float(len(wanted - set(names))),
                rerun_status=float(again.returncode),
            )
    result["share"] = result["ideal"] / result["elapsed"] if result["elapsed"] else 0.0
    return result


def print_import() -> None:
    print(
        f"5. users import of {IMPORT_ROWS:,} CSV rows (burst {IMPORT_BURST}, "
        f"{IMPORT_RATE:.0f} tokens/s)"
    )
    r = import_users()
    print(
        f"   created:              {r['created']:,.0f}; failed rows {r['failed']:.0f}; "
        f"429 answers {r['rejected_429']:.0f}; exit status {r['exit_status']:.0f}"
    )
    print(f"   requests sent:        {r['requests']:,.0f} (token, listing pages, creates)")
    print(
        f"   elapsed:              {r['elapsed']:.2f} s (ideal at the allowed rate "
        f"{r['ideal']:.1f} s)"
    )
    print(f"   achieved/allowed:     {r['share']:.1%}")
    print(
        f"   killed at {r['killed_at']:,.0f} users; the re-run created {r['rerun_created']:,.0f}, "
        f"skipped {r['rerun_skipped']:,.0f} (journal), found {r['rerun_unchanged']:,.0f} "
        f"unchanged; exit status {r['rerun_status']:.0f}"
    )
    print(f"   after the re-run:     {r['duplicates']:.0f} duplicated, {r['missing']:.0f} missing")


def main() -> None:
    wanted = {"5" if arg == "import" else arg for arg in sys.argv[1:]} or {"1", "2", "3", "4", "5"}
    print("cloudconnexa benchmark (client against the fake server on 127.0.0.1)")
    if "1" in wanted:
        _listing()
    if "2" in wanted:
        _routes()
    if "3" in wanted:
        _apply()
    if "4" in wanted:
        _plan()
    if "5" in wanted:
        print()
        print_import()


def _apply() -> None:
    print()
    print("3. config.apply of 500 resources to an empty tenant, strict rate limit (burst 20, 10/s)")
    result = apply_document()
    print(
        f"   applied:              {result['applied']:.0f} of {result['resources']:.0f} "
        f"(failed changes: {result['failed']:.0f})"
    )
    print(
        f"   requests sent:        {result['requests']:.0f} "
        f"(429 answers: {result['rejected_429']:.0f})"
    )
    print(f"   elapsed:              {result['elapsed']:.2f} s (ideal {result['ideal']:.1f} s)")
    print(f"   achieved/allowed:     {result['share']:.1%} (target >= 90%)")
    print(
        f"   plan right after:     {result['left_after']:.0f} change(s) (the Default group aside)"
    )


def _plan() -> None:
    print()
    print("4. config.plan of a users document against a 10,000-user tenant")
    result = plan_users()
    print(f"   users compared:       {result['users']:,.0f} ({result['changes']:.0f} edited)")
    print(f"   elapsed:              {result['elapsed']:.2f} s")
    print(f"   peak memory (traced): {result['peak'] / 1024 / 1024:.1f} MiB")


def _listing() -> None:
    print()
    print("1. Listing users")
    header = ("users", "page size", "pages", "time", "items/s", "peak memory")
    print("   {:>7}  {:>9}  {:>5}  {:>8}  {:>9}  {:>12}".format(*header))
    for page_size in (1000, 100):
        for count in (1_000, 10_000, 100_000):
            elapsed, peak, seen = list_users(count, page_size)
            pages = -(-count // page_size)
            rate = seen / elapsed
            print(
                f"   {seen:>7,}  {page_size:>9}  {pages:>5}  {elapsed:>7.2f}s  {rate:>9,.0f}"
                f"  {peak / 1024:>8,.0f} KiB"
            )
    print("   (peak memory depends on the page size, not on the number of users)")


def _routes() -> None:
    print()
    print("2. Creating 200 routes, strict rate limit (burst 20, 1 token per 100 ms)")
    result = create_routes()
    print(
        f"   created:              {result['created']:.0f} (failed creates: {result['failed']:.0f})"
    )
    print(f"   429 responses seen:   {result['rejected_429']:.0f}")
    print(f"   elapsed:              {result['elapsed']:.2f} s (ideal {result['ideal']:.1f} s)")
    print(f"   sustained rate:       {result['sustained_rate']:.2f} creates/s (allowed 10.00/s)")
    print(f"   achieved/allowed:     {result['share']:.1%} (target >= 90%)")
    print()
    print_import()


if __name__ == "__main__":
    main()
