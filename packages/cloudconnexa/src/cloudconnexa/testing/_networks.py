"""Networks, hosts and what they own: connectors, routes, IP services, applications.

Relations (cloudconnexa-api.md §6, §11 items 3-6): networks embed their `routes[]` and
`connectors[]`, hosts embed their `connectors[]`, and a GET reflects later changes to them; deleting
a network or host deletes what it owns. Route values are CIDRs whose `type` is derived, and a subnet
overlapping any route in the tenant gives 400.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from cloudconnexa._resources import RESOURCES
from cloudconnexa.testing._crud import Collection, register_collection
from cloudconnexa.testing._errors import (
    CODE_INVALID,
    CODE_UNKNOWN_REFERENCE,
    FakeAPIError,
    UnknownPath,
)
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._state import REGION_IDS, FakeState, public
from cloudconnexa.testing._validate import Body, is_domain, is_ip, parse_cidr

INTERNET_ACCESS = ("SPLIT_TUNNEL_ON", "SPLIT_TUNNEL_OFF", "RESTRICTED_INTERNET")
SERVICE_TYPES = (
    "ANY",
    "CUSTOM",
    "BGP",
    "DHCP",
    "DNS",
    "FTP",
    "HTTP",
    "HTTPS",
    "IMAP",
    "IMAPS",
    "NTP",
    "POP3",
    "POP3S",
    "SMTP",
    "SMTPS",
    "SNMP",
    "SSH",
    "TELNET",
    "TFTP",
)
IPSEC_PLATFORMS = ("AWS", "CISCO", "AZURE", "GCP", "OTHER")
IKE_ENCRYPTION = ("AES128", "AES256", "AES128_GCM_16", "AES256_GCM_16")
IKE_INTEGRITY = ("SHA1", "SHA2_256", "SHA2_384", "SHA2_512")
IKE_DH = ("G_1", "G_2", "G_5", "G_14", "G_15", "G_16", "G_19", "G_20", "G_24")

# ------------------------------------------------------------------ shared checks


def _region(body: Body, field: str = "vpnRegionId") -> str | None:
    region = body.text(field, required=True)
    if region and region not in REGION_IDS:
        body.fail(field, CODE_UNKNOWN_REFERENCE, "Unknown region")
    return region


def check_route_values(
    state: FakeState, body: Body, values: list[tuple[str, str | None]], exclude: str | None = None
) -> list[tuple[str, str]]:
    """Check route CIDRs for syntax and overlap with the tenant's routes and each other.

    Args:
        state: The tenant.
        body: Where problems are recorded.
        values: `(field name, value)` pairs.
        exclude: A route id to ignore (the one being updated).

    Returns:
        `(type, subnet)` for each valid value.
    """
    taken = [
        (rid, parse_cidr(r["subnet"])) for rid, r in state.table("routes").items() if rid != exclude
    ]
    accepted: list[tuple[str, str]] = []
    seen: list[Any] = []
    for field, value in values:
        network = parse_cidr(value) if value else None
        if network is None:
            if value:
                body.fail(field, CODE_INVALID, "must be a valid CIDR")
            continue
        clash = [
            n
            for _, n in taken
            if n is not None and n.version == network.version and n.overlaps(network)
        ]
        clash += [n for n in seen if n.version == network.version and n.overlaps(network)]
        if clash:
            body.fail(
                field,
                CODE_INVALID,
                "Subnet overlaps with an existing route {subnet}",
                {"subnet": str(clash[0])},
            )
            continue
        seen.append(network)
        accepted.append(("IP_V4" if network.version == 4 else "IP_V6", str(network)))
    return accepted


def _range_list(body: Body, field: str) -> list[dict[str, int]]:
    out = []
    for item in body.obj_list(field):
        entry = {
            k: item.integer(k, minimum=0, maximum=65535)
            for k in ("value", "lowerValue", "upperValue")
        }
        out.append({k: v for k, v in entry.items() if v is not None})
    return out


def service_config(body: Body) -> dict[str, Any]:
    """Validate a `ServiceConfigRequest` and return the `ServiceConfigResponse`.

    Problems (an unknown service type, a custom type without a protocol, a port or ICMP type
    outside 0..65535) are recorded on `body`, to be raised by its `done`.

    Args:
        body: The request body holding the optional `config` object.

    Returns:
        `{"serviceTypes", "customServiceTypes"}`; `ANY` with no custom types when `config` is
        absent.
    """
    config = body.obj("config")
    if config is None:
        return {"serviceTypes": ["ANY"], "customServiceTypes": []}
    types = config.str_list("serviceTypes")
    for t in types:
        if t not in SERVICE_TYPES:
            config.fail(
                "serviceTypes",
                CODE_INVALID,
                "must be one of {values}",
                {"values": list(SERVICE_TYPES)},
            )
    custom = []
    for item in config.obj_list("customServiceTypes"):
        custom.append(
            {
                "protocol": item.enum("protocol", ("TCP", "UDP", "ICMP"), required=True),
                "port": _range_list(item, "port"),
                "icmpType": _range_list(item, "icmpType"),
            }
        )
    return {"serviceTypes": types, "customServiceTypes": custom}


def _ike_phase(body: Body | None) -> dict[str, Any] | None:
    if body is None:
        return None
    out: dict[str, Any] = {}
    for field, allowed in (
        ("encryptionAlgorithms", IKE_ENCRYPTION),
        ("integrityAlgorithms", IKE_INTEGRITY),
        ("diffieHellmanGroups", IKE_DH),
    ):
        values = body.str_list(field)
        if any(v not in allowed for v in values):
            body.fail(field, CODE_INVALID, "must be one of {values}", {"values": list(allowed)})
        out[field] = values
    lifetime = body.integer("lifetimeSec", minimum=0)
    if lifetime is not None:
        out["lifetimeSec"] = lifetime
    return out


def ipsec_config(body: Body) -> dict[str, Any] | None:
    """Validate an `IpSecConfigRequest`; return the stored `IpSecConfigResponse` or None.

    Problems (a missing or unknown platform, a remote public IP that is not an address, unknown
    IKE algorithms) are recorded on `body`, to be raised by its `done`.

    Args:
        body: The request body holding the optional `ipSecConfig` object.

    Returns:
        The configuration to store, with `connectorState` `ACTIVE`, or None when
        `ipSecConfig` is absent.
    """
    config = body.obj("ipSecConfig")
    if config is None:
        return None
    out: dict[str, Any] = {
        "platform": config.enum("platform", IPSEC_PLATFORMS, required=True),
        "authenticationType": config.enum(
            "authenticationType", ("SHARED_SECRET", "CERTIFICATE"), default="SHARED_SECRET"
        ),
        "connectorState": "ACTIVE",
    }
    public_ip = config.text("remoteSitePublicIp")
    if public_ip is not None and not (is_ip(public_ip, 4) or is_ip(public_ip, 6)):
        config.fail("remoteSitePublicIp", CODE_INVALID, "must be an IP address")
    out["remoteSitePublicIp"] = public_ip
    for key in (
        "preSharedKey",
        "caCertificate",
        "peerCertificate",
        "remoteGatewayCertificate",
        "peerCertificatePrivateKey",
        "peerCertificateKeyPassphrase",
        "hostname",
        "domain",
    ):
        out[key] = config.text(key)
    ike = config.obj("ikeProtocol")
    if ike is not None:
        protocol: dict[str, Any] = {
            "protocolVersion": ike.enum("protocolVersion", ("IKE_V1", "IKE_V2"), default="IKE_V2"),
            "phase1": _ike_phase(ike.obj("phase1")),
            "phase2": _ike_phase(ike.obj("phase2")),
            "startupAction": ike.enum("startupAction", ("START", "ATTACH")),
        }
        rekey = ike.obj("rekey")
        if rekey is not None:
            protocol["rekey"] = {
                k: rekey.integer(k, minimum=0)
                for k in ("marginTimeSec", "fuzzPercent", "replayWindowSize")
            }
        dpd = ike.obj("deadPeerDetection")
        if dpd is not None:
            protocol["deadPeerDetection"] = {
                "timeoutSec": dpd.integer("timeoutSec", minimum=0),
                "deadPeerHandling": dpd.enum("deadPeerHandling", ("RESTART", "NONE")),
            }
        out["ikeProtocol"] = _drop_none(protocol)
    config_out: dict[str, Any] = _drop_none(out)
    return config_out


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


# ------------------------------------------------------------------ connectors


def _connector_fields(
    state: FakeState,
    body: Body,
    existing: dict[str, Any] | None,
    parent_id: str | None,
    item_type: str,
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": body.name(),
        "description": body.description(),
        "vpnRegionId": _region(body),
    }
    if item_type == "NETWORK":
        config = ipsec_config(body)
        if existing is None or config is not None:
            fields["ipSecConfig"] = config
            fields["tunnelingProtocol"] = "IPSEC" if config is not None else "OPENVPN"
    if existing is None:
        ipv4, ipv6 = state.tunnel_addresses()
        fields.update(
            networkItemId=parent_id,
            networkItemType=item_type,
            ipV4Address=ipv4,
            ipV6Address=ipv6,
            connectionStatus="OFFLINE",
        )
    return fields


def render_connector(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    """Render a network or host connector.

    Args:
        state: The fake's state (its options are read).
        record: The stored connector.

    Returns:
        The connector's public fields, with `licensed: true` on newer tenants.
    """
    out = public(record)
    if state.options.newer_api:
        out["licensed"] = True
    return out


def _connector_profile_routes(router: Router, base: str, table: str) -> None:
    def find(state: FakeState, req: Request) -> dict[str, Any]:
        return state.find(table, req.params["id"], "Connector")

    def profile(state: FakeState, req: Request) -> Reply:
        connector = find(state, req)
        return Reply.plain(ovpn_profile(connector["id"], connector["vpnRegionId"]))

    def revoke(state: FakeState, req: Request) -> Reply:
        find(state, req)
        return Reply.json(True)

    def encrypt(state: FakeState, req: Request) -> Reply:
        connector = find(state, req)
        return Reply.plain(hashlib.sha256(f"profile-token:{connector['id']}".encode()).hexdigest())

    def bundle(state: FakeState, req: Request) -> Reply:
        connector = find(state, req)
        kind = req.required_query("type")
        if kind not in ("DMG", "MSI"):
            raise FakeAPIError(
                400,
                "Bundle type must be DMG or MSI",
                {"type": [{"errorCode": CODE_INVALID, "message": "must be one of DMG, MSI"}]},
            )
        return Reply.plain(
            f"https://downloads.fake.openvpn.com/bundles/{connector['id']}.{kind.lower()}"
        )

    router.add("POST", base + "/{id}/profile", profile)
    router.add("DELETE", base + "/{id}/profile", revoke)
    router.add("POST", base + "/{id}/profile/encrypt", encrypt)
    router.add("POST", base + "/{id}/profile/bundle", bundle)


def ovpn_profile(owner_id: str, region: str) -> str:
    """Return a deterministic `.ovpn` text for a connector or device.

    Args:
        owner_id: The connector's or device's id; the same id always gives the same profile.
        region: The region id, used in the `remote` gateway host name.

    Returns:
        An OpenVPN client configuration whose `<ca>` block is the SHA-256 of `owner_id`.
    """
    digest = hashlib.sha256(owner_id.encode()).hexdigest()
    return (
        "client\ndev tun\nproto udp\n"
        f"remote {region}.gw.fake.openvpn.com 1194\n"
        "nobind\npersist-key\npersist-tun\nremote-cert-tls server\n"
        f"# fake profile for {owner_id}\n<ca>\n{digest}\n</ca>\n"
    )


def _connector_state(table: str, active: bool) -> Any:
    """v1.2.0 connector activate/suspend (newer tenants only; real semantics unverified).

    Suspending sets `ipSecConfig.connectorState` to SUSPENDED (IPsec connectors) and
    `connectionStatus` to OFFLINE; activating sets `connectorState` back to ACTIVE.
    """

    def handler(state: FakeState, req: Request) -> Reply:
        if not state.options.newer_api:
            raise UnknownPath
        connector = state.find(table, req.params["id"], "Connector")
        config = connector.get("ipSecConfig")
        if isinstance(config, dict):
            config["connectorState"] = "ACTIVE" if active else "SUSPENDED"
        if not active:
            connector["connectionStatus"] = "OFFLINE"
        return Reply.json(render_connector(state, connector))

    return handler


def _ipsec_switch(online: bool) -> Any:
    def handler(state: FakeState, req: Request) -> Reply:
        connector = state.find("network_connectors", req.params["id"], "Connector")
        if connector.get("tunnelingProtocol") != "IPSEC":
            raise FakeAPIError(400, "Connector is not an IPsec connector")
        connector["connectionStatus"] = "ONLINE" if online else "OFFLINE"
        return Reply.nothing(200)

    return handler


# ------------------------------------------------------------------ routes, services, apps


def _route_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    value = body.text("value", required=True)
    checked = check_route_values(
        state, body, [("value", value)], exclude=existing["id"] if existing else None
    )
    fields: dict[str, Any] = {"description": body.description()}
    if checked:
        fields["type"], fields["subnet"] = checked[0]
    if existing is None:
        fields["_networkId"] = parent_id
    return fields


def _render_route(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    return public(record)


def _ip_service_fields(item_type: str) -> Any:
    def build(
        state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": body.name(),
            "description": body.description(),
            "config": service_config(body),
        }
        if item_type == "NETWORK":
            fields["type"] = body.enum(
                "type", ("IP_SOURCE", "SERVICE_DESTINATION"), default="SERVICE_DESTINATION"
            )
            routes = []
            for i, route in enumerate(body.obj_list("routes")):
                value = route.text("value", required=True)
                network = parse_cidr(value) if value else None
                if value and network is None:
                    body.fail(f"routes[{i}].value", CODE_INVALID, "must be a valid CIDR")
                elif network is not None:
                    routes.append(
                        {
                            "id": _child_id(state),
                            "type": "IP_V4" if network.version == 4 else "IP_V6",
                            "subnet": str(network),
                        }
                    )
            fields["routes"] = routes
        if existing is None:
            fields.update(networkItemId=parent_id, networkItemType=item_type)
        return fields

    return build


def _application_fields(item_type: str) -> Any:
    def build(
        state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
    ) -> dict[str, Any]:
        routes = []
        for route in body.obj_list("routes", required=True):
            domain = route.text("value", required=True)
            if domain and not is_domain(domain):
                route.fail("value", CODE_INVALID, "must be a domain name")
            routes.append(
                {
                    "id": _child_id(state),
                    "type": "DOMAIN",
                    "domain": domain,
                    "allowEmbeddedIp": route.boolean("allowEmbeddedIp", default=False),
                }
            )
        fields: dict[str, Any] = {
            "name": body.name(),
            "description": body.description(),
            "routes": routes,
            "config": service_config(body),
        }
        if existing is None:
            fields.update(networkItemId=parent_id, networkItemType=item_type)
        return fields

    return build


def _child_id(state: FakeState) -> str:
    return str(uuid.uuid4())


def _render_plain(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    return public(record)


# ------------------------------------------------------------------ networks and hosts


def _network_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": body.name(),
        "description": body.description(),
        "egress": body.boolean("egress", default=False),
        "internetAccess": body.enum("internetAccess", INTERNET_ACCESS, default="SPLIT_TUNNEL_ON"),
        "tunnelingProtocol": body.enum(
            "tunnelingProtocol", ("OPENVPN", "IPSEC"), default="OPENVPN"
        ),
        "gatewaysIds": body.str_list("gatewaysIds"),
    }
    if existing is None:
        fields["systemSubnets"] = state.system_subnets()
        # Inline routes and connectors are validated before anything is created.
        routes = body.obj_list("routes")
        check_route_values(
            state,
            body,
            [(f"routes[{i}].value", r.text("value", required=True)) for i, r in enumerate(routes)],
        )
        for connector in body.obj_list("connectors"):
            connector.name()
            connector.description()
            _region(connector)
    return fields


def _network_created(state: FakeState, record: dict[str, Any], body: Body) -> None:
    for route in body.obj_list("routes"):
        fields = _route_fields(state, route, None, record["id"])
        state.insert("routes", fields)
    for connector in body.obj_list("connectors"):
        state.insert(
            "network_connectors", _connector_fields(state, connector, None, record["id"], "NETWORK")
        )


def _render_network(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    out = public(record)
    out["routes"] = [public(r) for r in state.children("routes", "_networkId", record["id"])]
    out["connectors"] = [
        render_connector(state, c)
        for c in state.children("network_connectors", "networkItemId", record["id"])
    ]
    return out


def _delete_network(state: FakeState, record: dict[str, Any]) -> None:
    for table, key in (
        ("routes", "_networkId"),
        ("network_connectors", "networkItemId"),
        ("network_ip_services", "networkItemId"),
        ("network_applications", "networkItemId"),
    ):
        for child in state.children(table, key, record["id"]):
            del state.table(table)[child["id"]]


def _host_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    domain = body.text("domain", max_length=253)
    if domain and not is_domain(domain):
        body.fail("domain", CODE_INVALID, "must be a domain name")
    fields: dict[str, Any] = {
        "name": body.name(),
        "description": body.description(),
        "internetAccess": body.enum("internetAccess", INTERNET_ACCESS, default="SPLIT_TUNNEL_ON"),
        "domain": domain,
        "gatewaysIds": body.str_list("gatewaysIds"),
    }
    if existing is None:
        fields["systemSubnets"] = state.system_subnets()
        for connector in body.obj_list("connectors"):
            connector.name()
            connector.description()
            _region(connector)
    return fields


def _host_created(state: FakeState, record: dict[str, Any], body: Body) -> None:
    for connector in body.obj_list("connectors"):
        state.insert(
            "host_connectors", _connector_fields(state, connector, None, record["id"], "HOST")
        )


def _render_host(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    out = public(record)
    out["connectors"] = [
        render_connector(state, c)
        for c in state.children("host_connectors", "networkItemId", record["id"])
    ]
    return out


def _delete_host(state: FakeState, record: dict[str, Any]) -> None:
    for table in ("host_connectors", "host_ip_services", "host_applications"):
        for child in state.children(table, "networkItemId", record["id"]):
            del state.table(table)[child["id"]]


def register(router: Router) -> None:
    """Register every network and host operation.

    Networks, hosts and their connectors, routes, IP services and applications are page-based
    collections (see `register_collection`). Children need their parent in `networkId` or
    `hostId` (400 when missing, 404 for an unknown parent). An invalid body is a 400
    `ErrorResponse`, among others for a route overlapping one already in the tenant. Deleting a
    network or host deletes what it owns.

    Connector extras, for network and host connectors alike: `POST .../{id}/profile` answers
    the `text/plain` `.ovpn` profile, `DELETE .../{id}/profile` answers `true`,
    `POST .../{id}/profile/encrypt` a token and `POST .../{id}/profile/bundle` a download URL
    (400 unless `type` is `DMG` or `MSI`). `PUT .../{id}/activate` and `/suspend` answer the
    rendered connector on newer tenants and the gateway 404 on 1.1.0 ones. `POST
    /api/v1/networks/connectors/{id}/ipsec/start` and `/stop` answer 200 without a body, 400
    for a connector that is not IPsec. An unknown connector id is 404 throughout.

    Args:
        router: The router to add the operations to.
    """
    # The parent's query parameter and table come from the resource table.
    net: dict[str, Any] = {"parent_kind": "Network"}
    host: dict[str, Any] = {"parent_kind": "Host"}
    register_collection(
        router,
        Collection.of(
            "networks",
            "Network",
            _render_network,
            _network_fields,
            after_create=_network_created,
            before_delete=_delete_network,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "network_connectors",
            "Connector",
            render_connector,
            lambda s, b, e, p: _connector_fields(s, b, e, p, "NETWORK"),
            **net,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "routes",
            "Route",
            _render_route,
            _route_fields,
            parent_key="_networkId",
            **net,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "network_ip_services",
            "IP service",
            _render_plain,
            _ip_service_fields("NETWORK"),
            **net,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "network_applications",
            "Application",
            _render_plain,
            _application_fields("NETWORK"),
            **net,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "hosts",
            "Host",
            _render_host,
            _host_fields,
            after_create=_host_created,
            before_delete=_delete_host,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "host_connectors",
            "Connector",
            render_connector,
            lambda s, b, e, p: _connector_fields(s, b, e, p, "HOST"),
            **host,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "host_ip_services",
            "IP service",
            _render_plain,
            _ip_service_fields("HOST"),
            **host,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "host_applications",
            "Application",
            _render_plain,
            _application_fields("HOST"),
            **host,
        ),
    )
    for connectors in (RESOURCES["network_connectors"], RESOURCES["host_connectors"]):
        base, table = connectors.api_path, connectors.table
        _connector_profile_routes(router, base, table)
        router.add("PUT", base + "/{id}/activate", _connector_state(table, True))
        router.add("PUT", base + "/{id}/suspend", _connector_state(table, False))
    ipsec = RESOURCES["network_connectors"].api_path + "/{id}/ipsec"
    router.add("POST", ipsec + "/start", _ipsec_switch(True))
    router.add("POST", ipsec + "/stop", _ipsec_switch(False))
