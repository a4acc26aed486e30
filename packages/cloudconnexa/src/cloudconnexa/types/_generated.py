"""Models generated from the package's ``spec/openapi-1.1.0.json``.

Written by ``scripts/generate_cloudconnexa_types.py``; do not edit.
Change the generator and run it instead. Every field is optional (the document has
no ``required`` lists); enum fields accept unknown values as plain strings, and unknown
fields are kept (``model_extra``), because newer tenants add both. Request models
validate strictly: a value of the wrong type is refused, never converted.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from cloudconnexa.types._base import (
    _OPEN,
    CloudConnexaModel,
    CloudConnexaRequestModel,
)

__all__ = [
    "AccessGroupRequest",
    "AccessGroupResponse",
    "AccessItemDestinationRequest",
    "AccessItemDestinationResponse",
    "AccessItemDestinationType",
    "AccessItemSourceRequest",
    "AccessItemSourceResponse",
    "AccessItemSourceType",
    "AddDomainsRequest",
    "AndroidRequest",
    "AndroidResponse",
    "Antivirus",
    "ApplicationRequest",
    "ApplicationResponse",
    "ApplicationRouteRequest",
    "AuthType",
    "ConnectAuth",
    "ConnectionStatus",
    "ConnectorState",
    "CountryCheckRequest",
    "CountryCheckResponse",
    "CustomServiceTypeRequest",
    "CustomServiceTypeResponse",
    "DeadPeerHandling",
    "DefaultCheckRequest",
    "DefaultCheckResponse",
    "DevicePostureRequest",
    "DevicePostureResponse",
    "DeviceRequest",
    "DeviceResponse",
    "DiffieHellmanGroup",
    "DiskEncryption",
    "DiskEncryptionType",
    "DnsRecordRequest",
    "DnsRecordResponse",
    "DnsServerAddresses",
    "DnsZone",
    "DnsZones",
    "DomainAndComment",
    "DomainRouteResponse",
    "DomainRouteType",
    "DomainRoutingSubnet",
    "EncryptionAlgorithm",
    "ErrorDetails",
    "ErrorResponse",
    "GroupMappingRecordResponse",
    "GroupMappingResponse",
    "HostConnectorRequest",
    "HostConnectorResponse",
    "HostCreateRequest",
    "HostIpServiceRequest",
    "HostIpServiceResponse",
    "HostResponse",
    "HostUpdateRequest",
    "IOSRequest",
    "IOSResponse",
    "IkeDeadPeerDetection",
    "IkePhase",
    "IkeProtocol",
    "IkeProtocolVersion",
    "IkeRekey",
    "IkeStartupAction",
    "IntegrityAlgorithm",
    "InternetAccess",
    "IpCheckRequest",
    "IpCheckResponse",
    "IpRequest",
    "IpResponse",
    "IpRouteResponse",
    "IpSecAuthenticationType",
    "IpSecConfigRequest",
    "IpSecConfigResponse",
    "IpSecPlatform",
    "IpServiceType",
    "LinuxRequest",
    "LinuxResponse",
    "LocationContextRequest",
    "LocationContextResponse",
    "MacOSRequest",
    "MacOSResponse",
    "NetworkConnectorRequest",
    "NetworkConnectorResponse",
    "NetworkCreateRequest",
    "NetworkIpServiceRequest",
    "NetworkIpServiceResponse",
    "NetworkItemType",
    "NetworkResponse",
    "NetworkRouteRequest",
    "NetworkRouteResponse",
    "NetworkUpdateRequest",
    "OAuthResponse",
    "PlatformResponse",
    "RangeInteger",
    "RemoveDomainsRequest",
    "RouteType",
    "ServiceConfigRequest",
    "ServiceConfigResponse",
    "ServiceProtocol",
    "ServiceRouteRequest",
    "ServiceType",
    "SessionResponse",
    "SessionsResponse",
    "Subnet",
    "TunnelingProtocol",
    "UserCreateRequest",
    "UserGroupRequest",
    "UserGroupResponse",
    "UserResponse",
    "UserRole",
    "UserStatus",
    "UserUpdateRequest",
    "VersionCondition",
    "VersionPolicy",
    "VpnRegionResponse",
    "WindowsRequest",
    "WindowsResponse",
]


class AccessItemDestinationType(StrEnum):
    """Known values of ``AccessItemDestinationType``; unknown values stay plain strings."""

    USER_GROUP = "USER_GROUP"
    NETWORK_SERVICE = "NETWORK_SERVICE"
    HOST_SERVICE = "HOST_SERVICE"
    PUBLISHED_SERVICE = "PUBLISHED_SERVICE"


class AccessItemSourceType(StrEnum):
    """Known values of ``AccessItemSourceType``; unknown values stay plain strings."""

    USER_GROUP = "USER_GROUP"
    NETWORK_SERVICE = "NETWORK_SERVICE"
    HOST = "HOST"


class Antivirus(StrEnum):
    """Known values of ``Antivirus``; unknown values stay plain strings."""

    AVAST = "AVAST"
    AVG = "AVG"
    AVIRA = "AVIRA"
    BITDEFENDER = "BITDEFENDER"
    CROWDSTRIKE_FALCON = "CROWDSTRIKE_FALCON"
    ESET = "ESET"
    MALWAREBYTES = "MALWAREBYTES"
    MCAFEE = "MCAFEE"
    MICROSOFT_DEFENDER = "MICROSOFT_DEFENDER"
    NORTON = "NORTON"
    SENTINEL_ONE = "SENTINEL_ONE"


class AuthType(StrEnum):
    """Known values of ``AuthType``; unknown values stay plain strings."""

    INTERNAL = "INTERNAL"
    SAML = "SAML"
    LDAP = "LDAP"
    GOOGLE = "GOOGLE"
    MICROSOFT = "MICROSOFT"


class ConnectAuth(StrEnum):
    """Known values of ``ConnectAuth``; unknown values stay plain strings."""

    NO_AUTH = "NO_AUTH"
    ON_PRIOR_AUTH = "ON_PRIOR_AUTH"
    EVERY_TIME = "EVERY_TIME"


class ConnectionStatus(StrEnum):
    """Known values of ``ConnectionStatus``; unknown values stay plain strings."""

    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"
    ONLINE_WITH_ISSUES = "ONLINE_WITH_ISSUES"


class ConnectorState(StrEnum):
    """Known values of ``ConnectorState``; unknown values stay plain strings."""

    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"


class DeadPeerHandling(StrEnum):
    """Known values of ``DeadPeerHandling``; unknown values stay plain strings."""

    RESTART = "RESTART"
    NONE = "NONE"


class DiffieHellmanGroup(StrEnum):
    """Known values of ``DiffieHellmanGroup``; unknown values stay plain strings."""

    G_1 = "G_1"
    G_2 = "G_2"
    G_5 = "G_5"
    G_14 = "G_14"
    G_15 = "G_15"
    G_16 = "G_16"
    G_19 = "G_19"
    G_20 = "G_20"
    G_24 = "G_24"


class DiskEncryptionType(StrEnum):
    """Known values of ``DiskEncryptionType``; unknown values stay plain strings."""

    FULL_DISK = "FULL_DISK"
    SPECIFIC_VOLUME = "SPECIFIC_VOLUME"


class DomainRouteType(StrEnum):
    """Known values of ``DomainRouteType``; unknown values stay plain strings."""

    DOMAIN = "DOMAIN"


class EncryptionAlgorithm(StrEnum):
    """Known values of ``EncryptionAlgorithm``; unknown values stay plain strings."""

    AES128 = "AES128"
    AES256 = "AES256"
    AES128_GCM_16 = "AES128_GCM_16"
    AES256_GCM_16 = "AES256_GCM_16"


class IkeProtocolVersion(StrEnum):
    """Known values of ``IkeProtocolVersion``; unknown values stay plain strings."""

    IKE_V1 = "IKE_V1"
    IKE_V2 = "IKE_V2"


class IkeStartupAction(StrEnum):
    """Known values of ``IkeStartupAction``; unknown values stay plain strings."""

    START = "START"
    ATTACH = "ATTACH"


class IntegrityAlgorithm(StrEnum):
    """Known values of ``IntegrityAlgorithm``; unknown values stay plain strings."""

    SHA1 = "SHA1"
    SHA2_256 = "SHA2_256"
    SHA2_384 = "SHA2_384"
    SHA2_512 = "SHA2_512"


class InternetAccess(StrEnum):
    """Known values of ``InternetAccess``; unknown values stay plain strings."""

    SPLIT_TUNNEL_ON = "SPLIT_TUNNEL_ON"
    SPLIT_TUNNEL_OFF = "SPLIT_TUNNEL_OFF"
    RESTRICTED_INTERNET = "RESTRICTED_INTERNET"


class IpSecAuthenticationType(StrEnum):
    """Known values of ``IpSecAuthenticationType``; unknown values stay plain strings."""

    SHARED_SECRET = "SHARED_SECRET"
    CERTIFICATE = "CERTIFICATE"


class IpSecPlatform(StrEnum):
    """Known values of ``IpSecPlatform``; unknown values stay plain strings."""

    AWS = "AWS"
    CISCO = "CISCO"
    AZURE = "AZURE"
    GCP = "GCP"
    OTHER = "OTHER"


class IpServiceType(StrEnum):
    """Known values of ``IpServiceType``; unknown values stay plain strings."""

    IP_SOURCE = "IP_SOURCE"
    SERVICE_DESTINATION = "SERVICE_DESTINATION"


class NetworkItemType(StrEnum):
    """Known values of ``NetworkItemType``; unknown values stay plain strings."""

    NETWORK = "NETWORK"
    HOST = "HOST"


class RouteType(StrEnum):
    """Known values of ``RouteType``; unknown values stay plain strings."""

    IP_V4 = "IP_V4"
    IP_V6 = "IP_V6"


class ServiceProtocol(StrEnum):
    """Known values of ``ServiceProtocol``; unknown values stay plain strings."""

    TCP = "TCP"
    UDP = "UDP"
    ICMP = "ICMP"


class ServiceType(StrEnum):
    """Known values of ``ServiceType``; unknown values stay plain strings."""

    ANY = "ANY"
    CUSTOM = "CUSTOM"
    BGP = "BGP"
    DHCP = "DHCP"
    DNS = "DNS"
    FTP = "FTP"
    HTTP = "HTTP"
    HTTPS = "HTTPS"
    IMAP = "IMAP"
    IMAPS = "IMAPS"
    NTP = "NTP"
    POP3 = "POP3"
    POP3S = "POP3S"
    SMTP = "SMTP"
    SMTPS = "SMTPS"
    SNMP = "SNMP"
    SSH = "SSH"
    TELNET = "TELNET"
    TFTP = "TFTP"


class TunnelingProtocol(StrEnum):
    """Known values of ``TunnelingProtocol``; unknown values stay plain strings."""

    OPENVPN = "OPENVPN"
    IPSEC = "IPSEC"


class UserRole(StrEnum):
    """Known values of ``UserRole``; unknown values stay plain strings."""

    OWNER = "OWNER"
    MEMBER = "MEMBER"
    ADMIN = "ADMIN"


class UserStatus(StrEnum):
    """Known values of ``UserStatus``; unknown values stay plain strings."""

    INVITED = "INVITED"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    SUSPENDED_IDP = "SUSPENDED_IDP"


class VersionCondition(StrEnum):
    """Known values of ``VersionCondition``; unknown values stay plain strings."""

    GTE = "GTE"
    LTE = "LTE"
    EQUAL = "EQUAL"


class AccessGroupRequest(CloudConnexaRequestModel):
    """The ``AccessGroupRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    source: list[AccessItemSourceRequest] | None = None
    destination: list[AccessItemDestinationRequest] | None = None


