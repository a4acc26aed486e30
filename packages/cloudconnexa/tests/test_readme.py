"""The README's Python examples run as written against the fake.

The quick starts name a tenant (``"acme"``, ``client_id="..."``); here those placeholders are
replaced by the fake's URL and credentials, and nothing else in the code is changed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cloudconnexa import CloudConnexaClient

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def block(marker: str) -> str:
    matches = [code for code in python_blocks() if marker in code]
    assert len(matches) == 1, f"expected one README example containing {marker!r}"
    return matches[0]


def test_every_python_example_is_covered() -> None:
    markers = (
        'CloudConnexaClient("acme"',
        "async def main",
        "except BadRequestError as error",
        "logging.basicConfig",
        "with FakeCloudConnexa(",
    )
    assert len(python_blocks()) == len(markers)
    for marker in markers:
        block(marker)


def test_sync_quick_start(fake: Any) -> None:
    code = block('CloudConnexaClient("acme"').replace(
        '"acme", client_id="...", client_secret="..."',
        f'"{fake.base_url}", client_id="{fake.client_id}", client_secret="{fake.client_secret}"',
    )
    fake.seed_users(3)
    exec(compile(code, "README quick start (sync)", "exec"), {})
    routes = fake.state.table("routes").values()
    assert [r["subnet"] for r in routes] == ["10.10.0.0/16"]


def test_async_quick_start(fake: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDCONNEXA_BASE_URL", fake.base_url)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_SECRET", fake.client_secret)
    exec(compile(block("async def main"), "README quick start (async)", "exec"), {})
    groups = [g["name"] for g in fake.state.table("user_groups").values()]
    assert "eng" in groups


def test_error_example(fake: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with CloudConnexaClient(fake.base_url, fake.client_id, fake.client_secret) as client:
        code = block("except BadRequestError as error")
        exec(compile(code, "README errors example", "exec"), {"client": client})
    assert "description ['Length must be between {min} and {max}']" in capsys.readouterr().out


def test_logging_and_fake_examples() -> None:
    exec(compile(block("logging.basicConfig"), "README logging example", "exec"), {})
    exec(compile(block("with FakeCloudConnexa("), "README testing example", "exec"), {})
