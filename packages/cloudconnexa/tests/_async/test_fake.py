"""Every service against the stateful fake over real loopback HTTP (cloudconnexa.testing)."""

from __future__ import annotations

import gc
import weakref

import httpx
import pytest

from cloudconnexa import (
    APIResponseValidationError,
    AsyncCloudConnexaClient,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    NotSupportedError,
    RetryPolicy,
)
from cloudconnexa.types import NetworkResponse, UserStatus

FAST = RetryPolicy(max_retries=6, backoff_base=0.01, backoff_max=0.05, max_wait=2.0)


def connect(fake, **kwargs) -> AsyncCloudConnexaClient:
    kwargs.setdefault("retry", FAST)
    return AsyncCloudConnexaClient(fake.base_url, "id", "secret", **kwargs)


async def test_networks_routes_connectors_services_applications(fake):
    async with connect(fake) as client:
        network = await client.networks.create(
            {
                "name": "hq",
                "description": "head office",
                "internetAccess": "SPLIT_TUNNEL_ON",
                "egress": False,
                "connectors": [{"name": "hq-gw", "vpnRegionId": "it-mxp"}],
            }
        )
        assert isinstance(network, NetworkResponse)
        assert network.connectors and network.connectors[0].name == "hq-gw"
        route = await client.routes.create({"value": "10.10.0.0/16"}, network_id=network.id)
        assert route.type == "IP_V4" and route.subnet == "10.10.0.0/16"
        with pytest.raises(BadRequestError):
            await client.routes.create({"value": "10.10.1.0/24"}, network_id=network.id)
        route = await client.routes.update(route.id, {"value": "10.20.0.0/16", "description": "b"})
        assert (await client.routes.get(route.id)).description == "b"
        assert [r.id async for r in client.routes.list(network_id=network.id)] == [route.id]

        connector = await client.network_connectors.create(
            {"name": "edge", "vpnRegionId": "it-mxp"}, network_id=network.id
        )
        assert connector.network_item_id == network.id
        assert "edge" in [c.name async for c in client.connectors.list(network_id=network.id)]
        profile = await client.profiles.download_connector(connector.id)
        assert profile.strip()
        assert await client.network_connectors.encrypt_profile(connector.id)
        assert await client.network_connectors.create_bundle(connector.id, bundle_type="DMG")
        assert await client.profiles.revoke_connector(connector.id) in (True, False)
        connector = await client.network_connectors.update(
            connector.id, {"name": "edge-2", "vpnRegionId": "it-mxp"}
        )
        assert (await client.connectors.get(connector.id)).name == "edge-2"

        service = await client.network_ip_services.create(
            {
                "name": "web",
                "type": "SERVICE_DESTINATION",
                "routes": [{"value": "10.20.1.0/24"}],
                "config": {"serviceTypes": ["HTTPS"]},
            },
            network_id=network.id,
        )
        assert (await client.network_ip_services.get(service.id)).name == "web"
        await client.network_ip_services.update(
            service.id,
            {
                "name": "web2",
                "type": "SERVICE_DESTINATION",
                "routes": [{"value": "10.20.1.0/24"}],
                "config": {"serviceTypes": ["HTTP"]},
            },
        )
        assert len(await client.network_ip_services.list(network_id=network.id).to_list()) == 1
        app = await client.network_applications.create(
            {
                "name": "wiki",
                "routes": [{"value": "wiki.example.com", "allowEmbeddedIp": False}],
                "config": {"serviceTypes": ["HTTPS"]},
            },
            network_id=network.id,
        )
        assert (await client.network_applications.get(app.id)).name == "wiki"
        await client.network_applications.update(
            app.id,
            {
                "name": "wiki2",
                "routes": [{"value": "wiki.example.com"}],
                "config": {"serviceTypes": ["HTTPS"]},
            },
        )
        assert len(await client.network_applications.list().to_list()) == 1

        fetched = await client.networks.get(network.id)
        assert {c.id for c in fetched.connectors or []} >= {connector.id}
        updated = await client.networks.update(
            network.id, {"name": "hq2", "internetAccess": "SPLIT_TUNNEL_OFF"}
        )
        assert updated.name == "hq2"
        for deleter, item in (
            (client.network_applications.delete, app.id),
            (client.network_ip_services.delete, service.id),
            (client.routes.delete, route.id),
            (client.connectors.delete, connector.id),
            (client.networks.delete, network.id),
        ):
            await deleter(item)
        with pytest.raises(NotFoundError):
            await client.networks.get(network.id)