class AccessGroupResponse(CloudConnexaModel):
    """The ``AccessGroupResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    default_group: bool | None = Field(None, alias="defaultGroup")
    source: list[AccessItemSourceResponse] | None = None
    destination: list[AccessItemDestinationResponse] | None = None


class AccessItemDestinationRequest(CloudConnexaRequestModel):
    """The ``AccessItemDestinationRequest`` schema of the CloudConnexa API 1.1.0 document."""

    type: Annotated[AccessItemDestinationType | str, _OPEN] | None = None
    all_covered: bool | None = Field(None, alias="allCovered")
    parent: str | None = None
    children: list[str] | None = None


class AccessItemDestinationResponse(CloudConnexaModel):
    """The ``AccessItemDestinationResponse`` schema of the CloudConnexa API 1.1.0 document."""

    type: Annotated[AccessItemDestinationType | str, _OPEN] | None = None
    all_covered: bool | None = Field(None, alias="allCovered")
    parent: str | None = None
    children: list[str] | None = None


class AccessItemSourceRequest(CloudConnexaRequestModel):
    """The ``AccessItemSourceRequest`` schema of the CloudConnexa API 1.1.0 document."""

    type: Annotated[AccessItemSourceType | str, _OPEN] | None = None
    all_covered: bool | None = Field(None, alias="allCovered")
    parent: str | None = None
    children: list[str] | None = None


class AccessItemSourceResponse(CloudConnexaModel):
    """The ``AccessItemSourceResponse`` schema of the CloudConnexa API 1.1.0 document."""

    type: str | None = None
    all_covered: bool | None = Field(None, alias="allCovered")
    parent: str | None = None
    children: list[str] | None = None


class AddDomainsRequest(CloudConnexaRequestModel):
    """The ``AddDomainsRequest`` schema of the CloudConnexa API 1.1.0 document."""

    domain_and_comments: list[DomainAndComment] | None = Field(None, alias="domainAndComments")


class AndroidRequest(CloudConnexaRequestModel):
    """The ``AndroidRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class AndroidResponse(CloudConnexaModel):
    """The ``AndroidResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class ApplicationRequest(CloudConnexaRequestModel):
    """The ``ApplicationRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    routes: list[ApplicationRouteRequest] | None = None
    config: ServiceConfigRequest | None = None


