"""Fault injection for the fake DNS.services server."""

from __future__ import annotations

import dataclasses
import re
import threading
from typing import Literal

__all__ = ["FaultKind", "Faults", "InjectedFault"]

FaultKind = Literal["status", "rate_limit", "drop", "truncate", "stale"]


@dataclasses.dataclass(frozen=True)
class InjectedFault:
    """One fault chosen for one request.

    Attributes:
        kind: ``"status"`` (an error status with a body), ``"rate_limit"`` (HTTP 429),
            ``"drop"`` (the connection is closed without a response), ``"truncate"``
            (a 200 response whose JSON body is cut in half) or ``"stale"`` (a zone read
            answered with the body the previous read of that zone got).
        status: HTTP status for ``"status"`` faults.
        html: Whether a ``"status"`` fault answers with an nginx-style HTML page instead of JSON.
        retry_after: Seconds announced in ``Retry-After`` and ``X-RateLimit-Reset`` for
            ``"rate_limit"`` faults.
    """

    kind: FaultKind
    status: int = 503
    html: bool = False
    retry_after: int = 1


@dataclasses.dataclass
class _Rule:
    fault: InjectedFault
    remaining: int
    path: re.Pattern[str] | None
    method: str | None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.path is None or self.path.search(path) is not None


class Faults:
    """Faults the fake injects into its HTTP API and its DNS answers.

    One-shot faults (:meth:`fail_next`, :meth:`rate_limit_next`, :meth:`drop_next`,
    :meth:`truncate_next`) are consumed in the order they were queued, by the next requests whose
    method and path match. Every method is thread-safe.

    Attributes:
        latency: Seconds added before every API response (default 0).
        dns_propagation_delay: Seconds a zone change takes to reach the authoritative DNS
            server (default 0): DNS answers come from the newest zone version that is at least
            this old on the fake clock. This emulates eventual consistency between the API and
            the nameservers.
        token_endpoint_enabled: When False, ``POST /api/token`` answers 401, which forces
            clients to fall back to a fresh login.
        unknown_route_status: HTTP status of the ``{"error": ["invalid method"]}`` answer for
            routes the API does not have (the live value is undocumented; 200 or 404).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._route_latency: list[tuple[re.Pattern[str], float]] = []
        self.latency = 0.0
        self.dns_propagation_delay = 0.0
        self.token_endpoint_enabled = True
        self.unknown_route_status = 200

    def _queue(self, n: int, fault: InjectedFault, path: str | None, method: str | None) -> None:
        if n < 1:
            raise ValueError(f"n must be >= 1, got {n!r}")
        rule = _Rule(
            fault=fault,
            remaining=n,
            path=None if path is None else re.compile(path),
            method=None if method is None else method.upper(),
        )
        with self._lock:
            self._rules.append(rule)

    def fail_next(
        self,
        n: int = 1,
        status: int = 503,
        *,
        path: str | None = None,
        method: str | None = None,
        html: bool = False,
    ) -> None:
        """Answer the next ``n`` matching requests with an error status, then behave again.

        Args:
            n: Number of requests to fail (at least 1).
            status: HTTP status to return, typically 500-504.
            path: Regular expression searched in the request path (``None`` matches all).
            method: HTTP method to match, for example ``"GET"`` (``None`` matches all).
            html: Send an nginx-style HTML error page instead of a JSON body.

        Raises:
            ValueError: If ``n`` is smaller than 1 or ``status`` is not an error status.
        """
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status, got {status!r}")
        self._queue(n, InjectedFault("status", status=status, html=html), path, method)

    def rate_limit_next(
        self,
        n: int = 1,
        retry_after: int = 1,
        *,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next ``n`` matching requests with HTTP 429 Too Many Requests.

        The response carries ``Retry-After`` (RFC 9110 section 10.2.3) and the
        ``X-RateLimit-Limit``/``-Remaining``/``-Reset`` headers seen on DNS.services logins.

        Args:
            n: Number of requests to reject (at least 1).
            retry_after: Seconds announced in ``Retry-After`` and ``X-RateLimit-Reset``.
            path: Regular expression searched in the request path (``None`` matches all).
            method: HTTP method to match (``None`` matches all).

        Raises:
            ValueError: If ``n`` is smaller than 1 or ``retry_after`` is negative.
        """
        if retry_after < 0:
            raise ValueError(f"retry_after must be >= 0, got {retry_after!r}")
        self._queue(n, InjectedFault("rate_limit", retry_after=retry_after), path, method)

    def drop_next(self, n: int = 1, *, path: str | None = None, method: str | None = None) -> None:
        """Close the connection of the next ``n`` matching requests without answering.

        The request is not processed: no state changes. Clients see a connection error
        (``httpx.RemoteProtocolError``).

        Args:
            n: Number of requests to drop (at least 1).
            path: Regular expression searched in the request path (``None`` matches all).
            method: HTTP method to match (``None`` matches all).

        Raises:
            ValueError: If ``n`` is smaller than 1.
        """  # noqa: DOC502 (raised by the shared queueing helper)
        self._queue(n, InjectedFault("drop"), path, method)

    def truncate_next(
        self, n: int = 1, *, path: str | None = None, method: str | None = None
    ) -> None:
        """Cut the JSON body of the next ``n`` matching responses in half (status stays 200).

        The request is processed normally, so a write does take effect.

        Args:
            n: Number of responses to truncate (at least 1).
            path: Regular expression searched in the request path (``None`` matches all).
            method: HTTP method to match (``None`` matches all).

        Raises:
            ValueError: If ``n`` is smaller than 1.
        """  # noqa: DOC502 (raised by the shared queueing helper)
        self._queue(n, InjectedFault("truncate"), path, method)

    def stale_reads_next(self, n: int = 1, *, path: str | None = None) -> None:
        """Answer the next ``n`` zone reads with the zone as the previous read saw it.

        This emulates a lagging read replica (eventual consistency on the API side): a read
        straight after a write may not show it yet. A zone never read before is rendered
        fresh. Only ``GET /api/service/{sid}/dns/{zid}`` is affected.

        Args:
            n: Number of zone reads to serve stale (at least 1).
            path: Regular expression searched in the request path (``None``: any zone).

        Raises:
            ValueError: If ``n`` is smaller than 1.
        """  # noqa: DOC502 (raised by the shared queueing helper)
        self._queue(n, InjectedFault("stale"), path or r"/dns/[^/]+/?$", "GET")

    def set_latency(self, seconds: float, *, path: str | None = None) -> None:
        """Delay responses by ``seconds``: all of them, or those whose path matches ``path``.

        Args:
            seconds: Delay in seconds (0 removes it).
            path: Regular expression searched in the request path; ``None`` sets
                :attr:`latency`, which applies to every request.

        Raises:
            ValueError: If ``seconds`` is negative.
        """
        if seconds < 0:
            raise ValueError(f"seconds must be >= 0, got {seconds!r}")
        if path is None:
            self.latency = seconds
            return
        with self._lock:
            self._route_latency.append((re.compile(path), seconds))

    def latency_for(self, path: str) -> float:
        """Return the delay for a request path (the largest matching setting).

        Args:
            path: The request path, without the query string.

        Returns:
            The delay in seconds: the largest of :attr:`latency` and every per-path setting
            whose pattern matches ``path``.
        """
        with self._lock:
            delays = [s for pattern, s in self._route_latency if pattern.search(path)]
        return max([self.latency, *delays])

    def take(self, method: str, path: str) -> InjectedFault | None:
        """Consume and return the first queued fault matching a request, if any.

        Args:
            method: The request's HTTP method.
            path: The request path, without the query string.

        Returns:
            The fault to inject (its rule's remaining count is decreased, and the rule is
            dropped when it reaches 0), or None to answer normally.
        """
        with self._lock:
            for rule in self._rules:
                if rule.remaining > 0 and rule.matches(method.upper(), path):
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        self._rules.remove(rule)
                    return rule.fault
        return None

    @property
    def pending(self) -> int:
        """Number of one-shot faults still queued (summed over all rules)."""
        with self._lock:
            return sum(rule.remaining for rule in self._rules)

    def clear(self) -> None:
        """Remove every queued fault and latency, and restore the defaults."""
        with self._lock:
            self._rules.clear()
            self._route_latency.clear()
        self.latency = 0.0
        self.dns_propagation_delay = 0.0
        self.token_endpoint_enabled = True
        self.unknown_route_status = 200
