"""Declared data: every operation of the 1.1.0 document and the client method serving it.

``OPERATIONS`` maps each ``(HTTP method, path)`` of ``openapi-1.1.0.json`` (73 paths, 144
operations) to a dotted client attribute; ``settings.get:<name>`` means
``client.settings.get("<name>")``. A meta test reads the OpenAPI document and fails when an
operation is missing here or a target does not exist on the client. ``SETTINGS`` declares each
tenant setting's value type and wire format (cloudconnexa-api.md §6, Settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cloudconnexa.types import (
    DnsServerAddresses,
    DnsZones,
    DomainRoutingSubnet,
    GroupMappingResponse,
    Subnet,
)

#: (method, path, client target) for every operation of the 1.1.0 document.
OPERATIONS: tuple[tuple[str, str, str], ...] = (
    ("GET", "/api/v1/access-groups", "access_groups.list"),
    ("POST", "/api/v1/access-groups", "access_groups.create"),
    ("DELETE", "/api/v1/access-groups/{id}", "access_groups.delete"),
    ("GET", "/api/v1/access-groups/{id}", "access_groups.get"),
    ("PUT", "/api/v1/access-groups/{id}", "access_groups.update"),
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
    ("GET", "/api/v1/device-postures", "device_postures.list"),
    ("POST", "/api/v1/device-postures", "device_postures.create"),
    ("DELETE", "/api/v1/device-postures/{id}", "device_postures.delete"),
    ("GET", "/api/v1/device-postures/{id}", "device_postures.get"),
    ("PUT", "/api/v1/device-postures/{id}", "device_postures.update"),
    ("GET", "/api/v1/devices", "devices.list"),
    ("POST", "/api/v1/devices", "devices.create"),
    ("DELETE", "/api/v1/devices/{id}", "devices.delete"),
    ("GET", "/api/v1/devices/{id}", "devices.get"),
    ("PUT", "/api/v1/devices/{id}", "devices.update"),
    ("DELETE", "/api/v1/devices/{id}/profile", "devices.revoke_profile"),
    ("POST", "/api/v1/devices/{id}/profile", "devices.create_profile"),
    ("PUT", "/api/v1/dns-log/user-dns-resolutions/disable", "dns_log.disable"),
    ("PUT", "/api/v1/dns-log/user-dns-resolutions/enable", "dns_log.enable"),
    ("GET", "/api/v1/dns-log/user-dns-resolutions/page", "dns_log.list"),
    ("GET", "/api/v1/dns-records", "dns_records.list"),
    ("POST", "/api/v1/dns-records", "dns_records.create"),
    ("DELETE", "/api/v1/dns-records/{id}", "dns_records.delete"),
    ("GET", "/api/v1/dns-records/{id}", "dns_records.get"),
    ("PUT", "/api/v1/dns-records/{id}", "dns_records.update"),
    ("GET", "/api/v1/hosts", "hosts.list"),
    ("POST", "/api/v1/hosts", "hosts.create"),
    ("GET", "/api/v1/hosts/applications", "host_applications.list"),
    ("POST", "/api/v1/hosts/applications", "host_applications.create"),
    ("DELETE", "/api/v1/hosts/applications/{id}", "host_applications.delete"),
    ("GET", "/api/v1/hosts/applications/{id}", "host_applications.get"),
    ("PUT", "/api/v1/hosts/applications/{id}", "host_applications.update"),
    ("GET", "/api/v1/hosts/connectors", "host_connectors.list"),
    ("POST", "/api/v1/hosts/connectors", "host_connectors.create"),
    ("DELETE", "/api/v1/hosts/connectors/{id}", "host_connectors.delete"),
    ("GET", "/api/v1/hosts/connectors/{id}", "host_connectors.get"),
    ("PUT", "/api/v1/hosts/connectors/{id}", "host_connectors.update"),
    ("DELETE", "/api/v1/hosts/connectors/{id}/profile", "host_connectors.revoke_profile"),
    ("POST", "/api/v1/hosts/connectors/{id}/profile", "host_connectors.create_profile"),
    ("POST", "/api/v1/hosts/connectors/{id}/profile/bundle", "host_connectors.create_bundle"),
    ("POST", "/api/v1/hosts/connectors/{id}/profile/encrypt", "host_connectors.encrypt_profile"),
    ("GET", "/api/v1/hosts/ip-services", "host_ip_services.list"),
    ("POST", "/api/v1/hosts/ip-services", "host_ip_services.create"),
    ("DELETE", "/api/v1/hosts/ip-services/{id}", "host_ip_services.delete"),
    ("GET", "/api/v1/hosts/ip-services/{id}", "host_ip_services.get"),
    ("PUT", "/api/v1/hosts/ip-services/{id}", "host_ip_services.update"),
    ("DELETE", "/api/v1/hosts/{id}", "hosts.delete"),
    ("GET", "/api/v1/hosts/{id}", "hosts.get"),
    ("PUT", "/api/v1/hosts/{id}", "hosts.update"),
    ("GET", "/api/v1/location-contexts", "location_contexts.list"),
    ("POST", "/api/v1/location-contexts", "location_contexts.create"),
    ("DELETE", "/api/v1/location-contexts/{id}", "location_contexts.delete"),
    ("GET", "/api/v1/location-contexts/{id}", "location_contexts.get"),
    ("PUT", "/api/v1/location-contexts/{id}", "location_contexts.update"),
    ("GET", "/api/v1/networks", "networks.list"),
    ("POST", "/api/v1/networks", "networks.create"),
    ("GET", "/api/v1/networks/applications", "network_applications.list"),
    ("POST", "/api/v1/networks/applications", "network_applications.create"),
    ("DELETE", "/api/v1/networks/applications/{id}", "network_applications.delete"),
    ("GET", "/api/v1/networks/applications/{id}", "network_applications.get"),
    ("PUT", "/api/v1/networks/applications/{id}", "network_applications.update"),
    ("GET", "/api/v1/networks/connectors", "network_connectors.list"),
    ("POST", "/api/v1/networks/connectors", "network_connectors.create"),
    ("DELETE", "/api/v1/networks/connectors/{id}", "network_connectors.delete"),
    ("GET", "/api/v1/networks/connectors/{id}", "network_connectors.get"),
    ("PUT", "/api/v1/networks/connectors/{id}", "network_connectors.update"),
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
    ("GET", "/api/v1/networks/ip-services", "network_ip_services.list"),
    ("POST", "/api/v1/networks/ip-services", "network_ip_services.create"),
    ("DELETE", "/api/v1/networks/ip-services/{id}", "network_ip_services.delete"),
    ("GET", "/api/v1/networks/ip-services/{id}", "network_ip_services.get"),
    ("PUT", "/api/v1/networks/ip-services/{id}", "network_ip_services.update"),
    ("GET", "/api/v1/networks/routes", "routes.list"),
    ("POST", "/api/v1/networks/routes", "routes.create"),
    ("DELETE", "/api/v1/networks/routes/{id}", "routes.delete"),
    ("GET", "/api/v1/networks/routes/{id}", "routes.get"),
    ("PUT", "/api/v1/networks/routes/{id}", "routes.update"),
    ("DELETE", "/api/v1/networks/{id}", "networks.delete"),
    ("GET", "/api/v1/networks/{id}", "networks.get"),
    ("PUT", "/api/v1/networks/{id}", "networks.update"),
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
    ("GET", "/api/v1/user-groups", "user_groups.list"),
    ("POST", "/api/v1/user-groups", "user_groups.create"),
    ("DELETE", "/api/v1/user-groups/{id}", "user_groups.delete"),
    ("GET", "/api/v1/user-groups/{id}", "user_groups.get"),
    ("PUT", "/api/v1/user-groups/{id}", "user_groups.update"),
    ("GET", "/api/v1/users", "users.list"),
    ("POST", "/api/v1/users", "users.create"),
    ("DELETE", "/api/v1/users/{id}", "users.delete"),
    ("GET", "/api/v1/users/{id}", "users.get"),
    ("PUT", "/api/v1/users/{id}", "users.update"),
)

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
