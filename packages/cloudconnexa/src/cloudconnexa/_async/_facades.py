"""Facades over several path families: ``connectors`` and ``profiles``."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, Literal

from cloudconnexa._async._crud import (
    AsyncService,
    Body,
)
from cloudconnexa._async._lookup import check_name, exactly_one, find_by_key
from cloudconnexa._async._pagination import AsyncChainedPager, AsyncPager
from cloudconnexa._exceptions import InvalidArgumentError
from cloudconnexa.types import (
    CloudConnexaModel,
    HostConnectorRequest,
    HostConnectorResponse,
    NetworkConnectorRequest,
    NetworkConnectorResponse,
)

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient
    from cloudconnexa._async._hosts import AsyncHostConnectorsService
    from cloudconnexa._async._networks import AsyncNetworkConnectorsService

ConnectorFamily = Literal["network", "host"]


Connector = NetworkConnectorResponse | HostConnectorResponse


def _family(value: str) -> ConnectorFamily:
    if value == "network":
        return "network"
    if value == "host":
        return "host"
    raise InvalidArgumentError(f"family must be 'network' or 'host', got {value!r}")


def _connectors(
    client: AsyncCloudConnexaClient, family: str
) -> AsyncNetworkConnectorsService | AsyncHostConnectorsService:
    # The client's connector service of `family`; an unknown family is refused.
    if _family(family) == "host":
        return client.host_connectors
    return client.network_connectors


class AsyncConnectorsService(AsyncService):
    """Network and host connectors behind one name (``client.connectors``).

    ``family`` selects the path family (``/networks/connectors`` or ``/hosts/connectors``);
    ``client.network_connectors`` and ``client.host_connectors`` offer the same verbs.
    """

    def list(
        self,
        *,
        network_id: str | None = None,
        host_id: str | None = None,
        page_size: int | None = None,
    ) -> AsyncChainedPager[Connector]:
        """Iterate over connectors lazily: of one network, of one host, or all of both kinds.

        Network connectors come first, then host connectors; ``.pages()`` gives the pages of
        both collections in that order.

        Args:
            network_id: Only the connectors of this network.
            host_id: Only the connectors of this host.
            page_size: Items per request (1..1000; default: the client's ``page_size``).

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncChainedPager` over
            ``NetworkConnectorResponse`` and ``HostConnectorResponse`` items; nothing is sent
            until it is iterated. Iterating sends the page requests and raises what they meet:
            ``AuthenticationError``, ``APIError`` subclasses, ``APIConnectionError`` or
            ``APIResponseValidationError``.

        Raises:
            InvalidArgumentError: Both ``network_id`` and ``host_id``, an empty id or a page
                size out of range; nothing is sent.
        """
        if network_id is not None and host_id is not None:
            raise InvalidArgumentError("pass network_id or host_id, not both")
        pagers: list[AsyncPager[Any]] = []
        if host_id is None:
            pagers.append(
                self._client.network_connectors.list(network_id=network_id, page_size=page_size)
            )
        if network_id is None:
            pagers.append(self._client.host_connectors.list(host_id=host_id, page_size=page_size))
        return AsyncChainedPager(pagers)

    async def find(
        self, name: str, *, network_id: str | None = None, host_id: str | None = None
    ) -> builtins.list[Connector]:
        """Return every connector named ``name`` (network connectors first, then host ones).

        Args:
            name: The connector name looked for; compared exactly.
            network_id: Only the connectors of this network.
            host_id: Only the connectors of this host.

        Returns:
            The matching connectors (an empty list when none matches).

        Raises:
            InvalidArgumentError: ``name`` is empty, or both parent ids are given; nothing is
                sent.
            AuthenticationError: The client credentials were refused.
            APIError: A page request failed, as its status-keyed subclass.
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        check_name(name, "name")
        return await find_by_key(self.list(network_id=network_id, host_id=host_id), "name", name)

    async def get_by_name(
        self, name: str, *, network_id: str | None = None, host_id: str | None = None
    ) -> Connector:
        """Return the one connector named ``name`` (see :meth:`find`).

        Args:
            name: The connector name looked for.
            network_id: Only the connectors of this network.
            host_id: Only the connectors of this host.

        Returns:
            A ``NetworkConnectorResponse`` or a ``HostConnectorResponse``.

        Raises:
            NotFoundError: No connector has this name.
            InvalidArgumentError: Several connectors have this name (the message lists their
                ids), or the arguments are unusable.
            AuthenticationError: The client credentials were refused.
            APIError: A page request failed, as its status-keyed subclass.
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        found = await self.find(name, network_id=network_id, host_id=host_id)
        return exactly_one(found, "name", name, "connectors")

    async def get(self, id: str, *, family: ConnectorFamily = "network") -> Connector:
        """Return one connector of the given family.

        Args:
            id: The connector id.
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Returns:
            A ``NetworkConnectorResponse`` or a ``HostConnectorResponse``.

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await _connectors(self._client, family).get(id)

    async def create(
        self,
        body: NetworkConnectorRequest | HostConnectorRequest | Body,
        *,
        network_id: str | None = None,
        host_id: str | None = None,
    ) -> Connector:
        """Create a connector in a network (``network_id``) or on a host (``host_id``).

        Args:
            body: The new connector: a ``NetworkConnectorRequest``, a
                ``HostConnectorRequest`` or a dict in the API's JSON shape; it is checked
                against the request model of the family chosen by the parent id.
            network_id: The network that will own the connector.
            host_id: The host that will own the connector.

        Returns:
            The created connector (``NetworkConnectorResponse`` or
            ``HostConnectorResponse``).

        Raises:
            InvalidArgumentError: Neither or both of ``network_id`` and ``host_id``, an empty
                id, or a body field of the wrong type; nothing is sent.
            BadRequestError: The API rejected the body.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC503
        if (network_id is None) == (host_id is None):
            raise InvalidArgumentError("pass exactly one of network_id or host_id")
        if host_id is not None:
            host_body = body.to_api() if isinstance(body, CloudConnexaModel) else body
            return await self._client.host_connectors.create(host_body, host_id=host_id)
        network_body = body.to_api() if isinstance(body, CloudConnexaModel) else body
        assert network_id is not None
        return await self._client.network_connectors.create(network_body, network_id=network_id)

    async def update(
        self,
        id: str,
        body: NetworkConnectorRequest | HostConnectorRequest | Body,
        *,
        family: ConnectorFamily = "network",
    ) -> Connector:
        """Replace a connector of the given family (PUT with the full body).

        Args:
            id: The connector id.
            body: The complete new connector: a request model or a dict in the API's JSON
                shape.
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Returns:
            The connector as stored by the API.

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            BadRequestError: The API rejected the body.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        data = body.to_api() if isinstance(body, CloudConnexaModel) else body
        return await _connectors(self._client, family).update(id, data)

    async def delete(self, id: str, *, family: ConnectorFamily = "network") -> None:
        """Delete a connector of the given family.

        Args:
            id: The connector id.
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await _connectors(self._client, family).delete(id)


class AsyncProfilesService(AsyncService):
    """VPN profiles of connectors and devices (there is no profiles collection in the API)."""

    async def download_connector(self, id: str, *, family: ConnectorFamily = "network") -> str:
        """Generate a connector's OpenVPN profile.

        Args:
            id: The connector id.
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Returns:
            The profile as ``.ovpn`` text (it holds a private key: keep it secret).

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await _connectors(self._client, family).create_profile(id)

    async def encrypt_connector(self, id: str, *, family: ConnectorFamily = "network") -> str:
        """Generate an encrypted connector profile.

        Args:
            id: The connector id.
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Returns:
            The encrypted profile's token text.

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await _connectors(self._client, family).encrypt_profile(id)

    async def bundle_connector(
        self,
        id: str,
        *,
        bundle_type: Literal["DMG", "MSI"],
        family: ConnectorFamily = "network",
    ) -> str:
        """Build an installer bundle with a connector's profile.

        Args:
            id: The connector id.
            bundle_type: ``"DMG"`` (macOS) or ``"MSI"`` (Windows).
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Returns:
            The download URL of the bundle.

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await _connectors(self._client, family).create_bundle(id, bundle_type=bundle_type)

    async def revoke_connector(self, id: str, *, family: ConnectorFamily = "network") -> bool:
        """Revoke a connector's profile.

        Args:
            id: The connector id.
            family: ``"network"`` (default) for a network connector, ``"host"`` for a host
                connector.

        Returns:
            The API's boolean answer: ``False`` only when it answered ``false``.

        Raises:
            InvalidArgumentError: ``family`` is neither ``"network"`` nor ``"host"``, or ``id``
                is empty; nothing is sent.
            NotFoundError: No connector of that family has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await _connectors(self._client, family).revoke_profile(id)

    async def download_device(self, id: str, *, user_id: str, region_id: str) -> str:
        """Generate a device's OpenVPN profile for a region.

        Args:
            id: The device id.
            user_id: The id of the device's user.
            region_id: A VPN region id such as ``de-fra`` (see ``client.regions.list()``).

        Returns:
            The profile as ``.ovpn`` text (it holds a private key: keep it secret).

        Raises:
            InvalidArgumentError: An empty id; nothing is sent.
            NotFoundError: No such device.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._client.devices.create_profile(id, user_id=user_id, region_id=region_id)

    async def revoke_device(self, id: str, *, user_id: str) -> str:
        """Revoke a device's profile.

        Args:
            id: The device id.
            user_id: The id of the device's user.

        Returns:
            The API's text answer.

        Raises:
            InvalidArgumentError: An empty id; nothing is sent.
            NotFoundError: No such device.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._client.devices.revoke_profile(id, user_id=user_id)
