import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation.core.db import migrate
from dns_validation.domain.validators import Answer, CheckResult, Expectations, ui_findings
from dns_validation.queue.repository import DuplicateJobError, JobRepository, iso

EXP = Expectations("forward.haltman.io", "mail.abin.lat", 10, "v=spf1 mx -all", "v=DMARC1; p=none")
ORIGINAL_COLUMNS = [
    "id",
    "target",
    "type",
    "status",
    "created_at",
    "updated_at",
    "activated_at",
    "last_checked_at",
    "next_check_at",
    "last_check_result_json",
    "fail_reason",
    "expires_at",
]
NOW = datetime(2026, 1, 29, 8, 10, 18, 770000, tzinfo=UTC)
LATER = NOW + timedelta(days=1)


def ok_result() -> CheckResult:
    return ui_findings("x", Answer(("forward.haltman.io",)), EXP)


def bad_result() -> CheckResult:
    return ui_findings("x", Answer(("other.example",)), EXP)


def transient_result() -> CheckResult:
    return ui_findings("x", Answer(error="timeout after 500 ms"), EXP)


async def columns(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda c: [col["name"] for col in sa.inspect(c).get_columns("dns_requests")]
        )


async def test_schema_has_original_columns_and_lease(engine: AsyncEngine) -> None:
    assert await columns(engine) == [
        *ORIGINAL_COLUMNS,
        "lease_owner",
        "lease_until",
        "check_count",
        "degraded_since",
        "consecutive_failures",
        "requested_by",
    ]
    async with engine.connect() as conn:
        uniques = await conn.run_sync(
            lambda c: sa.inspect(c).get_unique_constraints("dns_requests")
        )
    assert [u["column_names"] for u in uniques] == [["target", "type"]]


async def test_migrate_is_idempotent(engine: AsyncEngine) -> None:
    await migrate(engine)
    async with engine.connect() as conn:
        version = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
    assert version == [("0003",)]