async def test_hosts_and_their_children(fake):
    async with connect(fake) as client:
        host = await client.hosts.create(
            {"name": "db", "internetAccess": "SPLIT_TUNNEL_ON", "domain": "db.example.com"}
        )
        connector = await client.connectors.create(
            {"name": "db-gw", "vpnRegionId": "fi-hel"}, host_id=host.id
        )
        assert connector.network_item_id == host.id
        assert (await client.host_connectors.get(connector.id)).name == "db-gw"
        await client.host_connectors.update(
            connector.id, {"name": "db-gw2", "vpnRegionId": "fi-hel"}
        )
        assert await client.profiles.download_connector(connector.id, family="host")
        assert await client.profiles.encrypt_connector(connector.id, family="host")
        assert await client.profiles.bundle_connector(
            connector.id, bundle_type="MSI", family="host"
        )
        await client.host_connectors.revoke_profile(connector.id)
        service = await client.host_ip_services.create(
            {
                "name": "pg",
                "config": {"customServiceTypes": [{"protocol": "TCP", "port": [{"value": 5432}]}]},
            },
            host_id=host.id,
        )
        assert (await client.host_ip_services.get(service.id)).name == "pg"
        await client.host_ip_services.update(
            service.id, {"name": "pg2", "config": {"serviceTypes": ["ANY"]}}
        )
        app = await client.host_applications.create(
            {
                "name": "admin",
                "routes": [{"value": "admin.db.example.com"}],
                "config": {"serviceTypes": ["HTTPS"]},
            },
            host_id=host.id,
        )
        await client.host_applications.update(
            app.id,
            {
                "name": "admin2",
                "routes": [{"value": "admin.db.example.com"}],
                "config": {"serviceTypes": ["HTTPS"]},
            },
        )
        assert (await client.host_applications.get(app.id)).name == "admin2"
        assert len(await client.host_ip_services.list(host_id=host.id).to_list()) == 1
        assert len(await client.host_applications.list(host_id=host.id).to_list()) == 1
        assert len([c async for c in client.connectors.list(host_id=host.id)]) == 1
        await client.hosts.update(host.id, {"name": "db2", "internetAccess": "SPLIT_TUNNEL_ON"})
        assert (await client.hosts.get(host.id)).name == "db2"
        assert host.id in [h.id async for h in client.hosts.list()]
        await client.host_applications.delete(app.id)
        await client.host_ip_services.delete(service.id)
        await client.connectors.delete(connector.id, family="host")
        await client.hosts.delete(host.id)


async def test_users_groups_devices(fake):
    async with connect(fake) as client:
        group = await client.user_groups.create(
            {
                "name": "eng",
                "internetAccess": "SPLIT_TUNNEL_ON",
                "maxDevice": 1,
                "connectAuth": "NO_AUTH",
                "vpnRegionIds": ["it-mxp"],
            }
        )
        assert (await client.user_groups.get(group.id)).name == "eng"
        await client.user_groups.update(
            group.id,
            {
                "name": "eng2",
                "maxDevice": 1,
                "internetAccess": "SPLIT_TUNNEL_ON",
                "connectAuth": "NO_AUTH",
            },
        )
        user = await client.users.create(
            {
                "username": "ada",
                "email": "ada@example.com",
                "firstName": "Ada",
                "lastName": "Lovelace",
                "groupId": group.id,
                "role": "MEMBER",
            }
        )
        assert user.status is UserStatus.INVITED
        user = await client.users.update(
            user.id, {"firstName": "Augusta", "groupId": group.id, "email": "ada@example.com"}
        )
        assert user.first_name == "Augusta"
        device = await client.devices.create({"name": "laptop"}, user_id=user.id)
        assert (await client.devices.get(device.id, user_id=user.id)).name == "laptop"
        with pytest.raises(BadRequestError, match=r"(?i)device limit"):
            await client.devices.create({"name": "phone"}, user_id=user.id)
        await client.devices.update(device.id, {"name": "laptop2"}, user_id=user.id)
        assert [d.name async for d in client.devices.list(user_id=user.id)] == ["laptop2"]
        profile = await client.profiles.download_device(
            device.id, user_id=user.id, region_id="it-mxp"
        )
        assert profile.strip()
        await client.profiles.revoke_device(device.id, user_id=user.id)
        assert len((await client.users.get(user.id)).devices or []) == 1
        await client.devices.delete(device.id, user_id=user.id)
        assert user.id in [u.id async for u in client.users.list()]
        await client.users.delete(user.id)
        await client.user_groups.delete(group.id)
        with pytest.raises(NotFoundError):
            await client.users.get(user.id)


