"""The optional ./.env file: from_env() and the CLI read it; the real environment wins."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cloudconnexa import AsyncCloudConnexaClient, CloudConnexaClient, ConfigurationError
from cloudconnexa._dotenv import read_dotenv
from cloudconnexa.cli._app import app
from cloudconnexa.testing import FakeCloudConnexa

NAMES = ("CLOUDCONNEXA_BASE_URL", "CLOUDCONNEXA_CLIENT_ID", "CLOUDCONNEXA_CLIENT_SECRET")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, no credentials in the environment, .env reading on."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLOUDCONNEXA_NO_DOTENV", raising=False)
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def write_env(directory: Path, text: str, mode: int = 0o600) -> Path:
    path = directory / ".env"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


FULL = (
    "# tenant\n"
    "CLOUDCONNEXA_BASE_URL=acme\n"
    "export CLOUDCONNEXA_CLIENT_ID='file-id'\n"
    'CLOUDCONNEXA_CLIENT_SECRET="file-secret"\n'
    "OTHER_APP_TOKEN=unrelated\n"
)


def test_from_env_reads_the_file_without_touching_os_environ(workdir: Path) -> None:
    write_env(workdir, FULL)
    with CloudConnexaClient.from_env() as client:
        assert client.base_url == "https://acme.api.openvpn.com"
        assert client.client_id == "file-id"
        assert "file-secret" not in repr(client)
    assert not any(name in os.environ for name in (*NAMES, "OTHER_APP_TOKEN"))


async def test_async_from_env_reads_the_file(workdir: Path) -> None:
    write_env(workdir, FULL)
    async with AsyncCloudConnexaClient.from_env(page_size=10) as client:
        assert client.client_id == "file-id"
        assert client.page_size == 10


def test_environment_then_arguments_take_precedence(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env(workdir, FULL)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_ID", "env-id")
    with CloudConnexaClient.from_env() as client:
        assert client.client_id == "env-id"
        assert client.base_url == "https://acme.api.openvpn.com"
    with CloudConnexaClient.from_env(api_url="other", client_id="arg-id") as client:
        assert client.client_id == "arg-id"
        assert client.base_url == "https://other.api.openvpn.com"


@pytest.mark.parametrize("switch", ["1", "true", "YES"])
def test_switch_variable_turns_the_file_off(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, switch: str
) -> None:
    write_env(workdir, FULL)
    monkeypatch.setenv("CLOUDCONNEXA_NO_DOTENV", switch)
    assert read_dotenv() == {}
    with pytest.raises(ConfigurationError, match="CLOUDCONNEXA_BASE_URL"):
        CloudConnexaClient.from_env()


def test_switch_variable_other_values_keep_the_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env(workdir, FULL)
    monkeypatch.setenv("CLOUDCONNEXA_NO_DOTENV", "0")
    assert read_dotenv()["CLOUDCONNEXA_CLIENT_ID"] == "file-id"


def test_argument_turns_the_file_off(workdir: Path) -> None:
    write_env(workdir, FULL)
    with pytest.raises(ConfigurationError, match="CLOUDCONNEXA_BASE_URL"):
        CloudConnexaClient.from_env(dotenv=False)


def test_values_are_literal_and_other_prefixes_ignored(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME_ID", "expanded")
    write_env(workdir, "CLOUDCONNEXA_CLIENT_ID=${HOME_ID}\nOTHER=1\nCLOUDCONNEXA_EMPTY\n")
    assert read_dotenv() == {"CLOUDCONNEXA_CLIENT_ID": "${HOME_ID}"}


def test_no_file_or_a_directory_gives_nothing(workdir: Path) -> None:
    assert read_dotenv() == {}
    (workdir / ".env").mkdir()
    assert read_dotenv() == {}


def test_secret_in_a_file_others_can_read_is_refused(workdir: Path) -> None:
    path = write_env(workdir, FULL, mode=0o644)
    with pytest.raises(ConfigurationError, match="chmod 600") as info:
        CloudConnexaClient.from_env()
    assert "CLOUDCONNEXA_CLIENT_SECRET" in str(info.value)
    assert "file-secret" not in str(info.value)
    assert str(path) in str(info.value)


def test_loose_file_without_secret_is_read(workdir: Path) -> None:
    write_env(workdir, "CLOUDCONNEXA_BASE_URL=acme\n", mode=0o644)
    assert read_dotenv() == {"CLOUDCONNEXA_BASE_URL": "acme"}


def test_unreadable_file_is_a_configuration_error(workdir: Path) -> None:
    (workdir / ".env").write_bytes(b"CLOUDCONNEXA_CLIENT_ID=\xff\xfe\n")
    with pytest.raises(ConfigurationError, match="cannot read"):
        read_dotenv()


def test_cli_reads_the_file_below_flags_and_environment(
    workdir: Path, fake: FakeCloudConnexa
) -> None:
    write_env(
        workdir,
        f"CLOUDCONNEXA_BASE_URL={fake.base_url}\n"
        f"CLOUDCONNEXA_CLIENT_ID={fake.client_id}\n"
        f"CLOUDCONNEXA_CLIENT_SECRET={fake.client_secret}\n",
    )
    env: dict[str, Any] = {name: None for name in NAMES}
    env["CLOUDCONNEXA_CONFIG"] = str(workdir / "absent.toml")
    runner = CliRunner()
    ok = runner.invoke(app, ["--output", "json", "users", "list"], env=env)
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.strip() == "[]"
    wrong = runner.invoke(
        app, ["users", "list"], env={**env, "CLOUDCONNEXA_CLIENT_SECRET": "wrong"}
    )
    assert wrong.exit_code == 3  # authentication refused (docs/conventions.md)
    assert fake.client_secret not in wrong.stderr
    off = runner.invoke(app, ["users", "list"], env={**env, "CLOUDCONNEXA_NO_DOTENV": "1"})
    assert off.exit_code == 2  # configuration missing: bad input (docs/conventions.md)
    assert "missing base_url, client_id, client_secret" in off.stderr
    os.chmod(workdir / ".env", 0o640)
    loose = runner.invoke(app, ["users", "list"], env=env)
    assert loose.exit_code == 2
    assert "chmod 600" in loose.stderr
    assert fake.client_secret not in loose.stderr
