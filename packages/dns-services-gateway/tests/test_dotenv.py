"""The optional ./.env file: from_env(), Settings.load(dotenv=True) and the CLI read it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dns_services_gateway import (
    AsyncDNSServicesClient,
    ConfigurationError,
    DNSServicesClient,
    Settings,
)
from dns_services_gateway._dotenv import read_dotenv
from dns_services_gateway.cli import app
from dns_services_gateway.testing import FakeDNSServices


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with .env reading on (conftest cleared DNS_SERVICES_*)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DNS_SERVICES_NO_DOTENV", raising=False)
    return tmp_path


def write_env(directory: Path, text: str, mode: int = 0o600) -> Path:
    path = directory / ".env"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def full(directory: Path) -> str:
    return (
        "# account\n"
        "DNS_SERVICES_USERNAME=file@example.com\n"
        "export DNS_SERVICES_PASSWORD='file-pw'\n"
        "dns_services_timeout=12\n"
        f"DNS_SERVICES_TOKEN_PATH={directory / 'token'}\n"
        "UNRELATED_SECRET=other\n"
    )


def test_from_env_reads_the_file_without_touching_os_environ(workdir: Path) -> None:
    write_env(workdir, full(workdir))
    with DNSServicesClient.from_env(store_token=False) as client:
        assert client.settings.username == "file@example.com"
        assert client.settings.password is not None
        assert client.settings.password.get_secret_value() == "file-pw"
        assert client.settings.timeout == 12.0
        assert client.settings.token_path == workdir / "token"
        assert "file-pw" not in repr(client) + repr(client.settings)
    assert not any(name.startswith("DNS_SERVICES_USERNAME") for name in os.environ)
    assert "UNRELATED_SECRET" not in os.environ


async def test_async_from_env_reads_the_file(workdir: Path) -> None:
    write_env(workdir, full(workdir))
    async with AsyncDNSServicesClient.from_env(auth="basic") as client:
        assert client.settings.username == "file@example.com"
        assert client.auth_mode == "basic"


def test_environment_then_arguments_take_precedence(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env(workdir, full(workdir))
    monkeypatch.setenv("DNS_SERVICES_USERNAME", "env@example.com")
    monkeypatch.setenv("dns_services_timeout", "7")
    settings = Settings.load(dotenv=True)
    assert settings.username == "env@example.com"
    assert settings.timeout == 7.0
    assert settings.password is not None and settings.password.get_secret_value() == "file-pw"
    with DNSServicesClient.from_env(username="arg@example.com", timeout=3) as client:
        assert client.settings.username == "arg@example.com"
        assert client.settings.timeout == 3.0


def test_load_reads_the_file_only_when_asked(workdir: Path) -> None:
    write_env(workdir, full(workdir))
    assert Settings.load().username is None
    assert Settings.load(dotenv=True).username == "file@example.com"


@pytest.mark.parametrize("switch", ["1", "true", "Yes"])
def test_switch_variable_turns_the_file_off(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, switch: str
) -> None:
    write_env(workdir, full(workdir))
    monkeypatch.setenv("DNS_SERVICES_NO_DOTENV", switch)
    assert read_dotenv() == {}
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_USERNAME"):
        DNSServicesClient.from_env()


def test_argument_turns_the_file_off(workdir: Path) -> None:
    write_env(workdir, full(workdir))
    with pytest.raises(ConfigurationError, match="DNS_SERVICES_USERNAME"):
        DNSServicesClient.from_env(dotenv=False)


def test_bad_value_in_the_file_names_the_file(workdir: Path) -> None:
    write_env(workdir, "DNS_SERVICES_VERIFY_SSL=maybe\n")
    with pytest.raises(ConfigurationError, match=r"DNS_SERVICES_VERIFY_SSL \(from \.env\)"):
        Settings.load(dotenv=True)


def test_values_are_literal(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_NAME", "expanded")
    write_env(workdir, "DNS_SERVICES_USERNAME=${SOME_NAME}\nDNS_SERVICES_EMPTY\n")
    assert read_dotenv() == {"DNS_SERVICES_USERNAME": "${SOME_NAME}"}


def test_password_in_a_file_others_can_read_is_refused(workdir: Path) -> None:
    path = write_env(workdir, full(workdir), mode=0o604)
    with pytest.raises(ConfigurationError, match="chmod 600") as info:
        DNSServicesClient.from_env()
    assert info.value.variable == "DNS_SERVICES_PASSWORD"
    assert "file-pw" not in str(info.value)
    assert str(path) in str(info.value)


def test_loose_file_without_password_is_read(workdir: Path) -> None:
    write_env(workdir, "DNS_SERVICES_DEBUG=no\n", mode=0o644)
    assert Settings.load(dotenv=True).debug is False


def test_unreadable_file_is_a_configuration_error(workdir: Path) -> None:
    (workdir / ".env").write_bytes(b"DNS_SERVICES_USERNAME=\xff\xfe\n")
    with pytest.raises(ConfigurationError, match="cannot read"):
        Settings.load(dotenv=True)


def test_a_directory_named_env_is_ignored(workdir: Path) -> None:
    (workdir / ".env").mkdir()
    assert read_dotenv() == {}


def test_cli_reads_the_file_below_flags(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    with FakeDNSServices(username="cli@example.com", password="cli-pw") as fake:
        fake.add_domain("example.com")
        write_env(
            workdir,
            f"DNS_SERVICES_BASE_URL={fake.base_url}\n"
            "DNS_SERVICES_USERNAME=cli@example.com\n"
            "DNS_SERVICES_PASSWORD=cli-pw\n"
            f"DNS_SERVICES_TOKEN_PATH={workdir / 'tokens' / 'token'}\n",
        )
        runner = CliRunner()
        ok = runner.invoke(app, ["--output", "json", "domains", "list"])
        assert ok.exit_code == 0, ok.output
        assert "example.com" in json.dumps(json.loads(ok.stdout))
        # A flag beats the file: nothing listens on port 9, so the connection fails.
        flag = runner.invoke(app, ["--base-url", "http://127.0.0.1:9", "domains", "list"])
        assert flag.exit_code == 5, flag.output
        off = runner.invoke(app, ["domains", "list"], env={"DNS_SERVICES_NO_DOTENV": "1"})
        assert off.exit_code == 2
        assert "DNS_SERVICES_USERNAME" in off.output
        os.chmod(workdir / ".env", 0o640)
        loose = runner.invoke(app, ["domains", "list"])
        assert loose.exit_code == 2
        assert "chmod 600" in loose.output
        assert "cli-pw" not in loose.output + ok.output
