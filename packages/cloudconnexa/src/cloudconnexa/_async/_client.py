"""The CloudConnexa client (the async code is the source of the generated sync twin)."""

from __future__ import annotations

import json
import logging
import os
import ssl
from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import Any, Self

import httpx
from pydantic import SecretStr

from cloudconnexa._async._activity import AsyncAuditLogsService, AsyncConnectionsService
from cloudconnexa._async._facades import AsyncConnectorsService, AsyncProfilesService
from cloudconnexa._async._hosts import (
    AsyncHostApplicationsService,
    AsyncHostConnectorsService,
    AsyncHostIpServicesService,
    AsyncHostsService,
)
from cloudconnexa._async._networks import (
    AsyncNetworkApplicationsService,
    AsyncNetworkConnectorsService,
    AsyncNetworkIpServicesService,
    AsyncNetworksService,
    AsyncRoutesService,
)
from cloudconnexa._async._policies import (
    AsyncAccessGroupsService,
    AsyncDevicePosturesService,
    AsyncDnsRecordsService,
    AsyncLocationContextsService,
)
from cloudconnexa._async._tenant import (
    AsyncCybershieldService,
    AsyncDnsLogService,
    AsyncRegionsService,
    AsyncSettingsService,
)
from cloudconnexa._async._transport import AsyncRetryTransport
from cloudconnexa._async._users import (
    AsyncDevicesService,
    AsyncUserGroupsService,
    AsyncUsersService,
)
from cloudconnexa._auth import TOKEN_PATH, ClientCredentialsAuth, TokenState
from cloudconnexa._base import (
    Cooldown,
    RetryPolicy,
    Throttle,
    body_for_log,
    check_page_size,
    is_connection_refused,
    is_unknown_host,
    logger,
    make_status_error,
    parse_body,
)
from cloudconnexa._config import (
    ENV_BASE_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    check_api_version,
    normalize_base_url,
    resolve_setting,
)
from cloudconnexa._dotenv import read_dotenv
from cloudconnexa._exceptions import APIConnectionError, APITimeoutError, ConfigurationError

DEFAULT_TIMEOUT = 30.0
DEFAULT_PAGE_SIZE = 100


