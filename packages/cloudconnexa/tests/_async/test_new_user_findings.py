"""Problems found by trying the library as a new user would (issue 9), against the fake."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from cloudconnexa import (
    APIConnectionError,
    AsyncCloudConnexaClient,
    ConfigurationError,
    InvalidArgumentError,
    RetryPolicy,
)
from cloudconnexa.types import NetworkCreateRequest, UserGroupRequest


def client_for(fake, **kwargs) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(fake.base_url, fake.client_id, fake.client_secret, **kwargs)


def bodies(fake, path: str) -> list[object]:
    return [json.loads(r.body) for r in fake.requests if r.path == path]


async def test_a_single_cybershield_string_is_one_domain(fake):
    async with client_for(fake) as client:
        await client.cybershield.add_block_list_domains("intranet.example")
        await client.cybershield.add_allow_list_domains("partner.example")
        await client.cybershield.remove_block_list_domains("intranet.example")
        with pytest.raises(InvalidArgumentError):
            await client.cybershield.add_block_list_domains("")
    assert bodies(fake, "/api/v1/cybershield/block-list-add-domains") == [
        {"domainAndComments": [{"domain": "intranet.example"}]}
    ]
    assert bodies(fake, "/api/v1/cybershield/block-list-remove-domains") == [
        {"domains": ["intranet.example"]}
    ]
    assert fake.state.cybershield["allow"].keys() == {"partner.example"}
    assert fake.state.cybershield["block"] == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"client_secret": 12345},
        {"client_id": 7},
        {"api_url": 42},
        {"api_version": 1.1},
        {"timeout": "3"},
        {"timeout": -1},
    ],
)
def test_wrong_setting_types_are_configuration_errors(kwargs):
    settings = {"api_url": "acme", "client_id": "id", "client_secret": "hunter2-secret"}
    settings.update(kwargs)
    with pytest.raises(ConfigurationError) as raised:
        AsyncCloudConnexaClient(**settings)
    assert "hunter2" not in str(raised.value)
    assert "12345" not in str(raised.value)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "hq", "egress": "no"}, "egress"),
        ({"name": "hq", "egress": 0}, "egress"),
        ({"name": 5}, "name"),
        ({"name": "hq", "routes": [{"value": 10}]}, "routes"),
    ],
)
async def test_request_dicts_with_wrong_types_are_refused_before_sending(fake, body, field):
    async with client_for(fake) as client:
        fake.clear_requests()
        with pytest.raises(InvalidArgumentError) as raised:
            await client.networks.create(body)
    assert field in str(raised.value)
    assert [r for r in fake.requests if r.path == "/api/v1/networks"] == []


async def test_user_group_max_device_as_text_is_refused(fake):
    async with client_for(fake) as client:
        with pytest.raises(InvalidArgumentError, match=r"maxDevice|max_device"):
            await client.user_groups.create({"name": "staff", "maxDevice": "3"})
        created = await client.user_groups.create(
            {"name": "staff", "maxDevice": 3, "internetAccess": "SPLIT_TUNNEL_ON"}
        )
    assert created.max_device == 3


def test_request_models_are_strict_and_responses_are_not():
    with pytest.raises(ValueError, match="egress"):
        NetworkCreateRequest(name="hq", egress="no")
    with pytest.raises(ValueError, match=r"max_device|maxDevice"):
        UserGroupRequest(name="staff", max_device="3")
    # Enum fields still take their values as text.
    assert UserGroupRequest(name="s", internet_access="SPLIT_TUNNEL_ON").to_api() == {
        "name": "s",
        "internetAccess": "SPLIT_TUNNEL_ON",
    }


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_refused_connection_fails_at_once_naming_the_token_request(caplog):
    # Default retry policy: retrying a refused connection would take about 31 s of backoff.
    client = AsyncCloudConnexaClient(
        f"http://127.0.0.1:{_closed_port()}", "id", "secret", retry=RetryPolicy()
    )
    caplog.set_level(logging.DEBUG, logger="cloudconnexa")
    async with client:
        with pytest.raises(APIConnectionError) as raised:
            await client.networks.get("n1")
    assert not [r for r in caplog.records if r.getMessage().startswith("retrying")]
    message = str(raised.value)
    assert message.startswith("POST /api/v1/oauth/token failed")
    assert "refused the connection" in message
    assert "secret" not in message
