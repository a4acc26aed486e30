"""OAuth2 client credentials, token expiry on the fake clock, the token bucket and faults."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from cloudconnexa.testing import FakeCloudConnexa, RateLimit

TOKEN = "/api/v1/oauth/token"


def _token(fake: FakeCloudConnexa, **kwargs: object) -> httpx.Response:
    return httpx.post(fake.base_url + TOKEN, **kwargs)  # type: ignore[arg-type]


def test_token_with_query_parameters(fake: FakeCloudConnexa) -> None:
    response = _token(
        fake,
        params={"client_id": "id", "client_secret": "secret", "grant_type": "client_credentials"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 43199
    assert body["scope"] == "read write"
    assert fake.tokens_issued == 1


def test_token_with_basic_auth_ignores_json_body(fake: FakeCloudConnexa) -> None:
    response = _token(
        fake, auth=("id", "secret"), json={"grant_type": "client_credentials", "scope": "default"}
    )
    assert response.status_code == 200
    assert response.json()["access_token"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"params": {"client_id": "id", "client_secret": "wrong"}},
        {"auth": ("other", "secret")},
        {"headers": {"Authorization": "Basic !!!notbase64"}},
        {},
    ],
)
def test_bad_credentials_get_401(fake: FakeCloudConnexa, kwargs: dict[str, object]) -> None:
    response = _token(fake, **kwargs)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_unsupported_grant_type(fake: FakeCloudConnexa) -> None:
    response = _token(
        fake, params={"client_id": "id", "client_secret": "secret", "grant_type": "refresh_token"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": "unsupported_grant_type"}


def test_token_endpoint_rejects_get(fake: FakeCloudConnexa) -> None:
    assert httpx.get(fake.base_url + TOKEN).status_code == 405


def test_api_needs_a_live_bearer_token(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    assert http.get("/api/v1/regions").status_code == 200
    anonymous = httpx.get(fake.base_url + "/api/v1/regions")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert (
        httpx.get(
            fake.base_url + "/api/v1/regions", headers={"Authorization": "Bearer nope"}
        ).status_code
        == 401
    )


def test_token_expires_on_the_fake_clock(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.clock.advance(43198)
    assert http.get("/api/v1/regions").status_code == 200
    fake.clock.advance(2)
    assert http.get("/api/v1/regions").status_code == 401


def test_token_lifetime_knob(fake: FakeCloudConnexa) -> None:
    fake.token_lifetime = 60
    assert _token(fake, auth=("id", "secret")).json()["expires_in"] == 60
    with pytest.raises(ValueError, match="token_lifetime"):
        fake.token_lifetime = 0


def test_clock_refuses_to_go_back(fake: FakeCloudConnexa) -> None:
    with pytest.raises(ValueError, match="negative"):
        fake.clock.advance(-1)


@pytest.mark.parametrize("knob", ["expire_tokens", "revoke_tokens"])
def test_tokens_can_be_invalidated_mid_test(
    fake: FakeCloudConnexa, http: httpx.Client, knob: str
) -> None:
    getattr(fake, knob)()
    assert http.get("/api/v1/regions").status_code == 401


def test_rate_limit_headers_and_429(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.rate_limit = RateLimit(burst=3, refill_per_second=1 / 15)
    statuses = []
    for _ in range(4):
        response = http.get("/api/v1/regions")
        statuses.append(response.status_code)
        assert response.headers["X-RateLimit-Burst-Capacity"] == "3"
        assert response.headers["X-RateLimit-Replenish-Rate"] == "1"
        assert response.headers["X-RateLimit-Replenish-Time"] == "15"
    assert statuses == [200, 200, 200, 429]
    assert response.content == b""
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert "retry-after" not in response.headers
    fake.clock.advance(15)
    assert http.get("/api/v1/regions").status_code == 200


def test_rate_limit_retry_after_and_header_knobs(
    fake: FakeCloudConnexa, http: httpx.Client
) -> None:
    fake.rate_limit = RateLimit(
        burst=1, refill_per_second=0.5, retry_after=True, headers_on_429=False
    )
    assert http.get("/api/v1/regions").status_code == 200
    limited = http.get("/api/v1/regions")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "2"
    assert "x-ratelimit-remaining" not in limited.headers


def test_fast_refill_is_reported_per_second(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.rate_limit = RateLimit(burst=20, refill_per_second=10)
    response = http.get("/api/v1/regions")
    assert (
        response.headers["X-RateLimit-Replenish-Rate"],
        response.headers["X-RateLimit-Replenish-Time"],
    ) == ("10", "1")
    assert response.headers["X-RateLimit-Remaining"] == "19"


def test_bucket_refills_in_real_time(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.rate_limit = RateLimit(burst=1, refill_per_second=20)
    assert http.get("/api/v1/regions").status_code == 200
    time.sleep(0.1)
    assert http.get("/api/v1/regions").status_code == 200


def test_no_rate_limit_means_no_headers(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.rate_limit = None
    response = http.get("/api/v1/regions")
    assert "x-ratelimit-remaining" not in response.headers
    fake.faults.rate_limit_next(1)
    assert http.get("/api/v1/regions").status_code == 429


@pytest.mark.parametrize("kwargs", [{"burst": 0}, {"refill_per_second": 0}])
def test_rate_limit_validation(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RateLimit(**kwargs)  # type: ignore[arg-type]


def test_fail_next_serves_error_bodies_then_recovers(
    fake: FakeCloudConnexa, http: httpx.Client, spec: object
) -> None:
    fake.faults.fail_next(2, 503)
    first, second, third = (http.get("/api/v1/networks") for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    spec.validate_error(first)  # type: ignore[attr-defined]
    assert fake.faults.pending() == 0


def test_faults_skip_the_token_endpoint_and_can_target_a_path(
    fake: FakeCloudConnexa, http: httpx.Client
) -> None:
    fake.faults.fail_next(1, 500, method="POST", path="/api/v1/networks")
    assert _token(fake, auth=("id", "secret")).status_code == 200
    assert http.get("/api/v1/networks").status_code == 200
    assert http.post("/api/v1/networks", json={"name": "x"}).status_code == 500
    assert http.post("/api/v1/networks", json={"name": "x"}).status_code == 201
    fake.faults.fail_next(1, 502, path=TOKEN)
    assert _token(fake, auth=("id", "secret")).status_code == 502


def test_rate_limit_fault_drains_the_bucket(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.faults.rate_limit_next(2)
    responses = [http.get("/api/v1/users") for _ in range(2)]
    assert [r.status_code for r in responses] == [429, 429]
    fake.clock.advance(1)  # the drained bucket refills
    assert http.get("/api/v1/users").status_code == 200
    assert responses[0].headers["X-RateLimit-Remaining"] == "0"
    fake.faults.fail_next(1, 429)
    assert http.get("/api/v1/users").status_code == 429


def test_dropped_connection(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.faults.drop_next(1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/api/v1/users")
    assert http.get("/api/v1/users").status_code == 200
    assert [r.status for r in fake.requests[-2:]] == [0, 200]


def test_malformed_json_and_html(fake: FakeCloudConnexa, unchecked_http: httpx.Client) -> None:
    fake.faults.malformed_json_next(1)
    fake.faults.html_next(1, 502)
    bad = unchecked_http.get("/api/v1/users")
    with pytest.raises(ValueError):
        bad.json()
    html = unchecked_http.get("/api/v1/users")
    assert html.status_code == 502
    assert html.headers["content-type"].startswith("text/html")
    assert html.text.startswith("<html>")


def test_latency(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.faults.latency = 0.2
    started = time.perf_counter()
    http.get("/api/v1/regions")
    assert time.perf_counter() - started >= 0.2
    fake.faults.clear()
    assert fake.faults.latency == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: f.fail_next(0), "n must be"),
        (lambda f: f.fail_next(1, 200), "error status"),
    ],
)
def test_fault_arguments_are_checked(fake: FakeCloudConnexa, call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(fake.faults)  # type: ignore[operator]


def test_request_log_redacts_secrets(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    _token(fake, params={"client_id": "id", "client_secret": "secret"})
    http.get("/api/v1/regions")
    token_request, api_request = fake.requests[-2:]
    assert token_request.query["client_secret"] == "<redacted>"
    assert api_request.headers["authorization"] == "Bearer <redacted>"
    assert "secret" not in repr(fake)
    fake.clear_requests()
    assert fake.requests == []


def test_lifecycle_errors() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeCloudConnexa(host="0.0.0.0")
    fake = FakeCloudConnexa()
    fake.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            fake.start()
    finally:
        fake.stop()
        fake.stop()
    assert fake.port > 0


def _ipv6_loopback_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback_available(), reason="no IPv6 loopback on this machine")
def test_ipv6_loopback() -> None:
    with FakeCloudConnexa(host="::1") as fake:
        assert fake.base_url.startswith("http://[::1]:")
        assert httpx.get(fake.base_url + "/api/v1/regions").status_code == 401


def test_slow_next_delays_then_answers(fake: FakeCloudConnexa, http: httpx.Client) -> None:
    fake.faults.slow_next(1, 0.3, path="/api/v1/regions")
    started = time.perf_counter()
    assert http.get("/api/v1/regions").status_code == 200
    assert time.perf_counter() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        fake.faults.slow_next(1, 1.0)
        http.get("/api/v1/regions", timeout=0.2)
    with pytest.raises(ValueError, match="negative"):
        fake.faults.slow_next(1, -1)


def test_constructor_knobs() -> None:
    body = {"error": "unauthorized", "error_description": "nope"}
    with FakeCloudConnexa(token_error_body=body, forbid_deleting_groups_in_use=False) as fake:
        assert httpx.post(fake.base_url + TOKEN, auth=("x", "y")).json() == body
        token = httpx.post(fake.base_url + TOKEN, auth=(fake.client_id, fake.client_secret)).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        group = fake.seed_user_groups(1)[0]
        fake.seed_users(1, group_id=group)
        assert (
            httpx.delete(f"{fake.base_url}/api/v1/user-groups/{group}", headers=headers).status_code
            == 204
        )
