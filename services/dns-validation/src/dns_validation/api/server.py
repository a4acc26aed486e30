"""The HTTP/1.1 connection protocol ``serve`` runs: uvicorn's httptools protocol with limits.

uvicorn bounds neither the size nor the number of request headers, nor the time a client may
take to send them or the body, nor the connections one address may hold open. This subclass
adds those bounds, and answers every refusal itself with a JSON ``{"error": ...}`` body and
``Connection: close``:

- more than ``MAX_CONNECTIONS`` open connections, or more than ``MAX_CONNECTIONS_PER_CLIENT``
  from one address: 503 ``too_many_connections`` as soon as the connection is accepted;
- a request line plus headers over ``MAX_HEADER_BYTES``, or more than ``MAX_HEADER_COUNT``
  header fields: 431 ``request_header_fields_too_large`` (RFC 6585 §5);
- headers not complete ``HEADER_TIMEOUT_SECONDS`` after the connection opened (or after the
  first byte of a later request), or a body not complete ``BODY_TIMEOUT_SECONDS`` after its
  headers: 408 ``request_timeout`` (RFC 9110 §15.5.9);
- bytes that are not HTTP/1.1: 400 ``bad_request`` instead of uvicorn's ``text/plain`` answer.

An idle keep-alive connection is closed without an answer after ``KEEP_ALIVE_TIMEOUT_SECONDS``
(uvicorn's own timer).
"""

from __future__ import annotations

import asyncio
import http
import json
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

if TYPE_CHECKING:
    from uvicorn.server import ServerState

    from dns_validation.core.config import Settings

__all__ = ["LimitedHttpProtocol", "ServerLimits", "WorkerHttpProtocol", "protocol_for"]

#: Seconds a refused connection stays open, its input discarded, after the answer was written:
#: closing at once with unread input would reset the connection, and the client could lose the
#: answer before reading it.
LINGER_SECONDS = 2.0

