"""Generic CRUD services driven by declared data; the concrete services live beside it.

Each service declares ``_path`` (under ``/api/v1``), ``_model`` (the response model),
``_create_model`` and ``_update_model``; the verbs come from the base classes. Parent ids
(``networkId``, ``hostId``, ``userId``) are keyword-only arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from cloudconnexa._async._lookup import check_name, exactly_one, find_by_key
from cloudconnexa._async._pagination import AsyncPager
from cloudconnexa._base import check_page_size
from cloudconnexa._exceptions import APIResponseValidationError, InvalidArgumentError
from cloudconnexa._params import check_id, check_parent, coerce_body, plain_text
from cloudconnexa._resources import Resource
from cloudconnexa.types import CloudConnexaModel

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient

API = "/api/v1"
ModelT = TypeVar("ModelT", bound=CloudConnexaModel)
CreateT = TypeVar("CreateT", bound=CloudConnexaModel)
UpdateT = TypeVar("UpdateT", bound=CloudConnexaModel)
Body = Mapping[str, Any]


class AsyncCrudService(Generic[ModelT, CreateT, UpdateT]):
    """Shared verbs of a page/size collection with item paths ``<path>/{id}``.

    Subclasses declare ``_resource``, their entry of ``_resources.RESOURCES``; the path,
    models and natural key (``_path``, ``_model``, ``_create_model``, ``_update_model``,
    ``_key``) are taken from it when the class is defined.

    Args:
        client: The client that sends the requests.
    """

    _path: ClassVar[str]
    _model: type[ModelT]
    _create_model: type[CreateT]
    _update_model: type[UpdateT]
    #: The model field that names an item (its natural key), used by ``find``.
    _key: ClassVar[str] = "name"
    _resource: ClassVar[Resource]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        resource = cls.__dict__.get("_resource")
        if isinstance(resource, Resource):
            cls._path = resource.path
            cls._model = resource.model
            cls._create_model = resource.create_model
            cls._update_model = resource.update_model
            cls._key = resource.key

    def __init__(self, client: AsyncCloudConnexaClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {API}{self._path}>"

    def _parse(self, data: Any) -> ModelT:
        if not isinstance(data, dict):
            raise APIResponseValidationError(
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

    async def find(self, name: str, **filters: str | None) -> list[ModelT]:
        """Return every item whose natural key equals ``name``, walking the whole listing.

        The key is ``name`` for most collections, ``username`` for users, ``domain`` for DNS
        records and ``subnet`` for routes. The comparison is exact (case-sensitive). The API
        has no name filter, so this sends one request per page of ``list()``.

        Args:
            name: The value looked for.
            **filters: The parent filters that ``list()`` takes (``network_id=...``,
                ``host_id=...``, ``user_id=...``), to search one parent's items only.

        Returns:
            The matching items, in listing order (an empty list when none matches).

        Raises:
            InvalidArgumentError: ``name`` is empty or not a string, or a filter is not one
                ``list()`` takes; nothing is sent.
            AuthenticationError: The client credentials were refused.
            APIError: A page request failed, as its status-keyed subclass.
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502, DOC503
        check_name(name, self._key)
        lister = getattr(self, "list")  # noqa: B009 - each subclass defines its own list()
        try:
            pager = lister(**filters)
        except TypeError:
            raise InvalidArgumentError(
                f"{type(self).__name__}.find takes the filters of list(), got {sorted(filters)}"
            ) from None
        return await find_by_key(pager, self._key, name)

    async def get_by_name(self, name: str, **filters: str | None) -> ModelT:
        """Return the one item whose natural key equals ``name`` (see :meth:`find`).

        Args:
            name: The value looked for (a name; a username, domain or subnet where that is
                the key).
            **filters: The parent filters that ``list()`` takes, as for :meth:`find`.

        Returns:
            The item.

        Raises:
            NotFoundError: No item has this key (``status_code`` is ``None``: no request
                answered 404).
            InvalidArgumentError: Several items have this key (the message lists their ids),
                or ``name`` or a filter is unusable.
            AuthenticationError: The client credentials were refused.
            APIError: A page request failed, as its status-keyed subclass.
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        found = await self.find(name, **filters)
        return exactly_one(found, self._key, name, self._path.strip("/"))


class AsyncItemService(AsyncCrudService[ModelT, CreateT, UpdateT]):
    """The verbs on ``<path>/{id}`` (``get``, ``update``, ``delete``) needing no parent id."""

    async def get(self, id: str) -> ModelT:
        """Return one item by id.

        Args:
            id: The item's id (a UUID string).

        Returns:
            The item, as the service's response model.

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No item has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._get(id)

    async def update(self, id: str, body: UpdateT | Body) -> ModelT:
        """Replace an item (PUT with the full body; the API has no PATCH) and return it.

        Args:
            id: The item's id.
            body: The complete new item: the service's update model, or a dict in the API's
                JSON shape (camelCase or snake_case keys). Fields left out are not kept.

        Returns:
            The item as stored by the API.

        Raises:
            InvalidArgumentError: ``id`` is empty or ``body`` has a field of the wrong type;
                nothing is sent.
            BadRequestError: The API rejected the body (``details`` lists the fields).
            NotFoundError: No item has this id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._update(id, body)

    async def delete(self, id: str) -> None:
        """Delete an item.

        Args:
            id: The item's id.

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No item has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._delete(id)


