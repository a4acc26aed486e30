"""Tenant-wide services: regions, settings, the DNS log and Cyber Shield."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cloudconnexa._async._crud import (
    API,
    AsyncService,
    Body,
)
from cloudconnexa._async._pagination import AsyncPager
from cloudconnexa._base import check_page_size
from cloudconnexa._exceptions import APIResponseValidationError, InvalidArgumentError
from cloudconnexa._operations import SETTINGS
from cloudconnexa._params import (
    MAX_LOOKBACK,
    check_range,
    coerce_body,
    format_instant,
)
from cloudconnexa._settings import decode_setting, encode_setting, find_setting
from cloudconnexa.types import (
    AddDomainsRequest,
    DnsResolution,
    DomainAndComment,
    RemoveDomainsRequest,
    VpnRegionResponse,
)


class AsyncRegionsService(AsyncService):
    """VPN regions (a bare JSON array, no paging)."""

    async def list(self) -> builtins.list[VpnRegionResponse]:
        """Return every VPN region.

        Returns:
            The regions, in the API's order (ids such as ``it-mxp``).

        Raises:
            APIResponseValidationError: The answer is not a JSON array.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC503
        data = await self._client._request_json("GET", f"{API}/regions")
        if not isinstance(data, builtins.list):
            raise APIResponseValidationError(
                "GET /api/v1/regions did not return an array", body=data
            )
        return [VpnRegionResponse.model_validate(item) for item in data]


class AsyncSettingsService(AsyncService):
    """Tenant settings under ``/api/v1/settings/<name>`` (one typed value per name).

    Names and value types follow the 1.1.0 document: booleans and integers as JSON literals,
    enum strings as ``text/plain`` (``user/connect-auth``, ``wpc/topology``, ...), objects as
    the models in :mod:`cloudconnexa.types`. ``names()`` lists them.
    """

    @staticmethod
    def names() -> builtins.list[str]:
        """Return every known setting name, sorted.

        Returns:
            The names, such as ``user/connect-auth``; no request is sent.
        """
        return sorted(SETTINGS)

    async def get(self, name: str) -> Any:
        """Return the value of a tenant setting.

        Args:
            name: A setting name from :meth:`names`, such as ``wpc/topology``.

        Returns:
            The value, typed by the setting: a bool, an int, a str, a list or a model.

        Raises:
            InvalidArgumentError: ``name`` is not a known setting; nothing is sent.
            APIResponseValidationError: The answer does not fit the setting's type.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        setting = find_setting(name)
        response = await self._client._request("GET", f"{API}/settings/{name}")
        return decode_setting(setting, response.text)

    async def set(self, name: str, value: Any) -> Any:
        """Store ``value`` for setting ``name`` and return the value the API stored.

        Args:
            name: A writable setting name from :meth:`names`.
            value: The new value, of the setting's type: a bool, an int, one of the
                documented strings for a ``text/plain`` setting, a list, or a model or dict
                for an object setting.

        Returns:
            The value as the API echoed it, or ``value`` itself when the API answered with
            an empty body.

        Raises:
            InvalidArgumentError: Unknown or read-only setting, or a value of the wrong type
                or outside the documented choices; nothing is sent.
            BadRequestError: The API rejected the value.
            APIResponseValidationError: The answer does not fit the setting's type.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC503
        setting = find_setting(name)
        if not setting.writable:
            raise InvalidArgumentError(f"setting {name!r} is read-only")
        path = f"{API}/settings/{name}"
        if setting.text_plain:
            if not isinstance(value, str) or not value.strip():
                raise InvalidArgumentError(f"setting {name!r} takes a non-empty string")
            if setting.choices and value not in setting.choices:
                raise InvalidArgumentError(
                    f"setting {name!r} must be one of {', '.join(setting.choices)}; got {value!r}"
                )
            response = await self._client._request("PUT", path, text_body=value)
        else:
            payload = encode_setting(name, setting, value)
            response = await self._client._request("PUT", path, json_body=payload)
        if not response.text.strip():
            return value
        return decode_setting(setting, response.text)


