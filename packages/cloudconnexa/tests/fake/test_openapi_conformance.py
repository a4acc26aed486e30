"""Drive every one of the document's 144 operations over real HTTP and validate each response
(status and body) against the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from cloudconnexa.testing import FakeCloudConnexa

Call = tuple[str, dict[str, Any], Any, str | None]  # path, query, json body / text, content type


class World:
    """Creates the resources an operation needs, through the API itself."""

    def __init__(self, http: httpx.Client, fake: FakeCloudConnexa) -> None:
        self.http = http
        self.fake = fake
        self._n = 0

    def _post(self, path: str, body: Any, **query: str) -> dict[str, Any]:
        response = self.http.post(path, json=body, params=query)
        assert response.status_code in (200, 201), response.text
        result: dict[str, Any] = response.json()
        return result

    def n(self) -> int:
        self._n += 1
        return self._n

    def network(self) -> str:
        return self._post("/api/v1/networks", {"name": f"net{self.n()}", "description": "d"})["id"]

    def network_connector(self, ipsec: bool = False) -> str:
        body: dict[str, Any] = {"name": f"c{self.n()}", "vpnRegionId": "de-fra"}
        if ipsec:
            body["ipSecConfig"] = {
                "platform": "AWS",
                "authenticationType": "SHARED_SECRET",
                "remoteSitePublicIp": "203.0.113.7",
                "preSharedKey": "psk",
                "ikeProtocol": {
                    "protocolVersion": "IKE_V2",
                    "phase1": {
                        "encryptionAlgorithms": ["AES256"],
                        "integrityAlgorithms": ["SHA2_256"],
                        "diffieHellmanGroups": ["G_14"],
                        "lifetimeSec": 28800,
                    },
                    "rekey": {"marginTimeSec": 540, "fuzzPercent": 100, "replayWindowSize": 32},
                    "deadPeerDetection": {"timeoutSec": 30, "deadPeerHandling": "RESTART"},
                    "startupAction": "START",
                },
            }
        return self._post("/api/v1/networks/connectors", body, networkId=self.network())["id"]

    def route(self) -> str:
        return self._post(
            "/api/v1/networks/routes",
            {"value": f"10.{self.n()}.0.0/16", "description": "r"},
            networkId=self.network(),
        )["id"]

    def ip_service_body(self, with_routes: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": f"svc{self.n()}",
            "description": "s",
            "config": {
                "serviceTypes": ["HTTP", "CUSTOM"],
                "customServiceTypes": [
                    {
                        "protocol": "TCP",
                        "port": [{"lowerValue": 8000, "upperValue": 8080}],
                        "icmpType": [],
                    }
                ],
            },
        }
        if with_routes:
            body.update(type="SERVICE_DESTINATION", routes=[{"value": "192.168.1.0/24"}])
        return body

    def network_ip_service(self) -> str:
        return self._post(
            "/api/v1/networks/ip-services", self.ip_service_body(), networkId=self.network()
        )["id"]

    def app_body(self) -> dict[str, Any]:
        return {
            "name": f"app{self.n()}",
            "description": "a",
            "routes": [{"value": "app.example.com", "allowEmbeddedIp": False}],
            "config": {"serviceTypes": ["HTTPS"]},
        }

    def network_application(self) -> str:
        return self._post(
            "/api/v1/networks/applications", self.app_body(), networkId=self.network()
        )["id"]

    def host(self) -> str:
        return self._post(
            "/api/v1/hosts",
            {
                "name": f"host{self.n()}",
                "domain": "host.example.com",
                "connectors": [{"name": "hc", "vpnRegionId": "fi-hel"}],
            },
        )["id"]

    def host_connector(self) -> str:
        return self._post(
            "/api/v1/hosts/connectors",
            {"name": f"hc{self.n()}", "vpnRegionId": "de-fra"},
            hostId=self.host(),
        )["id"]

    def host_ip_service(self) -> str:
        return self._post(
            "/api/v1/hosts/ip-services", self.ip_service_body(False), hostId=self.host()
        )["id"]

    def host_application(self) -> str:
        return self._post("/api/v1/hosts/applications", self.app_body(), hostId=self.host())["id"]

    def group(self) -> str:
        return self._post("/api/v1/user-groups", self.group_body())["id"]

    def group_body(self) -> dict[str, Any]:
        return {
            "name": f"g{self.n()}",
            "vpnRegionIds": ["de-fra"],
            "internetAccess": "SPLIT_TUNNEL_ON",
            "maxDevice": 5,
            "connectAuth": "EVERY_TIME",
            "allRegionsIncluded": False,
        }

    def user(self) -> str:
        return self._post("/api/v1/users", self.user_body())["id"]

    def user_body(self) -> dict[str, Any]:
        n = self.n()
        return {
            "firstName": "Ada",
            "lastName": "Lovelace",
            "username": f"ada{n}",
            "email": f"ada{n}@example.com",
            "groupId": self.group(),
            "role": "MEMBER",
            "devices": [{"name": "laptop", "description": "x"}],
        }

    def device(self) -> tuple[str, str]:
        user = self.user()
        device = self._post("/api/v1/devices", {"name": f"phone{self.n()}"}, userId=user)
        return device["id"], user

    def dns_record(self) -> str:
        return self._post("/api/v1/dns-records", self.dns_body())["id"]

    def dns_body(self) -> dict[str, Any]:
        return {
            "domain": f"rec{self.n()}.example.com",
            "description": "d",
            "ipv4Addresses": ["10.0.0.1"],
            "ipv6Addresses": ["fd00::1"],
        }

    def access_body(self) -> dict[str, Any]:
        return {
            "name": f"ag{self.n()}",
            "description": "a",
            "source": [
                {"type": "USER_GROUP", "allCovered": False, "parent": self.group(), "children": []}
            ],
            "destination": [
                {
                    "type": "NETWORK_SERVICE",
                    "allCovered": True,
                    "parent": self.network(),
                    "children": [],
                }
            ],
        }

    def access_group(self) -> str:
        return self._post("/api/v1/access-groups", self.access_body())["id"]

    def location_body(self) -> dict[str, Any]:
        return {
            "name": f"loc{self.n()}",
            "description": "l",
            "userGroupsIds": [self.group()],
            "ipCheck": {
                "allowed": True,
                "ips": [{"ip": "203.0.113.0/24", "description": "office"}],
            },
            "countryCheck": {"countries": ["DE", "FI"], "allowed": True},
            "defaultCheck": {"allowed": False},
        }

    def location_context(self) -> str:
        return self._post("/api/v1/location-contexts", self.location_body())["id"]

    def posture_body(self) -> dict[str, Any]:
        return {
            "name": f"pos{self.n()}",
            "description": "p",
            "userGroupsIds": [self.group()],
            "windows": {
                "allowed": True,
                "version": {"version": "10", "condition": "GTE"},
                "antiviruses": ["MICROSOFT_DEFENDER"],
                "diskEncryption": {"type": "FULL_DISK"},
                "certificate": "cert",
            },
            "macos": {
                "allowed": True,
                "version": {"version": "14", "condition": "GTE"},
                "antiviruses": [],
                "diskEncrypted": True,
            },
            "linux": {"allowed": True},
            "android": {"allowed": False},
            "ios": {"allowed": True},
        }

    def device_posture(self) -> str:
        return self._post("/api/v1/device-postures", self.posture_body())["id"]


Maker = Callable[[World], Call]


def _crud(
    base: str,
    make: Callable[[World], str],
    body: Callable[[World], Any],
    parent: tuple[str, Callable[[World], str]] | None = None,
) -> dict[tuple[str, str], Maker]:
    def parent_query(w: World) -> dict[str, Any]:
        return {parent[0]: parent[1](w)} if parent else {}

    return {
        ("GET", base): lambda w: (
            base,
            {"page": 0, "size": 5, **({parent[0]: parent[1](w)} if parent else {})},
            None,
            None,
        ),
        ("POST", base): lambda w: (base, parent_query(w), body(w), None),
        ("GET", base + "/{id}"): lambda w: (f"{base}/{make(w)}", {}, None, None),
        ("PUT", base + "/{id}"): lambda w: (f"{base}/{make(w)}", {}, body(w), None),
        ("DELETE", base + "/{id}"): lambda w: (f"{base}/{make(w)}", {}, None, None),
    }


def _connector_extras(base: str, make: Callable[[World], str]) -> dict[tuple[str, str], Maker]:
    return {
        ("POST", base + "/{id}/profile"): lambda w: (f"{base}/{make(w)}/profile", {}, None, None),
        ("DELETE", base + "/{id}/profile"): lambda w: (f"{base}/{make(w)}/profile", {}, None, None),
        ("POST", base + "/{id}/profile/encrypt"): lambda w: (
            f"{base}/{make(w)}/profile/encrypt",
            {},
            None,
            None,
        ),
        ("POST", base + "/{id}/profile/bundle"): lambda w: (
            f"{base}/{make(w)}/profile/bundle",
            {"type": "DMG"},
            None,
            None,
        ),
    }


def _settings() -> dict[tuple[str, str], Maker]:
    values: dict[str, tuple[Any, str | None]] = {
        "auth/trusted-devices-allowed": (False, None),
        "auth/two-factor-auth": (True, None),
        "dns/proxy-enabled": (True, None),
        "dns/custom-servers": ({"primaryIpV4": "9.9.9.9", "secondaryIpV4": "1.0.0.1"}, None),
        "dns/default-suffix": ("corp.example.com", None),
        "dns/zones": ({"zones": [{"name": "corp.example.com", "addresses": ["10.0.0.53"]}]}, None),
        "user/connect-auth": ("EVERY_TIME", "text/plain"),
        "user/device-allowance": (5, None),
        "user/device-allowance-force-update": (True, None),
        "user/device-enforcement": ("LEARN_AND_ENFORCE", "text/plain"),
        "user/profile-distribution": ("MANUAL", "text/plain"),
        "users/connection-timeout": (60, None),
        "wpc/client-options": (["--verb 3"], None),
        "wpc/default-region": ("fi-hel", "text/plain"),
        "wpc/domain-routing-subnet": (
            {"ipV4Address": "100.80.0.0/16", "ipV6Address": "fd:0:0:6000::/64"},
            None,
        ),
        "wpc/snat": (True, None),
        "wpc/subnet": (
            {"ipV4Address": ["100.96.0.0/11"], "ipV6Address": ["fd:0:0:8000::/49"]},
            None,
        ),
        "wpc/topology": ("CUSTOM", "text/plain"),
    }
    ops: dict[tuple[str, str], Maker] = {}
    for name in [*values, "auth/ldap/group-mappings", "auth/saml/group-mappings"]:
        path = f"/api/v1/settings/{name}"
        ops[("GET", path)] = lambda w, p=path: (p, {}, None, None)
    for name, (value, ctype) in values.items():
        path = f"/api/v1/settings/{name}"
        ops[("PUT", path)] = lambda w, p=path, v=value, c=ctype: (p, {}, v, c)
    return ops


def _operations() -> dict[tuple[str, str], Maker]:
    ops: dict[tuple[str, str], Maker] = {}
    net = ("networkId", World.network)
    host = ("hostId", World.host)
    ops |= _crud(
        "/api/v1/networks",
        World.network,
        lambda w: {
            "name": f"n{w.n()}",
            "description": "d",
            "egress": True,
            "internetAccess": "SPLIT_TUNNEL_OFF",
            "tunnelingProtocol": "OPENVPN",
            "routes": [{"value": f"172.16.{w.n()}.0/24"}],
            "connectors": [{"name": "c", "vpnRegionId": "us-nyc"}],
        },
    )
    ops |= _crud(
        "/api/v1/networks/connectors",
        World.network_connector,
        lambda w: {"name": f"c{w.n()}", "description": "c", "vpnRegionId": "it-mxp"},
        net,
    )
    ops |= _crud(
        "/api/v1/networks/routes",
        World.route,
        lambda w: {"value": f"10.{w.n()}.0.0/16", "description": "r"},
        net,
    )
    ops |= _crud(
        "/api/v1/networks/ip-services", World.network_ip_service, World.ip_service_body, net
    )
    ops |= _crud("/api/v1/networks/applications", World.network_application, World.app_body, net)
    ops |= _crud(
        "/api/v1/hosts",
        World.host,
        lambda w: {
            "name": f"h{w.n()}",
            "domain": "h.example.com",
            "internetAccess": "RESTRICTED_INTERNET",
            "connectors": [{"name": "hc", "vpnRegionId": "de-fra"}],
        },
    )
    ops |= _crud(
        "/api/v1/hosts/connectors",
        World.host_connector,
        lambda w: {"name": f"hc{w.n()}", "vpnRegionId": "sg-sin"},
        host,
    )
    ops |= _crud(
        "/api/v1/hosts/ip-services", World.host_ip_service, lambda w: w.ip_service_body(False), host
    )
    ops |= _crud("/api/v1/hosts/applications", World.host_application, World.app_body, host)
    ops |= _crud("/api/v1/user-groups", World.group, World.group_body)
    users = _crud("/api/v1/users", World.user, World.user_body)
    users[("PUT", "/api/v1/users/{id}")] = lambda w: (
        f"/api/v1/users/{w.user()}",
        {},
        {
            "firstName": "Grace",
            "lastName": "Hopper",
            "email": "g@example.com",
            "groupId": w.group(),
            "status": "ACTIVE",
            "role": "ADMIN",
        },
        None,
    )
    ops |= users
    ops |= _crud("/api/v1/dns-records", World.dns_record, World.dns_body)
    ops |= _crud("/api/v1/access-groups", World.access_group, World.access_body)
    ops |= _crud("/api/v1/location-contexts", World.location_context, World.location_body)
    ops |= _crud("/api/v1/device-postures", World.device_posture, World.posture_body)
    ops |= _connector_extras("/api/v1/networks/connectors", World.network_connector)
    ops |= _connector_extras("/api/v1/hosts/connectors", World.host_connector)
    ops |= _settings()

    def device_call(suffix: str, body: Any = None, extra: dict[str, Any] | None = None) -> Maker:
        def make(w: World) -> Call:
            device_id, user_id = w.device()
            return (
                f"/api/v1/devices/{device_id}{suffix}",
                {"userId": user_id, **(extra or {})},
                body,
                None,
            )

        return make

    ops |= {
        ("POST", "/api/v1/networks/connectors/{id}/ipsec/start"): lambda w: (
            f"/api/v1/networks/connectors/{w.network_connector(ipsec=True)}/ipsec/start",
            {},
            None,
            None,
        ),
        ("POST", "/api/v1/networks/connectors/{id}/ipsec/stop"): lambda w: (
            f"/api/v1/networks/connectors/{w.network_connector(ipsec=True)}/ipsec/stop",
            {},
            None,
            None,
        ),
        ("GET", "/api/v1/devices"): lambda w: (
            "/api/v1/devices",
            {"userId": w.device()[1]},
            None,
            None,
        ),
        ("POST", "/api/v1/devices"): lambda w: (
            "/api/v1/devices",
            {"userId": w.user()},
            {"name": "tablet", "description": "t", "clientUUID": "abc"},
            None,
        ),
        ("GET", "/api/v1/devices/{id}"): device_call(""),
        ("PUT", "/api/v1/devices/{id}"): device_call("", {"name": "renamed", "description": "x"}),
        ("DELETE", "/api/v1/devices/{id}"): device_call(""),
        ("POST", "/api/v1/devices/{id}/profile"): device_call(
            "/profile", extra={"regionId": "de-fra"}
        ),
        ("DELETE", "/api/v1/devices/{id}/profile"): device_call("/profile"),
        ("POST", "/api/v1/access-groups/{id}/source"): lambda w: (
            f"/api/v1/access-groups/{w.access_group()}/source",
            {},
            {"type": "HOST", "allCovered": True, "parent": w.host(), "children": []},
            None,
        ),
        ("DELETE", "/api/v1/access-groups/{id}/source"): lambda w: (
            f"/api/v1/access-groups/{w.access_group()}/source",
            {"type": "USER_GROUP"},
            None,
            None,
        ),
        ("POST", "/api/v1/access-groups/{id}/destination"): lambda w: (
            f"/api/v1/access-groups/{w.access_group()}/destination",
            {},
            {"type": "USER_GROUP", "allCovered": False, "parent": w.group(), "children": []},
            None,
        ),
        ("DELETE", "/api/v1/access-groups/{id}/destination"): lambda w: (
            f"/api/v1/access-groups/{w.access_group()}/destination",
            {"type": "NETWORK_SERVICE"},
            None,
            None,
        ),
        ("GET", "/api/v1/regions"): lambda w: ("/api/v1/regions", {}, None, None),
        ("GET", "/api/v1/sessions"): lambda w: (
            w.fake.seed_sessions(3) or "/api/v1/sessions",
            {"size": "2"},
            None,
            None,
        ),
        ("PUT", "/api/v1/dns-log/user-dns-resolutions/enable"): lambda w: (
            "/api/v1/dns-log/user-dns-resolutions/enable",
            {},
            None,
            None,
        ),
        ("PUT", "/api/v1/dns-log/user-dns-resolutions/disable"): lambda w: (
            "/api/v1/dns-log/user-dns-resolutions/disable",
            {},
            None,
            None,
        ),
        ("GET", "/api/v1/dns-log/user-dns-resolutions/page"): lambda w: (
            "/api/v1/dns-log/user-dns-resolutions/page",
            {
                "startHour": datetime.now(UTC).strftime("%Y-%m-%dT%H:00:00Z"),
                "hoursBack": 2,
                "size": 10,
            },
            None,
            None,
        ),
        ("POST", "/api/v1/cybershield/allow-list-add-domains"): lambda w: (
            "/api/v1/cybershield/allow-list-add-domains",
            {},
            {"domainAndComments": [{"domain": "good.example.com", "comment": "ok"}]},
            None,
        ),
        ("POST", "/api/v1/cybershield/allow-list-remove-domains"): lambda w: (
            "/api/v1/cybershield/allow-list-remove-domains",
            {},
            {"domains": ["good.example.com"]},
            None,
        ),
        ("POST", "/api/v1/cybershield/block-list-add-domains"): lambda w: (
            "/api/v1/cybershield/block-list-add-domains",
            {},
            {"domainAndComments": [{"domain": "bad.example.com", "comment": "no"}]},
            None,
        ),
        ("POST", "/api/v1/cybershield/block-list-remove-domains"): lambda w: (
            "/api/v1/cybershield/block-list-remove-domains",
            {},
            {"domains": ["bad.example.com"]},
            None,
        ),
        ("POST", "/api/v1/oauth/token"): lambda w: (
            "/api/v1/oauth/token",
            {"client_id": "id", "client_secret": "secret", "grant_type": "client_credentials"},
            None,
            None,
        ),
    }
    return ops


OPERATIONS = _operations()


def test_every_documented_operation_has_a_call(spec: Any) -> None:
    assert set(OPERATIONS) == spec.operations()
    assert len(OPERATIONS) == 144


def test_the_fake_routes_every_documented_operation(fake: FakeCloudConnexa, spec: Any) -> None:
    routed = fake.app.router.operations() | {("POST", "/api/v1/oauth/token")}
    assert spec.operations() <= routed


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=lambda op: f"{op[0]} {op[1]}")
def test_operation_response_matches_the_document(
    operation: tuple[str, str], fake: FakeCloudConnexa, http: httpx.Client, spec: Any
) -> None:
    method, template = operation
    fake.seed_dns_resolutions(3)
    path, query, body, content_type = OPERATIONS[operation](World(http, fake))
    if content_type == "text/plain":
        response = http.request(
            method, path, params=query, content=str(body), headers={"Content-Type": "text/plain"}
        )
    elif body is not None:
        response = http.request(method, path, params=query, json=body)
    else:
        response = http.request(method, path, params=query)
    assert 200 <= response.status_code < 300, (
        f"{method} {path}: {response.status_code} {response.text}"
    )
    spec.validate(response, method, template)
    if method == "PUT" and template.startswith("/api/v1/settings/"):
        again = http.get(path)
        assert again.status_code == 200
        assert again.text == response.text  # the stored value is what PUT returned


def test_dns_log_window_excludes_old_entries(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.seed_dns_resolutions(4, hours_ago=5)
    fake.seed_dns_resolutions(2)
    hour = datetime.now(UTC).strftime("%Y-%m-%dT%H:00:00Z")
    page = http.get("/api/v1/dns-log/user-dns-resolutions/page", params={"startHour": hour}).json()
    assert page["totalElements"] == 2
    old = (datetime.now(UTC) - timedelta(hours=5)).strftime("%Y-%m-%dT%H:00:00Z")
    assert (
        http.get("/api/v1/dns-log/user-dns-resolutions/page", params={"startHour": old}).json()[
            "totalElements"
        ]
        == 4
    )