class ApplicationResponse(CloudConnexaModel):
    """The ``ApplicationResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    network_item_id: str | None = Field(None, alias="networkItemId")
    network_item_type: Annotated[NetworkItemType | str, _OPEN] | None = Field(
        None, alias="networkItemType"
    )
    routes: list[DomainRouteResponse] | None = None
    config: ServiceConfigResponse | None = None


class ApplicationRouteRequest(CloudConnexaRequestModel):
    """The ``ApplicationRouteRequest`` schema of the CloudConnexa API 1.1.0 document."""

    value: str | None = None
    allow_embedded_ip: bool | None = Field(None, alias="allowEmbeddedIp")


class CountryCheckRequest(CloudConnexaRequestModel):
    """The ``CountryCheckRequest`` schema of the CloudConnexa API 1.1.0 document."""

    countries: list[str] | None = None
    allowed: bool | None = None


class CountryCheckResponse(CloudConnexaModel):
    """The ``CountryCheckResponse`` schema of the CloudConnexa API 1.1.0 document."""

    countries: list[str] | None = None
    allowed: bool | None = None


class CustomServiceTypeRequest(CloudConnexaRequestModel):
    """The ``CustomServiceTypeRequest`` schema of the CloudConnexa API 1.1.0 document."""

    protocol: Annotated[ServiceProtocol | str, _OPEN] | None = None
    port: list[RangeInteger] | None = None
    icmp_type: list[RangeInteger] | None = Field(None, alias="icmpType")


class CustomServiceTypeResponse(CloudConnexaModel):
    """The ``CustomServiceTypeResponse`` schema of the CloudConnexa API 1.1.0 document."""

    protocol: Annotated[ServiceProtocol | str, _OPEN] | None = None
    port: list[RangeInteger] | None = None
    icmp_type: list[RangeInteger] | None = Field(None, alias="icmpType")


class DefaultCheckRequest(CloudConnexaRequestModel):
    """The ``DefaultCheckRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class DefaultCheckResponse(CloudConnexaModel):
    """The ``DefaultCheckResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class DevicePostureRequest(CloudConnexaRequestModel):
    """The ``DevicePostureRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    user_groups_ids: list[str] | None = Field(None, alias="userGroupsIds")
    windows: WindowsRequest | None = None
    macos: MacOSRequest | None = None
    linux: LinuxRequest | None = None
    android: AndroidRequest | None = None
    ios: IOSRequest | None = None


