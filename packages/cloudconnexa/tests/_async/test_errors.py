"""Status-keyed errors raised through the client, with message, details and request id."""

from __future__ import annotations

import httpx
import pytest

from cloudconnexa import (
    APIError,
    APIResponseValidationError,
    AsyncCloudConnexaClient,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
)

BASE = "http://127.0.0.1:9"


def make(api, retry: RetryPolicy) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(BASE, "id", "secret", transport=api.transport(), retry=retry)


async def test_validation_error_details(api, fast_retry):
    body = {
        "errorDetails": {
            "description": [
                {
                    "errorCode": "0-10-25",
                    "message": "Length must be between {min} and {max}",
                    "params": {"min": 0, "max": 120},
                }
            ]
        },
        "errorMessage": "Validation failed",
        "statusError": "BAD_REQUEST",
    }
    api.on("POST", "/api/v1/networks", httpx.Response(400, json=body))
    async with make(api, fast_retry) as client:
        with pytest.raises(BadRequestError) as info:
            await client.networks.create({"name": "n", "description": "x" * 500})
    error = info.value
    assert error.status_code == 400
    assert error.message == "Validation failed"
    assert error.details["description"][0].error_code == "0-10-25"
    assert error.details["description"][0].params == {"min": 0, "max": 120}
    assert error.body == body
    assert "description: Length must be between" in str(error)


async def test_dns_record_400_not_found_is_not_found(api, fast_retry):
    api.on(
        "GET",
        "/api/v1/dns-records/missing",
        httpx.Response(400, json={"errorMessage": "DNS record with id missing not found"}),
    )
    async with make(api, fast_retry) as client:
        with pytest.raises(NotFoundError) as info:
            await client.dns_records.get("missing")
    assert info.value.status_code == 400


async def test_gateway_404_carries_request_id(api, fast_retry):
    async with make(api, fast_retry) as client:
        with pytest.raises(NotFoundError) as info:
            await client.networks.get("nope")
    assert info.value.request_id == "gw-1"
    assert "Not Found" in str(info.value)
    assert "gw-1" in str(info.value)


@pytest.mark.parametrize(
    ("status", "cls"),
    [(403, PermissionDeniedError), (409, ConflictError), (418, APIError)],
)
async def test_other_statuses(api, fast_retry, status, cls):
    api.on(
        "DELETE",
        "/api/v1/hosts/h1",
        httpx.Response(status, text="plain failure", headers={"X-Request-Id": "rq-9"}),
    )
    async with make(api, fast_retry) as client:
        with pytest.raises(cls) as info:
            await client.hosts.delete("h1")
    assert info.value.request_id == "rq-9"
    assert info.value.body == "plain failure"


async def test_html_success_body_is_response_validation_error(api, fast_retry):
    api.on("GET", "/api/v1/hosts/h1", httpx.Response(200, text="<html>portal</html>"))
    async with make(api, fast_retry) as client:
        with pytest.raises(APIResponseValidationError):
            await client.hosts.get("h1")
