"""Host services: hosts and their connectors, IP services and applications."""

from __future__ import annotations

from cloudconnexa._async._crud import (
    AsyncHostChildService,
    AsyncTopLevelService,
    _AsyncConnectorProfiles,
)
from cloudconnexa._resources import RESOURCES
from cloudconnexa.types import (
    ApplicationRequest,
    ApplicationResponse,
    HostConnectorRequest,
    HostConnectorResponse,
    HostCreateRequest,
    HostIpServiceRequest,
    HostIpServiceResponse,
    HostResponse,
    HostUpdateRequest,
)


class AsyncHostsService(AsyncTopLevelService[HostResponse, HostCreateRequest, HostUpdateRequest]):
    """Hosts; responses embed their ``connectors``."""

    _resource = RESOURCES["hosts"]


class AsyncHostConnectorsService(
    _AsyncConnectorProfiles,
    AsyncHostChildService[HostConnectorResponse, HostConnectorRequest, HostConnectorRequest],
):
    """Host connectors and their profiles."""

    _resource = RESOURCES["host_connectors"]


class AsyncHostIpServicesService(
    AsyncHostChildService[HostIpServiceResponse, HostIpServiceRequest, HostIpServiceRequest]
):
    """IP services of hosts (no routes since 1.1.0)."""

    _resource = RESOURCES["host_ip_services"]


class AsyncHostApplicationsService(
    AsyncHostChildService[ApplicationResponse, ApplicationRequest, ApplicationRequest]
):
    """Applications (domain routes) of hosts."""

    _resource = RESOURCES["host_applications"]