class DevicePostureResponse(CloudConnexaModel):
    """The ``DevicePostureResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    user_groups_ids: list[str] | None = Field(None, alias="userGroupsIds")
    windows: WindowsResponse | None = None
    macos: MacOSResponse | None = None
    linux: LinuxResponse | None = None
    android: AndroidResponse | None = None
    ios: IOSResponse | None = None


class DeviceRequest(CloudConnexaRequestModel):
    """The ``DeviceRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    client_uuid: str | None = Field(None, alias="clientUUID")


class DeviceResponse(CloudConnexaModel):
    """The ``DeviceResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    user_id: str | None = Field(None, alias="userId")
    client_uuid: str | None = Field(None, alias="clientUUID")
    name: str | None = None
    description: str | None = None
    ip_v4_address: str | None = Field(None, alias="ipV4Address")
    ip_v6_address: str | None = Field(None, alias="ipV6Address")
    platform: PlatformResponse | None = None
    connection_status: Annotated[ConnectionStatus | str, _OPEN] | None = Field(
        None, alias="connectionStatus"
    )


class DiskEncryption(CloudConnexaModel):
    """The ``DiskEncryption`` schema of the CloudConnexa API 1.1.0 document."""

    type: Annotated[DiskEncryptionType | str, _OPEN] | None = None
    volume: str | None = None


class DnsRecordRequest(CloudConnexaRequestModel):
    """The ``DnsRecordRequest`` schema of the CloudConnexa API 1.1.0 document."""

    domain: str | None = None
    description: str | None = None
    ipv4_addresses: list[str] | None = Field(None, alias="ipv4Addresses")
    ipv6_addresses: list[str] | None = Field(None, alias="ipv6Addresses")


class DnsRecordResponse(CloudConnexaModel):
    """The ``DnsRecordResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    domain: str | None = None
    description: str | None = None
    ipv4_addresses: list[str] | None = Field(None, alias="ipv4Addresses")
    ipv6_addresses: list[str] | None = Field(None, alias="ipv6Addresses")


class DnsServerAddresses(CloudConnexaModel):
    """The ``DnsServerAddresses`` schema of the CloudConnexa API 1.1.0 document."""

    primary_ip_v4: str | None = Field(None, alias="primaryIpV4")
    secondary_ip_v4: str | None = Field(None, alias="secondaryIpV4")


class DnsZone(CloudConnexaModel):
    """The ``DnsZone`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    addresses: list[str] | None = None


class DnsZones(CloudConnexaModel):
    """The ``DnsZones`` schema of the CloudConnexa API 1.1.0 document."""

    zones: list[DnsZone] | None = None


class DomainAndComment(CloudConnexaModel):
    """The ``DomainAndComment`` schema of the CloudConnexa API 1.1.0 document."""

    domain: str | None = None
    comment: str | None = None


class DomainRouteResponse(CloudConnexaModel):
    """The ``DomainRouteResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    type: Annotated[DomainRouteType | str, _OPEN] | None = None
    domain: str | None = None
    allow_embedded_ip: bool | None = Field(None, alias="allowEmbeddedIp")


class DomainRoutingSubnet(CloudConnexaModel):
    """The ``DomainRoutingSubnet`` schema of the CloudConnexa API 1.1.0 document."""

    ip_v4_address: str | None = Field(None, alias="ipV4Address")
    ip_v6_address: str | None = Field(None, alias="ipV6Address")


class ErrorDetails(CloudConnexaModel):
    """The ``ErrorDetails`` schema of the CloudConnexa API 1.1.0 document."""

    error_code: str | None = Field(None, alias="errorCode")
    message: str | None = None
    params: dict[str, Any] | None = None


class ErrorResponse(CloudConnexaModel):
    """The ``ErrorResponse`` schema of the CloudConnexa API 1.1.0 document."""

    error_details: dict[str, Any] | None = Field(None, alias="errorDetails")
    error_message: str | None = Field(None, alias="errorMessage")
    status_error: str | None = Field(None, alias="statusError")


class GroupMappingRecordResponse(CloudConnexaModel):
    """The ``GroupMappingRecordResponse`` schema of the CloudConnexa API 1.1.0 document."""

    group_id: str | None = Field(None, alias="groupId")
    idp_group_names: list[str] | None = Field(None, alias="idpGroupNames")
    sorting_order: int | None = Field(None, alias="sortingOrder")


class GroupMappingResponse(CloudConnexaModel):
    """The ``GroupMappingResponse`` schema of the CloudConnexa API 1.1.0 document."""

    fallback_group_id: str | None = Field(None, alias="fallbackGroupId")
    mappings: list[GroupMappingRecordResponse] | None = None


