"""Network services: networks and their routes, connectors, IP services and applications."""

from __future__ import annotations

from cloudconnexa._async._crud import (
    API,
    AsyncNetworkChildService,
    AsyncTopLevelService,
    _AsyncConnectorProfiles,
)
from cloudconnexa._params import (
    check_id,
)
from cloudconnexa._resources import RESOURCES
from cloudconnexa.types import (
    ApplicationRequest,
    ApplicationResponse,
    NetworkConnectorRequest,
    NetworkConnectorResponse,
    NetworkCreateRequest,
    NetworkIpServiceRequest,
    NetworkIpServiceResponse,
    NetworkResponse,
    NetworkRouteRequest,
    NetworkRouteResponse,
    NetworkUpdateRequest,
)


class AsyncNetworksService(
    AsyncTopLevelService[NetworkResponse, NetworkCreateRequest, NetworkUpdateRequest]
):
    """Networks; responses embed their ``routes``, ``connectors`` and ``systemSubnets``."""

    _resource = RESOURCES["networks"]


class AsyncRoutesService(
    AsyncNetworkChildService[NetworkRouteResponse, NetworkRouteRequest, NetworkRouteRequest]
):
    """Network routes (``value`` is a CIDR; an overlapping subnet gives a 400)."""

    _resource = RESOURCES["routes"]


class AsyncNetworkConnectorsService(
    _AsyncConnectorProfiles,
    AsyncNetworkChildService[
        NetworkConnectorResponse, NetworkConnectorRequest, NetworkConnectorRequest
    ],
):
    """Network connectors, their profiles and IPsec tunnels."""

    _resource = RESOURCES["network_connectors"]

    async def start_ipsec(self, id: str) -> None:
        """Start the IPsec tunnel of an IPsec connector.

        Args:
            id: The network connector id.

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No connector has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._client._request("POST", f"{API}{self._path}/{check_id(id)}/ipsec/start")

    async def stop_ipsec(self, id: str) -> None:
        """Stop the IPsec tunnel of an IPsec connector.

        Args:
            id: The network connector id.

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No connector has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._client._request("POST", f"{API}{self._path}/{check_id(id)}/ipsec/stop")


class AsyncNetworkIpServicesService(
    AsyncNetworkChildService[
        NetworkIpServiceResponse, NetworkIpServiceRequest, NetworkIpServiceRequest
    ]
):
    """IP services of networks."""

    _resource = RESOURCES["network_ip_services"]


class AsyncNetworkApplicationsService(
    AsyncNetworkChildService[ApplicationResponse, ApplicationRequest, ApplicationRequest]
):
    """Applications (domain routes) of networks."""

    _resource = RESOURCES["network_applications"]
