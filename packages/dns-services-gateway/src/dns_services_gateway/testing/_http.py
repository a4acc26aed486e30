"""The fake's HTTP transport: a threaded stdlib HTTP/1.1 server on loopback."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dns_services_gateway.testing._api import ApiRequest, ApiResponse
from dns_services_gateway.testing._faults import Faults

__all__ = ["HTTPServerThread", "RequestLogEntry"]

_HTML_ERROR = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclasses.dataclass(frozen=True)
class RequestLogEntry:
    """One request the fake received, as sent (secrets included: this is a test tool).

    Attributes:
        method: HTTP method.
        path: Path without the query string.
        query: Raw query string.
        headers: Request headers with lower-case names.
        body: Raw request body.
        status: Status answered, or 0 when the connection was dropped.
        fault: Name of the injected fault, if any (``"status"``, ``"rate_limit"``, ``"drop"``,
            ``"truncate"``).
        timestamp: Fake-clock time of arrival, in POSIX seconds.
    """

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    status: int
    fault: str | None
    timestamp: float

    def json(self) -> Any:
        """Return the body parsed as JSON.

        Returns:
            The decoded value (usually a dict).

        Raises:
            ValueError: If the body is not JSON.
        """  # noqa: DOC502 (raised by json.loads)
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        """Return the body parsed as a URL-encoded form (last value of each field).

        Returns:
            Field names mapped to their last value; blank fields are left out.
        """
        return {k: v[-1] for k, v in urllib.parse.parse_qs(self.body.decode()).items()}


def render_json(body: Any) -> bytes:
    """Serialise like PHP's ``json_encode``: compact, with every slash escaped.

    Args:
        body: A JSON-serialisable value.

    Returns:
        The UTF-8 encoded JSON text, each slash preceded by a backslash.
    """
    return json.dumps(body, separators=(",", ":")).replace("/", "\\/").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "nginx"  # what the live API answers with (README section 2)
    sys_version = ""
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the stdlib's per-request stderr logging (the fake keeps its own log).

        Args:
            format: The stdlib's %-style message format (ignored).
            *args: Its values (ignored).
        """

    def _dispatch(self) -> None:
        owner = self.server.owner
        split = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        arrived = owner.clock_now()
        fault = owner.faults.take(self.command, split.path)
        delay = owner.faults.latency_for(split.path)
        if delay:
            time.sleep(delay)

        def log(status: int) -> None:
            owner.log(
                RequestLogEntry(
                    method=self.command,
                    path=split.path,
                    query=split.query,
                    headers=headers,
                    body=body,
                    status=status,
                    fault=None if fault is None else fault.kind,
                    timestamp=arrived,
                )
            )

        if fault is not None and fault.kind == "drop":
            log(0)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "status":
            log(fault.status)
            if fault.html:
                reason = self.responses.get(fault.status, ("Error",))[0]
                page = _HTML_ERROR.format(status=fault.status, reason=reason).encode()
                self._send(fault.status, page, {"Content-Type": "text/html"})
            else:
                self._send(fault.status, render_json({"error": ["Service unavailable"]}), {})
            return
        if fault is not None and fault.kind == "rate_limit":
            log(429)
            wait = str(fault.retry_after)
            self._send(
                429,
                render_json({"error": ["toomanyrequests"]}),
                {
                    "Retry-After": wait,
                    "X-RateLimit-Limit": "25",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": wait,
                },
            )
            return
        request = ApiRequest(
            method=self.command,
            path=split.path,
            query=urllib.parse.parse_qs(split.query),
            headers=headers,
            body=body,
        )
        stale = fault is not None and fault.kind == "stale"
        response: ApiResponse = owner.handle(request, stale)
        payload = render_json(response.body)
        if fault is not None and fault.kind == "truncate":
            payload = payload[: max(1, len(payload) // 2)]
        log(response.status)
        self._send(response.status, payload, response.headers)

    def _read_body(self) -> bytes:
        """Read a ``Content-Length`` or chunked (RFC 9112 section 7.1) request body."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailer fields
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        if "Content-Type" not in headers:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch


class _Owner:
    """What the HTTP handler needs from the fake (kept narrow for testability).

    Args:
        handle: Answers a parsed request; the bool tells whether the body was truncated
            by a fault.
        faults: The fault queue consulted for every request.
        clock_now: Returns the fake-clock time in POSIX seconds.
        log: Receives one entry per answered request.
    """

    def __init__(
        self,
        handle: Callable[[ApiRequest, bool], ApiResponse],
        faults: Faults,
        clock_now: Callable[[], float],
        log: Callable[[RequestLogEntry], None],
    ) -> None:
        self.handle = handle
        self.faults = faults
        self.clock_now = clock_now
        self.log = log


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: _Owner


class HTTPServerThread:
    """Serves the fake API on ``127.0.0.1`` (ephemeral port) from a background thread.

    Args:
        handle: Request handler; its second argument asks for a stale zone read.
        faults: Fault injection settings.
        clock_now: Returns the fake clock's time.
        log: Receives one entry per request.
        host: Loopback address to bind.
        port: Port to bind; 0 picks a free one.
    """

    def __init__(
        self,
        handle: Callable[[ApiRequest, bool], ApiResponse],
        faults: Faults,
        clock_now: Callable[[], float],
        log: Callable[[RequestLogEntry], None],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._server = _Server((host, port), _Handler)
        self._server.owner = _Owner(handle, faults, clock_now, log)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-dns-services-http",
            daemon=True,
        )

    @property
    def address(self) -> tuple[str, int]:
        """The bound ``(host, port)``."""
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        """Start serving in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
