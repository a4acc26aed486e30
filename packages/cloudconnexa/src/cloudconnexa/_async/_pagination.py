"""Lazy iterators over page/size and cursor collections (cloudconnexa-api.md §4).

Only one page is held at a time, so memory stays flat however long the collection is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cloudconnexa._base import next_cursor, next_page_number
from cloudconnexa._exceptions import APIResponseValidationError, NotFoundError, NotSupportedError
from cloudconnexa.types import CursorPage, Page
from cloudconnexa.types._extra import PageEnvelope

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient

ItemT = TypeVar("ItemT")


class _PageWalk(Generic[ItemT]):
    """Item iteration and ``to_list()`` derived from a subclass's ``pages()``."""

    def pages(self) -> AsyncIterator[Page[ItemT] | CursorPage[ItemT]]:
        """Walk the collection's pages in order (each subclass walks its own kind).

        Returns:
            An async iterator of :class:`~cloudconnexa.types.Page` or
            :class:`~cloudconnexa.types.CursorPage` objects.

        Raises:
            NotImplementedError: Always here; the pagers override it.
        """
        raise NotImplementedError

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in page.items:
                yield item
            del page  # not kept alive while the next page is fetched

    async def to_list(self) -> list[ItemT]:
        """Collect every item into a list (use iteration for large collections).

        Returns:
            Every item of every page, in order.

        Raises:
            APIResponseValidationError: A page is not the documented envelope.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        return [item async for item in self]


class AsyncPager(_PageWalk[ItemT]):
    """Every item of a page/size collection: ``async for item in pager``.

    Pages are requested on demand with ``page`` (0-based) and ``size``; the walk stops when
    ``page + 1 >= totalPages`` or a page is empty. ``pages()`` yields whole
    :class:`~cloudconnexa.types.Page` objects instead.

    Args:
        client: The client that sends the requests.
        path: The collection path, such as ``/api/v1/users``.
        parse: Turns one raw item into a model.
        params: Extra query parameters (filters such as ``networkId``).
        page_size: Items per request.
    """

    def __init__(
        self,
        client: AsyncCloudConnexaClient,
        path: str,
        parse: Callable[[Any], ItemT],
        params: Mapping[str, Any],
        page_size: int,
    ) -> None:
        self._client = client
        self._path = path
        self._parse = parse
        self._params = dict(params)
        self.page_size = page_size

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._path} page_size={self.page_size}>"

    async def pages(self, *, start: int = 0) -> AsyncIterator[Page[ItemT]]:
        """Yield the pages one by one, starting at page number ``start``.

        Args:
            start: The 0-based page number to begin with.

        Yields:
            One :class:`~cloudconnexa.types.Page` per request, until the page that the
            envelope's ``totalPages`` marks as last or an empty page.

        Raises:
            APIResponseValidationError: A page is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC503
        number: int | None = start
        while number is not None:
            params = {**self._params, "page": number, "size": self.page_size}
            data = await self._client._request_json("GET", self._path, params=params)
            if not isinstance(data, dict):
                raise APIResponseValidationError(
                    f"GET {self._path} did not return a page envelope", body=data
                )
            envelope = PageEnvelope.model_validate(data)
            items = [self._parse(item) for item in envelope.content]
            current = envelope.page if envelope.page is not None else number
            total_pages = envelope.total_pages or 0
            page = Page(
                items=items,
                page=current,
                size=envelope.size if envelope.size is not None else self.page_size,
                total_elements=(
                    envelope.total_elements if envelope.total_elements is not None else len(items)
                ),
                total_pages=total_pages,
            )
            # Hold one page at a time: drop the raw body before the next request.
            del data, envelope, items
            number = next_page_number(current, total_pages, len(page))
            yield page
            del page


class AsyncChainedPager(_PageWalk[ItemT]):
    """Several page/size collections walked one after the other, as one listing.

    ``connectors.list()`` uses it to walk network connectors, then host connectors, with the
    same ``async for``, ``pages()`` and ``to_list()`` as a single :class:`AsyncPager`.

    Args:
        pagers: The collections, in order.
    """

    def __init__(self, pagers: Sequence[AsyncPager[Any]]) -> None:
        self._pagers = list(pagers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self._pagers)} collections>"

    async def pages(self) -> AsyncIterator[Page[ItemT]]:
        """Yield the pages of each collection in turn.

        Yields:
            The :class:`~cloudconnexa.types.Page` objects of the first collection, then of
            the next one.

        Raises:
            APIResponseValidationError: A page is not a JSON object.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        for pager in self._pagers:
            async for page in pager.pages():
                yield page


class AsyncCursorPager(_PageWalk[ItemT]):
    """Every item of a cursor collection (sessions, audit log): ``async for item in pager``.

    The next batch is requested with ``cursor=<nextCursor>`` until a response has no
    ``nextCursor`` (cloudconnexa-api.md §4).

    Args:
        client: The client that sends the requests.
        path: The collection path.
        key: The response key that holds the batch (``sessions`` or ``auditLogs``).
        parse: Turns one raw item into a model.
        params: Query parameters (``size`` and filters).
        not_supported: If set, a 404 raises :class:`~cloudconnexa.NotSupportedError` with this
            message.
    """

    def __init__(
        self,
        client: AsyncCloudConnexaClient,
        path: str,
        key: str,
        parse: Callable[[Any], ItemT],
        params: Mapping[str, Any],
        not_supported: str | None = None,
    ) -> None:
        self._client = client
        self._path = path
        self._key = key
        self._parse = parse
        self._params = dict(params)
        self._not_supported = not_supported

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._path}>"

    async def _fetch(self, params: dict[str, Any]) -> Any:
        try:
            return await self._client._request_json("GET", self._path, params=params)
        except NotFoundError as exc:
            if self._not_supported is None:
                raise
            raise NotSupportedError(
                self._not_supported,
                status_code=exc.status_code,
                request_id=exc.request_id,
                body=exc.body,
                response=exc.response,
            ) from None

    async def pages(self, *, cursor: str | None = None) -> AsyncIterator[CursorPage[ItemT]]:
        """Yield the batches one by one, starting at ``cursor`` (``None``: the first batch).

        Args:
            cursor: A ``nextCursor`` from an earlier batch, to resume a walk; ``None`` starts
                at the first batch.

        Yields:
            One :class:`~cloudconnexa.types.CursorPage` per request, until a response has no
            new ``nextCursor``.

        Raises:
            APIResponseValidationError: A batch is not a JSON object.
            NotSupportedError: The collection answered 404 and the pager was created for an
                endpoint that older tenants do not serve (the audit log).
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC503
        current = cursor
        while True:
            params = dict(self._params)
            if current:
                params["cursor"] = current
            data = await self._fetch(params)
            if not isinstance(data, dict):
                raise APIResponseValidationError(
                    f"GET {self._path} did not return a {self._key!r} batch", body=data
                )
            raw = data.get(self._key) or []
            following = next_cursor(current, data.get("nextCursor"))
            extra = {k: v for k, v in data.items() if k not in (self._key, "nextCursor")}
            batch = CursorPage(
                items=[self._parse(item) for item in raw], next_cursor=following, extra=extra
            )
            del data, raw
            yield batch
            del batch
            if following is None:
                return
            current = following
