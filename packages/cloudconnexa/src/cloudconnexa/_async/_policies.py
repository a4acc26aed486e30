"""Policy services: DNS records, access groups, location contexts, device postures."""

from __future__ import annotations

from typing import Any

from cloudconnexa._async._crud import (
    API,
    AsyncTopLevelService,
    Body,
)
from cloudconnexa._exceptions import InvalidArgumentError
from cloudconnexa._params import (
    check_id,
    coerce_body,
)
from cloudconnexa._resources import RESOURCES
from cloudconnexa.types import (
    AccessGroupRequest,
    AccessGroupResponse,
    AccessItemDestinationRequest,
    AccessItemSourceRequest,
    CloudConnexaModel,
    DevicePostureRequest,
    DevicePostureResponse,
    DnsRecordRequest,
    DnsRecordResponse,
    LocationContextRequest,
    LocationContextResponse,
)


class AsyncDnsRecordsService(
    AsyncTopLevelService[DnsRecordResponse, DnsRecordRequest, DnsRecordRequest]
):
    """DNS records; an unknown id answers 400 "not found", raised as ``NotFoundError``."""

    _resource = RESOURCES["dns_records"]


class AsyncAccessGroupsService(
    AsyncTopLevelService[AccessGroupResponse, AccessGroupRequest, AccessGroupRequest]
):
    """Access groups and their source and destination items."""

    _resource = RESOURCES["access_groups"]

    async def add_source(
        self, id: str, item: AccessItemSourceRequest | Body
    ) -> AccessGroupResponse:
        """Add a source item to an access group.

        Args:
            id: The access group id.
            item: The source item: an ``AccessItemSourceRequest`` or a dict in the API's JSON shape.

        Returns:
            The updated access group.

        Raises:
            InvalidArgumentError: ``id`` is empty or ``item`` has a field of the wrong type;
                nothing is sent.
            BadRequestError: The API rejected the item.
            NotFoundError: No access group has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._add("source", id, item, AccessItemSourceRequest)

    async def add_destination(
        self, id: str, item: AccessItemDestinationRequest | Body
    ) -> AccessGroupResponse:
        """Add a destination item to an access group.

        Args:
            id: The access group id.
            item: The destination item: an ``AccessItemDestinationRequest`` or a dict in the
                API's JSON shape.

        Returns:
            The updated access group.

        Raises:
            InvalidArgumentError: ``id`` is empty or ``item`` has a field of the wrong type;
                nothing is sent.
            BadRequestError: The API rejected the item.
            NotFoundError: No access group has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._add("destination", id, item, AccessItemDestinationRequest)

    async def remove_source(
        self, id: str, *, type: str, parent_id: str | None = None, child_id: str | None = None
    ) -> AccessGroupResponse:
        """Remove source items of ``type`` (optionally one parent or child) from a group.

        Args:
            id: The access group id.
            type: The item type to remove, such as ``USER_GROUP`` or ``NETWORK``.
            parent_id: Only the items under this parent (``parentId``).
            child_id: Only this child item (``childId``).

        Returns:
            The updated access group.

        Raises:
            InvalidArgumentError: ``id`` or ``type`` is empty; nothing is sent.
            NotFoundError: No access group has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._remove("source", id, type, parent_id, child_id)

    async def remove_destination(
        self, id: str, *, type: str, parent_id: str | None = None, child_id: str | None = None
    ) -> AccessGroupResponse:
        """Remove destination items of ``type`` (optionally one parent or child) from a group.

        Args:
            id: The access group id.
            type: The item type to remove, such as ``USER_GROUP`` or ``NETWORK``.
            parent_id: Only the items under this parent (``parentId``).
            child_id: Only this child item (``childId``).

        Returns:
            The updated access group.

        Raises:
            InvalidArgumentError: ``id`` or ``type`` is empty; nothing is sent.
            NotFoundError: No access group has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._remove("destination", id, type, parent_id, child_id)

    async def _add(
        self, side: str, id: str, item: CloudConnexaModel | Body, model: type[CloudConnexaModel]
    ) -> AccessGroupResponse:
        payload = coerce_body(item, model, what=f"access_groups.add_{side}")
        path = f"{API}{self._path}/{check_id(id)}/{side}"
        return self._parse(await self._client._request_json("POST", path, json_body=payload))

    async def _remove(
        self, side: str, id: str, type: str, parent_id: str | None, child_id: str | None
    ) -> AccessGroupResponse:
        if not isinstance(type, str) or not type.strip():
            raise InvalidArgumentError("type is required (for example 'USER_GROUP')")
        params: dict[str, Any] = {"type": type, "parentId": parent_id, "childId": child_id}
        path = f"{API}{self._path}/{check_id(id)}/{side}"
        return self._parse(await self._client._request_json("DELETE", path, params=params))


class AsyncLocationContextsService(
    AsyncTopLevelService[LocationContextResponse, LocationContextRequest, LocationContextRequest]
):
    """Location contexts (create and delete answer 200)."""

    _resource = RESOURCES["location_contexts"]


class AsyncDevicePosturesService(
    AsyncTopLevelService[DevicePostureResponse, DevicePostureRequest, DevicePostureRequest]
):
    """Device postures (create and delete answer 200)."""

    _resource = RESOURCES["device_postures"]
