"""Services that are not plain CRUD: facades, settings, logs, regions and Cyber Shield."""

from __future__ import annotations

import builtins
import json
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from cloudconnexa._async._crud import API, Body, _plain_text
from cloudconnexa._async._pagination import AsyncCursorPager, AsyncPager
from cloudconnexa._base import check_page_size
from cloudconnexa._exceptions import InvalidArgumentError, ResponseValidationError
from cloudconnexa._operations import SETTINGS, Setting
from cloudconnexa._params import as_datetime, check_range, coerce_body, format_instant
from cloudconnexa.types import (
    AddDomainsRequest,
    AuditLogEntry,
    CloudConnexaModel,
    DnsResolution,
    DomainAndComment,
    HostConnectorRequest,
    HostConnectorResponse,
    NetworkConnectorRequest,
    NetworkConnectorResponse,
    RemoveDomainsRequest,
    SessionResponse,
    VpnRegionResponse,
)

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient

ConnectorFamily = Literal["network", "host"]
Connector = NetworkConnectorResponse | HostConnectorResponse


class _AsyncService:
    def __init__(self, client: AsyncCloudConnexaClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def _family(value: str) -> ConnectorFamily:
    if value == "network":
        return "network"
    if value == "host":
        return "host"
    raise InvalidArgumentError(f"family must be 'network' or 'host', got {value!r}")


class AsyncConnectorsService(_AsyncService):
    """Network and host connectors behind one name (the plan's ``connectors``).

    ``family`` selects the path family (``/networks/connectors`` or ``/hosts/connectors``);
    ``client.network_connectors`` and ``client.host_connectors`` offer the same verbs.
    """

    async def list(
        self,
        *,
        network_id: str | None = None,
        host_id: str | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[Connector]:
        """Iterate over connectors lazily: of one network, of one host, or all of both kinds."""
        if network_id is not None and host_id is not None:
            raise InvalidArgumentError("pass network_id or host_id, not both")
        if host_id is None:
            async for network_connector in self._client.network_connectors.list(
                network_id=network_id, page_size=page_size
            ):
                yield network_connector
        if network_id is None:
            async for host_connector in self._client.host_connectors.list(
                host_id=host_id, page_size=page_size
            ):
                yield host_connector

    async def get(self, id: str, *, family: ConnectorFamily = "network") -> Connector:
        """Return one connector of the given family."""
        if _family(family) == "host":
            return await self._client.host_connectors.get(id)
        return await self._client.network_connectors.get(id)

    async def create(
        self,
        body: NetworkConnectorRequest | HostConnectorRequest | Body,
        *,
        network_id: str | None = None,
        host_id: str | None = None,
    ) -> Connector:
        """Create a connector in a network (``network_id``) or on a host (``host_id``)."""
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
        """Replace a connector of the given family."""
        data = body.to_api() if isinstance(body, CloudConnexaModel) else body
        if _family(family) == "host":
            return await self._client.host_connectors.update(id, data)
        return await self._client.network_connectors.update(id, data)

    async def delete(self, id: str, *, family: ConnectorFamily = "network") -> None:
        """Delete a connector of the given family."""
        if _family(family) == "host":
            await self._client.host_connectors.delete(id)
        else:
            await self._client.network_connectors.delete(id)


class AsyncProfilesService(_AsyncService):
    """VPN profiles of connectors and devices (there is no profiles collection in the API)."""

    def _connectors(self, family: str) -> Any:
        if _family(family) == "host":
            return self._client.host_connectors
        return self._client.network_connectors

    async def download_connector(self, id: str, *, family: ConnectorFamily = "network") -> str:
        """Generate a connector's OpenVPN profile and return the ``.ovpn`` text."""
        text: str = await self._connectors(family).create_profile(id)
        return text

    async def encrypt_connector(self, id: str, *, family: ConnectorFamily = "network") -> str:
        """Generate an encrypted connector profile and return its token text."""
        text: str = await self._connectors(family).encrypt_profile(id)
        return text

    async def bundle_connector(
        self,
        id: str,
        *,
        bundle_type: Literal["DMG", "MSI"],
        family: ConnectorFamily = "network",
    ) -> str:
        """Build an installer bundle for a connector and return its download URL."""
        text: str = await self._connectors(family).create_bundle(id, bundle_type=bundle_type)
        return text

    async def revoke_connector(self, id: str, *, family: ConnectorFamily = "network") -> bool:
        """Revoke a connector's profile."""
        revoked: bool = await self._connectors(family).revoke_profile(id)
        return revoked

    async def download_device(self, id: str, *, user_id: str, region_id: str) -> str:
        """Generate a device's OpenVPN profile for a region and return the ``.ovpn`` text."""
        return await self._client.devices.create_profile(id, user_id=user_id, region_id=region_id)

    async def revoke_device(self, id: str, *, user_id: str) -> str:
        """Revoke a device's profile."""
        return await self._client.devices.revoke_profile(id, user_id=user_id)


class AsyncRegionsService(_AsyncService):
    """VPN regions (a bare JSON array, no paging)."""

    async def list(self) -> builtins.list[VpnRegionResponse]:
        """Return every region (ids such as ``it-mxp``)."""
        data = await self._client._request_json("GET", f"{API}/regions")
        if not isinstance(data, builtins.list):
            raise ResponseValidationError("GET /api/v1/regions did not return an array", body=data)
        return [VpnRegionResponse.model_validate(item) for item in data]


def _setting(name: str) -> Setting:
    try:
        return SETTINGS[name]
    except KeyError:
        raise InvalidArgumentError(
            f"unknown setting {name!r}; known settings: {', '.join(sorted(SETTINGS))}"
        ) from None


def _decode_setting(setting: Setting, text: str) -> Any:
    stripped = text.strip()
    if setting.value_type is str:
        if stripped.startswith('"'):
            return _plain_text(stripped)
        return stripped
    try:
        raw = json.loads(stripped)
        return TypeAdapter(setting.value_type).validate_python(raw)
    except (ValueError, PydanticValidationError) as exc:
        raise ResponseValidationError(f"unexpected setting value {stripped[:100]!r}") from exc


class AsyncSettingsService(_AsyncService):
    """Tenant settings under ``/api/v1/settings/<name>`` (one typed value per name).

    Names and value types follow the 1.1.0 document: booleans and integers as JSON literals,
    enum strings as ``text/plain`` (``user/connect-auth``, ``wpc/topology``, ...), objects as
    the models in :mod:`cloudconnexa.types`. ``names()`` lists them.
    """

    @staticmethod
    def names() -> builtins.list[str]:
        """Return every known setting name, sorted."""
        return sorted(SETTINGS)

    async def get(self, name: str) -> Any:
        """Return the value of setting ``name`` (a bool, int, str, list or model)."""
        setting = _setting(name)
        response = await self._client._request("GET", f"{API}/settings/{name}")
        return _decode_setting(setting, response.text)

    async def set(self, name: str, value: Any) -> Any:
        """Store ``value`` for setting ``name`` and return the value the API stored.

        Raises:
            InvalidArgumentError: Unknown or read-only setting, or a value of the wrong type
                or outside the documented choices.
        """
        setting = _setting(name)
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
            payload = _encode_setting(name, setting, value)
            response = await self._client._request("PUT", path, json_body=payload)
        if not response.text.strip():
            return value
        return _decode_setting(setting, response.text)


def _encode_setting(name: str, setting: Setting, value: Any) -> Any:
    if isinstance(setting.value_type, type) and issubclass(setting.value_type, CloudConnexaModel):
        return coerce_body(value, setting.value_type, what=f"settings.set({name!r})")
    if setting.value_type is not bool and isinstance(value, bool):
        raise InvalidArgumentError(f"setting {name!r} does not take a boolean")
    try:
        checked = TypeAdapter(setting.value_type).validate_python(value, strict=True)
    except PydanticValidationError:
        kind = getattr(setting.value_type, "__name__", str(setting.value_type))
        raise InvalidArgumentError(
            f"setting {name!r} takes a {kind} value; got {value!r}"
        ) from None
    return checked


class AsyncDnsLogService(_AsyncService):
    """The user DNS resolution log."""

    async def enable(self) -> None:
        """Turn DNS resolution logging on."""
        await self._client._request("PUT", f"{API}/dns-log/user-dns-resolutions/enable")

    async def disable(self) -> None:
        """Turn DNS resolution logging off."""
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
        """
        params = {
            "startHour": format_instant(start_hour, "start_hour"),
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
        return {"domain": entry}
    return coerce_body(entry, DomainAndComment, what="cybershield domain")


class AsyncCybershieldService(_AsyncService):
    """Cyber Shield domain filtering: the allow list and the block list."""

    async def _add(self, which: str, domains: Iterable[str | DomainAndComment | Body]) -> None:
        items = [_domain(entry) for entry in domains]
        if not items:
            raise InvalidArgumentError("domains must not be empty")
        body = AddDomainsRequest.model_validate({"domainAndComments": items}).to_api()
        await self._client._request("POST", f"{API}/cybershield/{which}", json_body=body)

    async def _remove(self, which: str, domains: Iterable[str]) -> None:
        items = list(domains)
        if not items or not all(isinstance(d, str) and d.strip() for d in items):
            raise InvalidArgumentError("domains must be a non-empty list of domain names")
        body = RemoveDomainsRequest(domains=items).to_api()
        await self._client._request("POST", f"{API}/cybershield/{which}", json_body=body)

    async def add_allow_list_domains(
        self, domains: Iterable[str | DomainAndComment | Body]
    ) -> None:
        """Add domains (names, or ``{domain, comment}``) to the allow list."""
        await self._add("allow-list-add-domains", domains)

    async def remove_allow_list_domains(self, domains: Iterable[str]) -> None:
        """Remove domains from the allow list."""
        await self._remove("allow-list-remove-domains", domains)

    async def add_block_list_domains(
        self, domains: Iterable[str | DomainAndComment | Body]
    ) -> None:
        """Add domains (names, or ``{domain, comment}``) to the block list."""
        await self._add("block-list-add-domains", domains)

    async def remove_block_list_domains(self, domains: Iterable[str]) -> None:
        """Remove domains from the block list."""
        await self._remove("block-list-remove-domains", domains)


SessionStatus = Literal["ACTIVE", "COMPLETED", "FAILED"]


class AsyncConnectionsService(_AsyncService):
    """VPN sessions (``GET /api/v1/sessions``, walked by cursor)."""

    def list(
        self,
        *,
        start_date: datetime | str | None = None,
        end_date: datetime | str | None = None,
        status: SessionStatus | None = None,
        return_only_new: bool | None = None,
        size: int = 100,
    ) -> AsyncCursorPager[SessionResponse]:
        """Iterate over sessions lazily, batch by batch.

        Args:
            start_date: Earliest session start (API default: now - 1 day; at most 30 days
                back).
            end_date: Latest session start.
            status: ``ACTIVE``, ``COMPLETED`` or ``FAILED``.
            return_only_new: Ask the API not to repeat sessions across batches.
            size: Sessions per batch, 1..100.
        """
        if status is not None and status not in ("ACTIVE", "COMPLETED", "FAILED"):
            raise InvalidArgumentError(
                f"status must be ACTIVE, COMPLETED or FAILED, got {status!r}"
            )
        params: Mapping[str, Any] = {
            "startDate": format_instant(start_date, "start_date"),
            "endDate": format_instant(end_date, "end_date"),
            "status": status,
            "returnOnlyNew": return_only_new,
            "size": check_range(size, "size", 1, 100),
        }
        return AsyncCursorPager(
            self._client, f"{API}/sessions", "sessions", SessionResponse.model_validate, params
        )


class AsyncAuditLogsService(_AsyncService):
    """The audit log (``GET /api/v1/audit-log``, API 1.2.0+; not in the 1.1.0 document).

    A tenant that does not serve it answers 404, raised as ``NotSupportedError``.
    """

    def list(
        self,
        *,
        start_date: datetime | str,
        end_date: datetime | str,
        initiator_id: str | None = None,
        size: int = 100,
    ) -> AsyncCursorPager[AuditLogEntry]:
        """Iterate over audit entries in a window of at most 24 hours.

        Raises:
            InvalidArgumentError: The window is longer than 24 hours or reversed.
        """
        start, end = as_datetime(start_date), as_datetime(end_date)
        if (
            start is not None
            and end is not None
            and not (timedelta(0) <= end - start <= timedelta(hours=24))
        ):
            raise InvalidArgumentError(
                "the audit-log window (end_date - start_date) must be between 0 and 24 hours"
            )
        params = {
            "startDate": format_instant(start_date, "start_date"),
            "endDate": format_instant(end_date, "end_date"),
            "initiatorId": initiator_id,
            "size": check_range(size, "size", 1, 100),
        }
        return AsyncCursorPager(
            self._client,
            f"{API}/audit-log",
            "auditLogs",
            AuditLogEntry.model_validate,
            params,
            not_supported=(
                "this tenant does not serve the audit log (GET /api/v1/audit-log needs API 1.2.0+)"
            ),
        )