class HostConnectorRequest(CloudConnexaRequestModel):
    """The ``HostConnectorRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    vpn_region_id: str | None = Field(None, alias="vpnRegionId")


class HostConnectorResponse(CloudConnexaModel):
    """The ``HostConnectorResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    network_item_id: str | None = Field(None, alias="networkItemId")
    network_item_type: Annotated[NetworkItemType | str, _OPEN] | None = Field(
        None, alias="networkItemType"
    )
    name: str | None = None
    description: str | None = None
    vpn_region_id: str | None = Field(None, alias="vpnRegionId")
    ip_v4_address: str | None = Field(None, alias="ipV4Address")
    ip_v6_address: str | None = Field(None, alias="ipV6Address")
    connection_status: Annotated[ConnectionStatus | str, _OPEN] | None = Field(
        None, alias="connectionStatus"
    )


class HostCreateRequest(CloudConnexaRequestModel):
    """The ``HostCreateRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    domain: str | None = None
    connectors: list[HostConnectorRequest] | None = None
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class HostIpServiceRequest(CloudConnexaRequestModel):
    """The ``HostIpServiceRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    config: ServiceConfigRequest | None = None


class HostIpServiceResponse(CloudConnexaModel):
    """The ``HostIpServiceResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    network_item_id: str | None = Field(None, alias="networkItemId")
    network_item_type: Annotated[NetworkItemType | str, _OPEN] | None = Field(
        None, alias="networkItemType"
    )
    config: ServiceConfigResponse | None = None


class HostResponse(CloudConnexaModel):
    """The ``HostResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    domain: str | None = None
    connectors: list[HostConnectorResponse] | None = None
    system_subnets: list[str] | None = Field(None, alias="systemSubnets")
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class HostUpdateRequest(CloudConnexaRequestModel):
    """The ``HostUpdateRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    domain: str | None = None
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class IOSRequest(CloudConnexaRequestModel):
    """The ``IOSRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class IOSResponse(CloudConnexaModel):
    """The ``IOSResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class IkeDeadPeerDetection(CloudConnexaModel):
    """The ``IkeDeadPeerDetection`` schema of the CloudConnexa API 1.1.0 document."""

    timeout_sec: int | None = Field(None, alias="timeoutSec")
    dead_peer_handling: Annotated[DeadPeerHandling | str, _OPEN] | None = Field(
        None, alias="deadPeerHandling"
    )


class IkePhase(CloudConnexaModel):
    """The ``IkePhase`` schema of the CloudConnexa API 1.1.0 document."""

    encryption_algorithms: list[Annotated[EncryptionAlgorithm | str, _OPEN]] | None = Field(
        None, alias="encryptionAlgorithms"
    )
    integrity_algorithms: list[Annotated[IntegrityAlgorithm | str, _OPEN]] | None = Field(
        None, alias="integrityAlgorithms"
    )
    diffie_hellman_groups: list[Annotated[DiffieHellmanGroup | str, _OPEN]] | None = Field(
        None, alias="diffieHellmanGroups"
    )
    lifetime_sec: int | None = Field(None, alias="lifetimeSec")


class IkeProtocol(CloudConnexaModel):
    """The ``IkeProtocol`` schema of the CloudConnexa API 1.1.0 document."""

    protocol_version: Annotated[IkeProtocolVersion | str, _OPEN] | None = Field(
        None, alias="protocolVersion"
    )
    phase1: IkePhase | None = None
    phase2: IkePhase | None = None
    rekey: IkeRekey | None = None
    dead_peer_detection: IkeDeadPeerDetection | None = Field(None, alias="deadPeerDetection")
    startup_action: Annotated[IkeStartupAction | str, _OPEN] | None = Field(
        None, alias="startupAction"
    )


class IkeRekey(CloudConnexaModel):
    """The ``IkeRekey`` schema of the CloudConnexa API 1.1.0 document."""

    margin_time_sec: int | None = Field(None, alias="marginTimeSec")
    fuzz_percent: int | None = Field(None, alias="fuzzPercent")
    replay_window_size: int | None = Field(None, alias="replayWindowSize")


class IpCheckRequest(CloudConnexaRequestModel):
    """The ``IpCheckRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None
    ips: list[IpRequest] | None = None


class IpCheckResponse(CloudConnexaModel):
    """The ``IpCheckResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None
    ips: list[IpResponse] | None = None


class IpRequest(CloudConnexaRequestModel):
    """The ``IpRequest`` schema of the CloudConnexa API 1.1.0 document."""

    ip: str | None = None
    description: str | None = None


class IpResponse(CloudConnexaModel):
    """The ``IpResponse`` schema of the CloudConnexa API 1.1.0 document."""

    ip: str | None = None
    description: str | None = None


class IpRouteResponse(CloudConnexaModel):
    """The ``IpRouteResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    parent_route_id: str | None = Field(None, alias="parentRouteId")
    type: Annotated[RouteType | str, _OPEN] | None = None
    subnet: str | None = None


