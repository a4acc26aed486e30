"""Shared fixtures: environment isolation, the recorded cassettes, the fake server, JWTs.

The data paths are declared here once: ``PACKAGE_ROOT``, the recorded live exchanges under
``tests/cassettes/`` and the provider's Swagger export under ``spec/``. Tests reach the
recordings through the ``cassette``/``cassettes`` fixtures and the ``cassette_name``
parameter, never through paths of their own.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import yaml

from dns_services_gateway.testing import FakeDNSServices

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
CASSETTE_DIR = PACKAGE_ROOT / "tests" / "cassettes"
SWAGGER_PATH = PACKAGE_ROOT / "spec" / "swagger.json"
USER = "user@example.com"
PASSWORD = "s3cret-Passw0rd"
_KEY = "test-signing-key-that-is-long-enough-for-hs256"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "USERNAME",
        "PASSWORD",
        "BASE_URL",
        "TOKEN_PATH",
        "VERIFY_SSL",
        "TIMEOUT",
        "DEBUG",
        "NAMESERVERS",
    ):
        monkeypatch.delenv(f"DNS_SERVICES_{name}", raising=False)
    # A developer's own ./.env must not leak into the tests; the .env tests turn it back on.
    monkeypatch.setenv("DNS_SERVICES_NO_DOTENV", "1")


def _load_cassettes() -> dict[str, list[dict[str, Any]]]:
    """Every recorded exchange, by file stem, as its list of interactions."""
    return {
        path.stem: yaml.safe_load(path.read_text())["interactions"]
        for path in sorted(CASSETTE_DIR.glob("*.yaml"))
    }


CASSETTES = _load_cassettes()


def load_cassette(name: str) -> list[dict[str, Any]]:
    """The interactions of one recording (``name`` with or without ``.yaml``)."""
    return CASSETTES[name.removesuffix(".yaml")]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise tests that take ``cassette_name`` with every recording's stem."""
    if "cassette_name" in metafunc.fixturenames:
        metafunc.parametrize("cassette_name", sorted(CASSETTES))


@pytest.fixture
def cassette() -> Callable[[str], list[dict[str, Any]]]:
    return load_cassette


@pytest.fixture
def cassettes() -> dict[str, list[dict[str, Any]]]:
    """Recorded interactions by file stem."""
    return CASSETTES


@pytest.fixture
def cassette_names() -> list[str]:
    return sorted(CASSETTES)


@pytest.fixture(scope="session")
def swagger_document() -> dict[str, Any]:
    """The provider's Swagger 2.0 export kept in ``spec/swagger.json``."""
    return json.loads(SWAGGER_PATH.read_text())


@pytest.fixture
def make_jwt() -> Callable[..., str]:
    def make(exp_in: float = 3600.0, **claims: Any) -> str:
        payload = {"sub": USER, "iat": int(time.time()), "exp": int(time.time() + exp_in), **claims}
        return jwt.encode(payload, _KEY, algorithm="HS256")

    return make


class Replay:
    """Serve a cassette's responses to a client, in the recorded order.

    Non-GET interactions must be requested exactly in order. A GET may skip ahead over other
    GETs (the client reads less often than lexicon did); a GET asked for when the next
    recorded write has not happened yet is answered with the latest response of that path.
    """

    def __init__(self, interactions: list[dict[str, Any]]) -> None:
        self.interactions = interactions
        self.pointer = 0
        self.last: dict[tuple[str, str], dict[str, Any]] = {}
        self.sent: list[httpx.Request] = []

    @staticmethod
    def _key(interaction: dict[str, Any]) -> tuple[str, str]:
        request = interaction["request"]
        return request["method"], httpx.URL(request["uri"]).path

    def _respond(self, interaction: dict[str, Any]) -> httpx.Response:
        response = interaction["response"]
        self.last[self._key(interaction)] = interaction
        headers = {
            k: v[0]
            for k, v in response["headers"].items()
            if k.lower() not in ("content-length", "connection")
        }
        return httpx.Response(
            response["status"]["code"],
            headers=headers,
            content=response["body"]["string"].encode(),
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        key = (request.method, request.url.path)
        for i in range(self.pointer, len(self.interactions)):
            candidate = self.interactions[i]
            if self._key(candidate) == key:
                self.pointer = i + 1
                return self._respond(candidate)
            if candidate["request"]["method"] != "GET":
                break
        if request.method == "GET" and key in self.last:
            return self._respond(self.last[key])
        raise AssertionError(f"unexpected {request.method} {request.url.path} at {self.pointer}")

    @property
    def remaining_writes(self) -> list[tuple[str, str]]:
        return [
            self._key(i)
            for i in self.interactions[self.pointer :]
            if i["request"]["method"] != "GET"
        ]

    def body(self, index: int) -> Any:
        return json.loads(self.sent[index].content)


@pytest.fixture
def replay() -> Callable[[str], Replay]:
    return lambda name: Replay(load_cassette(name))


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USER, password=PASSWORD) as server:
        zone = server.add_zone("example.com")
        zone.add_record("www", "A", "192.0.2.10", ttl=3600)
        yield server