class AsyncDnsLogService(AsyncService):
    """The user DNS resolution log."""

    async def enable(self) -> None:
        """Turn DNS resolution logging on.

        Raises:
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._client._request("PUT", f"{API}/dns-log/user-dns-resolutions/enable")

    async def disable(self) -> None:
        """Turn DNS resolution logging off.

        Raises:
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._client._request("PUT", f"{API}/dns-log/user-dns-resolutions/disable")

    def list(
        self,
        *,
        start_hour: datetime | str,
        hours_back: int = 1,
        page_size: int = 500,
    ) -> AsyncPager[DnsResolution]:
        """Iterate over DNS resolutions of ``hours_back`` hours ending at ``start_hour``.

        Args:
            start_hour: An ISO instant (rounded down to the hour by the API; at most 30 days
                back).
            hours_back: 1 or 2.
            page_size: 10..10000 (the DNS log's own limits, API document).

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncPager` of
            :class:`~cloudconnexa.types.DnsResolution` items; nothing is sent until it is
            iterated. Iterating sends the page requests and raises what they meet:
            ``AuthenticationError``, ``APIError`` subclasses, ``APIConnectionError`` or
            ``APIResponseValidationError``.

        Raises:
            InvalidArgumentError: An argument out of range, or ``start_hour`` not an ISO instant
                or more than 30 days back; nothing is sent.
        """  # noqa: DOC502
        params = {
            "startHour": format_instant(start_hour, "start_hour", max_age=MAX_LOOKBACK),
            "hoursBack": check_range(hours_back, "hours_back", 1, 2),
        }
        size = check_page_size(page_size, low=10, high=10000, error=InvalidArgumentError)
        return AsyncPager(
            self._client,
            f"{API}/dns-log/user-dns-resolutions/page",
            DnsResolution.model_validate,
            params,
            size,
        )


def _domain(entry: Any) -> dict[str, Any]:
    if isinstance(entry, str):
        if not entry.strip():
            raise InvalidArgumentError("a cybershield domain must not be empty")
        return {"domain": entry}
    return coerce_body(entry, DomainAndComment, what="cybershield domain")


class AsyncCybershieldService(AsyncService):
    """Cyber Shield domain filtering: the allow list and the block list."""

    async def _add(
        self, which: str, domains: str | Iterable[str | DomainAndComment | Body]
    ) -> None:
        # A single string is one domain, never an iterable of letters.
        entries = [domains] if isinstance(domains, str) else domains
        items = [_domain(entry) for entry in entries]
        if not items:
            raise InvalidArgumentError("domains must not be empty")
        body = AddDomainsRequest.model_validate({"domainAndComments": items}).to_api()
        await self._client._request("POST", f"{API}/cybershield/{which}", json_body=body)

    async def _remove(self, which: str, domains: str | Iterable[str]) -> None:
        items = [domains] if isinstance(domains, str) else list(domains)
        if not items or not all(isinstance(d, str) and d.strip() for d in items):
            raise InvalidArgumentError("domains must be a non-empty list of domain names")
        body = RemoveDomainsRequest(domains=items).to_api()
        await self._client._request("POST", f"{API}/cybershield/{which}", json_body=body)

    async def add_allow_list_domains(
        self, domains: str | Iterable[str | DomainAndComment | Body]
    ) -> None:
        """Add domains (names, or ``{domain, comment}``) to the allow list.

        Args:
            domains: Domain names, ``DomainAndComment`` models, or dicts
                ``{"domain": ..., "comment": ...}``; at least one. A single string is one
                domain name.

        Raises:
            InvalidArgumentError: ``domains`` is empty or an entry is neither a name nor a
                valid ``DomainAndComment``; nothing is sent.
            BadRequestError: The API rejected a domain.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._add("allow-list-add-domains", domains)

    async def remove_allow_list_domains(self, domains: str | Iterable[str]) -> None:
        """Remove domains from the allow list.

        Args:
            domains: The domain names to remove; at least one. A single string is one
                domain name.

        Raises:
            InvalidArgumentError: ``domains`` is empty or holds an empty or non-string
                name; nothing is sent.
            BadRequestError: The API rejected a domain.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._remove("allow-list-remove-domains", domains)

    async def add_block_list_domains(
        self, domains: str | Iterable[str | DomainAndComment | Body]
    ) -> None:
        """Add domains (names, or ``{domain, comment}``) to the block list.

        Args:
            domains: Domain names, ``DomainAndComment`` models, or dicts
                ``{"domain": ..., "comment": ...}``; at least one. A single string is one
                domain name.

        Raises:
            InvalidArgumentError: ``domains`` is empty or an entry is neither a name nor a
                valid ``DomainAndComment``; nothing is sent.
            BadRequestError: The API rejected a domain.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._add("block-list-add-domains", domains)

    async def remove_block_list_domains(self, domains: str | Iterable[str]) -> None:
        """Remove domains from the block list.

        Args:
            domains: The domain names to remove; at least one. A single string is one
                domain name.

        Raises:
            InvalidArgumentError: ``domains`` is empty or holds an empty or non-string
                name; nothing is sent.
            BadRequestError: The API rejected a domain.
            AuthenticationError: The client credentials were refused.
            APIError: Another error status, as its status-keyed subclass (``RateLimitError``
                once the retries are used up, ``InternalServerError``, ...).
            APIConnectionError: The API could not be reached or did not answer in time.
        """  # noqa: DOC502
        await self._remove("block-list-remove-domains", domains)