async def test_dns_access_location_posture(fake):
    async with connect(fake) as client:
        record = await client.dns_records.create(
            {"domain": "intranet.example.com", "ipv4Addresses": ["10.0.0.10"]}
        )
        await client.dns_records.update(
            record.id, {"domain": "intranet.example.com", "ipv4Addresses": ["10.0.0.11"]}
        )
        assert (await client.dns_records.get(record.id)).ipv4_addresses == ["10.0.0.11"]
        assert len(await client.dns_records.list().to_list()) == 1
        await client.dns_records.delete(record.id)
        with pytest.raises(NotFoundError) as info:
            await client.dns_records.get(record.id)
        assert info.value.status_code == 400  # the DNS-record quirk

        groups = await client.access_groups.list().to_list()
        assert any(g.default_group for g in groups)
        user_group = (await client.user_groups.list().to_list())[0]
        access = await client.access_groups.create(
            {
                "name": "eng-access",
                "source": [{"type": "USER_GROUP", "allCovered": False, "parent": user_group.id}],
                "destination": [{"type": "USER_GROUP", "allCovered": True}],
            }
        )
        await client.access_groups.update(
            access.id,
            {
                "name": "eng-access-2",
                "source": [{"type": "USER_GROUP", "allCovered": True}],
                "destination": [{"type": "USER_GROUP", "allCovered": True}],
            },
        )
        assert (await client.access_groups.get(access.id)).name == "eng-access-2"
        await client.access_groups.add_source(
            access.id, {"type": "USER_GROUP", "parent": user_group.id}
        )
        await client.access_groups.remove_source(
            access.id, type="USER_GROUP", parent_id=user_group.id
        )
        await client.access_groups.add_destination(
            access.id, {"type": "USER_GROUP", "parent": user_group.id}
        )
        await client.access_groups.remove_destination(
            access.id, type="USER_GROUP", parent_id=user_group.id
        )
        await client.access_groups.delete(access.id)

        context = await client.location_contexts.create(
            {
                "name": "office",
                "userGroupsIds": [user_group.id],
                "ipCheck": {"allowed": True, "ips": [{"ip": "203.0.113.0/24"}]},
                "defaultCheck": {"allowed": False},
            }
        )
        await client.location_contexts.update(
            context.id,
            {
                "name": "office2",
                "userGroupsIds": [user_group.id],
                "defaultCheck": {"allowed": True},
            },
        )
        assert (await client.location_contexts.get(context.id)).name == "office2"
        assert len(await client.location_contexts.list().to_list()) == 1
        await client.location_contexts.delete(context.id)

        posture = await client.device_postures.create(
            {"name": "managed", "userGroupsIds": [user_group.id], "linux": {"allowed": True}}
        )
        await client.device_postures.update(
            posture.id, {"name": "managed2", "userGroupsIds": [user_group.id]}
        )
        assert (await client.device_postures.get(posture.id)).name == "managed2"
        assert len(await client.device_postures.list().to_list()) == 1
        await client.device_postures.delete(posture.id)


async def test_regions_settings_dns_log_cybershield(fake):
    async with connect(fake) as client:
        regions = await client.regions.list()
        assert "it-mxp" in {r.id for r in regions}
        for name in client.settings.names():
            value = await client.settings.get(name)
            assert value is not None, name
        assert await client.settings.set("wpc/topology", "CUSTOM") == "CUSTOM"
        assert await client.settings.get("wpc/topology") == "CUSTOM"
        assert await client.settings.set("wpc/snat", False) is False
        assert await client.settings.set("users/connection-timeout", 60) == 60
        assert await client.settings.set("dns/default-suffix", "corp.example") == "corp.example"
        zones = await client.settings.set(
            "dns/zones", {"zones": [{"name": "corp", "addresses": ["10.0.0.53"]}]}
        )
        assert zones.zones[0].name == "corp"
        assert await client.settings.set("wpc/client-options", ["verb 3"]) == ["verb 3"]

        await client.dns_log.enable()
        fake.seed_dns_resolutions(25)
        resolutions = await client.dns_log.list(start_hour=fake.clock.now(), page_size=10).to_list()
        assert len(resolutions) == 25
        await client.dns_log.disable()

        await client.cybershield.add_block_list_domains(
            ["bad.example", {"domain": "worse.example", "comment": "x"}]
        )
        await client.cybershield.remove_block_list_domains(["bad.example"])
        await client.cybershield.add_allow_list_domains(["good.example"])
        await client.cybershield.remove_allow_list_domains(["good.example"])


