"""OAuth2 client credentials: lazy token, renewal before expiry and after 401, errors."""

from __future__ import annotations

import base64

import httpx
import pytest

from cloudconnexa import (
    APIResponseValidationError,
    AsyncCloudConnexaClient,
    AuthenticationError,
    RetryPolicy,
    TokenState,
)

BASE = "http://127.0.0.1:9"
TOKEN = "/api/v1/oauth/token"


def make(api, retry: RetryPolicy, **kwargs) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(
        BASE, "my-client", "s3cret-value", transport=api.transport(), retry=retry, **kwargs
    )


async def test_authenticate_returns_token_state(api, fast_retry):
    async with make(api, fast_retry) as client:
        assert client.token is None
        state = await client.authenticate()
    assert isinstance(state, TokenState)
    assert state.access_token.get_secret_value() == "token-1"
    assert state.token_type == "bearer"
    assert state.scope == "read write"
    assert state.expires_in == 3600
    assert (state.expires_at - state.obtained_at).total_seconds() == 3600
    assert "token-1" not in repr(state)
    request = api.calls("POST", TOKEN)[0]
    assert request.url.params["grant_type"] == "client_credentials"
    assert "client_secret" not in str(request.url)
    expected = base64.b64encode(b"my-client:s3cret-value").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"


async def test_authenticate_reuses_a_valid_token_unless_forced(api, fast_retry):
    async with make(api, fast_retry) as client:
        first = await client.authenticate()
        again = await client.authenticate()
        forced = await client.authenticate(force=True)
    assert again is first
    assert forced.access_token.get_secret_value() == "token-2"
    assert api.tokens_issued == 2


async def test_auth_is_lazy_and_token_is_reused(api, fast_retry):
    api.json("GET", "/api/v1/regions", [])
    async with make(api, fast_retry) as client:
        assert api.requests == []
        await client.regions.list()
        await client.regions.list()
        assert client.token is not None
    assert api.tokens_issued == 1
    assert api.seen_auth == ["Bearer token-1"] * 2


async def test_token_renewed_before_expiry(api, fast_retry):
    api.expires_in = 100
    api.json("GET", "/api/v1/regions", [])
    now = [1000.0]
    async with make(api, fast_retry) as client:
        client._auth._clock = lambda: now[0]
        await client.regions.list()
        now[0] += 50  # well inside the lifetime
        await client.regions.list()
        assert api.tokens_issued == 1
        now[0] += 45  # within the renewal margin (a tenth of 100 s)
        await client.regions.list()
    assert api.tokens_issued == 2
    assert api.seen_auth[-1] == "Bearer token-2"


async def test_token_renewed_once_after_401_and_request_replayed(api, fast_retry):
    api.json("GET", "/api/v1/regions", [{"id": "it-mxp"}])
    async with make(api, fast_retry) as client:
        await client.regions.list()
        api.revoke()  # the server forgets the token (expiry on its clock)
        regions = await client.regions.list()
    assert regions[0].id == "it-mxp"
    assert api.tokens_issued == 2
    assert api.seen_auth == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


async def test_persistent_401_raises_authentication_error(api, fast_retry):
    api.on("GET", "/api/v1/regions", httpx.Response(401, json={"errorMessage": "no access"}))
    api.check_auth = False
    async with make(api, fast_retry) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.regions.list()
    assert info.value.status_code == 401
    assert api.tokens_issued == 2  # the first token, then one renewal


async def test_bad_credentials_raise_authentication_error(api, fast_retry):
    api.token_replies = [httpx.Response(401, json={"error": "invalid_client"})]
    async with make(api, fast_retry) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.authenticate()
    message = str(info.value)
    assert "my-client" in message and "invalid_client" in message
    assert "s3cret-value" not in message


async def test_bad_credentials_on_lazy_auth(api, fast_retry):
    api.token_replies = [httpx.Response(400, json={"error": "invalid_grant"})]
    api.json("GET", "/api/v1/regions", [])
    async with make(api, fast_retry) as client:
        with pytest.raises(AuthenticationError):
            await client.regions.list()


async def test_token_response_without_token(api, fast_retry):
    api.token_replies = [httpx.Response(200, text="<html>login</html>")]
    async with make(api, fast_retry) as client:
        with pytest.raises(APIResponseValidationError, match="access_token"):
            await client.authenticate()


async def test_token_endpoint_rate_limit_is_retried(api, fast_retry):
    api.token_replies = [httpx.Response(429), httpx.Response(503)]
    async with make(api, fast_retry) as client:
        state = await client.authenticate()
    assert state.access_token.get_secret_value() == "token-1"
    assert len(api.calls("POST", TOKEN)) == 3


async def test_secrets_not_in_reprs(api, fast_retry):
    async with make(api, fast_retry) as client:
        await client.authenticate()
        text = repr(client) + repr(client._auth) + repr(client.token)
    assert "s3cret-value" not in text
    assert "token-1" not in text
