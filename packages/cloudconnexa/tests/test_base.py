"""Pure logic: retry decisions, rate-limit waits, the token bucket, errors, redaction."""

from __future__ import annotations

import random
import socket

import httpx
import pytest

from cloudconnexa import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    Throttle,
    UnprocessableEntityError,
)
from cloudconnexa._base import (
    Cooldown,
    RateLimitInfo,
    body_for_log,
    is_unknown_host,
    make_status_error,
    next_cursor,
    next_page_number,
    parse_retry_after,
    rate_limit_wait,
    redact,
    retry_delay_for_exception,
    retry_delay_for_response,
)


def response(status: int, headers: dict[str, str] | None = None, **kwargs) -> httpx.Response:
    request = httpx.Request("GET", "https://acme.api.openvpn.com/api/v1/users")
    return httpx.Response(status, headers=headers, request=request, **kwargs)


HEADERS = {
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Replenish-Rate": "1",
    "X-RateLimit-Replenish-Time": "15",
    "X-RateLimit-Burst-Capacity": "20",
}


def test_rate_limit_info_parsing():
    info = RateLimitInfo.from_headers(httpx.Headers(HEADERS))
    assert info == RateLimitInfo(0, 1.0, 15.0, 20)
    assert info.tokens_per_second == pytest.approx(1 / 15)
    bad = RateLimitInfo.from_headers(
        httpx.Headers({"X-RateLimit-Remaining": "lots", "X-RateLimit-Burst-Capacity": "-3"})
    )
    assert bad == RateLimitInfo()
    assert bad.tokens_per_second is None


def test_rate_limit_wait_prefers_retry_after():
    assert rate_limit_wait(httpx.Headers({**HEADERS, "Retry-After": "3"})) == 3.0
    assert rate_limit_wait(httpx.Headers(HEADERS)) == pytest.approx(15.0)
    fast = {"X-RateLimit-Replenish-Rate": "10", "X-RateLimit-Replenish-Time": "1"}
    assert rate_limit_wait(httpx.Headers(fast)) == pytest.approx(0.1)
    assert rate_limit_wait(httpx.Headers({})) is None


def test_parse_retry_after_forms():
    assert parse_retry_after(None) is None
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None


def test_backoff_is_capped_exponential_with_jitter():
    policy = RetryPolicy(backoff_base=1.0, backoff_max=30.0, jitter=0.2, max_wait=100)
    rng = random.Random(1)
    waits = [policy.backoff(n, rng) for n in range(8)]
    for n, wait in enumerate(waits):
        nominal = min(30.0, 2.0**n)
        assert nominal * 0.8 <= wait <= nominal * 1.2
    assert RetryPolicy(jitter=0.0).backoff(10) == 30.0
    assert RetryPolicy(jitter=0.0, backoff_max=5).backoff(10) == 5.0
    with pytest.warns(DeprecationWarning, match="backoff_max"):
        old = RetryPolicy(backoff_cap=4.0)
    assert old == RetryPolicy(backoff_max=4.0)
    with pytest.raises(ConfigurationError, match="backoff_max"):
        RetryPolicy(backoff_max=4.0, backoff_cap=4.0)


def test_retry_decisions_for_responses():
    policy = RetryPolicy(max_retries=2, jitter=0.0)
    assert retry_delay_for_response(policy, response(429, HEADERS), 0, idempotent=False) == 15.0
    assert retry_delay_for_response(policy, response(429), 1, idempotent=False) == 2.0
    assert retry_delay_for_response(policy, response(429), 2, idempotent=True) is None
    assert retry_delay_for_response(policy, response(503), 0, idempotent=False) == 1.0
    assert retry_delay_for_response(policy, response(500), 0, idempotent=False) is None
    assert retry_delay_for_response(policy, response(502), 0, idempotent=True) == 1.0
    assert (
        retry_delay_for_response(policy, response(504, {"Retry-After": "7"}), 0, idempotent=True)
        == 7.0
    )
    assert retry_delay_for_response(policy, response(404), 0, idempotent=True) is None
    assert retry_delay_for_response(policy, response(200), 0, idempotent=True) is None
    impatient = RetryPolicy(max_wait=1.0)
    # A server-announced wait beyond max_wait is not waited for: the error is raised.
    assert retry_delay_for_response(impatient, response(429, HEADERS), 0, idempotent=True) is None
    slow = response(504, {"Retry-After": "7"})
    assert retry_delay_for_response(impatient, slow, 0, idempotent=True) is None


def test_retry_decisions_for_exceptions():
    policy = RetryPolicy(max_retries=1, jitter=0.0)
    assert retry_delay_for_exception(policy, httpx.ConnectError("x"), 0, idempotent=False) == 1.0
    assert retry_delay_for_exception(policy, httpx.ReadError("x"), 0, idempotent=False) is None
    assert retry_delay_for_exception(policy, httpx.ReadError("x"), 0, idempotent=True) == 1.0
    assert retry_delay_for_exception(policy, httpx.ConnectError("x"), 1, idempotent=True) is None


def _dns_failure(code: int) -> httpx.ConnectError:
    try:
        try:
            raise socket.gaierror(code, "resolver says no")
        except socket.gaierror as cause:
            raise httpx.ConnectError(f"[Errno {code}] resolver says no") from cause
    except httpx.ConnectError as exc:
        return exc


