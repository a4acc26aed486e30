"""Authentication as ``httpx.Auth`` flows shared by the sync and async clients.

JWT mode (dns-services-api.md §3): log in with ``POST /api/login`` (form ``username``,
``password``), read the expiry from the token's ``exp`` claim (decoded without checking the
signature: the client cannot verify the provider's RSA key and only needs the time), refresh through
``POST /api/token`` shortly before expiry, log in again when the refresh fails, and after a 401
renew once and replay the request once. Renewals are serialised by a lock, so concurrent
requests trigger one renewal. Basic mode sends ``Authorization: Basic`` on every request.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any

import httpx
import jwt

from ._base import decode_body, make_api_error
from ._exceptions import AuthenticationError, RateLimitError
from ._token_store import StoredTokens, TokenStore

__all__ = ["DEFAULT_REFRESH_MARGIN", "FALLBACK_LIFETIME", "JWTAuth", "token_expiry"]

DEFAULT_REFRESH_MARGIN = 60.0
"""Seconds before ``exp`` at which the token is refreshed (dns-services-api.md §3)."""
FALLBACK_LIFETIME = 300.0
"""Assumed lifetime in seconds of a token without a readable ``exp`` (dns-services-api.md §3)."""


def token_expiry(token: str) -> float | None:
    """Read the ``exp`` claim (POSIX seconds) of a JWT without verifying its signature.

    Args:
        token: The access token.

    Returns:
        The expiry time, or None when the token is not a JWT or has no numeric ``exp``.
    """
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.PyJWTError:
        return None
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


def _drive_sync(
    flow: Generator[httpx.Request, httpx.Response, None],
) -> Generator[httpx.Request, httpx.Response, None]:
    request = next(flow)
    while True:
        response = yield request
        response.read()
        try:
            request = flow.send(response)
        except StopIteration:
            return


class JWTAuth(httpx.Auth):
    """Bearer-token authentication with login, refresh and a token file.

    Constructing it with a ``store`` loads the token file at once, so the constructor raises
    :class:`~dns_services_gateway.TokenFileError` when that file exists but is unsafe or
    unreadable.

    Args:
        username: The account e-mail.
        password: The account password.
        api_url: The API root, for example ``https://dns.services/api``.
        store: Where tokens persist between runs, or None to keep them in memory only.
        refresh_margin: Seconds before expiry at which the token is renewed.
        clock: Returns the current POSIX time in seconds (injectable for tests).
    """

    requires_response_body = True

    def __init__(
        self,
        *,
        username: str,
        password: str,
        api_url: str,
        store: TokenStore | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.username = username
        self._password = password
        self.api_url = api_url.rstrip("/")
        self.store = store
        self.refresh_margin = refresh_margin
        self.clock = clock
        self.rate_limit: dict[str, int] = {}
        self.renewals = 0
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self._tokens: StoredTokens | None = None
        self._expires_at: float | None = None
        self.token_source: str | None = None
        if store is not None:
            loaded = store.load(username=username, api_url=self.api_url)
            if loaded is not None:
                self._set_tokens(loaded, persist=False)
                self.token_source = "file"

    def __repr__(self) -> str:
        return f"JWTAuth(username={self.username!r}, api_url={self.api_url!r})"

    # -- state ---------------------------------------------------------------------------

    @property
    def tokens(self) -> StoredTokens | None:
        """The tokens held, if any."""
        return self._tokens

    @property
    def expires_at(self) -> float | None:
        """When the access token expires (POSIX seconds), if a token is held."""
        return self._expires_at

    def _set_tokens(self, tokens: StoredTokens, *, persist: bool = True) -> None:
        self._tokens = tokens
        expiry = token_expiry(tokens.access_token)
        self._expires_at = expiry if expiry is not None else self.clock() + FALLBACK_LIFETIME
        if persist:
            self.token_source = "login"
            if self.store is not None:
                self.store.save(tokens)

    def clear(self, *, delete_file: bool = False) -> None:
        """Forget the tokens.

        Args:
            delete_file: Also delete the token file.
        """
        self._tokens = None
        self._expires_at = None
        self.token_source = None
        if delete_file and self.store is not None:
            self.store.delete()

    def needs_renewal(self) -> bool:
        """Tell whether the next request must first log in or refresh.

        Returns:
            True when no token is held or the access token expires within
            ``refresh_margin`` seconds of the clock's current time.
        """
        if self._tokens is None or self._expires_at is None:
            return True
        return self.clock() >= self._expires_at - self.refresh_margin

    # -- requests ------------------------------------------------------------------------

    def build_login_request(self) -> httpx.Request:
        """Build ``POST /api/login`` with the form fields ``username`` and ``password``.

        Returns:
            The unsent request (no ``Authorization`` header; the credentials are in the body).
        """
        return httpx.Request(
            "POST",
            f"{self.api_url}/login",
            data={"username": self.username, "password": self._password},
            headers={"Accept": "application/json"},
        )

    def build_refresh_request(self, refresh_token: str) -> httpx.Request:
        """``POST /api/token`` with the form field ``refresh_token``.

        Args:
            refresh_token: The current refresh token.

        Returns:
            The request.
        """
        return httpx.Request(
            "POST",
            f"{self.api_url}/token",
            data={"refresh_token": refresh_token},
            headers={"Accept": "application/json"},
        )

    def _accept(self, response: httpx.Response) -> bool:
        if response.status_code != 200:
            return False
        body = decode_body(response)
        if not isinstance(body, dict) or make_api_error(response, body) is not None:
            return False
        token = body.get("token")
        if not isinstance(token, str) or not token:
            return False
        refresh = body.get("refresh")
        self._set_tokens(
            StoredTokens(
                access_token=token,
                refresh_token=refresh if isinstance(refresh, str) and refresh else None,
                username=self.username,
                api_url=self.api_url,
            )
        )
        return True

    def accept_login(self, response: httpx.Response) -> None:
        """Store the tokens of a login response, or raise why the login failed.

        Args:
            response: The ``POST /api/login`` response, body read.

        Raises:
            RateLimitError: HTTP 429 (``retry_after`` from ``X-RateLimit-Reset``).
            AuthenticationError: The credentials were refused.
            APIError: Another failure (5xx, ...).
        """  # noqa: DOC503
        limit = {
            key: int(response.headers[header])
            for key, header in (
                ("limit", "x-ratelimit-limit"),
                ("remaining", "x-ratelimit-remaining"),
                ("reset", "x-ratelimit-reset"),
            )
            if response.headers.get(header, "").isdigit()
        }
        if limit:
            self.rate_limit = limit
        if self._accept(response):
            return
        error = make_api_error(response)
        if isinstance(error, RateLimitError):
            raise error
        if limit.get("remaining") == 0 and response.status_code < 500:
            # A refusal with no logins left in the window means "wait for the reset"
            # (dns-services-api.md §4), not "wrong password".
            raise RateLimitError(
                f"login as {self.username} refused with no logins left in the rate-limit window",
                retry_after=float(limit["reset"]) if "reset" in limit else None,
                status_code=response.status_code,
                errors=error.errors if error is not None else [],
            )
        if error is None or response.status_code < 500:
            errors = error.errors if error is not None else []
            detail = "; ".join(errors) or "no token in the response"
            raise AuthenticationError(
                f"login as {self.username} refused: {detail}",
                status_code=response.status_code,
                errors=errors,
            )
        raise error

    def _renew_flow(self) -> Generator[httpx.Request, httpx.Response, None]:
        self.renewals += 1
        tokens = self._tokens
        if tokens is not None and tokens.refresh_token:
            response = yield self.build_refresh_request(tokens.refresh_token)
            if self._accept(response):
                self.token_source = "refresh"
                return
        response = yield self.build_login_request()
        self.accept_login(response)

    def _apply(self, request: httpx.Request) -> str | None:
        token = self._tokens.access_token if self._tokens is not None else None
        if token is not None:
            request.headers["Authorization"] = f"Bearer {token}"
        return token

    # -- flows ---------------------------------------------------------------------------

    def _must_renew(self, sent: str | None, *, after_401: bool) -> bool:
        """Tell whether a renewal is due, before the request or after it drew a 401.

        Checked once without and once under the lock, so that concurrent requests renew once.

        Args:
            sent: The access token the request carried (None before it was sent).
            after_401: True when the request was answered 401.
        """
        if not after_401:
            return self.needs_renewal()
        # Renew only if nobody has replaced the token the refused request carried.
        return self._tokens is None or self._tokens.access_token == sent

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Authenticate a request of the sync client (see the module docstring).

        Args:
            request: The request to authenticate.

        Yields:
            Login/refresh requests, the request, and at most one replay after a 401.
        """
        sent: str | None = None
        for after_401 in (False, True):
            if self._must_renew(sent, after_401=after_401):
                with self._thread_lock:
                    if self._must_renew(sent, after_401=after_401):
                        yield from _drive_sync(self._renew_flow())
            sent = self._apply(request)
            response = yield request
            if response.status_code != 401:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Authenticate a request of the async client (see the module docstring).

        Args:
            request: The request to authenticate.

        Yields:
            Login/refresh requests, the request, and at most one replay after a 401.
        """  # noqa: DOC201, DOC403 (pydoclint sees no yield in ``response = yield request``)
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        sent: str | None = None
        for after_401 in (False, True):
            if self._must_renew(sent, after_401=after_401):
                async with self._async_lock:
                    if self._must_renew(sent, after_401=after_401):
                        # ``yield from`` is not allowed in an async generator: drive by hand.
                        flow = self._renew_flow()
                        step = next(flow)
                        while True:
                            response = yield step
                            await response.aread()
                            try:
                                step = flow.send(response)
                            except StopIteration:
                                break
            sent = self._apply(request)
            response = yield request
            if response.status_code != 401:
                return

    def status(self) -> dict[str, Any]:
        """Secret-free facts about the held token, for ``auth_status()``.

        Returns:
            A dict with ``token_present`` and ``refresh_token_present`` (bools),
            ``expires_at`` (POSIX seconds or None) and ``expires_in`` (seconds from now,
            negative once expired, or None).
        """
        now = self.clock()
        return {
            "token_present": self._tokens is not None,
            "refresh_token_present": bool(self._tokens and self._tokens.refresh_token),
            "expires_at": self._expires_at,
            "expires_in": None if self._expires_at is None else self._expires_at - now,
        }
