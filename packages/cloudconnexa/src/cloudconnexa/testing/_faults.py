"""Fault injection: queued failures, latency and dropped connections."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["status", "rate_limit", "drop", "malformed_json", "html", "slow"]

TOKEN_PATH = "/api/v1/oauth/token"


@dataclass
class _Fault:
    kind: FaultKind
    remaining: int
    status: int
    method: str | None
    path: str | None
    delay: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.path is None:
            return path != TOKEN_PATH
        return path == self.path or path.startswith(self.path.rstrip("/") + "/")


@dataclass(frozen=True)
class Fault:
    """A fault chosen for one request.

    Attributes:
        kind: `status` (an error status with an `ErrorResponse` body, or an empty body for 429),
            `rate_limit` (a 429 as the bucket would give), `drop` (the connection is closed
            mid-response), `malformed_json` (200 with a truncated JSON body), `html` (an HTML
            error page) or `slow` (normal handling after a delay).
        status: The HTTP status to answer with.
        delay: Seconds to wait first (`slow` faults).
    """

    kind: FaultKind
    status: int
    delay: float = 0.0


class Faults:
    """Queues of failures that the fake serves before normal handling.

    Queued faults are consumed in the order they were added. Unless `path` names it, the token
    endpoint is never affected, so a fault meant for an API call is not eaten by the client's
    first token request.

    Attributes:
        latency: Seconds to wait before answering every request (0 for none).
    """

    def __init__(self) -> None:
        self.latency = 0.0
        self._queue: list[_Fault] = []
        self._lock = threading.Lock()

    def _add(
        self,
        kind: FaultKind,
        n: int,
        status: int,
        method: str | None,
        path: str | None,
        delay: float = 0.0,
    ) -> None:
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n!r}")
        with self._lock:
            self._queue.append(
                _Fault(kind, n, status, method.upper() if method else None, path, delay)
            )

    def fail_next(
        self, n: int = 1, status: int = 500, *, method: str | None = None, path: str | None = None
    ) -> None:
        """Answer the next `n` matching requests with `status`.

        Args:
            n: How many requests fail.
            status: HTTP status (400..599). 429 gives an empty body; others an `ErrorResponse`.
            method: Only requests with this HTTP method (any if None).
            path: Only requests to this path or below it (any API path if None).

        Raises:
            ValueError: If `n` < 1 or `status` is not an error status.
        """
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status (400..599), got {status!r}")
        self._add("status", n, status, method, path)

    def rate_limit_next(
        self, n: int = 1, *, method: str | None = None, path: str | None = None
    ) -> None:
        """Answer the next `n` matching requests with 429 and an empty bucket.

        Args:
            n: How many requests are limited.
            method: Only requests with this HTTP method (any if None).
            path: Only requests to this path or below it (any API path if None).
        """
        self._add("rate_limit", n, 429, method, path)

    def drop_next(self, n: int = 1, *, method: str | None = None, path: str | None = None) -> None:
        """Close the connection mid-response for the next `n` matching requests.

        The server sends the status line and headers, then closes the connection before the
        announced body is complete, which HTTP clients report as a protocol/connection error.

        Args:
            n: How many requests are dropped.
            method: Only requests with this HTTP method (any if None).
            path: Only requests to this path or below it (any API path if None).
        """
        self._add("drop", n, 200, method, path)

    def malformed_json_next(
        self, n: int = 1, *, method: str | None = None, path: str | None = None
    ) -> None:
        """Answer the next `n` matching requests with 200 and a truncated JSON body.

        Args:
            n: How many requests get the bad body.
            method: Only requests with this HTTP method (any if None).
            path: Only requests to this path or below it (any API path if None).
        """
        self._add("malformed_json", n, 200, method, path)

    def html_next(
        self, n: int = 1, status: int = 502, *, method: str | None = None, path: str | None = None
    ) -> None:
        """Answer the next `n` matching requests with an HTML error page, as a proxy would.

        Args:
            n: How many requests get the page.
            status: HTTP status of the page.
            method: Only requests with this HTTP method (any if None).
            path: Only requests to this path or below it (any API path if None).
        """
        self._add("html", n, status, method, path)

    def slow_next(
        self,
        n: int = 1,
        seconds: float = 1.0,
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Delay the next `n` matching requests by `seconds`, then handle them normally.

        Args:
            n: How many requests are slowed.
            seconds: The delay, in seconds (for client timeout tests).
            method: Only requests with this HTTP method (any if None).
            path: Only requests to this path or below it (any API path if None).

        Raises:
            ValueError: If `n` < 1 or `seconds` is negative.
        """
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, got {seconds!r}")
        self._add("slow", n, 200, method, path, seconds)

    def pending(self) -> int:
        """Return how many queued failures are still to be served.

        Returns:
            The sum of the remaining counts of every queued fault.
        """
        with self._lock:
            return sum(f.remaining for f in self._queue)

    def clear(self) -> None:
        """Drop every queued fault and reset the latency."""
        with self._lock:
            self._queue.clear()
        self.latency = 0.0

    def take(self, method: str, path: str) -> Fault | None:
        """Consume and return the first queued fault matching a request, if any.

        Args:
            method: The request's HTTP method.
            path: The request's path.

        Returns:
            The fault to serve, or None to handle the request normally.
        """
        with self._lock:
            for fault in self._queue:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._queue.remove(fault)
                    return Fault(fault.kind, fault.status, fault.delay)
        return None
