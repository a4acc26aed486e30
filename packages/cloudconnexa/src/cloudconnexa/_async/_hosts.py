"""Host services: hosts and their connectors, IP services and applications."""

from __future__ import annotations

from cloudconnexa._async._crud import (
    AsyncHostChildService,
    AsyncTopLevelService,
    _AsyncConnectorProfiles,
)
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

    _path = "/hosts"
    _model = HostResponse
    _create_model = HostCreateRequest
    _update_model = HostUpdateRequest


class AsyncHostConnectorsService(
    _AsyncConnectorProfiles,
    AsyncHostChildService[HostConnectorResponse, HostConnectorRequest, HostConnectorRequest],
):
    """Host connectors and their profiles."""

    _path = "/hosts/connectors"
    _model = HostConnectorResponse
    _create_model = HostConnectorRequest
    _update_model = HostConnectorRequest


class AsyncHostIpServicesService(
    AsyncHostChildService[HostIpServiceResponse, HostIpServiceRequest, HostIpServiceRequest]
):
    """IP services of hosts (no routes since 1.1.0)."""

    _path = "/hosts/ip-services"
    _model = HostIpServiceResponse
    _create_model = HostIpServiceRequest
    _update_model = HostIpServiceRequest


class AsyncHostApplicationsService(
    AsyncHostChildService[ApplicationResponse, ApplicationRequest, ApplicationRequest]
):
    """Applications (domain routes) of hosts."""

    _path = "/hosts/applications"
    _model = ApplicationResponse
    _create_model = ApplicationRequest
    _update_model = ApplicationRequest
