"""Fixtures for the CLI tests: one fake for the session, reset per test, and a runner."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cloudconnexa.cli._app import app
from cloudconnexa.testing import FakeCloudConnexa

Run = Callable[..., Result]


@pytest.fixture(scope="session")
def running_fake() -> Iterator[FakeCloudConnexa]:
    with FakeCloudConnexa(client_id="cli-id", client_secret="cli-secret") as server:
        yield server


@pytest.fixture
def fake(running_fake: FakeCloudConnexa) -> FakeCloudConnexa:
    running_fake.reset()
    return running_fake


@pytest.fixture
def env(fake: FakeCloudConnexa, tmp_path: Path) -> dict[str, str]:
    """Credentials in the environment, and a private config path that does not exist."""
    return {
        "CLOUDCONNEXA_BASE_URL": fake.base_url,
        "CLOUDCONNEXA_CLIENT_ID": fake.client_id,
        "CLOUDCONNEXA_CLIENT_SECRET": fake.client_secret,
        "CLOUDCONNEXA_CONFIG": str(tmp_path / "absent.toml"),
    }


@pytest.fixture
def run(env: dict[str, str]) -> Run:
    """Invoke the CLI in-process; `json_out=True` adds `--output json`."""
    runner = CliRunner()

    def invoke(
        *args: str,
        json_out: bool = False,
        input: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> Result:
        argv = (["--output", "json"] if json_out else []) + list(args)
        return runner.invoke(app, argv, env={**env, **(extra_env or {})}, input=input)

    return invoke


def parse(result: Result) -> Any:
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def as_json() -> Callable[[Result], Any]:
    return parse
