"""Service behaviour: bodies, parent ids, typed results, settings and custom verbs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from cloudconnexa import APIResponseValidationError, AsyncCloudConnexaClient, InvalidArgumentError
from cloudconnexa.types import (
    ConnectionStatus,
    DnsZones,
    NetworkCreateRequest,
    NetworkResponse,
    NetworkRouteRequest,
    UserResponse,
    UserStatus,
)

BASE = "http://127.0.0.1:9"


def make(api, fast_retry) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(
        BASE, "id", "secret", transport=api.transport(), retry=fast_retry
    )


def sent_json(request: httpx.Request):
    return json.loads(request.content)


async def test_create_with_model_and_typed_result(api, fast_retry):
    api.json(
        "POST",
        "/api/v1/networks",
        {
            "id": "n1",
            "name": "hq",
            "internetAccess": "SPLIT_TUNNEL_ON",
            "routes": [],
            "connectors": [],
            "systemSubnets": ["100.96.0.0/11"],
            "licensed": True,
        },
        status=201,
    )
    async with make(api, fast_retry) as client:
        body = NetworkCreateRequest(name="hq", internet_access="SPLIT_TUNNEL_ON", egress=False)
        network = await client.networks.create(body)
    assert isinstance(network, NetworkResponse)
    assert network.system_subnets == ["100.96.0.0/11"]
    assert network.model_extra == {"licensed": True}
    assert sent_json(api.calls("POST", "/api/v1/networks")[0]) == {
        "name": "hq",
        "internetAccess": "SPLIT_TUNNEL_ON",
        "egress": False,
    }


async def test_dict_body_in_api_or_python_names(api, fast_retry):
    api.json("PUT", "/api/v1/users/u1", {"id": "u1", "status": "ACTIVE"})
    async with make(api, fast_retry) as client:
        await client.users.update("u1", {"firstName": "Ada", "group_id": "g1", "extra": 1})
    assert sent_json(api.calls("PUT", "/api/v1/users/u1")[0]) == {
        "firstName": "Ada",
        "groupId": "g1",
        "extra": 1,
    }


async def test_bad_bodies_fail_before_sending(api, fast_retry):
    async with make(api, fast_retry) as client:
        with pytest.raises(InvalidArgumentError, match="NetworkCreateRequest"):
            await client.networks.create(["not", "a", "dict"])
        with pytest.raises(InvalidArgumentError, match="egress"):
            await client.networks.create({"name": "x", "egress": "maybe"})
        with pytest.raises(InvalidArgumentError, match="NetworkRouteRequest"):
            await client.routes.create(NetworkCreateRequest(name="x"), network_id="n1")
        with pytest.raises(InvalidArgumentError, match="id must be a non-empty"):
            await client.networks.get("")
        with pytest.raises(InvalidArgumentError, match="network_id"):
            await client.routes.create({"value": "10.0.0.0/8"}, network_id=" ")
    assert api.requests == []


async def test_unknown_enum_values_are_kept(api, fast_retry):
    api.json(
        "GET",
        "/api/v1/users/u1",
        {"id": "u1", "status": "ACTIVE", "connectionStatus": "HIBERNATING"},
    )
    async with make(api, fast_retry) as client:
        user = await client.users.get("u1")
    assert isinstance(user, UserResponse)
    assert user.status is UserStatus.ACTIVE
    assert user.connection_status == "HIBERNATING"
    assert not isinstance(user.connection_status, ConnectionStatus)


async def test_parent_ids_go_to_the_query(api, fast_retry):
    api.json("POST", "/api/v1/networks/routes", {"id": "r1"}, status=201)
    api.json("POST", "/api/v1/hosts/connectors", {"id": "c1"}, status=201)
    api.json("GET", "/api/v1/devices/d1", {"id": "d1"})
    async with make(api, fast_retry) as client:
        await client.routes.create(NetworkRouteRequest(value="10.1.0.0/16"), network_id="n1")
        await client.host_connectors.create({"name": "c", "vpnRegionId": "it-mxp"}, host_id="h1")
        await client.devices.get("d1", user_id="u1")
    assert api.calls("POST", "/api/v1/networks/routes")[0].url.params["networkId"] == "n1"
    assert api.calls("POST", "/api/v1/hosts/connectors")[0].url.params["hostId"] == "h1"
    assert api.calls("GET", "/api/v1/devices/d1")[0].url.params["userId"] == "u1"


async def test_connectors_facade(api, fast_retry):
    page = {"content": [{"id": "x"}], "totalPages": 1, "page": 0, "size": 100}
    api.json("GET", "/api/v1/networks/connectors", page)
    api.json("GET", "/api/v1/hosts/connectors", page)
    api.json("POST", "/api/v1/hosts/connectors", {"id": "hc"}, status=201)
    api.json("POST", "/api/v1/networks/connectors", {"id": "nc"}, status=201)
    api.json("GET", "/api/v1/hosts/connectors/hc", {"id": "hc"})
    api.json("GET", "/api/v1/networks/connectors/nc", {"id": "nc"})
    api.json("PUT", "/api/v1/hosts/connectors/hc", {"id": "hc"})
    api.json("PUT", "/api/v1/networks/connectors/nc", {"id": "nc"})
    api.on("DELETE", "/api/v1/hosts/connectors/hc", httpx.Response(204))
    api.on("DELETE", "/api/v1/networks/connectors/nc", httpx.Response(204))
    async with make(api, fast_retry) as client:
        both = [c.id async for c in client.connectors.list()]
        only_network = [c.id async for c in client.connectors.list(network_id="n1")]
        assert (await client.connectors.create({"name": "a"}, host_id="h1")).id == "hc"
        assert (await client.connectors.create({"name": "a"}, network_id="n1")).id == "nc"
        assert (await client.connectors.get("hc", family="host")).id == "hc"
        assert (await client.connectors.get("nc")).id == "nc"
        await client.connectors.update("hc", {"name": "b"}, family="host")
        await client.connectors.update("nc", {"name": "b"})
        await client.connectors.delete("hc", family="host")
        await client.connectors.delete("nc")
        with pytest.raises(InvalidArgumentError):
            await client.connectors.create({"name": "a"})
        with pytest.raises(InvalidArgumentError):
            await client.connectors.get("x", family="cloud")
        with pytest.raises(InvalidArgumentError):
            client.connectors.list(network_id="a", host_id="b")  # refused before any request
        pages = [len(p) async for p in client.connectors.list(page_size=5).pages()]
        every = await client.connectors.list(host_id="h1").to_list()
        assert "2 collections" in repr(client.connectors.list())
    assert both == ["x", "x"]
    assert only_network == ["x"]
    assert pages == [1, 1] and [c.id for c in every] == ["x"]
    sizes = {c.url.params["size"] for c in api.calls("GET", "/api/v1/hosts/connectors")}
    assert "5" in sizes


async def test_profiles_facade(api, fast_retry):
    api.on("POST", "/api/v1/networks/connectors/c1/profile", httpx.Response(200, text="ovpn-n"))
    api.on("POST", "/api/v1/hosts/connectors/c1/profile", httpx.Response(200, text='"ovpn-h"'))
    api.on("POST", "/api/v1/hosts/connectors/c1/profile/encrypt", httpx.Response(200, text="tok"))
    api.on(
        "POST",
        "/api/v1/networks/connectors/c1/profile/bundle",
        httpx.Response(200, text="https://example.com/b.msi"),
    )
    api.on("DELETE", "/api/v1/networks/connectors/c1/profile", httpx.Response(200, text="false"))
    api.on("POST", "/api/v1/devices/d1/profile", httpx.Response(200, text="ovpn-d"))
    api.on("DELETE", "/api/v1/devices/d1/profile", httpx.Response(200, text="revoked"))
    async with make(api, fast_retry) as client:
        assert await client.profiles.download_connector("c1") == "ovpn-n"
        assert await client.profiles.download_connector("c1", family="host") == "ovpn-h"
        assert await client.profiles.encrypt_connector("c1", family="host") == "tok"
        url = await client.profiles.bundle_connector("c1", bundle_type="MSI")
        assert url.endswith(".msi")
        assert await client.profiles.revoke_connector("c1") is False
        assert await client.profiles.download_device("d1", user_id="u1", region_id="it-mxp") == (
            "ovpn-d"
        )
        assert await client.profiles.revoke_device("d1", user_id="u1") == "revoked"
        with pytest.raises(InvalidArgumentError, match="DMG"):
            await client.profiles.bundle_connector("c1", bundle_type="ZIP")
    bundle = api.calls("POST", "/api/v1/networks/connectors/c1/profile/bundle")[0]
    assert bundle.url.params["type"] == "MSI"
    device = api.calls("POST", "/api/v1/devices/d1/profile")[0]
    assert device.url.params["regionId"] == "it-mxp"


async def test_settings_types_and_wire_formats(api, fast_retry):
    api.on("GET", "/api/v1/settings/wpc/snat", httpx.Response(200, text="true"))
    api.on("GET", "/api/v1/settings/wpc/default-region", httpx.Response(200, text='"it-mxp"'))
    api.on("GET", "/api/v1/settings/wpc/topology", httpx.Response(200, text="FULL_MESH"))
    api.on(
        "GET",
        "/api/v1/settings/dns/zones",
        httpx.Response(200, json={"zones": [{"name": "corp", "addresses": ["10.0.0.1"]}]}),
    )
    api.on(
        "PUT",
        "/api/v1/settings/user/connect-auth",
        lambda r: httpx.Response(200, text=r.content.decode()),
    )
    api.on(
        "PUT",
        "/api/v1/settings/users/connection-timeout",
        lambda r: httpx.Response(200, content=r.content),
    )
    api.on("PUT", "/api/v1/settings/dns/default-suffix", httpx.Response(200))
    async with make(api, fast_retry) as client:
        assert await client.settings.get("wpc/snat") is True
        assert await client.settings.get("wpc/default-region") == "it-mxp"
        assert await client.settings.get("wpc/topology") == "FULL_MESH"
        zones = await client.settings.get("dns/zones")
        assert isinstance(zones, DnsZones) and zones.zones[0].name == "corp"
        assert await client.settings.set("user/connect-auth", "EVERY_TIME") == "EVERY_TIME"
        assert await client.settings.set("users/connection-timeout", 30) == 30
        assert await client.settings.set("dns/default-suffix", "corp.example") == "corp.example"
        with pytest.raises(InvalidArgumentError, match="one of"):
            await client.settings.set("user/connect-auth", "SOMETIMES")
        with pytest.raises(InvalidArgumentError, match="read-only"):
            await client.settings.set("auth/saml/group-mappings", {})
        with pytest.raises(InvalidArgumentError, match="known settings"):
            await client.settings.get("wpc/nope")
        with pytest.raises(InvalidArgumentError, match="int"):
            await client.settings.set("users/connection-timeout", "30")
        with pytest.raises(InvalidArgumentError, match="boolean"):
            await client.settings.set("users/connection-timeout", True)
        with pytest.raises(InvalidArgumentError, match="non-empty string"):
            await client.settings.set("wpc/default-region", 5)
    put = api.calls("PUT", "/api/v1/settings/user/connect-auth")[0]
    assert put.headers["Content-Type"] == "text/plain"
    assert put.content == b"EVERY_TIME"
    assert "wpc/topology" in client.settings.names()


async def test_setting_with_unexpected_body(api, fast_retry):
    api.on("GET", "/api/v1/settings/wpc/snat", httpx.Response(200, text="<html>"))
    async with make(api, fast_retry) as client:
        with pytest.raises(APIResponseValidationError):
            await client.settings.get("wpc/snat")


async def test_cybershield_bodies(api, fast_retry):
    for which in ("allow-list-add-domains", "block-list-remove-domains"):
        api.on("POST", f"/api/v1/cybershield/{which}", httpx.Response(200))
    async with make(api, fast_retry) as client:
        await client.cybershield.add_allow_list_domains(
            ["a.example", {"domain": "b.example", "comment": "partner"}]
        )
        await client.cybershield.remove_block_list_domains(["c.example"])
        with pytest.raises(InvalidArgumentError):
            await client.cybershield.add_block_list_domains([])
        with pytest.raises(InvalidArgumentError):
            await client.cybershield.remove_allow_list_domains([""])
    add = sent_json(api.calls("POST", "/api/v1/cybershield/allow-list-add-domains")[0])
    assert add == {
        "domainAndComments": [
            {"domain": "a.example"},
            {"domain": "b.example", "comment": "partner"},
        ]
    }
    remove = sent_json(api.calls("POST", "/api/v1/cybershield/block-list-remove-domains")[0])
    assert remove == {"domains": ["c.example"]}


async def test_access_group_items(api, fast_retry):
    api.json("DELETE", "/api/v1/access-groups/g1/source", {"id": "g1", "source": []})
    api.json("POST", "/api/v1/access-groups/g1/destination", {"id": "g1"})
    async with make(api, fast_retry) as client:
        group = await client.access_groups.remove_source(
            "g1", type="NETWORK_SERVICE", parent_id="n1"
        )
        assert group.source == []
        await client.access_groups.add_destination("g1", {"type": "USER_GROUP", "allCovered": True})
        with pytest.raises(InvalidArgumentError, match="type"):
            await client.access_groups.remove_destination("g1", type="")
    params = api.calls("DELETE", "/api/v1/access-groups/g1/source")[0].url.params
    assert params["type"] == "NETWORK_SERVICE" and params["parentId"] == "n1"
    assert "childId" not in params


async def test_dns_log_and_sessions_arguments(api, fast_retry):
    api.json(
        "GET",
        "/api/v1/dns-log/user-dns-resolutions/page",
        {"content": [{"domain": "x.example", "allowedCount": 2}], "totalPages": 1},
    )
    async with make(api, fast_retry) as client:
        start = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
        items = await client.dns_log.list(start_hour=start, hours_back=2, page_size=10).to_list()
        assert items[0].allowed_count == 2
        with pytest.raises(InvalidArgumentError, match="hours_back"):
            client.dns_log.list(start_hour=start, hours_back=3)
        with pytest.raises(InvalidArgumentError, match="size"):
            client.connections.list(size=101)
        with pytest.raises(InvalidArgumentError, match="status"):
            client.connections.list(status="DONE")
        with pytest.raises(InvalidArgumentError, match="24 hours"):
            client.audit_logs.list(
                start_date="2026-11-01T00:00:00Z", end_date="2026-11-03T00:00:00Z"
            )
        with pytest.raises(InvalidArgumentError, match="start_date"):
            client.connections.list(start_date="")
        # Dates are checked before anything is sent: ISO 8601, at most 30 days back, ordered.
        with pytest.raises(InvalidArgumentError, match="ISO 8601"):
            client.connections.list(start_date="yesterday")
        with pytest.raises(InvalidArgumentError, match="30 days back"):
            client.connections.list(start_date=datetime.now(UTC) - timedelta(days=31))
        with pytest.raises(InvalidArgumentError, match="30 days back"):
            client.dns_log.list(start_hour=datetime.now(UTC) - timedelta(days=31))
        with pytest.raises(InvalidArgumentError, match="before start_date"):
            client.connections.list(start_date=start, end_date=start - timedelta(hours=1))
        with pytest.raises(InvalidArgumentError, match="ISO 8601"):
            client.audit_logs.list(start_date="2026-11-01T00:00:00Z", end_date="soon")
    params = api.calls("GET", "/api/v1/dns-log/user-dns-resolutions/page")[0].url.params
    assert params["startHour"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert params["hoursBack"] == "2"


async def test_regions_must_be_an_array(api, fast_retry):
    api.json("GET", "/api/v1/regions", {"content": []})
    async with make(api, fast_retry) as client:
        with pytest.raises(APIResponseValidationError):
            await client.regions.list()


async def test_services_are_cached(api, fast_retry):
    async with make(api, fast_retry) as client:
        assert client.users is client.users
        assert "users" in repr(client.users)
        assert "Profiles" in repr(client.profiles)


async def test_injected_http_client_is_used_as_is(api):
    http = httpx.AsyncClient(transport=api.transport())
    api.json("GET", "/api/v1/regions", [{"id": "fi-hel"}])
    async with AsyncCloudConnexaClient(BASE, "id", "secret", http_client=http) as client:
        regions = await client.regions.list()
    assert regions[0].id == "fi-hel"
    assert http.is_closed


async def test_user_activate_suspend_newer_endpoints(api, fast_retry):
    from cloudconnexa import NotFoundError, NotSupportedError

    api.json("PUT", "/api/v1/users/u1/activate", {"id": "u1", "status": "ACTIVE"})
    api.on("PUT", "/api/v1/users/u1/suspend", httpx.Response(200))
    api.json("GET", "/api/v1/users/u1", {"id": "u1", "status": "SUSPENDED"})
    api.json("PUT", "/api/v1/users/u2/activate", {"errorMessage": "User not found"}, status=404)
    async with make(api, fast_retry) as client:
        assert (await client.users.activate("u1")).status is UserStatus.ACTIVE
        assert (await client.users.suspend("u1")).status is UserStatus.SUSPENDED
        with pytest.raises(NotFoundError) as info:
            await client.users.activate("u2")
        assert not isinstance(info.value, NotSupportedError)
        with pytest.raises(NotSupportedError, match=r"1\.1\.1"):
            await client.users.suspend("u3")  # the gateway 404: unknown path