async def test_sessions_and_audit_log(fake_server):
    fake = fake_server()
    fake.seed_sessions(250)
    async with connect(fake) as client:
        batches = [len(b) async for b in client.connections.list(size=100).pages()]
        assert batches == [100, 100, 50]
        with pytest.raises(NotSupportedError):
            await client.audit_logs.list(
                start_date=fake.clock.now().replace(microsecond=0).isoformat(),
                end_date=fake.clock.now().replace(microsecond=0).isoformat(),
            ).to_list()
    newer = fake_server(newer_api=True)
    async with connect(newer) as client:
        now = newer.clock.now()
        await client.networks.create({"name": "audited", "internetAccess": "SPLIT_TUNNEL_ON"})
        entries = await client.audit_logs.list(
            start_date=now.replace(hour=0, minute=0, second=0, microsecond=0),
            end_date=now.replace(hour=23, minute=59, second=0, microsecond=0),
        ).to_list()
        assert entries and all(entry.model_extra is not None for entry in entries)
        user_id = newer.seed_users(1)[0]
        assert (await client.users.activate(user_id)).status is UserStatus.ACTIVE
        assert (await client.users.suspend(user_id)).status is UserStatus.SUSPENDED
    async with connect(fake) as client:
        with pytest.raises(NotSupportedError):
            await client.users.activate(fake.seed_users(1)[0])


async def test_pagination_over_thousands(fake):
    fake.seed_users(3000)
    async with connect(fake, page_size=1000) as client:
        count = 0
        async for _ in client.users.list():
            count += 1
        assert count == 3000
        pages = [len(p) async for p in client.users.list(page_size=250).pages()]
        assert pages == [250] * 12


async def test_listing_holds_one_page_at_a_time(fake):
    # Memory stays flat: the items and responses of pages already walked are freed at once
    # by reference counting (no cycles left for the garbage collector), whatever the count.
    fake.seed_users(1000)
    async with connect(fake) as client:
        await client.authenticate()
        first_page: list[weakref.ref[object]] = []
        alive = None
        responses = None
        index = 0
        gc.collect()
        gc.disable()
        try:
            async for user in client.users.list(page_size=100):
                if index < 100:
                    first_page.append(weakref.ref(user))
                if index == 350:
                    alive = sum(1 for ref in first_page if ref() is not None)
                    responses = sum(isinstance(o, httpx.Response) for o in gc.get_objects())
                index += 1
        finally:
            gc.enable()
        assert index == 1000
        assert alive == 0
        assert responses == 0


async def test_token_renewal_on_expiry(fake):
    async with connect(fake) as client:
        first = await client.authenticate()
        await client.regions.list()
        fake.clock.advance(43200)  # the fake's tokens expire; the client still holds one
        await client.regions.list()
        assert client.token is not None and client.token is not first
    assert fake.tokens_issued == 2


async def test_wrong_secret(fake):
    async with AsyncCloudConnexaClient(fake.base_url, "id", "wrong", retry=FAST) as client:
        with pytest.raises(AuthenticationError):
            await client.regions.list()


async def test_429_storm_is_absorbed(fake):
    fake.faults.rate_limit_next(5)
    async with connect(fake) as client:
        group = await client.user_groups.create(
            {"name": "storm", "internetAccess": "SPLIT_TUNNEL_ON"}
        )
        assert group.name == "storm"
    assert len([r for r in fake.requests if r.path == "/api/v1/user-groups"]) >= 5


async def test_strict_bucket_never_fails(fake_server):
    from cloudconnexa.testing import RateLimit

    fake = fake_server(rate_limit=RateLimit(burst=5, refill_per_second=100))
    async with connect(fake) as client:
        network = await client.networks.create({"name": "n", "internetAccess": "SPLIT_TUNNEL_ON"})
        for i in range(30):
            await client.routes.create({"value": f"10.{i}.0.0/16"}, network_id=network.id)
        assert len(await client.routes.list(network_id=network.id).to_list()) == 30


async def test_5xx_bursts_and_dropped_connections(fake):
    async with connect(fake) as client:
        fake.faults.fail_next(3, 503)
        assert await client.regions.list()
        fake.faults.fail_next(2, 502, method="GET")
        assert await client.regions.list()
        fake.faults.drop_next(2, method="GET")
        assert await client.regions.list()
        fake.faults.html_next(10, 502, method="GET")
        with pytest.raises(InternalServerError, match="HTML"):
            await client.regions.list()
        fake.faults.clear()
        before = len(await client.user_groups.list().to_list())
        fake.faults.fail_next(1, 500, method="POST")
        with pytest.raises(InternalServerError):
            await client.user_groups.create({"name": "once", "internetAccess": "SPLIT_TUNNEL_ON"})
        assert len(await client.user_groups.list().to_list()) == before  # not repeated
        fake.faults.malformed_json_next(1, method="GET")
        with pytest.raises(APIResponseValidationError):
            await client.user_groups.list().to_list()


async def test_validation_error_details_from_fake(fake):
    async with connect(fake) as client:
        with pytest.raises(BadRequestError) as info:
            await client.networks.create(
                {"name": "n", "description": "x" * 1000, "internetAccess": "SPLIT_TUNNEL_ON"}
            )
        assert "description" in info.value.details
        with pytest.raises(NotFoundError):
            await client.hosts.get("00000000-0000-0000-0000-000000000000")
