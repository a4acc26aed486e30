"""ASGI middleware run before routing: POST media type, body size and JSON, then rate limit.

The order is the original service's: 415, 413 and ``invalid_json`` answers are given before the
rate limiter and are not counted. A body nested deeper than :data:`MAX_JSON_DEPTH` arrays or
objects is ``invalid_json`` too, found by a scan before any parser recurses into it. ``HEAD``
is served as ``GET`` without the body (RFC 9110 §9.3.2). ``/healthz`` and ``/readyz`` are
exempt from the limit. The limit is a fixed one-minute window per client IP (the window starts
at the first hit), kept with the ``limits`` library; a 429 carries ``Retry-After`` in seconds
(RFC 9110 §10.2.3).
"""

from __future__ import annotations

import json
import math
import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import FixedWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dns_validation.api.serialize import send_json
from dns_validation.domain.checks import CHECK_TYPES

__all__ = ["MAX_BODY_BYTES", "MAX_JSON_DEPTH", "RequestGate", "json_too_deep"]

MAX_BODY_BYTES = 10 * 1024
#: Deepest nesting of arrays and objects a POST body may have.
MAX_JSON_DEPTH = 32
# Derived from the check types, so a new type's route gets the 415/413/400 checks too.
_JSON_POSTS = frozenset(kind.path for kind in CHECK_TYPES.values())
_EXEMPT = frozenset({"/healthz", "/readyz"})


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``body`` opens more than ``limit`` arrays or objects inside each other.

    Brackets inside JSON strings are skipped; the scan does not recurse, so it is safe on any
    input (Python's ``json`` module raises ``RecursionError`` on deep nesting).

    Args:
        body: the raw request body.
        limit: the deepest nesting allowed.

    Returns:
        ``True`` when the nesting goes deeper than ``limit``.
    """
    depth = 0
    in_string = False
    escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def _is_json(body: bytes) -> bool:
    if json_too_deep(body):
        return False
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


def _head_as_get(send: Send) -> Send:
    async def head_send(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return head_send


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


class RequestGate:
    """The gate middleware.

    Args:
        app: the wrapped ASGI application.
        per_minute: requests allowed per client IP per minute; 0 disables the limit.
    """

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.per_minute = per_minute
        self._item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self._limiter = FixedWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call.

        Non-HTTP scopes pass straight through. A ``HEAD`` request goes on as a ``GET`` whose
        answer loses its body (headers, ``content-length`` included, are kept). For a
        ``POST`` to the route of a check type (``/request/ui``, ``/request/email``) the body
        is read first: a media type other than
        ``application/json`` is answered 415, a body over :data:`MAX_BODY_BYTES` 413 and a
        non-empty body that is not JSON, or nests deeper than :data:`MAX_JSON_DEPTH`, 400
        ``invalid_json``; the body read is then replayed
        to the application. Outside ``/healthz`` and ``/readyz`` a client IP over
        ``per_minute`` requests in its one-minute window is answered 429 ``rate_limited``
        with ``Retry-After`` (seconds until the window resets).

        Args:
            scope: the ASGI connection scope.
            receive: the ASGI receive channel.
            send: the ASGI send channel.
        """
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _head_as_get(send)
        path = scope["path"]
        if scope["method"] == "POST" and path in _JSON_POSTS:
            media = _header(scope, b"content-type").split(";", 1)[0].strip().lower()
            if media != "application/json":
                await send_json(send, 415, {"error": "unsupported_media_type"})
                return
            body = bytearray()
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > MAX_BODY_BYTES:
                    await send_json(send, 413, {"error": "request entity too large"})
                    return
            if body.strip() and not _is_json(bytes(body)):
                await send_json(send, 400, {"error": "invalid_json"})
                return
            receive = _replay(bytes(body), receive)
        if self._item is not None and path not in _EXEMPT:
            client = scope.get("client")
            key = client[0] if client else "unknown"
            if not await self._limiter.hit(self._item, key):
                stats = await self._limiter.get_window_stats(self._item, key)
                retry = max(1, math.ceil(stats.reset_time - time.time()))
                await send_json(
                    send,
                    429,
                    {"error": "rate_limited", "message": "Too many requests"},
                    [(b"retry-after", str(retry).encode())],
                )
                return
        await self.app(scope, receive, send)


def _replay(body: bytes, downstream: Receive) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await downstream()

    return receive