class IpSecConfigRequest(CloudConnexaRequestModel):
    """The ``IpSecConfigRequest`` schema of the CloudConnexa API 1.1.0 document."""

    platform: Annotated[IpSecPlatform | str, _OPEN] | None = None
    authentication_type: Annotated[IpSecAuthenticationType | str, _OPEN] | None = Field(
        None, alias="authenticationType"
    )
    remote_site_public_ip: str | None = Field(None, alias="remoteSitePublicIp")
    pre_shared_key: str | None = Field(None, alias="preSharedKey")
    ca_certificate: str | None = Field(None, alias="caCertificate")
    peer_certificate: str | None = Field(None, alias="peerCertificate")
    remote_gateway_certificate: str | None = Field(None, alias="remoteGatewayCertificate")
    peer_certificate_private_key: str | None = Field(None, alias="peerCertificatePrivateKey")
    peer_certificate_key_passphrase: str | None = Field(None, alias="peerCertificateKeyPassphrase")
    ike_protocol: IkeProtocol | None = Field(None, alias="ikeProtocol")
    hostname: str | None = None
    domain: str | None = None


class IpSecConfigResponse(CloudConnexaModel):
    """The ``IpSecConfigResponse`` schema of the CloudConnexa API 1.1.0 document."""

    platform: Annotated[IpSecPlatform | str, _OPEN] | None = None
    connector_state: Annotated[ConnectorState | str, _OPEN] | None = Field(
        None, alias="connectorState"
    )
    authentication_type: Annotated[IpSecAuthenticationType | str, _OPEN] | None = Field(
        None, alias="authenticationType"
    )
    remote_site_public_ip: str | None = Field(None, alias="remoteSitePublicIp")
    pre_shared_key: str | None = Field(None, alias="preSharedKey")
    ca_certificate: str | None = Field(None, alias="caCertificate")
    ca_certificate_file_name: str | None = Field(None, alias="caCertificateFileName")
    peer_certificate: str | None = Field(None, alias="peerCertificate")
    remote_gateway_certificate: str | None = Field(None, alias="remoteGatewayCertificate")
    peer_certificate_private_key: str | None = Field(None, alias="peerCertificatePrivateKey")
    peer_certificate_key_passphrase: str | None = Field(None, alias="peerCertificateKeyPassphrase")
    paired_aws_connector_id: str | None = Field(None, alias="pairedAwsConnectorId")
    ike_protocol: IkeProtocol | None = Field(None, alias="ikeProtocol")
    server_id: str | None = Field(None, alias="serverId")
    hostname: str | None = None
    domain: str | None = None


class LinuxRequest(CloudConnexaRequestModel):
    """The ``LinuxRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class LinuxResponse(CloudConnexaModel):
    """The ``LinuxResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None


class LocationContextRequest(CloudConnexaRequestModel):
    """The ``LocationContextRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    user_groups_ids: list[str] | None = Field(None, alias="userGroupsIds")
    ip_check: IpCheckRequest | None = Field(None, alias="ipCheck")
    country_check: CountryCheckRequest | None = Field(None, alias="countryCheck")
    default_check: DefaultCheckRequest | None = Field(None, alias="defaultCheck")


class LocationContextResponse(CloudConnexaModel):
    """The ``LocationContextResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    user_groups_ids: list[str] | None = Field(None, alias="userGroupsIds")
    ip_check: IpCheckResponse | None = Field(None, alias="ipCheck")
    country_check: CountryCheckResponse | None = Field(None, alias="countryCheck")
    default_check: DefaultCheckResponse | None = Field(None, alias="defaultCheck")


class MacOSRequest(CloudConnexaRequestModel):
    """The ``MacOSRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None
    version: VersionPolicy | None = None
    antiviruses: list[Annotated[Antivirus | str, _OPEN]] | None = None
    disk_encrypted: bool | None = Field(None, alias="diskEncrypted")
    certificate: str | None = None


class MacOSResponse(CloudConnexaModel):
    """The ``MacOSResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None
    version: VersionPolicy | None = None
    antiviruses: list[Annotated[Antivirus | str, _OPEN]] | None = None
    disk_encrypted: bool | None = Field(None, alias="diskEncrypted")
    certificate: str | None = None


class NetworkConnectorRequest(CloudConnexaRequestModel):
    """The ``NetworkConnectorRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    vpn_region_id: str | None = Field(None, alias="vpnRegionId")
    ip_sec_config: IpSecConfigRequest | None = Field(None, alias="ipSecConfig")


class NetworkConnectorResponse(CloudConnexaModel):
    """The ``NetworkConnectorResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    network_item_id: str | None = Field(None, alias="networkItemId")
    network_item_type: Annotated[NetworkItemType | str, _OPEN] | None = Field(
        None, alias="networkItemType"
    )
    name: str | None = None
    description: str | None = None
    vpn_region_id: str | None = Field(None, alias="vpnRegionId")
    ip_v4_address: str | None = Field(None, alias="ipV4Address")
    ip_v6_address: str | None = Field(None, alias="ipV6Address")
    tunneling_protocol: Annotated[TunnelingProtocol | str, _OPEN] | None = Field(
        None, alias="tunnelingProtocol"
    )
    ip_sec_config: IpSecConfigResponse | None = Field(None, alias="ipSecConfig")
    connection_status: Annotated[ConnectionStatus | str, _OPEN] | None = Field(
        None, alias="connectionStatus"
    )