#: Open connections per client address, per running server (one server per process).
_PER_CLIENT: weakref.WeakKeyDictionary[ServerState, Counter[str]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """Connection and request limits of the HTTP server.

    Attributes:
        max_connections: open connections allowed in one process.
        max_connections_per_client: open connections allowed from one client address.
        max_header_bytes: bytes allowed for the request line and headers of one request.
        max_header_count: header fields allowed in one request.
        header_timeout: seconds allowed to send a request's line and headers.
        body_timeout: seconds allowed to send a request's body once its headers arrived.
    """

    max_connections: int = 1000
    max_connections_per_client: int = 100
    max_header_bytes: int = 16384
    max_header_count: int = 100
    header_timeout: float = 10.0
    body_timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerLimits:
        """The limits configured in ``settings``.

        Args:
            settings: the service settings (``MAX_CONNECTIONS`` and the others named above).

        Returns:
            The limits.
        """
        return cls(
            max_connections=settings.max_connections,
            max_connections_per_client=settings.max_connections_per_client,
            max_header_bytes=settings.max_header_bytes,
            max_header_count=settings.max_header_count,
            header_timeout=settings.header_timeout_seconds,
            body_timeout=settings.body_timeout_seconds,
        )


def _answer(status: int, error: str, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    body = json.dumps({"error": error}, separators=(",", ":")).encode()
    phrase = http.HTTPStatus(status).phrase.encode()
    lines = [b"HTTP/1.1 %d %s\r\n" % (status, phrase)]
    lines += [name + b": " + value + b"\r\n" for name, value in default_headers]
    lines += [
        b"content-type: application/json\r\n",
        b"content-length: %d\r\n" % len(body),
        b"connection: close\r\n\r\n",
        body,
    ]
    return b"".join(lines)


class LimitedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits of :class:`ServerLimits`.

    Subclasses set :attr:`limits` (see :func:`protocol_for`). The constructor's arguments are
    uvicorn's.

    Args:
        *args: passed to :class:`uvicorn.protocols.http.httptools_impl.HttpToolsProtocol`.
        **kwargs: passed likewise.
    """

    limits: ClassVar[ServerLimits] = ServerLimits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limits = self.current_limits()
        # "idle" (between requests), "headers" (request line and headers arriving),
        # "body" (headers done, body arriving).
        self._phase = "idle"
        self._raw_header_bytes = 0
        self._header_bytes = 0
        self._header_count = 0
        self._refused = False
        self._too_large = False
        self._counted_client: str | None = None
        self._header_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None

    @classmethod
    def current_limits(cls) -> ServerLimits:
        """The limits every new connection gets.

        Returns:
            :attr:`limits`.
        """
        return cls.limits

    # Connection life

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Accept a connection, or refuse it with 503 when a connection cap is reached.

        Args:
            transport: the new connection's transport.
        """
        super().connection_made(transport)
        address = self.client[0] if self.client else ""
        counts = _PER_CLIENT.setdefault(self.server_state, Counter())
        counts[address] += 1
        self._counted_client = address
        over_total = len(self.connections) > self._limits.max_connections
        if over_total or counts[address] > self._limits.max_connections_per_client:
            self._refuse(503, "too_many_connections", linger=False)
            return
        self._header_timer = self.loop.call_later(self._limits.header_timeout, self._header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection: stop its timers and release its share of the caps.

        Args:
            exc: the error that closed the connection, or ``None`` for a normal close.
        """
        self._cancel_timers()
        if self._counted_client is not None:
            counts = _PER_CLIENT.get(self.server_state)
            if counts is not None:
                counts[self._counted_client] -= 1
                if counts[self._counted_client] <= 0:
                    del counts[self._counted_client]
            self._counted_client = None
        super().connection_lost(exc)

    def _cancel_timers(self) -> None:
        for timer in (self._header_timer, self._body_timer):
            if timer is not None:
                timer.cancel()
        self._header_timer = self._body_timer = None

    def _refuse(self, status: int, error: str, *, linger: bool = True) -> None:
        """Answer ``status`` with ``{"error": error}`` and close, whatever the request state.

        Args:
            status: the HTTP status code.
            error: the ``error`` value.
            linger: keep reading (and discarding) for :data:`LINGER_SECONDS` after the answer,
                so that a client still sending gets to read it; ``False`` closes at once.
        """
        self._refused = True
        self._cancel_timers()
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            # The application may be waiting for the body: wake it up with a disconnect, and
            # drop whatever it sends later.
            started = cycle.response_started
            cycle.disconnected = True
            cycle.message_event.set()
            if started:
                self.transport.close()
                return
        if self.transport.is_closing():
            return
        self.transport.write(_answer(status, error, self.server_state.default_headers))
        if linger and self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:
            self.transport.close()

    def _header_timeout(self) -> None:
        self._header_timer = None
        if self._phase in {"idle", "headers"} and not self._refused:
            self._refuse(408, "request_timeout")

    def _body_timeout(self) -> None:
        self._body_timer = None
        if self._phase == "body" and not self._refused:
            self._refuse(408, "request_timeout")

    # Bytes in

    def data_received(self, data: bytes) -> None:
        """Feed bytes to the parser, counting those of request lines and headers.

        Args:
            data: bytes read from the connection.
        """
        if self._refused:
            return
        if self._phase != "body":
            self._raw_header_bytes += len(data)
        super().data_received(data)
        over = self._too_large or (
            self._phase == "headers" and self._raw_header_bytes > self._limits.max_header_bytes
        )
        if over and not self.transport.is_closing():
            self._refuse(431, "request_header_fields_too_large")

    def send_400_response(self, msg: str) -> None:
        """Answer bytes the parser rejects with a JSON 400 (uvicorn's is ``text/plain``).

        Args:
            msg: uvicorn's message (not sent: the answer is ``{"error": "bad_request"}``).
        """
        self._refuse(400, "bad_request")

    # Parser callbacks

    def on_message_begin(self) -> None:
        """Start a request: its headers must now arrive within the header timeout."""
        super().on_message_begin()
        self._phase = "headers"
        self._header_bytes = 0
        self._header_count = 0
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(
                self._limits.header_timeout, self._header_timeout
            )

    def on_url(self, url: bytes) -> None:
        """Collect a piece of the request target, counted against the header limit.

        Args:
            url: a piece of the request target.
        """
        self._header_bytes += len(url)
        if self._header_bytes > self._limits.max_header_bytes:
            self._too_large = True
            return
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Collect one header field, counted against the size and count limits.

        Args:
            name: the field name.
            value: the field value.
        """
        self._header_count += 1
        self._header_bytes += len(name) + len(value) + 4
        if (
            self._header_count > self._limits.max_header_count
            or self._header_bytes > self._limits.max_header_bytes
        ):
            self._too_large = True
            return
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """Start the application unless the headers were over a limit; arm the body timer."""
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        self._raw_header_bytes = 0
        if self._too_large or self._refused:
            return
        self._phase = "body"
        super().on_headers_complete()
        self._body_timer = self.loop.call_later(self._limits.body_timeout, self._body_timeout)

    def on_body(self, body: bytes) -> None:
        """Pass a piece of the body on, unless the request was refused.

        Args:
            body: a piece of the request body.
        """
        if self._too_large or self._refused:
            return
        super().on_body(body)

    def on_message_complete(self) -> None:
        """End the request's body: stop the body timer."""
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        self._phase = "idle"
        if self._too_large or self._refused:
            return
        super().on_message_complete()


class WorkerHttpProtocol(LimitedHttpProtocol):
    """The protocol of the processes ``serve`` starts with ``WORKERS`` > 1.

    Its limits are read from the environment (:func:`~dns_validation.core.config.get_settings`)
    on the first connection, because uvicorn imports it by name in each process.

    Args:
        *args: passed to :class:`LimitedHttpProtocol`.
        **kwargs: passed likewise.
    """

    _loaded: ClassVar[ServerLimits | None] = None

    @classmethod
    def current_limits(cls) -> ServerLimits:
        """The limits from the environment, read once per process.

        Returns:
            The limits of the process's settings.
        """
        if cls._loaded is None:
            from dns_validation.core.config import get_settings

            cls._loaded = ServerLimits.from_settings(get_settings())
        return cls._loaded


def protocol_for(limits: ServerLimits) -> type[LimitedHttpProtocol]:
    """A protocol class enforcing ``limits``, to pass to ``uvicorn.Config(http=...)``.

    Args:
        limits: the limits.

    Returns:
        A subclass of :class:`LimitedHttpProtocol` whose :attr:`~LimitedHttpProtocol.limits`
        are ``limits``.
    """
    return type("ConfiguredHttpProtocol", (LimitedHttpProtocol,), {"limits": limits})
