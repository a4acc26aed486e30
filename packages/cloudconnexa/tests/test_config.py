"""Base-URL normalisation, environment fallbacks and constructor checks."""

from __future__ import annotations

import pytest

from cloudconnexa import CloudConnexaClient, ConfigurationError, RetryPolicy, Throttle
from cloudconnexa._config import normalize_base_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("acme", "https://acme.api.openvpn.com"),
        ("ACME-corp", "https://acme-corp.api.openvpn.com"),
        ("acme.api.openvpn.com", "https://acme.api.openvpn.com"),
        ("https://acme.api.openvpn.com", "https://acme.api.openvpn.com"),
        ("https://acme.api.openvpn.com/", "https://acme.api.openvpn.com"),
        ("https://acme.api.openvpn.com/api/v1", "https://acme.api.openvpn.com"),
        ("https://acme.api.openvpn.com/api/v1/", "https://acme.api.openvpn.com"),
        ("https://acme.api.openvpn.com/api/beta", "https://acme.api.openvpn.com"),
        ("https://acme.api.openvpn.com/api", "https://acme.api.openvpn.com"),
        ("  https://acme.api.openvpn.com  ", "https://acme.api.openvpn.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:9/api/v1", "http://localhost:9"),
        ("http://[::1]:9", "http://[::1]:9"),
        ("https://proxy.internal:8443", "https://proxy.internal:8443"),
    ],
)
def test_normalize_accepts(given, expected):
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("https://acme.openvpn.com", "missing '.api.'"),
        ("https://api.openvpn.com", "names no tenant"),
        ("http://acme.api.openvpn.com", "requires https"),
        ("http://10.0.0.5", "loopback"),
        ("ftp://acme.api.openvpn.com", "scheme"),
        ("https://acme.api.openvpn.com/api/v1.1.0", "unexpected path"),
        ("https://acme.api.openvpn.com/portal", "unexpected path"),
        ("https://user:pw@acme.api.openvpn.com", "credentials"),
        ("https://acme.api.openvpn.com?x=1", "query"),
        ("https://a.b.api.openvpn.com", "not a tenant"),
        ("", "empty"),
        ("https://", "host"),
        ("https://exa mple.com", "invalid host"),
        ("https://[::1", "valid URL"),
    ],
)
def test_normalize_rejects(given, message):
    with pytest.raises(ConfigurationError, match=message):
        normalize_base_url(given)


def test_environment_fallbacks(monkeypatch):
    monkeypatch.setenv("CLOUDCONNEXA_BASE_URL", "acme")
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_ID", "env-id")
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_SECRET", "env-secret")
    with CloudConnexaClient() as client:
        assert client.base_url == "https://acme.api.openvpn.com"
        assert client.client_id == "env-id"
        assert "env-secret" not in repr(client)
    with CloudConnexaClient("other", "arg-id", "arg-secret") as client:
        assert client.base_url == "https://other.api.openvpn.com"
        assert client.client_id == "arg-id"


@pytest.mark.parametrize(
    ("missing", "argument"),
    [
        ("CLOUDCONNEXA_BASE_URL", "api_url"),
        ("CLOUDCONNEXA_CLIENT_ID", "client_id"),
        ("CLOUDCONNEXA_CLIENT_SECRET", "client_secret"),
    ],
)
def test_missing_setting_names_argument_and_variable(monkeypatch, missing, argument):
    for name in ("CLOUDCONNEXA_BASE_URL", "CLOUDCONNEXA_CLIENT_ID", "CLOUDCONNEXA_CLIENT_SECRET"):
        monkeypatch.setenv(name, "acme")
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError) as info:
        CloudConnexaClient()
    assert argument in str(info.value)
    assert missing in str(info.value)


def test_constructor_checks():
    with pytest.raises(ConfigurationError, match="api_version"):
        CloudConnexaClient("acme", "i", "s", api_version="v1")
    with pytest.raises(ConfigurationError, match="page_size"):
        CloudConnexaClient("acme", "i", "s", page_size=0)
    with pytest.raises(ConfigurationError, match="either"):
        import httpx

        CloudConnexaClient(
            "acme",
            "i",
            "s",
            transport=httpx.MockTransport(lambda r: None),
            http_client=httpx.Client(),
        )
    with pytest.raises(ConfigurationError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ConfigurationError):
        RetryPolicy(backoff_base=-1)
    with pytest.raises(ConfigurationError, match="jitter"):
        RetryPolicy(jitter=1.5)
    with pytest.raises(ConfigurationError, match="rate"):
        Throttle(rate=0)
    with pytest.raises(ConfigurationError, match="burst"):
        Throttle(rate=1, burst=0)


def test_max_retries_shortcut_keeps_other_policy_values():
    policy = RetryPolicy(backoff_base=0.5, backoff_max=4.0, jitter=0.1, max_wait=9.0)
    with CloudConnexaClient("acme", "i", "s", retry=policy, max_retries=1) as client:
        assert client.retry_policy == RetryPolicy(1, 0.5, 4.0, 0.1, 9.0)
    assert client.api_version == "1.1.0"
