"""OAuth2 client credentials (RFC 6749 §4.4) as an ``httpx.Auth`` flow.

Facts (``cloudconnexa-api.md`` §3): the token endpoint is
``POST /api/v1/oauth/token`` with ``grant_type=client_credentials``; it answers
``{access_token, token_type: "bearer", expires_in, scope}`` with ``expires_in`` about 43199
seconds. There is no refresh token: renewal means asking again with the client credentials.

The client id and secret travel as HTTP Basic credentials (RFC 6749 §2.3.1), never in the URL,
so they cannot leak through access logs or ``httpx``'s own request logging.
"""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from datetime import UTC, datetime, timedelta

import httpx
from pydantic import BaseModel, ConfigDict, SecretStr
from pydantic import ValidationError as PydanticValidationError

from cloudconnexa._base import IDEMPOTENT_EXTENSION, make_status_error, parse_body
from cloudconnexa._exceptions import APIResponseValidationError, AuthenticationError

TOKEN_PATH = "/api/v1/oauth/token"
#: Renew this many seconds before expiry (at most a tenth of the lifetime for short tokens).
RENEW_MARGIN = 60.0


class TokenState(BaseModel):
    """The access token currently held by a client; the token itself is a ``SecretStr``.

    Attributes:
        access_token: The bearer token (``.get_secret_value()`` reveals it).
        token_type: ``"bearer"``.
        scope: The granted scope, such as ``"read write"``.
        expires_in: Lifetime in seconds, as the token endpoint reported it.
        obtained_at: When the token was received (UTC).
        expires_at: ``obtained_at + expires_in`` (UTC).
    """

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    token_type: str
    scope: str | None
    expires_in: int
    obtained_at: datetime
    expires_at: datetime


class _TokenResponse(BaseModel):
    access_token: SecretStr
    token_type: str = "bearer"
    expires_in: int = 43199
    scope: str | None = None


class ClientCredentialsAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <token>``, obtaining and renewing the token as needed.

    The token is requested on first use, renewed shortly before ``expires_in`` runs out, and
    renewed once more after a 401 (then the request is replayed once). Renewal is serialised
    behind a lock, so concurrent requests share one token request.

    Args:
        token_url: Absolute URL of the token endpoint.
        client_id: The API client id (with its prefix).
        client_secret: The API client secret.
        clock: Monotonic clock in seconds (tests may inject one).
    """

    requires_response_body = True

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: SecretStr,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._state: TokenState | None = None
        self._renew_at = 0.0
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self._client_id!r}, client_secret='***')"

    @property
    def state(self) -> TokenState | None:
        """The current token, or ``None`` before the first request."""
        return self._state

    def invalidate(self) -> None:
        """Forget the token, so that the next request obtains a new one."""
        self._state = None

    def needs_token(self) -> bool:
        """Tell whether a token must be obtained before the next request.

        Returns:
            ``True`` when there is no token or it is within the renewal margin of its expiry.
        """
        return self._state is None or self._clock() >= self._renew_at

    def build_token_request(self) -> httpx.Request:
        """Build the token request (``POST /api/v1/oauth/token``, cloudconnexa-api.md §3).

        The credentials travel in an HTTP Basic ``Authorization`` header, never in the URL.

        Returns:
            The request, marked safe to retry.
        """
        pair = f"{self._client_id}:{self._client_secret.get_secret_value()}"
        request = httpx.Request(
            "POST",
            self._token_url,
            params={"grant_type": "client_credentials"},
            headers={"Accept": "application/json"},
            extensions={IDEMPOTENT_EXTENSION: True},
        )
        # HTTP Basic (RFC 7617 §2): base64 of "id:secret".
        request.headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        return request

    def store(self, response: httpx.Response) -> TokenState:
        """Record the token from a (read) token-endpoint response and return it.

        Args:
            response: The token endpoint's response, body already read.

        Returns:
            The new token state; renewal is scheduled shortly before it expires.

        Raises:
            AuthenticationError: The endpoint refused the credentials (400, 401 or 403).
            APIError: Another non-2xx status (after the transport's retries), as its
                status-keyed subclass.
            APIResponseValidationError: A 2xx body without an ``access_token``.
        """  # noqa: DOC503
        if response.status_code in (400, 401, 403):
            error = make_status_error(response)
            raise AuthenticationError(
                f"the token endpoint refused the client credentials for client id "
                f"{self._client_id!r}: {error.message}",
                status_code=response.status_code,
                request_id=error.request_id,
                body=error.body,
                response=response,
            )
        if not response.is_success:
            raise make_status_error(response)
        body = parse_body(response)
        try:
            token = _TokenResponse.model_validate(body)
        except PydanticValidationError:
            raise APIResponseValidationError(
                "the token endpoint answered without an access_token "
                "(is api_url the tenant's API host?)",
                status_code=response.status_code,
                body=body if not isinstance(body, dict) else None,
                response=response,
            ) from None
        now = datetime.now(UTC)
        lifetime = max(0, token.expires_in)
        state = TokenState(
            access_token=token.access_token,
            token_type=token.token_type,
            scope=token.scope,
            expires_in=lifetime,
            obtained_at=now,
            expires_at=now + timedelta(seconds=lifetime),
        )
        self._renew_at = self._clock() + lifetime - min(RENEW_MARGIN, lifetime / 10)
        self._state = state
        return state

    def _authorize(self, request: httpx.Request) -> TokenState:
        state = self._state
        assert state is not None
        request.headers["Authorization"] = f"Bearer {state.access_token.get_secret_value()}"
        return state

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """The flow for ``httpx.Client``: renew under a thread lock, replay once after 401.

        Args:
            request: The API request to authorise.

        Yields:
            The token request when a token is needed, then ``request`` with its bearer
            header, and ``request`` once more after a 401 answered with a fresh token.

        Raises:
            AuthenticationError: The token endpoint refused the credentials.
            APIError: The token endpoint answered another error status.
            APIResponseValidationError: The token endpoint answered without an access token.
        """  # noqa: DOC502
        if self.needs_token():
            with self._thread_lock:
                if self.needs_token():
                    token_response = yield self.build_token_request()
                    token_response.read()
                    self.store(token_response)
        used = self._authorize(request)
        response = yield request
        if response.status_code != 401:
            return
        with self._thread_lock:
            if self._state is used:
                token_response = yield self.build_token_request()
                token_response.read()
                self.store(token_response)
        self._authorize(request)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The flow for ``httpx.AsyncClient``: renew under an asyncio lock, replay after 401.

        Args:
            request: The API request to authorise.

        Yields:
            The token request when a token is needed, then ``request`` with its bearer
            header, and ``request`` once more after a 401 answered with a fresh token.

        Raises:
            AuthenticationError: The token endpoint refused the credentials.
            APIError: The token endpoint answered another error status.
            APIResponseValidationError: The token endpoint answered without an access token.
        """  # noqa: DOC502
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        if self.needs_token():
            async with self._async_lock:
                if self.needs_token():
                    token_response = yield self.build_token_request()
                    await token_response.aread()
                    self.store(token_response)
        used = self._authorize(request)
        response = yield request
        if response.status_code != 401:
            return
        async with self._async_lock:
            if self._state is used:
                token_response = yield self.build_token_request()
                await token_response.aread()
                self.store(token_response)
        self._authorize(request)
        yield request
