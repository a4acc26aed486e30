"""The fake's ASGI application: token endpoint, bearer auth, rate limits, faults, dispatch.

Order of processing for each request: record it, apply the configured latency, serve a queued
fault if one matches, answer the token endpoint, reject unknown paths (gateway 404) and wrong
methods (405), check the bearer token (401), take a token from the client's bucket (429), then
run the handler under the state lock.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import secrets
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from cloudconnexa.testing import _access, _activity, _networks, _settings, _users
from cloudconnexa.testing._clock import Clock
from cloudconnexa.testing._errors import FakeAPIError, UnknownPath, error_body, gateway_body
from cloudconnexa.testing._faults import TOKEN_PATH, Fault, Faults
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._ratelimit import RateLimit, TokenBucket
from cloudconnexa.testing._state import FakeState

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MUTATING = frozenset({"POST", "PUT", "DELETE"})
SECRET_QUERY_KEYS = frozenset({"client_secret"})


def build_router() -> Router:
    """Return a router with every operation of the fake registered.

    Returns:
        A new `Router` holding the operations of the networks, users, access, settings and
        activity modules (the token endpoint is answered by `FakeApp` itself).
    """
    router = Router()
    for module in (_networks, _users, _access, _settings, _activity):
        module.register(router)
    return router


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake saw it (secrets redacted).

    Attributes:
        method: HTTP method.
        path: URL path.
        query: Query parameters (first value each); `client_secret` is redacted.
        headers: Headers with lower-case names; the `authorization` value keeps only its scheme.
        body: Raw request body.
        status: Status the fake answered with (0 if the connection was dropped).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class IssuedToken:
    """An access token the fake issued."""

    client_id: str
    expires_at: float


@dataclass
class Auth:
    """Credentials, issued tokens and their lifetime.

    Attributes:
        client_id: The accepted OAuth2 client id.
        client_secret: The accepted client secret.
        token_lifetime: `expires_in` of new tokens, in seconds (real: 43199, cloudconnexa-api.md
            §3).
        error_body: Body of the token endpoint's 401 (the real one is unverified).
        tokens: Issued access tokens by token text.
        issued: How many tokens were issued so far.
    """

    client_id: str
    client_secret: str
    token_lifetime: int = 43199
    error_body: dict[str, Any] = field(
        default_factory=lambda: {
            "error": "invalid_client",
            "error_description": "Bad client credentials",
        }
    )
    tokens: dict[str, IssuedToken] = field(default_factory=dict)
    issued: int = 0


class FakeApp:
    """The ASGI callable serving the fake API.

    Args:
        state: The tenant's data.
        auth: Credentials and tokens.
        faults: Fault queues.
        clock: The shared clock.
        rate_limit: Token-bucket settings, or None for no limiting (and no headers).
    """

    def __init__(
        self,
        state: FakeState,
        auth: Auth,
        faults: Faults,
        clock: Clock,
        rate_limit: RateLimit | None,
    ) -> None:
        self.state = state
        self.auth = auth
        self.faults = faults
        self.clock = clock
        self.router = build_router()
        self.requests: list[RecordedRequest] = []
        self._rate_limit = rate_limit
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------ configuration

    @property
    def rate_limit(self) -> RateLimit | None:
        """The current token-bucket settings (None: unlimited)."""
        return self._rate_limit

    @rate_limit.setter
    def rate_limit(self, value: RateLimit | None) -> None:
        with self._lock:
            self._rate_limit = value
            self._buckets.clear()

    def bucket(self, client_id: str) -> TokenBucket | None:
        """Return the token bucket of one API client (None when unlimited).

        A client's bucket is created full on its first request; changing `rate_limit` drops
        every bucket.

        Args:
            client_id: The OAuth2 client id the request's access token was issued to.

        Returns:
            The client's bucket, or None when rate limiting is off.
        """
        with self._lock:
            if self._rate_limit is None:
                return None
            bucket = self._buckets.get(client_id)
            if bucket is None:
                bucket = self._buckets[client_id] = TokenBucket(self._rate_limit, self.clock)
            return bucket

    # ------------------------------------------------------------ ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":  # pragma: no cover - websockets are never routed here
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        query = {
            k: v[0]
            for k, v in parse_qs(
                scope["query_string"].decode("latin-1"), keep_blank_values=True
            ).items()
        }
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Request(scope["method"].upper(), scope["path"], query, headers, b"".join(chunks))
        status, response_headers, payload, drop = await self.handle(request)
        self._record(request, 0 if drop else status)
        if drop:
            response_headers.append((b"content-length", str(len(payload) + 512).encode()))
            await send(
                {"type": "http.response.start", "status": status, "headers": response_headers}
            )
            await send({"type": "http.response.body", "body": payload, "more_body": True})
            raise ConnectionAbortedError("fault injection: connection dropped")
        response_headers.append((b"content-length", str(len(payload)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": payload})

    def _record(self, request: Request, status: int) -> None:
        headers = dict(request.headers)
        if "authorization" in headers:
            headers["authorization"] = headers["authorization"].split(" ", 1)[0] + " <redacted>"
        query = {
            k: ("<redacted>" if k in SECRET_QUERY_KEYS else v) for k, v in request.query.items()
        }
        with self._lock:
            self.requests.append(
                RecordedRequest(request.method, request.path, query, headers, request.body, status)
            )

    # ------------------------------------------------------------ handling

    async def handle(self, request: Request) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        """Answer one request.

        In order: the configured latency, a queued fault matching the request, the token
        endpoint (405 for a method other than POST; 400 `unsupported_grant_type`, 401 for bad
        credentials, else 200 with `access_token`, `token_type`, `expires_in`, `scope`), the
        gateway 404 for an unknown path and 405 for a wrong method, 401 `invalid_token` without
        a valid bearer token, an empty 429 when the client's bucket is empty, then the handler
        under the state lock. A `FakeAPIError` from the handler becomes its status with an
        `ErrorResponse` body; `UnknownPath` becomes the gateway 404. Successful mutating calls
        are added to the audit log.

        Args:
            request: The request; its `params` and `client_id` are filled in before the handler
                runs.

        Returns:
            `(status, headers, body, drop)`; `drop` asks for the connection to be cut.
        """
        request_id = uuid.uuid4().hex[:16]
        headers: list[tuple[bytes, bytes]] = [(b"x-request-id", request_id.encode())]
        if self.faults.latency > 0:
            await asyncio.sleep(self.faults.latency)
        fault = self.faults.take(request.method, request.path)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)
        elif fault is not None:
            return self._fault(fault, request, headers)
        if request.path == TOKEN_PATH:
            if request.method != "POST":
                return self._gateway(405, request, request_id, headers)
            return self._token(request, headers)
        match = self.router.match(request.method, request.path)
        if match is False:
            return self._gateway(404, request, request_id, headers)
        if match is True:
            return self._gateway(405, request, request_id, headers)
        assert not isinstance(match, bool)
        route, params = match
        client_id = self._authenticate(request)
        if client_id is None:
            headers.append((b"www-authenticate", b'Bearer error="invalid_token"'))
            body = {
                "error": "invalid_token",
                "error_description": "Access token is missing, invalid or expired",
            }
            return self._json(401, body, headers)
        bucket = self.bucket(client_id)
        if bucket is not None and not bucket.try_acquire():
            return self._too_many(bucket, headers)
        request.params = params
        request.client_id = client_id
        try:
            with self.state.lock:
                reply = route.handler(self.state, request)
                if request.method in MUTATING and 200 <= reply.status < 300:
                    self.state.audit(client_id, request.method, request.path, reply.status)
        except FakeAPIError as exc:
            reply = Reply.json(exc.body(), exc.status)
        except UnknownPath:
            return self._gateway(404, request, request_id, headers)
        if bucket is not None:
            headers.extend(_encode(bucket.headers()))
        return self._reply(reply, headers)

    def _authenticate(self, request: Request) -> str | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        with self._lock:
            issued = self.auth.tokens.get(token.strip())
        if issued is None or issued.expires_at <= self.clock.monotonic():
            return None
        return issued.client_id

    def _token(
        self, request: Request, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        client_id = request.query.get("client_id")
        client_secret = request.query.get("client_secret")
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                client_id, _, client_secret = (
                    base64.b64decode(encoded.strip()).decode().partition(":")
                )
            except (binascii.Error, UnicodeDecodeError):
                client_id = client_secret = None
        grant_type = request.query.get("grant_type", "client_credentials")
        if grant_type != "client_credentials":
            # RFC 6749 §5.2 error code for a grant type the server does not support.
            return self._json(400, {"error": "unsupported_grant_type"}, headers)
        if not (
            client_id is not None
            and client_secret is not None
            and secrets.compare_digest(client_id, self.auth.client_id)
            and secrets.compare_digest(client_secret, self.auth.client_secret)
        ):
            return self._json(401, self.auth.error_body, headers)
        token = secrets.token_urlsafe(32)
        with self._lock:
            self.auth.tokens[token] = IssuedToken(
                client_id, self.clock.monotonic() + self.auth.token_lifetime
            )
            self.auth.issued += 1
        body = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.auth.token_lifetime,
            "scope": "read write",
        }
        return self._json(200, body, headers)

    def _fault(
        self, fault: Fault, request: Request, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        if fault.kind == "rate_limit" or (fault.kind == "status" and fault.status == 429):
            client_id = self._authenticate(request) or self.auth.client_id
            bucket = self.bucket(client_id)
            if bucket is None:
                return 429, headers, b"", False
            bucket.drain()
            return self._too_many(bucket, headers)
        if fault.kind == "drop":
            headers.append((b"content-type", b"application/json"))
            return 200, headers, b'{"content": [', True
        if fault.kind == "malformed_json":
            headers.append((b"content-type", b"application/json"))
            return 200, headers, b'{"content": [{"id": ', False
        if fault.kind == "html":
            headers.append((b"content-type", b"text/html; charset=utf-8"))
            page = (
                f"<html><head><title>{fault.status}</title></head>"
                f"<body><h1>{fault.status} Bad Gateway</h1></body></html>"
            )
            return fault.status, headers, page.encode(), False
        return self._json(fault.status, error_body(fault.status, "Injected failure"), headers)

    def _too_many(
        self, bucket: TokenBucket, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        limit = bucket.limit
        if limit.headers_on_429:
            headers.extend(_encode(bucket.headers(remaining=0)))
        if limit.retry_after:
            headers.append(
                (b"retry-after", str(max(1, int(bucket.seconds_until_token() + 0.999))).encode())
            )
        return 429, headers, b"", False

    def _gateway(
        self, status: int, request: Request, request_id: str, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        body = gateway_body(status, request.path, request_id, int(time.time() * 1000))
        return self._json(status, body, headers)

    @staticmethod
    def _json(
        status: int, body: Any, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        headers.append((b"content-type", b"application/json"))
        return status, headers, json.dumps(body, separators=(",", ":")).encode(), False

    def _reply(
        self, reply: Reply, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        if reply.empty:
            return reply.status, headers, b"", False
        if reply.text is not None:
            headers.append((b"content-type", b"text/plain;charset=UTF-8"))
            return reply.status, headers, reply.text.encode(), False
        return self._json(reply.status, reply.body, headers)


def _encode(values: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode(), v.encode()) for k, v in values.items()]
