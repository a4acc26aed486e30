"""The DNS-01 helpers and the certbot plugin's setup, without an ACME server."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from dns_services_gateway import ConfigurationError, InvalidArgumentError
from dns_services_gateway._acme import challenge_name, parse_nameservers, read_credentials


def test_challenge_name() -> None:
    assert challenge_name("Example.COM.") == "_acme-challenge.example.com"
    assert challenge_name("*.example.com") == "_acme-challenge.example.com"
    assert challenge_name("_acme-challenge.example.com") == "_acme-challenge.example.com"
    with pytest.raises(InvalidArgumentError):
        challenge_name("")


def test_parse_nameservers() -> None:
    assert parse_nameservers(None) is None and parse_nameservers(" ") is None
    assert parse_nameservers("ns1.example, 127.0.0.1:5353 [::1]:53") == [
        "ns1.example",
        ("127.0.0.1", 5353),
        ("::1", 53),
    ]
    with pytest.raises(InvalidArgumentError, match="bad port"):
        parse_nameservers("127.0.0.1:99999")


def test_credentials_file(tmp_path: Path) -> None:
    path = tmp_path / "creds.ini"
    path.write_text(
        "# comment\ndns_services_username = u@example.com\ndns_services_password='p w'\n"
    )
    path.chmod(0o600)
    assert read_credentials(path) == {
        "dns_services_username": "u@example.com",
        "dns_services_password": "p w",
    }
    path.chmod(0o640)
    with pytest.raises(ConfigurationError, match="chmod 600") as caught:
        read_credentials(path)
    assert "p w" not in str(caught.value)
    with pytest.raises(ConfigurationError, match="cannot read"):
        read_credentials(tmp_path / "absent.ini")


def test_plugin_options_and_missing_credentials(tmp_path: Path) -> None:
    pytest.importorskip("certbot", reason="the 'certbot' extra is not installed")
    from certbot import errors

    from dns_services_gateway.certbot import Authenticator

    options: dict[str, dict[str, object]] = {}
    Authenticator.add_parser_arguments(lambda name, **kw: options.__setitem__(name, kw))
    assert set(options) == {"credentials", "propagation-timeout"}
    assert options["propagation-timeout"]["default"] == 120.0

    def plugin(credentials: str | None) -> Authenticator:
        config = SimpleNamespace(
            dns_services_credentials=credentials, dns_services_propagation_timeout=5.0
        )
        return Authenticator(config, "dns-services")

    with pytest.raises(errors.PluginError, match="--dns-services-credentials"):
        plugin(None).perform([])
    path = tmp_path / "c.ini"
    path.write_text("dns_services_username = u@example.com\n")
    path.chmod(0o600)
    with pytest.raises(errors.PluginError, match="dns_services_password"):
        plugin(str(path)).perform([])
    assert "DNS.services" in plugin(None).more_info()


class _Achall:
    """The parts of certbot's annotated DNS-01 challenge that the plugin uses."""

    def __init__(self, domain: str, value: str) -> None:
        self.identifier = SimpleNamespace(value=domain)
        self.account_key = object()
        self._value = value

    def validation_domain_name(self, domain: str) -> str:
        return f"_acme-challenge.{domain}"

    def validation(self, key: object) -> str:
        return self._value

    def response(self, key: object) -> str:
        return f"response:{self._value}"


def test_plugin_perform_and_cleanup_against_the_fake(tmp_path: Path) -> None:
    pytest.importorskip("certbot", reason="the 'certbot' extra is not installed")
    from certbot import errors

    from dns_services_gateway.certbot import Authenticator
    from dns_services_gateway.testing import FakeDNSServices

    with FakeDNSServices(username="u@example.com", password="pw") as fake:
        zone = fake.add_zone("example.com")
        zone.add_record("_acme-challenge", "TXT", "already-there")
        host, port = fake.nameserver
        path = tmp_path / "c.ini"
        path.write_text(
            "dns_services_username = u@example.com\ndns_services_password = pw\n"
            f"dns_services_base_url = {fake.base_url}\n"
            f"dns_services_nameservers = {host}:{port}\n"
        )
        path.chmod(0o600)
        config = SimpleNamespace(
            dns_services_credentials=str(path), dns_services_propagation_timeout=5.0
        )
        plugin = Authenticator(config, "dns-services")
        achalls = [
            _Achall("example.com", "apex"),
            _Achall("*.example.com", "wild"),
            _Achall("example.com", "already-there"),
        ]
        assert plugin.perform(achalls) == [
            "response:apex",
            "response:wild",
            "response:already-there",
        ]
        served = sorted(r.content for r in zone.find("_acme-challenge", "TXT"))
        assert served == ["already-there", "apex", "wild"]
        plugin.cleanup(achalls)
        # Only what the plugin created is gone; the value that was there before stays.
        assert [r.content for r in zone.find("_acme-challenge", "TXT")] == ["already-there"]

        fake.faults.dns_propagation_delay = 3600.0
        config.dns_services_propagation_timeout = 0.3
        slow = Authenticator(config, "dns-services")
        with pytest.raises(errors.PluginError, match="not served yet"):
            slow.perform([_Achall("example.com", "late")])
        slow.cleanup([_Achall("example.com", "late")])
        assert [r.content for r in zone.find("_acme-challenge", "TXT")] == ["already-there"]
        unknown = Authenticator(config, "dns-services")
        with pytest.raises(errors.PluginError, match="NotFoundError"):
            unknown.perform([_Achall("example.org", "x")])
        unknown.cleanup([_Achall("example.org", "x")])
