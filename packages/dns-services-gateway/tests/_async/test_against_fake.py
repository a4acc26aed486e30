"""Behaviour against the fake server over real loopback HTTP and DNS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dns_services_gateway import (
    AsyncDNSServicesClient,
    AuthenticationError,
    InvalidArgumentError,
    RecordChange,
    RetryPolicy,
)
from dns_services_gateway.testing import FakeDNSServices

USER = "user@example.com"
PASSWORD = "s3cret-Passw0rd"


async def test_create_verified_over_api_and_dns(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    response = await async_client.manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "api", "content": "192.0.2.20", "ttl": 600},
        verify="dns",
    )
    dumped = response.model_dump(mode="json")
    assert dumped["status"] == "success", dumped["error"]
    assert dumped["operation"] == "create"
    assert dumped["timestamp"].endswith("Z") or "+00:00" in dumped["timestamp"]
    assert dumped["data"]["before"]["records"] == []
    after = dumped["data"]["after"]["records"]
    assert [(r["name"], r["content"], r["ttl"]) for r in after] == [
        ("api.example.com", "192.0.2.20", 600)
    ]
    assert dumped["data"]["verified"] is True
    assert dumped["data"]["verification"]["dns"]["ok"] is True
    assert dumped["metadata"]["domain"] == "example.com"
    assert dumped["metadata"]["record_type"] == "A"
    assert dumped["metadata"]["ttl"] == 600
    assert dumped["metadata"]["serial_after"] == dumped["metadata"]["serial_before"] + 1
    assert [r.content for r in fake.zone("example.com").find("api", "A")] == ["192.0.2.20"]


async def test_update_and_delete_txt_record_set(async_client: AsyncDNSServicesClient) -> None:
    long_value = "v=" + "x" * 400
    created = await async_client.records.create(
        "example.com", name="_acme-challenge", record_type="TXT", content="token-1"
    )
    assert created.id is not None and created.name == "_acme-challenge.example.com"
    await async_client.records.create(
        "example.com", name="_acme-challenge.example.com.", record_type="TXT", content="token-2"
    )
    updated = await async_client.manage_record(
        action="update",
        domain="example.com",
        record_type="TXT",
        data={"name": "_acme-challenge", "match_content": "token-1", "content": long_value},
        verify="dns",
    )
    assert updated.status == "success", updated.error
    assert updated.data.verified is True, updated.data.verification
    listed = await async_client.records.list(
        "example.com", name="_acme-challenge", record_type="TXT"
    )
    assert sorted(r.content for r in listed) == sorted([long_value, "token-2"])
    deleted = await async_client.manage_record(
        action="delete",
        domain="example.com",
        record_type="TXT",
        data={"name": "_acme-challenge"},
        verify="dns",
    )
    assert deleted.status == "success", deleted.error
    assert deleted.data.verified is True
    assert len(deleted.metadata["record_ids"]) == 2
    assert (
        await async_client.records.list("example.com", name="_acme-challenge", record_type="TXT")
        == []
    )


async def test_mx_srv_caa_aaaa_round_trip(async_client: AsyncDNSServicesClient) -> None:
    cases = [
        ("MX", "@", "mail.example.com", 10),
        ("SRV", "_sip._tcp", "5 5060 sip.example.com", 20),
        ("CAA", "@", '0 issue "letsencrypt.org"', None),
        ("AAAA", "v6", "2001:db8::1", None),
        ("CNAME", "alias", "www.example.com", None),
    ]
    for rtype, name, content, priority in cases:
        data = {
            "name": name,
            "content": content,
            **({"priority": priority} if priority is not None else {}),
        }
        response = await async_client.manage_record(
            action="create", domain="example.com", record_type=rtype, data=data, verify="dns"
        )
        assert response.status == "success", (rtype, response.error)
        assert response.data.verified is True, (rtype, response.data.verification)
    mx = await async_client.records.list("example.com", record_type="MX")
    assert [(r.content, r.priority) for r in mx] == [("mail.example.com", 10)]


async def test_record_errors_give_error_envelopes(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.clear_requests()
    bad = [
        ("create", "A", {"name": "x", "content": "999.1.1.1"}, "content"),
        ("create", "AAAA", {"name": "x", "content": "zz:zz:zz"}, "content"),
        ("create", "CNAME", {"name": "@", "content": "other.example.net"}, "name"),
        ("create", "CNAME", {"name": "www", "content": "other.example.net"}, "name"),
        ("create", "MX", {"name": "@", "content": "mail.example.com"}, "priority"),
        ("create", "A", {"name": "x", "content": "192.0.2.1", "ttl": 0}, "ttl"),
        ("create", "TYPO", {"name": "x", "content": "1"}, "record_type"),
        ("create", "A", {"name": "x", "value": "192.0.2.1"}, "value"),
        ("update", "A", {"name": "missing", "content": "192.0.2.1"}, None),
        ("delete", "A", {"id": "999999"}, None),
    ]
    for action, rtype, data, field in bad:
        response = await async_client.manage_record(
            action=action, domain="example.com", record_type=rtype, data=data
        )  # type: ignore[arg-type]
        assert response.status == "error", (action, rtype, data)
        assert response.error is not None
        if field is not None:
            assert (
                response.error.type == "InvalidArgumentError" and response.error.field == field
            ), response.error
        else:
            assert response.error.type == "NotFoundError"
    assert [
        e for e in fake.requests if e.method in ("POST", "PUT", "DELETE") and "/records" in e.path
    ] == []


async def test_token_expiry_refreshes(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    await async_client.list_zones(refresh=True)
    fake.clock.advance(7200)  # the fake rejects the token now; the client still thinks it is valid
    await async_client.list_zones(refresh=True)
    assert fake.tokens_refreshed == 1
    assert len(fake.requests_to("/api/login")) == 1
    fake.faults.token_endpoint_enabled = False
    fake.clock.advance(7200)
    await async_client.list_zones(refresh=True)
    assert len(fake.requests_to("/api/login")) == 2


async def test_proactive_refresh_with_client_clock(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    await async_client.list_zones(refresh=True)
    auth = async_client._auth
    assert auth.expires_at is not None  # type: ignore[attr-defined]
    frozen = auth.expires_at - 30  # type: ignore[attr-defined]
    auth.clock = lambda: frozen  # type: ignore[attr-defined]
    await async_client.list_zones(refresh=True)
    assert fake.tokens_refreshed == 1
    assert [e.status for e in fake.requests_to("/api/dns")] == [200, 200]


async def test_wrong_password_raises(fake: FakeDNSServices, tmp_path: Path) -> None:
    async with AsyncDNSServicesClient(
        username=USER, password="wrong", base_url=fake.base_url, token_path=tmp_path / "t"
    ) as client:
        with pytest.raises(AuthenticationError):
            await client.list_zones()
        health = await client.health()
    assert health.ok is False


async def test_retries_against_faults(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.faults.fail_next(2, status=503, path="/api/dns$")
    assert len(await async_client.list_zones(refresh=True)) == 1
    fake.faults.rate_limit_next(1, retry_after=0, path="/api/dns$")
    assert len(await async_client.list_zones(refresh=True)) == 1
    fake.faults.drop_next(1, path="/api/dns$")
    assert len(await async_client.list_zones(refresh=True)) == 1


async def test_dropped_create_is_not_duplicated(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.faults.fail_next(1, status=502, path="/records$", method="POST")
    response = await async_client.manage_record(
        action="create",
        domain="example.com",
        record_type="TXT",
        data={"name": "once", "content": "v1"},
    )
    assert response.status == "success", response.error
    assert len(fake.zone("example.com").find("once", "TXT")) == 1
    fake.faults.drop_next(1, path="/records$", method="POST")
    response = await async_client.manage_record(
        action="create",
        domain="example.com",
        record_type="TXT",
        data={"name": "twice", "content": "v1"},
    )
    assert response.status == "success", response.error
    assert len(fake.zone("example.com").find("twice", "TXT")) == 1


async def test_dns_verification_waits_for_propagation(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.faults.dns_propagation_delay = 0.5
    response = await async_client.manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "slow", "content": "192.0.2.77"},
        verify="dns",
    )
    assert response.data.verified is True, response.data.verification
    dns = response.data.verification.dns if response.data.verification else None
    assert dns is not None and dns.details["attempts"] > 1


async def test_dns_verification_reports_why(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.faults.dns_propagation_delay = 60
    result = await async_client.verify(
        "example.com", name="www", record_type="A", content="192.0.2.99", deadline=0.3
    )
    assert result.verified is False
    assert result.api is not None and result.api.ok is False
    assert result.dns is not None and result.dns.ok is False and "deadline" in result.dns.reason
    closed = await async_client.verify(
        "example.com",
        name="www",
        record_type="A",
        content="192.0.2.10",
        nameservers=[("127.0.0.1", 9)],
        dns_timeout=0.2,
        deadline=0.3,
    )
    assert closed.verified is None
    assert closed.dns is not None and closed.dns.ok is None and closed.dns.reason


async def test_batch_dry_run_and_apply(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    changes = [
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "b1",
            "content": "192.0.2.1",
        },
        {
            "action": "create",
            "domain": "example.com",
            "record_type": "TXT",
            "name": "b2",
            "content": "hello",
        },
        {
            "action": "update",
            "domain": "example.com",
            "type": "A",
            "name": "www",
            "content": "192.0.2.11",
        },
        {"action": "delete", "domain": "example.com", "type": "TXT", "name": "b2"},
        RecordChange(
            action="create", domain="example.com", type="A", name="b3", content="192.0.2.3"
        ),
    ]
    fake.clear_requests()
    plan = await async_client.batch(changes, dry_run=True)
    assert plan.dry_run and plan.counts() == {"create": 3, "update": 1, "delete": 1}
    assert [r.status for r in plan.results] == ["skipped"] * 5
    assert [e for e in fake.requests if "/records" in e.path] == []
    seen: list[int] = []
    requests_at_progress: list[int] = []

    def progress(index: int) -> None:
        seen.append(index)
        requests_at_progress.append(len([e for e in fake.requests if "/records" in e.path]))

    result = await async_client.batch(changes, progress=progress)
    assert result.ok, result.results
    assert seen == [0, 1, 2, 3, 4], "one call per change, in input order"
    assert requests_at_progress == [1, 2, 3, 4, 5], "called as each change is sent"
    assert [r.verified for r in result.results] == [True, None, True, True, True]
    assert result.serials["example.com"]["after"] == result.serials["example.com"]["before"] + 5
    zone = fake.zone("example.com")
    assert [r.content for r in zone.find("www", "A")] == ["192.0.2.11"]
    assert zone.find("b2", "TXT") == []


async def test_batch_stop_or_continue(async_client: AsyncDNSServicesClient) -> None:
    changes = [
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "ok1",
            "content": "192.0.2.1",
        },
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "bad",
            "content": "nope",
        },
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "ok2",
            "content": "192.0.2.2",
        },
        {
            "action": "create",
            "domain": "unknown.org",
            "type": "A",
            "name": "x",
            "content": "192.0.2.2",
        },
    ]
    stopped = await async_client.batch(changes)
    # The bad data and the unknown zone are known before anything is sent: nothing is sent.
    assert [r.status for r in stopped.results] == ["skipped", "error", "skipped", "error"]
    assert await async_client.records.list("example.com", name="ok1") == []
    plan = await async_client.batch(changes, dry_run=True)
    assert [r.status for r in plan.results] == ["skipped", "error", "skipped", "error"]
    continued = await async_client.batch(changes[1:], stop_on_error=False)
    assert [r.status for r in continued.results] == ["error", "success", "error"]
    assert continued.results[0].error_type == "InvalidArgumentError"
    with pytest.raises(InvalidArgumentError, match=r"changes\[0\]\.action"):
        await async_client.batch([{"action": "upsert", "domain": "example.com", "type": "A"}])


async def test_domains(async_client: AsyncDNSServicesClient, fake: FakeDNSServices) -> None:
    fake.add_domain("example.com")
    fake.add_domain("elsewhere.net", nameservers=["ns1.other.net"])
    domains = await async_client.domains.list(with_nameservers=True)
    by_name = {d.name: d for d in domains}
    assert by_name["example.com"].hosted and by_name["example.com"].dns_configured is True
    assert by_name["example.com"].status == "Active" and by_name["example.com"].expires is not None
    assert by_name["elsewhere.net"].hosted is False
    details = await async_client.domains.get("example.com")
    assert details.soa is not None and details.soa.primary_ns == "ns1.dns.services"
    assert details.record_counts["NS"] == 2 and details.record_counts["A"] == 1
    assert details.configuration_status == "configured"
    assert "records.create" in details.available_operations
    assert "service: Add DNS record (POST /service/@id/dns/@zone_id/records)" in (
        details.available_operations
    )
    other = await async_client.domains.get("elsewhere.net")
    assert other.configuration_status == "not_hosted"


async def test_health_and_auth_status(async_client: AsyncDNSServicesClient) -> None:
    health = await async_client.health()
    assert health.ok and health.account_email == USER and health.auth_mode == "jwt"
    status = async_client.auth_status()
    assert status.token_present and status.username == USER
    assert PASSWORD not in status.model_dump_json()


async def test_basic_mode_against_fake(fake: FakeDNSServices, tmp_path: Path) -> None:
    async with AsyncDNSServicesClient(
        username=USER,
        password=PASSWORD,
        base_url=fake.base_url,
        auth="basic",
        token_path=tmp_path / "t",
        retry_policy=RetryPolicy(max_retries=0),
    ) as client:
        records = await client.records.list("example.com", name="www")
    assert [r.content for r in records] == ["192.0.2.10"]
    assert fake.requests_to("/api/login") == []


async def test_batch_reports_server_errors_per_change(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.faults.fail_next(4, status=503, path="/records/", method="PUT")
    changes = [
        {
            "action": "update",
            "domain": "example.com",
            "type": "A",
            "name": "www",
            "content": "192.0.2.50",
        },
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "after",
            "content": "192.0.2.51",
        },
    ]
    result = await async_client.batch(changes, stop_on_error=False)
    assert [r.status for r in result.results] == ["error", "success"]
    assert result.results[0].error_type == "InternalServerError"
    assert result.results[1].verified is True
    assert not result.ok
    assert [r.content for r in fake.zone("example.com").find("www", "A")] == ["192.0.2.10"]
    # With stop_on_error, a failure while sending skips what follows (after sending began).
    fake.faults.fail_next(4, status=503, path="/records/", method="PUT")
    changes[1]["name"] = "after2"
    stopped = await async_client.batch(changes)
    assert [r.status for r in stopped.results] == ["error", "skipped"]
    assert fake.zone("example.com").find("after2", "A") == []


async def test_sequential_creates_keep_order(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    changes = [
        {
            "action": "create",
            "domain": "example.com",
            "type": "TXT",
            "name": "seq",
            "content": f"v{i}",
        }
        for i in range(6)
    ]
    result = await async_client.batch(changes)
    assert result.ok
    posts = [json.loads(e.body)["content"] for e in fake.requests_to("/records", "POST")]
    assert posts == [f"v{i}" for i in range(6)]
    ids = [int(r.record.id) for r in result.results if r.record and r.record.id]
    assert ids == sorted(ids) and len(ids) == 6


async def test_nameserver_host_names_resolved_through_resolver(
    fake: FakeDNSServices, tmp_path: Path
) -> None:
    fake.zone("example.com").add_record("ns-test", "A", "127.0.0.1")
    provider = fake.add_zone("dns.services")
    provider.add_record("ns1", "A", "127.0.0.1")
    provider.add_record("ns2", "A", "127.0.0.1")
    async with AsyncDNSServicesClient(
        username=USER,
        password=PASSWORD,
        base_url=fake.base_url,
        token_path=tmp_path / "t",
        resolver=fake.nameserver,
        dns_timeout=0.5,
        verify_deadline=0.5,
    ) as client:
        by_name = await client.verify(
            "example.com",
            name="www",
            record_type="A",
            content="192.0.2.10",
            nameservers=[("ns-test.example.com", fake.nameserver[1])],
        )
        assert by_name.verified is True, by_name.reason
        missing = await client.verify(
            "example.com",
            name="www",
            record_type="A",
            content="192.0.2.10",
            nameservers=["missing.example.com"],
        )
        assert missing.verified is None
        assert (
            missing.dns is not None and "missing.example.com did not resolve" in missing.dns.reason
        )
        # Default: the zone's own NS records (ns1/ns2.dns.services), here 127.0.0.1 port 53,
        # where nothing listens: the check says it could not verify, and why.
        default = await client.verify(
            "example.com", name="www", record_type="A", content="192.0.2.10"
        )
        assert default.verified is None
        assert default.dns is not None and "127.0.0.1:53" in default.dns.reason
        assert default.dns.details["nameservers"] == ["127.0.0.1:53", "127.0.0.1:53"]


async def test_bad_input_sends_no_request_at_all(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    """Zone-independent checks run before the first request, login included."""
    fake.clear_requests()
    for record_type, data, field in [
        ("A", {"name": "www", "content": "999.1.1.1"}, "content"),
        ("AAAA", {"name": "v6", "content": "zz:zz:zz"}, "content"),
        ("MX", {"name": "@", "content": "mail.example.com"}, "priority"),
        ("TXT", {"name": "bad name!", "content": "x"}, "name"),
        ("A", {"name": "www", "content": "192.0.2.1", "ttl": 0}, "ttl"),
        ("BOGUS", {"name": "www", "content": "x"}, "record_type"),
        ("A", {"name": "www"}, "content"),
    ]:
        response = await async_client.manage_record(
            action="create", domain="example.com", record_type=record_type, data=data
        )
        assert response.status == "error" and response.error is not None
        assert response.error.type == "InvalidArgumentError" and response.error.field == field
    update = await async_client.manage_record(
        action="update",
        domain="example.com",
        record_type="A",
        data={"name": "www", "content": "192.0.2.300"},
    )
    assert update.error is not None and update.error.field == "content"
    with pytest.raises(InvalidArgumentError, match="is not an IPv4 address"):
        await async_client.records.create(
            "example.com", name="www", record_type="A", content="192.0.2.256"
        )
    with pytest.raises(InvalidArgumentError, match="ttl"):
        await async_client.records.update("example.com", name="www", record_type="A", ttl=-1)
    with pytest.raises(InvalidArgumentError, match="record_type"):
        await async_client.verify("example.com", name="www", record_type="SPF", content="x")
    with pytest.raises(InvalidArgumentError, match="record_type"):
        await async_client.records.list("example.com", record_type="bogus")
    with pytest.raises(InvalidArgumentError, match="name"):
        await async_client.records.list("example.com", name="no such name!")
    assert fake.requests == [], "nothing was sent, not even a login"
    assert [r.type for r in await async_client.records.list("example.com", record_type="a")] == [
        "A"
    ]


async def test_wildcard_owner_names(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    """A wildcard owner name (RFC 4592) is accepted and served by the nameservers."""
    response = await async_client.manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "*.apps", "content": "192.0.2.44"},
        verify="dns",
    )
    assert response.status == "success", response.error
    assert response.metadata["name"] == "*.apps.example.com"
    assert response.data.verified is True, response.data.verification
    with pytest.raises(InvalidArgumentError, match="bad label"):
        await async_client.records.create(
            "example.com", name="apps.*", record_type="A", content="192.0.2.45"
        )
