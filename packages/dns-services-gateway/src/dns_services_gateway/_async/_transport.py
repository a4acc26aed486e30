"""The transport under the client: debug logging and the one retry policy."""

from __future__ import annotations

import asyncio
from time import monotonic

import httpx

from .._base import RetryPolicy
from .._logging import log_request, log_response, logger

__all__ = ["AsyncRetryTransport"]


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wrap a transport with retries (429, 5xx, connection errors) and debug logging.

    The decision is :class:`~dns_services_gateway._base.RetryPolicy`: only idempotent requests
    and the authentication POSTs are resent, with exponential backoff and jitter, honouring
    ``Retry-After``/``X-RateLimit-Reset``. A record-creating POST is passed through once; the
    client decides what to do after re-reading the zone.

    Args:
        wrapped: The transport that talks to the network.
        policy: The retry policy.
    """

    def __init__(self, wrapped: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.wrapped = wrapped
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows.

        Args:
            request: The request.

        Returns:
            The final response (possibly an error status after the last retry).

        Raises:
            httpx.TransportError: The last attempt failed without a response.
        """
        retryable = self.policy.is_retryable_request(request)
        attempt = 0
        while True:
            log_request(request)
            started = monotonic()
            try:
                response = await self.wrapped.handle_async_request(request)
            except httpx.TransportError as exc:
                delay = self.policy.delay_for(attempt, None) if retryable else None
                if delay is None:
                    raise
                logger.debug(
                    "retrying %s %s in %.2f s after %r", request.method, request.url, delay, exc
                )
            else:
                if not (retryable and self.policy.is_retryable_status(response.status_code)):
                    await response.aread()
                    log_response(request, response, monotonic() - started)
                    return response
                delay = self.policy.delay_for(attempt, response)
                await response.aread()
                log_response(request, response, monotonic() - started)
                if delay is None:
                    return response
                await response.aclose()
                logger.debug(
                    "retrying %s %s in %.2f s after HTTP %d",
                    request.method,
                    request.url,
                    delay,
                    response.status_code,
                )
            attempt += 1
            await asyncio.sleep(delay)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.wrapped.aclose()
