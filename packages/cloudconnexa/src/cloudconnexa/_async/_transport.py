"""A transport that applies the retry policy, the shared cooldown and the throttle."""

from __future__ import annotations

import asyncio

import httpx

from cloudconnexa._base import (
    Cooldown,
    RateLimitInfo,
    RetryPolicy,
    Throttle,
    is_idempotent,
    log_exchange,
    logger,
    monotonic,
    retry_delay_for_exception,
    retry_delay_for_response,
)


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps another transport and repeats requests as ``RetryPolicy`` decides.

    Before each attempt it waits for the shared cooldown (set by a 429) and for a throttle
    token. It reads each response body, so a connection dropped mid-body counts as a
    transport error (the API's bodies are small JSON or text documents). Every attempt is
    logged (method, path, status, duration, retries). The ``Auth`` flow above this transport
    handles 401s.

    Args:
        inner: The transport that does the I/O.
        policy: When and how long to wait.
        throttle: The client-side token bucket, or ``None``.
        cooldown: The cooldown shared by all requests of one client.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        throttle: Throttle | None,
        cooldown: Cooldown,
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._throttle = throttle
        self._cooldown = cooldown

    async def _pause(self) -> None:
        wait = self._cooldown.remaining()
        if wait > 0:
            await asyncio.sleep(wait)
        if self._throttle is not None:
            wait = self._throttle.reserve()
            if wait > 0:
                await asyncio.sleep(wait)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, repeating it after retryable failures.

        Args:
            request: The request to send.

        Returns:
            The first response that is not retried (a success, a final error status, or the
            last one when the retries are used up), with its body read.

        Raises:
            httpx.TransportError: The last attempt failed without a response and the policy
                does not allow another one.
        """
        idempotent = is_idempotent(request)
        attempt = 0
        while True:
            await self._pause()
            started = monotonic()
            try:
                response = await self._inner.handle_async_request(request)
                # Read the body here, so that a connection dropped mid-body is retried too.
                await response.aread()
            except httpx.TransportError as exc:
                log_exchange(request, None, monotonic() - started, attempt, type(exc).__name__)
                delay = retry_delay_for_exception(self._policy, exc, attempt, idempotent=idempotent)
                if delay is None:
                    raise
                logger.info(
                    "retrying %s %s after %s in %.2f s (retry %d of %d)",
                    request.method,
                    request.url.path,
                    type(exc).__name__,
                    delay,
                    attempt + 1,
                    self._policy.max_retries,
                )
                await asyncio.sleep(delay)
                attempt += 1
                continue
            log_exchange(request, response.status_code, monotonic() - started, attempt)
            if self._throttle is not None:
                self._throttle.observe(RateLimitInfo.from_headers(response.headers))
            delay = retry_delay_for_response(self._policy, response, attempt, idempotent=idempotent)
            if delay is None:
                return response
            await response.aclose()
            logger.info(
                "retrying %s %s after HTTP %d in %.2f s (retry %d of %d)",
                request.method,
                request.url.path,
                response.status_code,
                delay,
                attempt + 1,
                self._policy.max_retries,
            )
            if response.status_code == 429:
                self._cooldown.extend(delay)
                if self._throttle is not None:
                    self._throttle.drain()
            else:
                await asyncio.sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()
