"""User services: users, user groups and devices."""

from __future__ import annotations

from cloudconnexa._async._crud import (
    API,
    AsyncCrudService,
    AsyncTopLevelService,
    Body,
)
from cloudconnexa._async._pagination import AsyncPager
from cloudconnexa._base import is_unknown_path
from cloudconnexa._exceptions import NotFoundError, NotSupportedError
from cloudconnexa._params import (
    check_id,
    check_parent,
    plain_text,
)
from cloudconnexa._resources import RESOURCES
from cloudconnexa.types import (
    DeviceRequest,
    DeviceResponse,
    UserCreateRequest,
    UserGroupRequest,
    UserGroupResponse,
    UserResponse,
    UserUpdateRequest,
)


class AsyncUsersService(AsyncTopLevelService[UserResponse, UserCreateRequest, UserUpdateRequest]):
    """Users; ``groupId`` is required in practice and ``username`` cannot change."""

    _resource = RESOURCES["users"]

    async def activate(self, id: str) -> UserResponse:
        """Activate a user (``PUT /users/{id}/activate``, API 1.1.1+; not in 1.1.0).

        Args:
            id: The user id.

        Returns:
            The user after the change (fetched with a GET when the API answers no body).

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotSupportedError: The tenant does not serve the endpoint (a gateway 404).
            NotFoundError: No user has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._set_status(id, "activate")

    async def suspend(self, id: str) -> UserResponse:
        """Suspend a user (``PUT /users/{id}/suspend``, API 1.1.1+; not in 1.1.0).

        Args:
            id: The user id.

        Returns:
            The user after the change (fetched with a GET when the API answers no body).

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotSupportedError: The tenant does not serve the endpoint (a gateway 404).
            NotFoundError: No user has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._set_status(id, "suspend")

    async def _set_status(self, id: str, action: str) -> UserResponse:
        path = f"{API}{self._path}/{check_id(id)}/{action}"
        try:
            data = await self._client._request_json("PUT", path)
        except NotFoundError as exc:
            if not is_unknown_path(exc):
                raise
            raise NotSupportedError(
                f"this tenant does not serve PUT /api/v1/users/{{id}}/{action} (API 1.1.1+)",
                status_code=exc.status_code,
                request_id=exc.request_id,
                body=exc.body,
                response=exc.response,
            ) from None
        if isinstance(data, dict):
            return self._parse(data)
        return await self.get(id)


class AsyncUserGroupsService(
    AsyncTopLevelService[UserGroupResponse, UserGroupRequest, UserGroupRequest]
):
    """User groups."""

    _resource = RESOURCES["user_groups"]


class AsyncDevicesService(AsyncCrudService[DeviceResponse, DeviceRequest, DeviceRequest]):
    """Devices of users; ``user_id`` is required on every call except ``list``."""

    _resource = RESOURCES["devices"]

    def list(
        self, *, user_id: str | None = None, page_size: int | None = None
    ) -> AsyncPager[DeviceResponse]:
        """Iterate over every device lazily, optionally of one user only.

        Args:
            user_id: Only devices of this user (``userId`` query parameter).
            page_size: Items per request (1..1000; default: the client's ``page_size``).

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncPager` of ``DeviceResponse``
            items; nothing is sent until it is iterated. Iterating sends the page requests and
            raises what they meet: ``AuthenticationError``, ``APIError`` subclasses,
            ``APIConnectionError`` or ``APIResponseValidationError``.

        Raises:
            InvalidArgumentError: An empty ``user_id`` or a page size out of range; nothing
                is sent.
        """  # noqa: DOC502
        if user_id is not None:
            check_id(user_id, "user_id")
        return self._list({"userId": user_id}, page_size)

    async def get(self, id: str, *, user_id: str) -> DeviceResponse:
        """Return one device of the user ``user_id`` (``userId`` is required by the API).

        Args:
            id: The device id.
            user_id: The id of the device's user.

        Returns:
            The device.

        Raises:
            InvalidArgumentError: An empty ``id`` or ``user_id``; nothing is sent.
            NotFoundError: No such device.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._get(id, {"userId": check_parent(user_id, "user_id")})

    async def create(self, body: DeviceRequest | Body, *, user_id: str) -> DeviceResponse:
        """Create a device for the user ``user_id``.

        Args:
            body: The new device: a ``DeviceRequest`` or a dict in the API's JSON shape.
            user_id: The id of the user who will own the device.

        Returns:
            The created device, with the id the API assigned.

        Raises:
            InvalidArgumentError: An empty ``user_id`` or a body field of the wrong type;
                nothing is sent.
            BadRequestError: The API rejected the body, including "Device limit is exceeded"
                when the user's group allows no more devices (``maxDevice``).
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._create(body, {"userId": check_parent(user_id, "user_id")})

    async def update(self, id: str, body: DeviceRequest | Body, *, user_id: str) -> DeviceResponse:
        """Replace a device of the user (PUT with the full body).

        Args:
            id: The device id.
            body: The complete new device: a ``DeviceRequest`` or a dict in the API's JSON
                shape.
            user_id: The id of the device's user.

        Returns:
            The device as stored by the API.

        Raises:
            InvalidArgumentError: An empty ``id`` or ``user_id``, or a body field of the
                wrong type; nothing is sent.
            BadRequestError: The API rejected the body.
            NotFoundError: No such device.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._update(id, body, {"userId": check_parent(user_id, "user_id")})

    async def delete(self, id: str, *, user_id: str) -> None:
        """Delete a device of the user.

        Args:
            id: The device id.
            user_id: The id of the device's user.

        Raises:
            InvalidArgumentError: An empty ``id`` or ``user_id``; nothing is sent.
            NotFoundError: No such device.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._delete(id, {"userId": check_parent(user_id, "user_id")})

    async def create_profile(self, id: str, *, user_id: str, region_id: str) -> str:
        """Generate the device's OpenVPN profile for a region and return it (``.ovpn`` text).

        Args:
            id: The device id.
            user_id: The device's user.
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
        params = {
            "userId": check_parent(user_id, "user_id"),
            "regionId": check_parent(region_id, "region_id"),
        }
        path = f"{API}{self._path}/{check_id(id)}/profile"
        response = await self._client._request("POST", path, params=params)
        return plain_text(response.text)

    async def revoke_profile(self, id: str, *, user_id: str) -> str:
        """Revoke the device's profile; return the API's text answer.

        The API document declares a string here (the connector variant answers a boolean).

        Args:
            id: The device id.
            user_id: The id of the device's user.

        Returns:
            The API's text answer, unquoted.

        Raises:
            InvalidArgumentError: An empty id; nothing is sent.
            NotFoundError: No such device.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        path = f"{API}{self._path}/{check_id(id)}/profile"
        params = {"userId": check_parent(user_id, "user_id")}
        response = await self._client._request("DELETE", path, params=params)
        return plain_text(response.text)