class NetworkCreateRequest(CloudConnexaRequestModel):
    """The ``NetworkCreateRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    egress: bool | None = None
    routes: list[NetworkRouteRequest] | None = None
    connectors: list[NetworkConnectorRequest] | None = None
    tunneling_protocol: Annotated[TunnelingProtocol | str, _OPEN] | None = Field(
        None, alias="tunnelingProtocol"
    )
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class NetworkIpServiceRequest(CloudConnexaRequestModel):
    """The ``NetworkIpServiceRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    routes: list[ServiceRouteRequest] | None = None
    config: ServiceConfigRequest | None = None
    type: Annotated[IpServiceType | str, _OPEN] | None = None


class NetworkIpServiceResponse(CloudConnexaModel):
    """The ``NetworkIpServiceResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    network_item_id: str | None = Field(None, alias="networkItemId")
    type: Annotated[IpServiceType | str, _OPEN] | None = None
    network_item_type: Annotated[NetworkItemType | str, _OPEN] | None = Field(
        None, alias="networkItemType"
    )
    routes: list[IpRouteResponse] | None = None
    config: ServiceConfigResponse | None = None


class NetworkResponse(CloudConnexaModel):
    """The ``NetworkResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    egress: bool | None = None
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    routes: list[NetworkRouteResponse] | None = None
    connectors: list[NetworkConnectorResponse] | None = None
    system_subnets: list[str] | None = Field(None, alias="systemSubnets")
    tunneling_protocol: Annotated[TunnelingProtocol | str, _OPEN] | None = Field(
        None, alias="tunnelingProtocol"
    )
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class NetworkRouteRequest(CloudConnexaRequestModel):
    """The ``NetworkRouteRequest`` schema of the CloudConnexa API 1.1.0 document."""

    value: str | None = None
    description: str | None = None


class NetworkRouteResponse(CloudConnexaModel):
    """The ``NetworkRouteResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    type: Annotated[RouteType | str, _OPEN] | None = None
    subnet: str | None = None
    description: str | None = None


class NetworkUpdateRequest(CloudConnexaRequestModel):
    """The ``NetworkUpdateRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    description: str | None = None
    egress: bool | None = None
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")
    tunneling_protocol: Annotated[TunnelingProtocol | str, _OPEN] | None = Field(
        None, alias="tunnelingProtocol"
    )


class OAuthResponse(CloudConnexaModel):
    """The ``OAuthResponse`` schema of the CloudConnexa API 1.1.0 document."""

    access_token: str | None = None
    token_type: str | None = None
    expires_in: int | None = None
    scope: str | None = None


class PlatformResponse(CloudConnexaModel):
    """The ``PlatformResponse`` schema of the CloudConnexa API 1.1.0 document."""

    os: str | None = None
    version: str | None = None


class RangeInteger(CloudConnexaModel):
    """The ``RangeInteger`` schema of the CloudConnexa API 1.1.0 document."""

    value: int | None = None
    lower_value: int | None = Field(None, alias="lowerValue")
    upper_value: int | None = Field(None, alias="upperValue")


class RemoveDomainsRequest(CloudConnexaRequestModel):
    """The ``RemoveDomainsRequest`` schema of the CloudConnexa API 1.1.0 document."""

    domains: list[str] | None = None


class ServiceConfigRequest(CloudConnexaRequestModel):
    """The ``ServiceConfigRequest`` schema of the CloudConnexa API 1.1.0 document."""

    service_types: list[Annotated[ServiceType | str, _OPEN]] | None = Field(
        None, alias="serviceTypes"
    )
    custom_service_types: list[CustomServiceTypeRequest] | None = Field(
        None, alias="customServiceTypes"
    )


class ServiceConfigResponse(CloudConnexaModel):
    """The ``ServiceConfigResponse`` schema of the CloudConnexa API 1.1.0 document."""

    service_types: list[Annotated[ServiceType | str, _OPEN]] | None = Field(
        None, alias="serviceTypes"
    )
    custom_service_types: list[CustomServiceTypeResponse] | None = Field(
        None, alias="customServiceTypes"
    )


class ServiceRouteRequest(CloudConnexaRequestModel):
    """The ``ServiceRouteRequest`` schema of the CloudConnexa API 1.1.0 document."""

    value: str | None = None