def test_unknown_host_is_not_retried_but_a_resolver_hiccup_is():
    policy = RetryPolicy(max_retries=3, jitter=0.0)
    unknown = _dns_failure(socket.EAI_NONAME)
    assert is_unknown_host(unknown)
    assert retry_delay_for_exception(policy, unknown, 0, idempotent=True) is None
    hiccup = _dns_failure(socket.EAI_AGAIN)
    assert not is_unknown_host(hiccup)
    assert retry_delay_for_exception(policy, hiccup, 0, idempotent=True) == 1.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_throttle_spaces_requests_at_the_replenish_rate():
    clock = FakeClock()
    throttle = Throttle(rate=10.0, burst=3, clock=clock)
    assert [throttle.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.reserve() == pytest.approx(0.1)
    assert throttle.reserve() == pytest.approx(0.2)
    clock.now = 1.0  # refills, capped at the burst
    assert throttle.reserve() == 0.0
    assert "rate=10.0" in repr(throttle)


def test_throttle_learns_and_adopts_lower_remaining():
    clock = FakeClock()
    throttle = Throttle(clock=clock)
    assert throttle.reserve() == 0.0  # unknown limits: no waiting
    throttle.observe(
        RateLimitInfo(remaining=1, replenish_rate=2, replenish_time=1, burst_capacity=20)
    )
    assert throttle.rate == 2.0 and throttle.burst == 20
    assert throttle.reserve() == 0.0
    assert throttle.reserve() == pytest.approx(0.5)
    throttle.observe(RateLimitInfo(remaining=10))
    assert throttle.reserve() == pytest.approx(1.0)  # never raised by the server's count
    throttle.drain()
    clock.now += 0.5
    assert throttle.reserve() == pytest.approx(1.0)


def test_throttle_keeps_the_fraction_the_rounded_down_header_hides():
    clock = FakeClock()
    throttle = Throttle(rate=10.0, burst=20, clock=clock)
    for _ in range(20):
        throttle.reserve()
    clock.now += 0.06  # our level: 0.6 tokens; the server reports floor(0.6) == 0
    throttle.observe(RateLimitInfo(remaining=0, replenish_rate=10, replenish_time=1))
    assert throttle.reserve() == pytest.approx(0.04)  # not a full 0.1 s token
    clock.now += 1.0  # our level: 10 tokens; another client used the key: the server has 2
    throttle.observe(RateLimitInfo(remaining=2))
    assert [throttle.reserve() for _ in range(4)] == pytest.approx([0.0, 0.0, 0.0, 0.1])


def test_throttle_with_rate_only_spaces_evenly():
    clock = FakeClock()
    throttle = Throttle(rate=4.0, clock=clock)
    assert throttle.burst == 1
    assert [throttle.reserve() for _ in range(3)] == [0.0, 0.25, 0.5]


def test_cooldown():
    clock = FakeClock()
    cooldown = Cooldown(clock)
    assert cooldown.remaining() == 0.0
    cooldown.extend(2.0)
    cooldown.extend(1.0)
    clock.now = 0.5
    assert cooldown.remaining() == 1.5


def test_make_status_error_mapping():
    assert isinstance(make_status_error(response(401, json={})), AuthenticationError)
    assert isinstance(
        make_status_error(response(400, json={"errorMessage": "bad"})), BadRequestError
    )
    assert isinstance(make_status_error(response(422, text="")), UnprocessableEntityError)
    assert isinstance(
        make_status_error(response(400, json={"errorMessage": "Record not found"})), NotFoundError
    )
    limited = make_status_error(response(429, HEADERS))
    assert isinstance(limited, RateLimitError) and limited.message == "rate limit exceeded"
    assert isinstance(make_status_error(response(503, text="")), InternalServerError)
    other = make_status_error(response(302, text="moved\nsecond line"))
    assert type(other) is APIStatusError and other.message == "moved"
    odd = make_status_error(response(400, json={"errorDetails": {"name": ["required", {}]}}))
    assert isinstance(odd, BadRequestError)
    assert [e.message for e in odd.details["name"]] == ["required", ""]
    listless = make_status_error(response(400, json={"errorDetails": "oops"}))
    assert isinstance(listless, BadRequestError) and listless.details == {}
    assert str(make_status_error(response(400, json={"errorMessage": "bad"}))) == "HTTP 400: bad"


def test_redaction():
    data = {
        "access_token": "t",
        "nested": [{"preSharedKey": "k", "name": "ok"}],
        "Client_Secret": "s",
    }
    assert redact(data) == {
        "access_token": "***",
        "nested": [{"preSharedKey": "***", "name": "ok"}],
        "Client_Secret": "***",
    }
    assert body_for_log(b"") == "<empty>"
    assert "***" in body_for_log(b'{"password": "p"}')
    assert body_for_log(b"-----BEGIN PRIVATE KEY-----").startswith("<")
    assert body_for_log(b"x" * 5000).endswith("...")
    assert body_for_log(b"plain") == "plain"


def test_page_arithmetic():
    assert next_page_number(0, 3, 10) == 1
    assert next_page_number(2, 3, 10) is None
    assert next_page_number(0, 0, 0) is None
    assert next_page_number(0, 5, 0) is None
    assert next_cursor(None, "a") == "a"
    assert next_cursor("a", "a") is None
    assert next_cursor("a", "") is None