class AsyncTopLevelService(AsyncItemService[ModelT, CreateT, UpdateT]):
    """CRUD verbs of a collection without a parent resource."""

    def list(self, *, page_size: int | None = None) -> AsyncPager[ModelT]:
        """Iterate over every item lazily (``.pages()`` for whole pages).

        Args:
            page_size: Items per request (1..1000; default: the client's ``page_size``).

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncPager` over the items; nothing
            is sent until it is iterated. Iterating sends the page requests and raises what they
            meet: ``AuthenticationError``, ``APIError`` subclasses, ``APIConnectionError`` or
            ``APIResponseValidationError``.

        Raises:
            InvalidArgumentError: ``page_size`` is out of range; nothing is sent.
        """  # noqa: DOC502
        return self._list({}, page_size)

    async def create(self, body: CreateT | Body) -> ModelT:
        """Create an item from the request model or a dict in the API's JSON shape.

        Args:
            body: The new item: the service's create model, or a dict in the API's JSON
                shape (camelCase or snake_case keys).

        Returns:
            The created item, with the id the API assigned.

        Raises:
            InvalidArgumentError: ``body`` has a field of the wrong type; nothing is sent.
            BadRequestError: The API rejected the body (``details`` lists the fields).
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._create(body)


class AsyncNetworkChildService(AsyncItemService[ModelT, CreateT, UpdateT]):
    """CRUD verbs of a collection whose items belong to a network (``networkId``)."""

    def list(
        self, *, network_id: str | None = None, page_size: int | None = None
    ) -> AsyncPager[ModelT]:
        """Iterate over every item lazily, optionally of one network only.

        Args:
            network_id: Only items of this network (``networkId`` query parameter);
                ``None`` for the items of every network.
            page_size: Items per request (1..1000; default: the client's ``page_size``).

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncPager` over the items; nothing
            is sent until it is iterated. Iterating sends the page requests and raises what they
            meet: ``AuthenticationError``, ``APIError`` subclasses, ``APIConnectionError`` or
            ``APIResponseValidationError``.

        Raises:
            InvalidArgumentError: An empty ``network_id`` or a page size out of range;
                nothing is sent.
        """  # noqa: DOC502
        if network_id is not None:
            check_id(network_id, "network_id")
        return self._list({"networkId": network_id}, page_size)

    async def create(self, body: CreateT | Body, *, network_id: str) -> ModelT:
        """Create an item in the network ``network_id`` (required ``networkId`` parameter).

        Args:
            body: The new item: the service's create model, or a dict in the API's JSON
                shape.
            network_id: The id of the network that will own the item.

        Returns:
            The created item, with the id the API assigned.

        Raises:
            InvalidArgumentError: An empty ``network_id`` or a body field of the wrong type;
                nothing is sent.
            BadRequestError: The API rejected the body or the network id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._create(body, {"networkId": check_parent(network_id, "network_id")})


class AsyncHostChildService(AsyncItemService[ModelT, CreateT, UpdateT]):
    """CRUD verbs of a collection whose items belong to a host (``hostId``)."""

    def list(
        self, *, host_id: str | None = None, page_size: int | None = None
    ) -> AsyncPager[ModelT]:
        """Iterate over every item lazily, optionally of one host only.

        Args:
            host_id: Only items of this host (``hostId`` query parameter); ``None`` for
                the items of every host.
            page_size: Items per request (1..1000; default: the client's ``page_size``).

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncPager` over the items; nothing
            is sent until it is iterated. Iterating sends the page requests and raises what they
            meet: ``AuthenticationError``, ``APIError`` subclasses, ``APIConnectionError`` or
            ``APIResponseValidationError``.

        Raises:
            InvalidArgumentError: An empty ``host_id`` or a page size out of range; nothing
                is sent.
        """  # noqa: DOC502
        if host_id is not None:
            check_id(host_id, "host_id")
        return self._list({"hostId": host_id}, page_size)

    async def create(self, body: CreateT | Body, *, host_id: str) -> ModelT:
        """Create an item on the host ``host_id`` (required ``hostId`` parameter).

        Args:
            body: The new item: the service's create model, or a dict in the API's JSON
                shape.
            host_id: The id of the host that will own the item.

        Returns:
            The created item, with the id the API assigned.

        Raises:
            InvalidArgumentError: An empty ``host_id`` or a body field of the wrong type;
                nothing is sent.
            BadRequestError: The API rejected the body or the host id.
            APIResponseValidationError: The answer is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._create(body, {"hostId": check_parent(host_id, "host_id")})


class _AsyncConnectorProfiles:
    """Profile verbs shared by network and host connectors (plain-text responses)."""

    _client: AsyncCloudConnexaClient
    _path: ClassVar[str]

    async def _text(self, method: str, path: str, params: Mapping[str, Any] | None = None) -> str:
        response = await self._client._request(method, path, params=params)
        return plain_text(response.text)

    async def create_profile(self, id: str) -> str:
        """Generate the connector's OpenVPN profile.

        Args:
            id: The connector id.

        Returns:
            The profile as ``.ovpn`` text (it holds the connector's private key: keep it
            secret).

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No connector has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._text("POST", f"{API}{self._path}/{check_id(id)}/profile")

    async def revoke_profile(self, id: str) -> bool:
        """Revoke the connector's profile.

        Args:
            id: The connector id.

        Returns:
            The API's boolean answer: ``False`` only when it answered ``false``.

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No connector has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        response = await self._client._request(
            "DELETE", f"{API}{self._path}/{check_id(id)}/profile"
        )
        return plain_text(response.text).lower() != "false"

    async def encrypt_profile(self, id: str) -> str:
        """Generate an encrypted profile of the connector.

        Args:
            id: The connector id.

        Returns:
            The encrypted profile's token text, as the API sent it.

        Raises:
            InvalidArgumentError: ``id`` is empty; nothing is sent.
            NotFoundError: No connector has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return await self._text("POST", f"{API}{self._path}/{check_id(id)}/profile/encrypt")

    async def create_bundle(self, id: str, *, bundle_type: Literal["DMG", "MSI"]) -> str:
        """Build an installer bundle with the profile and return its download URL.

        Args:
            id: The connector id.
            bundle_type: ``"DMG"`` (macOS) or ``"MSI"`` (Windows).

        Returns:
            The download URL of the bundle.

        Raises:
            InvalidArgumentError: ``bundle_type`` is neither or ``id`` is empty; nothing is
                sent.
            NotFoundError: No connector has this id.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC503
        if bundle_type not in ("DMG", "MSI"):
            raise InvalidArgumentError(f"bundle_type must be 'DMG' or 'MSI', got {bundle_type!r}")
        path = f"{API}{self._path}/{check_id(id)}/profile/bundle"
        return await self._text("POST", path, {"type": bundle_type})


class AsyncService:
    """Base of the services that are not plain CRUD collections.

    Args:
        client: The client that sends the requests.
    """

    def __init__(self, client: AsyncCloudConnexaClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
