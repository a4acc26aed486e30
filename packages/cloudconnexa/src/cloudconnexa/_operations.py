"""Declared data: every operation of the 1.1.0 document and the client method serving it.

``OPERATIONS`` maps each ``(HTTP method, path)`` of ``openapi-1.1.0.json`` (73 paths, 144
operations) to a dotted client attribute: the CRUD verbs of each collection come from
``_resources.RESOURCES``, the other operations are listed here; ``settings.get:<name>`` means
``client.settings.get("<name>")``. A meta test reads the OpenAPI document and fails when an
operation is missing here or a target does not exist on the client. ``SETTINGS`` declares each
tenant setting's value type and wire format (cloudconnexa-api.md §6, Settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cloudconnexa._resources import crud_operations
from cloudconnexa.types import (
    DnsServerAddresses,
    DnsZones,
    DomainRoutingSubnet,
    GroupMappingResponse,
    Subnet,
)

#: (method, path, client target) of the operations that are not the five CRUD verbs of a
#: collection declared in ``_resources.RESOURCES`` (those are derived from that table).
OTHER_OPERATIONS: tuple[tuple[str, str, str], ...] = (
    ("DELETE", "/api/v1/access-groups/{id}/destination", "access_groups.remove_destination"),
    ("POST", "/api/v1/access-groups/{id}/destination", "access_groups.add_destination"),
    ("DELETE", "/api/v1/access-groups/{id}/source", "access_groups.remove_source"),
    ("POST", "/api/v1/access-groups/{id}/source", "access_groups.add_source"),
    ("POST", "/api/v1/cybershield/allow-list-add-domains", "cybershield.add_allow_list_domains"),
    (
        "POST",
        "/api/v1/cybershield/allow-list-remove-domains",
        "cybershield.remove_allow_list_domains",
    ),
    ("POST", "/api/v1/cybershield/block-list-add-domains", "cybershield.add_block_list_domains"),
    (
        "POST",
        "/api/v1/cybershield/block-list-remove-domains",
        "cybershield.remove_block_list_domains",
    ),
    ("DELETE", "/api/v1/devices/{id}/profile", "devices.revoke_profile"),
    ("POST", "/api/v1/devices/{id}/profile", "devices.create_profile"),
    ("PUT", "/api/v1/dns-log/user-dns-resolutions/disable", "dns_log.disable"),
    ("PUT", "/api/v1/dns-log/user-dns-resolutions/enable", "dns_log.enable"),
    ("GET", "/api/v1/dns-log/user-dns-resolutions/page", "dns_log.list"),
    ("DELETE", "/api/v1/hosts/connectors/{id}/profile", "host_connectors.revoke_profile"),
    ("POST", "/api/v1/hosts/connectors/{id}/profile", "host_connectors.create_profile"),
    ("POST", "/api/v1/hosts/connectors/{id}/profile/bundle", "host_connectors.create_bundle"),
    ("POST", "/api/v1/hosts/connectors/{id}/profile/encrypt", "host_connectors.encrypt_profile"),
    ("POST", "/api/v1/networks/connectors/{id}/ipsec/start", "network_connectors.start_ipsec"),
    ("POST", "/api/v1/networks/connectors/{id}/ipsec/stop", "network_connectors.stop_ipsec"),
    ("DELETE", "/api/v1/networks/connectors/{id}/profile", "network_connectors.revoke_profile"),
    ("POST", "/api/v1/networks/connectors/{id}/profile", "network_connectors.create_profile"),
    ("POST", "/api/v1/networks/connectors/{id}/profile/bundle", "network_connectors.create_bundle"),
    (
        "POST",
        "/api/v1/networks/connectors/{id}/profile/encrypt",
        "network_connectors.encrypt_profile",
    ),
    ("POST", "/api/v1/oauth/token", "authenticate"),
    ("GET", "/api/v1/regions", "regions.list"),
    ("GET", "/api/v1/sessions", "connections.list"),
    ("GET", "/api/v1/settings/auth/ldap/group-mappings", "settings.get:auth/ldap/group-mappings"),
    ("GET", "/api/v1/settings/auth/saml/group-mappings", "settings.get:auth/saml/group-mappings"),
    (
        "GET",
        "/api/v1/settings/auth/trusted-devices-allowed",
        "settings.get:auth/trusted-devices-allowed",
    ),
    (
        "PUT",
        "/api/v1/settings/auth/trusted-devices-allowed",
        "settings.set:auth/trusted-devices-allowed",
    ),
    ("GET", "/api/v1/settings/auth/two-factor-auth", "settings.get:auth/two-factor-auth"),
    ("PUT", "/api/v1/settings/auth/two-factor-auth", "settings.set:auth/two-factor-auth"),
    ("GET", "/api/v1/settings/dns/custom-servers", "settings.get:dns/custom-servers"),
    ("PUT", "/api/v1/settings/dns/custom-servers", "settings.set:dns/custom-servers"),
    ("GET", "/api/v1/settings/dns/default-suffix", "settings.get:dns/default-suffix"),
    ("PUT", "/api/v1/settings/dns/default-suffix", "settings.set:dns/default-suffix"),
    ("GET", "/api/v1/settings/dns/proxy-enabled", "settings.get:dns/proxy-enabled"),
    ("PUT", "/api/v1/settings/dns/proxy-enabled", "settings.set:dns/proxy-enabled"),
    ("GET", "/api/v1/settings/dns/zones", "settings.get:dns/zones"),
    ("PUT", "/api/v1/settings/dns/zones", "settings.set:dns/zones"),
    ("GET", "/api/v1/settings/user/connect-auth", "settings.get:user/connect-auth"),
    ("PUT", "/api/v1/settings/user/connect-auth", "settings.set:user/connect-auth"),
    ("GET", "/api/v1/settings/user/device-allowance", "settings.get:user/device-allowance"),
    ("PUT", "/api/v1/settings/user/device-allowance", "settings.set:user/device-allowance"),
    (
        "GET",
        "/api/v1/settings/user/device-allowance-force-update",
        "settings.get:user/device-allowance-force-update",
    ),
    (
        "PUT",
        "/api/v1/settings/user/device-allowance-force-update",
        "settings.set:user/device-allowance-force-update",
    ),
    ("GET", "/api/v1/settings/user/device-enforcement", "settings.get:user/device-enforcement"),
    ("PUT", "/api/v1/settings/user/device-enforcement", "settings.set:user/device-enforcement"),
    ("GET", "/api/v1/settings/user/profile-distribution", "settings.get:user/profile-distribution"),
    ("PUT", "/api/v1/settings/user/profile-distribution", "settings.set:user/profile-distribution"),
    ("GET", "/api/v1/settings/users/connection-timeout", "settings.get:users/connection-timeout"),
    ("PUT", "/api/v1/settings/users/connection-timeout", "settings.set:users/connection-timeout"),
    ("GET", "/api/v1/settings/wpc/client-options", "settings.get:wpc/client-options"),
    ("PUT", "/api/v1/settings/wpc/client-options", "settings.set:wpc/client-options"),
    ("GET", "/api/v1/settings/wpc/default-region", "settings.get:wpc/default-region"),
    ("PUT", "/api/v1/settings/wpc/default-region", "settings.set:wpc/default-region"),
    ("GET", "/api/v1/settings/wpc/domain-routing-subnet", "settings.get:wpc/domain-routing-subnet"),
    ("PUT", "/api/v1/settings/wpc/domain-routing-subnet", "settings.set:wpc/domain-routing-subnet"),
    ("GET", "/api/v1/settings/wpc/snat", "settings.get:wpc/snat"),
    ("PUT", "/api/v1/settings/wpc/snat", "settings.set:wpc/snat"),
    ("GET", "/api/v1/settings/wpc/subnet", "settings.get:wpc/subnet"),
    ("PUT", "/api/v1/settings/wpc/subnet", "settings.set:wpc/subnet"),
    ("GET", "/api/v1/settings/wpc/topology", "settings.get:wpc/topology"),
    ("PUT", "/api/v1/settings/wpc/topology", "settings.set:wpc/topology"),
)

#: (method, path, client target) for every operation of the 1.1.0 document.
OPERATIONS: tuple[tuple[str, str, str], ...] = (*crud_operations(), *OTHER_OPERATIONS)

#: Operations newer than 1.1.0 that the client also serves (404 -> NotSupportedError).
NEWER_OPERATIONS: tuple[tuple[str, str, str], ...] = (
    ("GET", "/api/v1/audit-log", "audit_logs.list"),
    ("PUT", "/api/v1/users/{id}/activate", "users.activate"),
    ("PUT", "/api/v1/users/{id}/suspend", "users.suspend"),
)


@dataclass(frozen=True)
class Setting:
    """One tenant setting under ``/api/v1/settings/``.

    Attributes:
        value_type: The Python type of the value (a pydantic model, ``bool``, ``int``, ...).
        text_plain: ``PUT`` sends the value as ``text/plain`` (the enum settings).
        choices: The allowed values of a ``text_plain`` enum setting, if the document lists them.
        writable: ``False`` for the GET-only group mappings.
    """

    value_type: Any
    text_plain: bool = False
    choices: tuple[str, ...] = ()
    writable: bool = True


SETTINGS: dict[str, Setting] = {
    "auth/ldap/group-mappings": Setting(GroupMappingResponse, writable=False),
    "auth/saml/group-mappings": Setting(GroupMappingResponse, writable=False),
    "auth/trusted-devices-allowed": Setting(bool),
    "auth/two-factor-auth": Setting(bool),
    "dns/custom-servers": Setting(DnsServerAddresses),
    "dns/default-suffix": Setting(str),
    "dns/proxy-enabled": Setting(bool),
    "dns/zones": Setting(DnsZones),
    "user/connect-auth": Setting(
        str, text_plain=True, choices=("NO_AUTH", "ON_PRIOR_AUTH", "EVERY_TIME")
    ),
    "user/device-allowance": Setting(int),
    "user/device-allowance-force-update": Setting(bool),
    "user/device-enforcement": Setting(
        str, text_plain=True, choices=("OFF", "LEARN_AND_ENFORCE", "ENFORCE")
    ),
    "user/profile-distribution": Setting(str, text_plain=True, choices=("AUTOMATIC", "MANUAL")),
    "users/connection-timeout": Setting(int),
    "wpc/client-options": Setting(list[str]),
    "wpc/default-region": Setting(str, text_plain=True),
    "wpc/domain-routing-subnet": Setting(DomainRoutingSubnet),
    "wpc/snat": Setting(bool),
    "wpc/subnet": Setting(Subnet),
    "wpc/topology": Setting(str, text_plain=True, choices=("FULL_MESH", "CUSTOM")),
}