class AsyncCloudConnexaClient:
    """Client for the CloudConnexa API (document version 1.1.0).

    Every service is a lazily created attribute (``client.networks``, ``client.users``, ...);
    authentication (OAuth2 client credentials) happens on the first request. Use it as a
    context manager (``async with`` for the async client), or call :meth:`aclose`.

    Example::

        async with AsyncCloudConnexaClient("acme", client_id="...", client_secret="...") as c:
            async for user in c.users.list():
                print(user.username)

    Args:
        api_url: ``https://<cloud_id>.api.openvpn.com`` or a bare cloud id. Falls back to
            ``CLOUDCONNEXA_BASE_URL``. A trailing ``/api/v1`` is stripped; ``http://`` is
            accepted only for loopback hosts.
        client_id: The API client id. Falls back to ``CLOUDCONNEXA_CLIENT_ID``.
        client_secret: The API client secret. Falls back to ``CLOUDCONNEXA_CLIENT_SECRET``.
        api_version: The documented API revision the caller expects (metadata only; every
            path is ``/api/v1/...``).
        timeout: Per-request timeout in seconds, or an ``httpx.Timeout``.
        max_retries: Shortcut for ``RetryPolicy(max_retries=...)``.
        retry: The full retry policy (default ``RetryPolicy()``: 5 retries).
        page_size: Items per page request for ``list()`` (1..1000, default 100).
        throttle: ``True`` (default) for a token bucket learned from the rate-limit headers,
            a :class:`Throttle` for fixed limits, ``False``/``None`` for none.
        transport: An ``httpx.AsyncBaseTransport`` to send through (wrapped by the retry
            transport; tests pass ``httpx.MockTransport``).
        http_client: A fully configured ``httpx.AsyncClient`` used as is (its own transport
            is not wrapped, so it gets no retries or throttle from this client).
        verify: TLS verification for the default transport: ``True`` (system CAs), an
            ``ssl.SSLContext`` (for a private CA), or ``False``; leave it on outside tests.

    Raises:
        ConfigurationError: A missing or malformed setting, or one of the wrong type (such as
            ``client_secret=12345``); the message names the argument (and its environment
            variable) but never shows a secret.
    """

    def __init__(
        self,
        api_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        api_version: str = "1.1.0",
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        throttle: Throttle | bool | None = True,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        verify: bool | ssl.SSLContext = True,
    ) -> None:
        self.base_url = normalize_base_url(
            resolve_setting(api_url, argument="api_url", variable=ENV_BASE_URL)
        )
        self.client_id = resolve_setting(client_id, argument="client_id", variable=ENV_CLIENT_ID)
        secret = SecretStr(
            resolve_setting(client_secret, argument="client_secret", variable=ENV_CLIENT_SECRET)
        )
        self.api_version = check_api_version(api_version)
        self.page_size = check_page_size(page_size)
        if not isinstance(timeout, httpx.Timeout) and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
        ):
            raise ConfigurationError(
                f"timeout must be a number of seconds above 0 or an httpx.Timeout, got {timeout!r}"
            )
        if transport is not None and http_client is not None:
            raise ConfigurationError("pass either transport or http_client, not both")
        policy = retry if retry is not None else RetryPolicy()
        if max_retries is not None:
            policy = RetryPolicy(
                max_retries=max_retries,
                backoff_base=policy.backoff_base,
                backoff_max=policy.backoff_max,
                jitter=policy.jitter,
                max_wait=policy.max_wait,
            )
        self.retry_policy = policy
        if throttle is True:
            self.throttle: Throttle | None = Throttle()
        elif isinstance(throttle, Throttle):
            self.throttle = throttle
        else:
            self.throttle = None
        self._cooldown = Cooldown()
        self._auth = ClientCredentialsAuth(self.base_url + TOKEN_PATH, self.client_id, secret)
        if http_client is not None:
            self._http = http_client
        else:
            inner = transport or httpx.AsyncHTTPTransport(verify=verify)
            self._http = httpx.AsyncClient(
                transport=AsyncRetryTransport(inner, policy, self.throttle, self._cooldown),
                timeout=timeout,
                headers={"Accept": "application/json", "User-Agent": "cloudconnexa-python"},
            )

    @classmethod
    def from_env(cls, *, dotenv: bool = True, **kwargs: Any) -> Self:
        """Build a client from ``CLOUDCONNEXA_*`` environment variables and ``./.env``.

        ``api_url``, ``client_id`` and ``client_secret`` each come from ``kwargs`` when given,
        else from the real environment (``CLOUDCONNEXA_BASE_URL``, ``CLOUDCONNEXA_CLIENT_ID``,
        ``CLOUDCONNEXA_CLIENT_SECRET``), else from those lines of a ``.env`` file in the current
        working directory. The file is read without changing ``os.environ``; its values are
        never logged.

        Args:
            dotenv: Read ``.env`` (default True). ``CLOUDCONNEXA_NO_DOTENV=1`` in the
                environment turns it off as well.
            **kwargs: Constructor arguments (see the class), which take precedence.

        Returns:
            The client.

        Raises:
            ConfigurationError: A setting is missing or malformed (the message names the
                argument and its variable), or ``.env`` is unreadable or holds
                ``CLOUDCONNEXA_CLIENT_SECRET`` while group or other users can access it (run
                ``chmod 600 .env``).
        """
        from_file = read_dotenv() if dotenv else {}
        for argument, variable in (
            ("api_url", ENV_BASE_URL),
            ("client_id", ENV_CLIENT_ID),
            ("client_secret", ENV_CLIENT_SECRET),
        ):
            if kwargs.get(argument) is None:
                value = os.environ.get(variable) or from_file.get(variable)
                if value is None or not value.strip():
                    where = " or in ./.env" if dotenv else ""
                    raise ConfigurationError(
                        f"missing {argument}: pass {argument}=... or set {variable} in the "
                        f"environment{where}"
                    )
                kwargs[argument] = value
        return cls(**kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self.base_url!r}, client_id={self.client_id!r})"

    async def __aenter__(self) -> AsyncCloudConnexaClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    # ------------------------------------------------------------------ auth

    @property
    def token(self) -> TokenState | None:
        """The current access token state, or ``None`` before the first request."""
        return self._auth.state

    async def authenticate(self, *, force: bool = False) -> TokenState:
        """Obtain an access token now (``POST /api/v1/oauth/token``) and return its state.

        Requests are authenticated lazily anyway; call this to fail fast on bad credentials.
        An existing token that is not near expiry is returned without a request unless
        ``force`` is true.

        Args:
            force: Request a new token even if the current one is still valid.

        Returns:
            The token state (token type, scope, lifetime in seconds and expiry time; the
            token itself is a secret string).

        Raises:
            AuthenticationError: The token endpoint refused the client credentials.
            APIResponseValidationError: The endpoint answered without an access token (usually
                an ``api_url`` that is not the tenant's API host).
            APIError: The token endpoint answered another error status.
            APIConnectionError: The tenant could not be reached (``APITimeoutError`` when it
                did not answer in time).
        """  # noqa: DOC502
        state = self._auth.state
        if state is not None and not force and not self._auth.needs_token():
            return state
        response = await self._send(self._auth.build_token_request(), auth=False)
        return self._auth.store(response)

    # ------------------------------------------------------------------ requests

    async def _send(self, request: httpx.Request, *, auth: bool = True) -> httpx.Response:
        try:
            response = await self._http.send(request, auth=self._auth if auth else None)
            await response.aread()
            # httpx links a response and its stream both ways; with the body read, swap in a
            # plain stream so that the response is freed at once instead of waiting for the
            # cyclic garbage collector (keeps listing memory flat, page after page).
            response.stream = httpx.ByteStream(response.content)
        except httpx.TimeoutException as exc:
            failed = _failed_request(exc, request)
            raise APITimeoutError(
                f"{failed.method} {failed.url.path} timed out ({type(exc).__name__})"
            ) from exc
        except httpx.TransportError as exc:
            # The request that failed may be the token request sent by the auth flow before
            # the API request itself: name that one.
            failed = _failed_request(exc, request)
            where = f"{failed.method} {failed.url.path} failed"
            if is_unknown_host(exc):
                raise APIConnectionError(
                    f"{where}: the host {failed.url.host} does not exist "
                    "(check the cloud id in api_url)"
                ) from exc
            if is_connection_refused(exc):
                raise APIConnectionError(
                    f"{where}: {self.base_url} refused the connection "
                    "(nothing listens there; check api_url)"
                ) from exc
            raise APIConnectionError(
                f"{where}: could not reach {self.base_url} ({type(exc).__name__}: {exc})"
            ) from exc
        return response

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        text_body: str | None = None,
    ) -> httpx.Response:
        """Send one API request and return the (read) 2xx response.

        Raises:
            CloudConnexaError: The status-keyed subclass for a non-2xx response, or a
                connection error.
        """
        headers: dict[str, str] = {}
        content: bytes | None = None
        if text_body is not None:
            headers["Content-Type"] = "text/plain"
            content = text_body.encode()
        elif json_body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(json_body).encode()
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        request = self._http.build_request(
            method, self.base_url + path, params=query, content=content, headers=headers
        )
        if logger.isEnabledFor(logging.DEBUG) and content:
            logger.debug("%s %s request body: %s", method, path, body_for_log(content))
        response = await self._send(request)
        if logger.isEnabledFor(logging.DEBUG) and response.content:
            logger.debug("%s %s response body: %s", method, path, body_for_log(response.content))
        if not response.is_success:
            raise make_status_error(response)
        return response

    async def _request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        text_body: str | None = None,
    ) -> Any:
        """Send one API request and return the parsed body (``None`` for 204 or empty)."""
        response = await self._request(
            method, path, params=params, json_body=json_body, text_body=text_body
        )
        return parse_body(response)

    # ------------------------------------------------------------------ services

    @cached_property
    def networks(self) -> AsyncNetworksService:
        """Networks (``/api/v1/networks``).

        Returns:
            The :class:`~cloudconnexa._async._networks.AsyncNetworksService` of this
            client, created on first access.
        """
        return AsyncNetworksService(self)

    @cached_property
    def routes(self) -> AsyncRoutesService:
        """Network routes (``/api/v1/networks/routes``).

        Returns:
            The :class:`~cloudconnexa._async._networks.AsyncRoutesService` of this
            client, created on first access.
        """
        return AsyncRoutesService(self)

    @cached_property
    def network_connectors(self) -> AsyncNetworkConnectorsService:
        """Network connectors (``/api/v1/networks/connectors``).

        Returns:
            The :class:`~cloudconnexa._async._networks.AsyncNetworkConnectorsService` of this
            client, created on first access.
        """
        return AsyncNetworkConnectorsService(self)

    @cached_property
    def network_ip_services(self) -> AsyncNetworkIpServicesService:
        """Network IP services (``/api/v1/networks/ip-services``).

        Returns:
            The :class:`~cloudconnexa._async._networks.AsyncNetworkIpServicesService` of this
            client, created on first access.
        """
        return AsyncNetworkIpServicesService(self)

    @cached_property
    def network_applications(self) -> AsyncNetworkApplicationsService:
        """Network applications (``/api/v1/networks/applications``).

        Returns:
            The :class:`~cloudconnexa._async._networks.AsyncNetworkApplicationsService` of this
            client, created on first access.
        """
        return AsyncNetworkApplicationsService(self)

    @cached_property
    def hosts(self) -> AsyncHostsService:
        """Hosts (``/api/v1/hosts``).

        Returns:
            The :class:`~cloudconnexa._async._hosts.AsyncHostsService` of this
            client, created on first access.
        """
        return AsyncHostsService(self)

    @cached_property
    def host_connectors(self) -> AsyncHostConnectorsService:
        """Host connectors (``/api/v1/hosts/connectors``).

        Returns:
            The :class:`~cloudconnexa._async._hosts.AsyncHostConnectorsService` of this
            client, created on first access.
        """
        return AsyncHostConnectorsService(self)

    @cached_property
    def host_ip_services(self) -> AsyncHostIpServicesService:
        """Host IP services (``/api/v1/hosts/ip-services``).

        Returns:
            The :class:`~cloudconnexa._async._hosts.AsyncHostIpServicesService` of this
            client, created on first access.
        """
        return AsyncHostIpServicesService(self)

    @cached_property
    def host_applications(self) -> AsyncHostApplicationsService:
        """Host applications (``/api/v1/hosts/applications``).

        Returns:
            The :class:`~cloudconnexa._async._hosts.AsyncHostApplicationsService` of this
            client, created on first access.
        """
        return AsyncHostApplicationsService(self)

    @cached_property
    def connectors(self) -> AsyncConnectorsService:
        """Network and host connectors together.

        Returns:
            The :class:`~cloudconnexa._async._facades.AsyncConnectorsService` of this
            client, created on first access.
        """
        return AsyncConnectorsService(self)

    @cached_property
    def users(self) -> AsyncUsersService:
        """Users (``/api/v1/users``).

        Returns:
            The :class:`~cloudconnexa._async._users.AsyncUsersService` of this
            client, created on first access.
        """
        return AsyncUsersService(self)

    @cached_property
    def user_groups(self) -> AsyncUserGroupsService:
        """User groups (``/api/v1/user-groups``).

        Returns:
            The :class:`~cloudconnexa._async._users.AsyncUserGroupsService` of this
            client, created on first access.
        """
        return AsyncUserGroupsService(self)

    @cached_property
    def devices(self) -> AsyncDevicesService:
        """Devices (``/api/v1/devices``, keyed by ``userId``).

        Returns:
            The :class:`~cloudconnexa._async._users.AsyncDevicesService` of this
            client, created on first access.
        """
        return AsyncDevicesService(self)

    @cached_property
    def profiles(self) -> AsyncProfilesService:
        """Connector and device VPN profiles.

        Returns:
            The :class:`~cloudconnexa._async._facades.AsyncProfilesService` of this
            client, created on first access.
        """
        return AsyncProfilesService(self)

    @cached_property
    def dns_records(self) -> AsyncDnsRecordsService:
        """DNS records (``/api/v1/dns-records``).

        Returns:
            The :class:`~cloudconnexa._async._policies.AsyncDnsRecordsService` of this
            client, created on first access.
        """
        return AsyncDnsRecordsService(self)

    @cached_property
    def access_groups(self) -> AsyncAccessGroupsService:
        """Access groups (``/api/v1/access-groups``).

        Returns:
            The :class:`~cloudconnexa._async._policies.AsyncAccessGroupsService` of this
            client, created on first access.
        """
        return AsyncAccessGroupsService(self)

    @cached_property
    def location_contexts(self) -> AsyncLocationContextsService:
        """Location contexts (``/api/v1/location-contexts``).

        Returns:
            The :class:`~cloudconnexa._async._policies.AsyncLocationContextsService` of this
            client, created on first access.
        """
        return AsyncLocationContextsService(self)

    @cached_property
    def device_postures(self) -> AsyncDevicePosturesService:
        """Device postures (``/api/v1/device-postures``).

        Returns:
            The :class:`~cloudconnexa._async._policies.AsyncDevicePosturesService` of this
            client, created on first access.
        """
        return AsyncDevicePosturesService(self)

    @cached_property
    def regions(self) -> AsyncRegionsService:
        """VPN regions (``/api/v1/regions``).

        Returns:
            The :class:`~cloudconnexa._async._tenant.AsyncRegionsService` of this
            client, created on first access.
        """
        return AsyncRegionsService(self)

    @cached_property
    def settings(self) -> AsyncSettingsService:
        """Tenant settings (``/api/v1/settings/...``).

        Returns:
            The :class:`~cloudconnexa._async._tenant.AsyncSettingsService` of this
            client, created on first access.
        """
        return AsyncSettingsService(self)

    @cached_property
    def dns_log(self) -> AsyncDnsLogService:
        """The DNS resolution log (``/api/v1/dns-log/...``).

        Returns:
            The :class:`~cloudconnexa._async._tenant.AsyncDnsLogService` of this
            client, created on first access.
        """
        return AsyncDnsLogService(self)

    @cached_property
    def cybershield(self) -> AsyncCybershieldService:
        """Cyber Shield domain filtering (``/api/v1/cybershield/...``).

        Returns:
            The :class:`~cloudconnexa._async._tenant.AsyncCybershieldService` of this
            client, created on first access.
        """
        return AsyncCybershieldService(self)

    @cached_property
    def connections(self) -> AsyncConnectionsService:
        """VPN sessions, the "Connections table" (``/api/v1/sessions``).

        Returns:
            The :class:`~cloudconnexa._async._activity.AsyncConnectionsService` of this
            client, created on first access.
        """
        return AsyncConnectionsService(self)

    @cached_property
    def audit_logs(self) -> AsyncAuditLogsService:
        """The audit log (``/api/v1/audit-log``, API 1.2.0+).

        Returns:
            The :class:`~cloudconnexa._async._activity.AsyncAuditLogsService` of this
            client, created on first access.
        """
        return AsyncAuditLogsService(self)


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _failed_request(exc: httpx.TransportError, sent: httpx.Request) -> httpx.Request:
    """Return the request a transport error belongs to (the token request, or ``sent``)."""
    try:
        return exc.request
    except RuntimeError:  # an error raised without its request attached
        return sent