async def test_create_get_and_duplicate(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    job = await repo.create("example.com", "UI", NOW, LATER, NOW)
    assert job.id >= 1 and job.status == "PENDING"
    got = await repo.get("example.com", "UI")
    assert got is not None
    assert got.created_at == NOW and got.expires_at == LATER
    assert got.created_at.tzinfo is not None
    assert iso(got.expires_at) == "2026-01-30T08:10:18.770Z"
    with pytest.raises(DuplicateJobError):
        await repo.create("example.com", "UI", NOW, LATER, NOW)
    await repo.create("example.com", "EMAIL", NOW, LATER, NOW)
    assert [j.type for j in await repo.for_target("example.com")] == ["UI", "EMAIL"]
    assert await repo.count_pending() == 2
    pending, job_row = await repo.admission("example.com", "EMAIL")
    assert pending == 2 and job_row is not None and job_row.type == "EMAIL"
    assert await repo.admission("nope.com", "UI") == (2, None)
    assert await repo.get("other.com", "UI") is None
    await repo.ping()


async def test_type_check_constraint(engine: AsyncEngine) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(
                sa.text(
                    "INSERT INTO dns_requests (target, type, status, created_at, updated_at,"
                    " expires_at) VALUES ('a', 'DKIM', 'PENDING', :n, :n, :n)"
                ),
                {"n": NOW},
            )


async def test_expire_overdue_only_pending(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    old = await repo.create("old.com", "UI", NOW, NOW + timedelta(seconds=1), NOW)
    await repo.create("fresh.com", "UI", NOW, LATER, NOW)
    done = await repo.create("done.com", "UI", NOW, NOW + timedelta(seconds=1), NOW)
    assert await repo.record_results([(done.id, ok_result())], NOW, LATER, owner=None) == [done.id]
    assert await repo.expire_overdue(NOW + timedelta(seconds=2)) == 1
    assert (await repo.get("old.com", "UI")).status == "EXPIRED"  # type: ignore[union-attr]
    assert (await repo.get("fresh.com", "UI")).status == "PENDING"  # type: ignore[union-attr]
    assert (await repo.get("done.com", "UI")).status == "ACTIVE"  # type: ignore[union-attr]
    assert old.id


async def test_restart_expired_and_failed_only(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    job = await repo.create("r.com", "EMAIL", NOW, NOW + timedelta(seconds=1), NOW)
    assert await repo.restart(job, NOW, LATER, NOW) is None  # still PENDING
    await repo.expire_overdue(NOW + timedelta(seconds=5))
    t2 = NOW + timedelta(hours=1)
    restarted = await repo.restart(job, t2, t2 + timedelta(days=1), t2)
    assert restarted is not None and restarted.id == job.id
    row = await repo.get("r.com", "EMAIL")
    assert row is not None and row.status == "PENDING" and row.created_at == t2
    async with engine.begin() as conn:
        await conn.execute(sa.text("UPDATE dns_requests SET status = 'FAILED'"))
    assert await repo.restart(row, t2, LATER, t2) is not None


async def test_claim_is_exclusive_under_concurrency(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    for i in range(120):
        await repo.create(f"t{i}.com", "UI", NOW, LATER, NOW)
    claims = await asyncio.gather(
        *(repo.claim_due(f"worker-{w}", NOW, 60, 10) for w in range(4) for _ in range(5))
    )
    ids = [job[0] for claim in claims for job in claim]
    assert len(ids) == len(set(ids))
    rest = await repo.claim_due("late", NOW, 60, 1000)
    assert len(ids) + len(rest) == 120
    assert await repo.claim_due("again", NOW, 60, 1000) == []


async def test_lapsed_lease_can_be_claimed_again(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    for i in range(5):
        await repo.create(f"t{i}.com", "UI", NOW, LATER, NOW)
    assert len(await repo.claim_due("dead", NOW, 0.5, 10)) == 5
    assert await repo.claim_due("other", NOW, 60, 10) == []
    # leases follow the database clock: once it passes lease_until, the rows are free
    for _ in range(100):
        rows = await repo.claim_due("other", NOW, 60, 10)
        if rows:
            break
        await asyncio.sleep(0.1)
    assert len(rows) == 5


async def test_lease_time_comes_from_the_database_clock(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await repo.create("skew.com", "UI", NOW, LATER, NOW)
    skewed = datetime.now(UTC) + timedelta(hours=3)  # this host's clock is three hours ahead
    assert len(await repo.claim_due("w", skewed, 20, 10)) == 1
    db_now = await repo.database_now()
    async with engine.connect() as conn:
        lease_until = (
            await conn.execute(sa.text("SELECT lease_until FROM dns_requests"))
        ).scalar_one()
    if isinstance(lease_until, str):  # SQLite keeps text
        lease_until = datetime.fromisoformat(lease_until).replace(tzinfo=UTC)
    assert timedelta(seconds=10) < lease_until - db_now <= timedelta(seconds=20)


async def test_renew_and_release_leases(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    a = await repo.create("a.com", "UI", NOW, LATER, NOW)
    b = await repo.create("b.com", "UI", NOW, LATER, NOW)
    await repo.claim_due("w", NOW, 0.5, 10)
    assert await repo.renew_leases("w", [a.id, b.id], 60) == 2
    assert await repo.renew_leases("intruder", [a.id], 60) == 0
    await asyncio.sleep(1)
    assert await repo.claim_due("other", NOW, 60, 10) == []  # renewed: still held
    assert await repo.release_leases("w", [a.id]) == 1
    assert [r[0] for r in await repo.claim_due("other", NOW, 60, 10)] == [a.id]


async def test_leases_of_active_rows_being_verified_are_renewed(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    job = await repo.create("ok.com", "UI", NOW, LATER, NOW, ok_result(), active_next_check_at=NOW)
    assert job.status == "ACTIVE"
    claimed = await repo.claim_due("w", NOW, 0.5, 10, active=True)
    assert [(c.id, c.status) for c in claimed] == [(job.id, "ACTIVE")]
    assert await repo.renew_leases("w", [job.id], 60) == 1
    await asyncio.sleep(1)
    assert await repo.claim_due("other", NOW, 60, 10, active=True) == []  # renewed: still held


async def test_pending_indexes_are_partial(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        indexes = await conn.run_sync(lambda c: sa.inspect(c).get_indexes("dns_requests"))
    by_name = {i["name"]: i for i in indexes}
    assert by_name["ix_dns_requests_pending_next"]["column_names"] == ["next_check_at"]
    assert by_name["ix_dns_requests_pending_expires"]["column_names"] == ["expires_at"]
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            defs = dict(
                (
                    await conn.execute(
                        sa.text(
                            "SELECT indexname, indexdef FROM pg_indexes"
                            " WHERE tablename = 'dns_requests'"
                        )
                    )
                ).all()
            )
    else:
        async with engine.connect() as conn:
            defs = dict(
                (
                    await conn.execute(
                        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
                    )
                ).all()
            )
    for name in ("ix_dns_requests_pending_next", "ix_dns_requests_pending_expires"):
        assert "WHERE" in defs[name].upper() and "PENDING" in defs[name]
    assert "ix_dns_requests_expires_at" not in defs


async def test_claim_only_due_pending(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await repo.create("due.com", "UI", NOW, LATER, NOW)
    await repo.create("later.com", "UI", NOW, LATER, NOW + timedelta(minutes=5))
    claimed = await repo.claim_due("w", NOW, 60, 10)
    assert [(c.target, c.type) for c in claimed] == [("due.com", "UI")]


async def test_record_results_conditional_on_lease(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    a = await repo.create("a.com", "UI", NOW, LATER, NOW)
    b = await repo.create("b.com", "UI", NOW, LATER, NOW)
    c = await repo.create("c.com", "UI", NOW, LATER, NOW)
    await repo.claim_due("w1", NOW, 60, 10)
    # a writer without the lease changes nothing
    assert await repo.record_results([(a.id, ok_result())], NOW, LATER, owner="w2") == []
    assert await repo.record_results([(a.id, ok_result())], NOW, LATER, owner=None) == []
    nxt = NOW + timedelta(minutes=5)
    activated = await repo.record_results(
        [(a.id, ok_result()), (b.id, bad_result()), (c.id, transient_result())], NOW, nxt, "w1"
    )
    assert activated == [a.id]
    ra, rb, rc = [await repo.get(n, "UI") for n in ("a.com", "b.com", "c.com")]
    assert ra and rb and rc
    assert ra.status == "ACTIVE" and ra.activated_at == NOW and ra.next_check_at is None
    assert rb.status == "PENDING" and rb.next_check_at == nxt and rb.fail_reason is None
    assert rc.status == "PENDING" and rc.fail_reason == "Transient DNS error: timeout after 500 ms"
    stored = json.loads(rc.last_check_result_json)
    assert stored["missing"][0]["error"] == "timeout after 500 ms"
    assert stored["checked_at"] == iso(NOW)
    assert rb.stored_missing == json.loads(rb.last_check_result_json)["missing"]
    # the lease is released, so the rows can be claimed again when due
    assert {c[0] for c in await repo.claim_due("w3", nxt, 60, 10)} == {b.id, c.id}


async def test_no_activation_after_expiry(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    job = await repo.create("e.com", "UI", NOW, NOW + timedelta(seconds=1), NOW)
    late = NOW + timedelta(seconds=2)
    assert await repo.record_results([(job.id, ok_result())], late, LATER, owner=None) == []


async def test_stored_missing_tolerates_garbage(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await repo.create("g.com", "UI", NOW, LATER, NOW)
    for text in ("not json", "[1]", '{"missing": 3}'):
        async with engine.begin() as conn:
            await conn.execute(
                sa.text("UPDATE dns_requests SET last_check_result_json = :t"), {"t": text}
            )
        job = await repo.get("g.com", "UI")
        assert job is not None and job.stored_missing is None


async def test_create_and_restart_with_a_check_result(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    nxt = NOW + timedelta(minutes=5)
    ok = await repo.create("ok.com", "UI", NOW, LATER, nxt, ok_result())
    assert ok.status == "ACTIVE" and ok.activated_at == NOW and ok.next_check_at is None
    bad = await repo.create("bad.com", "UI", NOW, LATER, nxt, transient_result())
    assert bad.status == "PENDING" and bad.next_check_at == nxt
    row = await repo.get("bad.com", "UI")
    assert row is not None and row.last_checked_at == NOW
    assert row.fail_reason == "Transient DNS error: timeout after 500 ms"
    assert row.stored_missing is not None and row.stored_missing[0]["error"]
    stored = await repo.get("ok.com", "UI")
    assert stored is not None and stored.status == "ACTIVE"
    async with engine.begin() as conn:
        await conn.execute(sa.text("UPDATE dns_requests SET status = 'EXPIRED'"))
    later = NOW + timedelta(days=2)
    again = await repo.restart(stored, later, later + timedelta(days=1), later, bad_result())
    assert again is not None and again.status == "PENDING" and again.created_at == later
    row = await repo.get("ok.com", "UI")
    assert row is not None and row.activated_at is None and row.fail_reason is None


async def test_fast_reads_match_the_sqlalchemy_path(engine: AsyncEngine) -> None:
    plain = JobRepository(engine)
    fast = JobRepository(engine, fast_reads=True)
    try:
        await plain.create("f.com", "UI", NOW, LATER, NOW, ok_result())
        await plain.create("f.com", "EMAIL", NOW, LATER, NOW, transient_result())
        await plain.create("other.com", "EMAIL", NOW, LATER, NOW)
        assert await fast.for_target("f.com") == await plain.for_target("f.com")
        assert await fast.for_target("none.com") == []
        for target, job_type in [("f.com", "EMAIL"), ("f.com", "UI"), ("x.com", "UI")]:
            assert await fast.admission(target, job_type) == await plain.admission(target, job_type)
        jobs = await fast.for_target("f.com")
        assert jobs[0].created_at == NOW and jobs[0].created_at.tzinfo is not None
    finally:
        await fast.aclose()
        await fast.aclose()
