"""Generic CRUD services driven by declared data, and the services built on them.

Each service declares ``_path`` (under ``/api/v1``), ``_model`` (the response model),
``_create_model`` and ``_update_model``; the verbs come from the base classes. Parent ids
(``networkId``, ``hostId``, ``userId``) are keyword-only arguments.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from cloudconnexa._async._pagination import AsyncPager
from cloudconnexa._base import check_page_size
from cloudconnexa._exceptions import InvalidArgumentError, ResponseValidationError
from cloudconnexa._params import check_id, coerce_body
from cloudconnexa.types import (
    AccessGroupRequest,
    AccessGroupResponse,
    AccessItemDestinationRequest,
    AccessItemSourceRequest,
    ApplicationRequest,
    ApplicationResponse,
    CloudConnexaModel,
    DevicePostureRequest,
    DevicePostureResponse,
    DeviceRequest,
    DeviceResponse,
    DnsRecordRequest,
    DnsRecordResponse,
    HostConnectorRequest,
    HostConnectorResponse,
    HostCreateRequest,
    HostIpServiceRequest,
    HostIpServiceResponse,
    HostResponse,
    HostUpdateRequest,
    LocationContextRequest,
    LocationContextResponse,
    NetworkConnectorRequest,
    NetworkConnectorResponse,
    NetworkCreateRequest,
    NetworkIpServiceRequest,
    NetworkIpServiceResponse,
    NetworkResponse,
    NetworkRouteRequest,
    NetworkRouteResponse,
    NetworkUpdateRequest,
    UserCreateRequest,
    UserGroupRequest,
    UserGroupResponse,
    UserResponse,
    UserUpdateRequest,
)

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient

API = "/api/v1"
ModelT = TypeVar("ModelT", bound=CloudConnexaModel)
CreateT = TypeVar("CreateT", bound=CloudConnexaModel)
UpdateT = TypeVar("UpdateT", bound=CloudConnexaModel)
Body = Mapping[str, Any]


class AsyncCrudService(Generic[ModelT, CreateT, UpdateT]):
    """Shared verbs of a page/size collection with item paths ``<path>/{id}``.

    Subclasses declare ``_path``, ``_model``, ``_create_model`` and ``_update_model``.

    Args:
        client: The client that sends the requests.
    """

    _path: ClassVar[str]
    _model: type[ModelT]
    _create_model: type[CreateT]
    _update_model: type[UpdateT]

    def __init__(self, client: AsyncCloudConnexaClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {API}{self._path}>"

    def _parse(self, data: Any) -> ModelT:
        if not isinstance(data, dict):
            raise ResponseValidationError(
                f"{API}{self._path}: expected a JSON object, got {type(data).__name__}", body=data
            )
        return self._model.model_validate(data)

    def _list(self, params: Mapping[str, Any], page_size: int | None) -> AsyncPager[ModelT]:
        size = (
            self._client.page_size
            if page_size is None
            else check_page_size(page_size, error=InvalidArgumentError)
        )
        return AsyncPager(self._client, f"{API}{self._path}", self._parse, params, size)

    async def _get(self, id: str, params: Mapping[str, Any] | None = None) -> ModelT:
        path = f"{API}{self._path}/{check_id(id)}"
        return self._parse(await self._client._request_json("GET", path, params=params))

    async def _create(self, body: Any, params: Mapping[str, Any] | None = None) -> ModelT:
        payload = coerce_body(body, self._create_model, what=f"{type(self).__name__}.create")
        data = await self._client._request_json(
            "POST", f"{API}{self._path}", params=params, json_body=payload
        )
        return self._parse(data)

    async def _update(self, id: str, body: Any, params: Mapping[str, Any] | None = None) -> ModelT:
        path = f"{API}{self._path}/{check_id(id)}"
        payload = coerce_body(body, self._update_model, what=f"{type(self).__name__}.update")
        data = await self._client._request_json("PUT", path, params=params, json_body=payload)
        return self._parse(data)

    async def _delete(self, id: str, params: Mapping[str, Any] | None = None) -> None:
        path = f"{API}{self._path}/{check_id(id)}"
        await self._client._request("DELETE", path, params=params)


class AsyncTopLevelService(AsyncCrudService[ModelT, CreateT, UpdateT]):
    """CRUD verbs of a collection without a parent resource."""

    def list(self, *, page_size: int | None = None) -> AsyncPager[ModelT]:
        """Iterate over every item lazily (``.pages()`` for whole pages).

        Args:
            page_size: Items per request (1..1000; default: the client's ``page_size``).
        """
        return self._list({}, page_size)

    async def get(self, id: str) -> ModelT:
        """Return one item by id.

        Raises:
            NotFoundError: No item has this id.
        """
        return await self._get(id)

    async def create(self, body: CreateT | Body) -> ModelT:
        """Create an item from the request model or a dict in the API's JSON shape.

        Raises:
            ValidationError: The API rejected the body (``details`` lists the fields).
        """
        return await self._create(body)

    async def update(self, id: str, body: UpdateT | Body) -> ModelT:
        """Replace an item (PUT with the full body) and return the new state."""
        return await self._update(id, body)

    async def delete(self, id: str) -> None:
        """Delete an item.

        Raises:
            NotFoundError: No item has this id.
        """
        await self._delete(id)


class AsyncNetworkChildService(AsyncCrudService[ModelT, CreateT, UpdateT]):
    """CRUD verbs of a collection whose items belong to a network (``networkId``)."""

    def list(
        self, *, network_id: str | None = None, page_size: int | None = None
    ) -> AsyncPager[ModelT]:
        """Iterate over every item lazily, optionally of one network only.

        Args:
            network_id: Only items of this network (``networkId`` query parameter).
            page_size: Items per request (1..1000; default: the client's ``page_size``).
        """
        if network_id is not None:
            check_id(network_id, "network_id")
        return self._list({"networkId": network_id}, page_size)

    async def get(self, id: str) -> ModelT:
        """Return one item by id."""
        return await self._get(id)

    async def create(self, body: CreateT | Body, *, network_id: str) -> ModelT:
        """Create an item in the network ``network_id`` (required ``networkId`` parameter)."""
        return await self._create(body, {"networkId": _parent(network_id, "network_id")})

    async def update(self, id: str, body: UpdateT | Body) -> ModelT:
        """Replace an item (PUT with the full body) and return the new state."""
        return await self._update(id, body)

    async def delete(self, id: str) -> None:
        """Delete an item."""
        await self._delete(id)


class AsyncHostChildService(AsyncCrudService[ModelT, CreateT, UpdateT]):
    """CRUD verbs of a collection whose items belong to a host (``hostId``)."""

    def list(
        self, *, host_id: str | None = None, page_size: int | None = None
    ) -> AsyncPager[ModelT]:
        """Iterate over every item lazily, optionally of one host only.

        Args:
            host_id: Only items of this host (``hostId`` query parameter).
            page_size: Items per request (1..1000; default: the client's ``page_size``).
        """
        if host_id is not None:
            check_id(host_id, "host_id")
        return self._list({"hostId": host_id}, page_size)

    async def get(self, id: str) -> ModelT:
        """Return one item by id."""
        return await self._get(id)

    async def create(self, body: CreateT | Body, *, host_id: str) -> ModelT:
        """Create an item on the host ``host_id`` (required ``hostId`` parameter)."""
        return await self._create(body, {"hostId": _parent(host_id, "host_id")})

    async def update(self, id: str, body: UpdateT | Body) -> ModelT:
        """Replace an item (PUT with the full body) and return the new state."""
        return await self._update(id, body)

    async def delete(self, id: str) -> None:
        """Delete an item."""
        await self._delete(id)


def _parent(value: str, name: str) -> str:
    check_id(value, name)
    return value.strip()


class _AsyncConnectorProfiles:
    """Profile verbs shared by network and host connectors (plain-text responses)."""

    _client: AsyncCloudConnexaClient
    _path: ClassVar[str]

    async def _text(self, method: str, path: str, params: Mapping[str, Any] | None = None) -> str:
        response = await self._client._request(method, path, params=params)
        return _plain_text(response.text)

    async def create_profile(self, id: str) -> str:
        """Generate the connector's OpenVPN profile and return it (``.ovpn`` text)."""
        return await self._text("POST", f"{API}{self._path}/{check_id(id)}/profile")

    async def revoke_profile(self, id: str) -> bool:
        """Revoke the connector's profile; return the API's boolean answer."""
        response = await self._client._request(
            "DELETE", f"{API}{self._path}/{check_id(id)}/profile"
        )
        return _plain_text(response.text).lower() != "false"

    async def encrypt_profile(self, id: str) -> str:
        """Generate an encrypted profile and return its token text."""
        return await self._text("POST", f"{API}{self._path}/{check_id(id)}/profile/encrypt")

    async def create_bundle(self, id: str, *, bundle_type: Literal["DMG", "MSI"]) -> str:
        """Build an installer bundle with the profile and return its download URL.

        Args:
            id: The connector id.
            bundle_type: ``"DMG"`` (macOS) or ``"MSI"`` (Windows).
        """
        if bundle_type not in ("DMG", "MSI"):
            raise InvalidArgumentError(f"bundle_type must be 'DMG' or 'MSI', got {bundle_type!r}")
        path = f"{API}{self._path}/{check_id(id)}/profile/bundle"
        return await self._text("POST", path, {"type": bundle_type})


def _plain_text(text: str) -> str:
    """Return a text response, unwrapping a JSON string if the API quoted it."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        try:
            value = json.loads(stripped)
        except ValueError:
            return text
        return value if isinstance(value, str) else text
    return text


class AsyncNetworksService(
    AsyncTopLevelService[NetworkResponse, NetworkCreateRequest, NetworkUpdateRequest]
):
    """Networks; responses embed their ``routes``, ``connectors`` and ``systemSubnets``."""

    _path = "/networks"
    _model = NetworkResponse
    _create_model = NetworkCreateRequest
    _update_model = NetworkUpdateRequest


class AsyncRoutesService(
    AsyncNetworkChildService[NetworkRouteResponse, NetworkRouteRequest, NetworkRouteRequest]
):
    """Network routes (``value`` is a CIDR; an overlapping subnet gives a 400)."""

    _path = "/networks/routes"
    _model = NetworkRouteResponse
    _create_model = NetworkRouteRequest
    _update_model = NetworkRouteRequest


class AsyncNetworkConnectorsService(
    _AsyncConnectorProfiles,
    AsyncNetworkChildService[
        NetworkConnectorResponse, NetworkConnectorRequest, NetworkConnectorRequest
    ],
):
    """Network connectors, their profiles and IPsec tunnels."""

    _path = "/networks/connectors"
    _model = NetworkConnectorResponse
    _create_model = NetworkConnectorRequest
    _update_model = NetworkConnectorRequest

    async def start_ipsec(self, id: str) -> None:
        """Start the IPsec tunnel of an IPsec connector."""
        await self._client._request("POST", f"{API}{self._path}/{check_id(id)}/ipsec/start")

    async def stop_ipsec(self, id: str) -> None:
        """Stop the IPsec tunnel of an IPsec connector."""
        await self._client._request("POST", f"{API}{self._path}/{check_id(id)}/ipsec/stop")


class AsyncNetworkIpServicesService(
    AsyncNetworkChildService[
        NetworkIpServiceResponse, NetworkIpServiceRequest, NetworkIpServiceRequest
    ]
):
    """IP services of networks."""

    _path = "/networks/ip-services"
    _model = NetworkIpServiceResponse
    _create_model = NetworkIpServiceRequest
    _update_model = NetworkIpServiceRequest


class AsyncNetworkApplicationsService(
    AsyncNetworkChildService[ApplicationResponse, ApplicationRequest, ApplicationRequest]
):
    """Applications (domain routes) of networks."""

    _path = "/networks/applications"
    _model = ApplicationResponse
    _create_model = ApplicationRequest
    _update_model = ApplicationRequest


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


class AsyncUsersService(AsyncTopLevelService[UserResponse, UserCreateRequest, UserUpdateRequest]):
    """Users; ``groupId`` is required in practice and ``username`` cannot change."""

    _path = "/users"
    _model = UserResponse
    _create_model = UserCreateRequest
    _update_model = UserUpdateRequest


class AsyncUserGroupsService(
    AsyncTopLevelService[UserGroupResponse, UserGroupRequest, UserGroupRequest]
):
    """User groups."""

    _path = "/user-groups"
    _model = UserGroupResponse
    _create_model = UserGroupRequest
    _update_model = UserGroupRequest


class AsyncDnsRecordsService(
    AsyncTopLevelService[DnsRecordResponse, DnsRecordRequest, DnsRecordRequest]
):
    """DNS records; an unknown id answers 400 "not found", raised as ``NotFoundError``."""

    _path = "/dns-records"
    _model = DnsRecordResponse
    _create_model = DnsRecordRequest
    _update_model = DnsRecordRequest


class AsyncLocationContextsService(
    AsyncTopLevelService[LocationContextResponse, LocationContextRequest, LocationContextRequest]
):
    """Location contexts (create and delete answer 200)."""

    _path = "/location-contexts"
    _model = LocationContextResponse
    _create_model = LocationContextRequest
    _update_model = LocationContextRequest


class AsyncDevicePosturesService(
    AsyncTopLevelService[DevicePostureResponse, DevicePostureRequest, DevicePostureRequest]
):
    """Device postures (create and delete answer 200)."""

    _path = "/device-postures"
    _model = DevicePostureResponse
    _create_model = DevicePostureRequest
    _update_model = DevicePostureRequest


class AsyncAccessGroupsService(
    AsyncTopLevelService[AccessGroupResponse, AccessGroupRequest, AccessGroupRequest]
):
    """Access groups and their source and destination items."""

    _path = "/access-groups"
    _model = AccessGroupResponse
    _create_model = AccessGroupRequest
    _update_model = AccessGroupRequest

    async def add_source(
        self, id: str, item: AccessItemSourceRequest | Body
    ) -> AccessGroupResponse:
        """Add a source item to the group; return the updated group."""
        payload = coerce_body(item, AccessItemSourceRequest, what="access_groups.add_source")
        path = f"{API}{self._path}/{check_id(id)}/source"
        return self._parse(await self._client._request_json("POST", path, json_body=payload))

    async def add_destination(
        self, id: str, item: AccessItemDestinationRequest | Body
    ) -> AccessGroupResponse:
        """Add a destination item to the group; return the updated group."""
        payload = coerce_body(
            item, AccessItemDestinationRequest, what="access_groups.add_destination"
        )
        path = f"{API}{self._path}/{check_id(id)}/destination"
        return self._parse(await self._client._request_json("POST", path, json_body=payload))

    async def remove_source(
        self, id: str, *, type: str, parent_id: str | None = None, child_id: str | None = None
    ) -> AccessGroupResponse:
        """Remove source items of ``type`` (optionally one parent or child); return the group."""
        return await self._remove("source", id, type, parent_id, child_id)

    async def remove_destination(
        self, id: str, *, type: str, parent_id: str | None = None, child_id: str | None = None
    ) -> AccessGroupResponse:
        """Remove destination items of ``type`` (optionally one parent or child)."""
        return await self._remove("destination", id, type, parent_id, child_id)

    async def _remove(
        self, side: str, id: str, type: str, parent_id: str | None, child_id: str | None
    ) -> AccessGroupResponse:
        if not isinstance(type, str) or not type.strip():
            raise InvalidArgumentError("type is required (for example 'USER_GROUP')")
        params: dict[str, Any] = {"type": type, "parentId": parent_id, "childId": child_id}
        path = f"{API}{self._path}/{check_id(id)}/{side}"
        return self._parse(await self._client._request_json("DELETE", path, params=params))


class AsyncDevicesService(AsyncCrudService[DeviceResponse, DeviceRequest, DeviceRequest]):
    """Devices of users; ``user_id`` is required on every call except ``list``."""

    _path = "/devices"
    _model = DeviceResponse
    _create_model = DeviceRequest
    _update_model = DeviceRequest

    def list(
        self, *, user_id: str | None = None, page_size: int | None = None
    ) -> AsyncPager[DeviceResponse]:
        """Iterate over every device lazily, optionally of one user only."""
        if user_id is not None:
            check_id(user_id, "user_id")
        return self._list({"userId": user_id}, page_size)

    async def get(self, id: str, *, user_id: str) -> DeviceResponse:
        """Return one device of the user ``user_id``."""
        return await self._get(id, {"userId": _parent(user_id, "user_id")})

    async def create(self, body: DeviceRequest | Body, *, user_id: str) -> DeviceResponse:
        """Create a device for the user (400 "Device limit is exceeded" past ``maxDevice``)."""
        return await self._create(body, {"userId": _parent(user_id, "user_id")})

    async def update(self, id: str, body: DeviceRequest | Body, *, user_id: str) -> DeviceResponse:
        """Replace a device of the user."""
        return await self._update(id, body, {"userId": _parent(user_id, "user_id")})

    async def delete(self, id: str, *, user_id: str) -> None:
        """Delete a device of the user."""
        await self._delete(id, {"userId": _parent(user_id, "user_id")})

    async def create_profile(self, id: str, *, user_id: str, region_id: str) -> str:
        """Generate the device's OpenVPN profile for a region and return it (``.ovpn``)."""
        params = {
            "userId": _parent(user_id, "user_id"),
            "regionId": _parent(region_id, "region_id"),
        }
        path = f"{API}{self._path}/{check_id(id)}/profile"
        response = await self._client._request("POST", path, params=params)
        return _plain_text(response.text)

    async def revoke_profile(self, id: str, *, user_id: str) -> str:
        """Revoke the device's profile; return the API's text answer."""
        path = f"{API}{self._path}/{check_id(id)}/profile"
        params = {"userId": _parent(user_id, "user_id")}
        response = await self._client._request("DELETE", path, params=params)
        return _plain_text(response.text)