class SessionResponse(CloudConnexaModel):
    """The ``SessionResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    user_name: str | None = Field(None, alias="userName")
    user_id: str | None = Field(None, alias="userId")
    user_group: str | None = Field(None, alias="userGroup")
    host_name: str | None = Field(None, alias="hostName")
    host_id: str | None = Field(None, alias="hostId")
    network_name: str | None = Field(None, alias="networkName")
    network_id: str | None = Field(None, alias="networkId")
    device_name: str | None = Field(None, alias="deviceName")
    device_id: str | None = Field(None, alias="deviceId")
    client_uuid: str | None = Field(None, alias="clientUUID")
    os_type: str | None = Field(None, alias="osType")
    os_version: str | None = Field(None, alias="osVersion")
    connector_name: str | None = Field(None, alias="connectorName")
    connector_id: str | None = Field(None, alias="connectorId")
    region: str | None = None
    session_start_time: datetime | None = Field(None, alias="sessionStartTime")
    status: str | None = None
    disconnect_reason: str | None = Field(None, alias="disconnectReason")
    disconnect_reason_description: str | None = Field(None, alias="disconnectReasonDescription")
    first_name: str | None = Field(None, alias="firstName")
    last_name: str | None = Field(None, alias="lastName")
    email: str | None = None
    bytes_in: int | None = Field(None, alias="bytesIn")
    bytes_out: int | None = Field(None, alias="bytesOut")
    protocol: str | None = None
    public_ip: str | None = Field(None, alias="publicIp")
    tunnel_ip_v4: str | None = Field(None, alias="tunnelIpV4")
    tunnel_ip_v6: str | None = Field(None, alias="tunnelIpV6")
    session_end_time: datetime | None = Field(None, alias="sessionEndTime")
    session_duration_seconds: int | None = Field(None, alias="sessionDurationSeconds")


class SessionsResponse(CloudConnexaModel):
    """The ``SessionsResponse`` schema of the CloudConnexa API 1.1.0 document."""

    sessions: list[SessionResponse] | None = None
    next_cursor: str | None = Field(None, alias="nextCursor")


class Subnet(CloudConnexaModel):
    """The ``Subnet`` schema of the CloudConnexa API 1.1.0 document."""

    ip_v4_address: list[str] | None = Field(None, alias="ipV4Address")
    ip_v6_address: list[str] | None = Field(None, alias="ipV6Address")


class UserCreateRequest(CloudConnexaRequestModel):
    """The ``UserCreateRequest`` schema of the CloudConnexa API 1.1.0 document."""

    first_name: str | None = Field(None, alias="firstName")
    last_name: str | None = Field(None, alias="lastName")
    username: str | None = None
    email: str | None = None
    group_id: str | None = Field(None, alias="groupId")
    role: Annotated[UserRole | str, _OPEN] | None = None
    devices: list[DeviceRequest] | None = None


class UserGroupRequest(CloudConnexaRequestModel):
    """The ``UserGroupRequest`` schema of the CloudConnexa API 1.1.0 document."""

    name: str | None = None
    vpn_region_ids: list[str] | None = Field(None, alias="vpnRegionIds")
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    max_device: int | None = Field(None, alias="maxDevice")
    connect_auth: Annotated[ConnectAuth | str, _OPEN] | None = Field(None, alias="connectAuth")
    all_regions_included: bool | None = Field(None, alias="allRegionsIncluded")
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class UserGroupResponse(CloudConnexaModel):
    """The ``UserGroupResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    name: str | None = None
    vpn_region_ids: list[str] | None = Field(None, alias="vpnRegionIds")
    all_regions_included: bool | None = Field(None, alias="allRegionsIncluded")
    internet_access: Annotated[InternetAccess | str, _OPEN] | None = Field(
        None, alias="internetAccess"
    )
    max_device: int | None = Field(None, alias="maxDevice")
    connect_auth: Annotated[ConnectAuth | str, _OPEN] | None = Field(None, alias="connectAuth")
    system_subnets: list[str] | None = Field(None, alias="systemSubnets")
    gateways_ids: list[str] | None = Field(None, alias="gatewaysIds")


class UserResponse(CloudConnexaModel):
    """The ``UserResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    first_name: str | None = Field(None, alias="firstName")
    last_name: str | None = Field(None, alias="lastName")
    username: str | None = None
    email: str | None = None
    group_id: str | None = Field(None, alias="groupId")
    status: Annotated[UserStatus | str, _OPEN] | None = None
    auth_type: Annotated[AuthType | str, _OPEN] | None = Field(None, alias="authType")
    role: Annotated[UserRole | str, _OPEN] | None = None
    devices: list[DeviceResponse] | None = None
    connection_status: Annotated[ConnectionStatus | str, _OPEN] | None = Field(
        None, alias="connectionStatus"
    )


class UserUpdateRequest(CloudConnexaRequestModel):
    """The ``UserUpdateRequest`` schema of the CloudConnexa API 1.1.0 document."""

    first_name: str | None = Field(None, alias="firstName")
    last_name: str | None = Field(None, alias="lastName")
    email: str | None = None
    group_id: str | None = Field(None, alias="groupId")
    status: Annotated[UserStatus | str, _OPEN] | None = None
    role: Annotated[UserRole | str, _OPEN] | None = None


class VersionPolicy(CloudConnexaModel):
    """The ``VersionPolicy`` schema of the CloudConnexa API 1.1.0 document."""

    version: str | None = None
    condition: Annotated[VersionCondition | str, _OPEN] | None = None


class VpnRegionResponse(CloudConnexaModel):
    """The ``VpnRegionResponse`` schema of the CloudConnexa API 1.1.0 document."""

    id: str | None = None
    continent: str | None = None
    country: str | None = None
    country_iso: str | None = Field(None, alias="countryIso")
    region_name: str | None = Field(None, alias="regionName")


class WindowsRequest(CloudConnexaRequestModel):
    """The ``WindowsRequest`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None
    version: VersionPolicy | None = None
    antiviruses: list[Annotated[Antivirus | str, _OPEN]] | None = None
    disk_encryption: DiskEncryption | None = Field(None, alias="diskEncryption")
    certificate: str | None = None


class WindowsResponse(CloudConnexaModel):
    """The ``WindowsResponse`` schema of the CloudConnexa API 1.1.0 document."""

    allowed: bool | None = None
    version: VersionPolicy | None = None
    antiviruses: list[Annotated[Antivirus | str, _OPEN]] | None = None
    disk_encryption: DiskEncryption | None = Field(None, alias="diskEncryption")
    certificate: str | None = None
