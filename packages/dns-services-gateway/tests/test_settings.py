from pathlib import Path

import pytest

from dns_services_gateway import ConfigurationError, DNSServicesClient, Settings


def test_defaults() -> None:
    settings = Settings.load()
    assert settings.base_url == "https://dns.services"
    assert settings.verify_ssl is True
    assert settings.timeout == 30.0
    assert settings.debug is False
    assert settings.token_path == Path("~/.dns-services/token").expanduser()


@pytest.mark.parametrize(
    ("raw", "value"),
    [("true", True), ("1", True), ("YES", True), ("false", False), ("0", False), ("no", False)],
)
def test_booleans(monkeypatch: pytest.MonkeyPatch, raw: str, value: bool) -> None:
    monkeypatch.setenv("DNS_SERVICES_VERIFY_SSL", raw)
    monkeypatch.setenv("DNS_SERVICES_DEBUG", raw)
    settings = Settings.load()
    assert settings.verify_ssl is value
    assert settings.debug is value


@pytest.mark.parametrize("raw", ["on", "off", "y", "enabled", "2", ""])
def test_booleans_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("DNS_SERVICES_VERIFY_SSL", raw)
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_VERIFY_SSL") as info:
        Settings.load()
    assert info.value.variable == "DNS_SERVICES_VERIFY_SSL"


@pytest.mark.parametrize("raw", ["0", "-3", "abc", "nan", "inf"])
def test_timeout_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("DNS_SERVICES_TIMEOUT", raw)
    with pytest.raises(
        ConfigurationError, match=r"DNS_SERVICES_TIMEOUT.*positive number of seconds"
    ):
        Settings.load()


def test_timeout_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNS_SERVICES_TIMEOUT", "2.5")
    assert Settings.load().timeout == 2.5


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://dns.services", "https://dns.services"),
        ("https://dns.services/", "https://dns.services"),
        ("https://dns.services/api", "https://dns.services"),
        ("https://dns.services/api/", "https://dns.services"),
        ("http://127.0.0.1:8080/api", "http://127.0.0.1:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://localhost:1", "http://localhost:1"),
    ],
)
def test_base_url_normalised(url: str, expected: str) -> None:
    assert Settings.load(base_url=url).base_url == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://dns.services",
        "ftp://dns.services",
        "dns.services",
        "http://10.0.0.1",
        "https://dns.services/?debug=1",
        "https://dns.services/#api",
        "http://[::1",
    ],
)
def test_base_url_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNS_SERVICES_BASE_URL", url)
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_BASE_URL"):
        Settings.load()


@pytest.mark.parametrize(
    "url",
    [
        "https://me:Hunter2-pw@dns.services",
        "ftp://me:Hunter2-pw@x",
        "http://me:Hunter2-pw@127.0.0.1",
    ],
)
def test_base_url_with_credentials_is_refused_without_echo(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DNS_SERVICES_BASE_URL", url)
    with pytest.raises(ConfigurationError, match="must not contain credentials") as info:
        Settings.load()
    assert "Hunter2" not in str(info.value) and "Hunter2" not in repr(info.value)


def test_arguments_override_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DNS_SERVICES_USERNAME", "env@example.com")
    monkeypatch.setenv("DNS_SERVICES_PASSWORD", "env-password")
    monkeypatch.setenv("DNS_SERVICES_TOKEN_PATH", str(tmp_path / "t"))
    with DNSServicesClient.from_env() as client:
        assert client.settings.username == "env@example.com"
        assert client.settings.token_path == tmp_path / "t"
        assert "env-password" not in repr(client.settings)
        assert "env-password" not in repr(client)
    with DNSServicesClient(username="arg@example.com") as client:
        assert client.settings.username == "arg@example.com"


def test_missing_credentials(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_USERNAME"):
        DNSServicesClient(token_path=tmp_path / "t")
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_PASSWORD"):
        DNSServicesClient(username="a@example.com", token_path=tmp_path / "t")


def test_bad_client_arguments(tmp_path: Path) -> None:
    kwargs = {"username": "a@example.com", "password": "p", "token_path": tmp_path / "t"}
    with pytest.raises(ConfigurationError, match="auth"):
        DNSServicesClient(auth="oauth", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="max_retries"):
        DNSServicesClient(max_retries=-1, **kwargs)
    with pytest.raises(ConfigurationError, match="dns_timeout"):
        DNSServicesClient(dns_timeout=0, **kwargs)


def test_nameservers_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Settings.load().nameserver_list is None
    monkeypatch.setenv("DNS_SERVICES_NAMESERVERS", " 127.0.0.1:5353, ns2.example.net [::1]:53 ")
    settings = Settings.load()
    assert settings.nameserver_list == [("127.0.0.1", 5353), "ns2.example.net", ("::1", 53)]
    monkeypatch.setenv("DNS_SERVICES_USERNAME", "u@example.com")
    monkeypatch.setenv("DNS_SERVICES_PASSWORD", "pw")
    monkeypatch.chdir(tmp_path)
    with DNSServicesClient.from_env(token_path=tmp_path / "t") as client:
        assert client.nameservers == [("127.0.0.1", 5353), "ns2.example.net", ("::1", 53)]
    with DNSServicesClient(token_path=tmp_path / "t") as client:
        assert client.nameservers == [("127.0.0.1", 5353), "ns2.example.net", ("::1", 53)]
    # An argument wins over the variable.
    with DNSServicesClient.from_env(token_path=tmp_path / "t", nameservers=["a.example"]) as c:
        assert c.nameservers == ["a.example"]
    with DNSServicesClient.from_env(token_path=tmp_path / "t", nameservers="b.example:54") as c:
        assert c.nameservers == [("b.example", 54)]
    monkeypatch.setenv("DNS_SERVICES_NAMESERVERS", "   ")
    assert Settings.load().nameserver_list is None


def test_nameservers_from_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DNS_SERVICES_NAMESERVERS=127.0.0.2:8553\n")
    env_file.chmod(0o600)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DNS_SERVICES_NO_DOTENV")
    monkeypatch.setenv("DNS_SERVICES_USERNAME", "u@example.com")
    monkeypatch.setenv("DNS_SERVICES_PASSWORD", "pw")
    with DNSServicesClient.from_env(token_path=tmp_path / "t") as client:
        assert client.nameservers == [("127.0.0.2", 8553)]


@pytest.mark.parametrize("raw", ["127.0.0.1:0", "host:99999", "host:abc", ":53", "[::1]:x"])
def test_nameservers_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("DNS_SERVICES_NAMESERVERS", raw)
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_NAMESERVERS") as info:
        Settings.load()
    assert info.value.variable == "DNS_SERVICES_NAMESERVERS"
