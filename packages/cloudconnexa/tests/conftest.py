"""Shared fixtures: a MockTransport API double for logic tests, and the package's data files.

The data paths are declared here once: ``PACKAGE_ROOT`` and the OpenAPI document under
``spec/``. Every test reaches them through the ``openapi_document`` fixture or ``PACKAGE_ROOT``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudconnexa import RetryPolicy

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = PACKAGE_ROOT / "spec" / "openapi-1.1.0.json"
BASE = "http://127.0.0.1:9"
TOKEN_PATH = "/api/v1/oauth/token"

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


class MockAPI:
    """A scripted API for MockTransport: a token endpoint plus queued replies per route.

    Replies queued with ``on`` are served in order; the last one repeats. Every request is
    recorded. Bearer tokens are checked unless ``check_auth`` is false.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[httpx.Request] = []
        self.tokens_issued = 0
        self.expires_in = 3600
        self.valid_tokens: set[str] = set()
        self.token_replies: list[httpx.Response] = []
        self.check_auth = True
        self.seen_auth: list[str | None] = []  # Authorization of each API call, as sent

    def on(self, method: str, path: str, *replies: Reply) -> None:
        self.routes[(method.upper(), path)] = list(replies)

    def json(self, method: str, path: str, body: Any, status: int = 200, **headers: str) -> None:
        self.on(method, path, httpx.Response(status, json=body, headers=headers))

    def revoke(self) -> None:
        self.valid_tokens.clear()

    def calls(self, method: str | None = None, path: str | None = None) -> list[httpx.Request]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (path is None or r.url.path == path)
        ]

    def api_calls(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path != TOKEN_PATH]

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == TOKEN_PATH:
            if self.token_replies:
                return self.token_replies.pop(0)
            self.tokens_issued += 1
            token = f"token-{self.tokens_issued}"
            self.valid_tokens.add(token)
            return httpx.Response(
                200,
                json={
                    "access_token": token,
                    "token_type": "bearer",
                    "expires_in": self.expires_in,
                    "scope": "read write",
                },
            )
        self.seen_auth.append(request.headers.get("Authorization"))
        if self.check_auth:
            header = request.headers.get("Authorization", "")
            if not header.startswith("Bearer ") or header[7:] not in self.valid_tokens:
                return httpx.Response(401, json={"error": "invalid_token"})
        key = (request.method, request.url.path)
        if key not in self.routes:
            return httpx.Response(
                404,
                json={
                    "path": request.url.path,
                    "requestId": "gw-1",
                    "status": 404,
                    "statusError": "Not Found",
                },
            )
        queue = self.routes[key]
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)


def body_of(request: httpx.Request) -> Any:
    """Return a recorded request's JSON body."""
    return json.loads(request.content) if request.content else None


@pytest.fixture(autouse=True)
def _no_dotenv(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own ./.env must not leak into the tests; the .env tests turn it back on.
    monkeypatch.setenv("CLOUDCONNEXA_NO_DOTENV", "1")


@pytest.fixture
def api() -> MockAPI:
    return MockAPI()


@pytest.fixture
def fast_retry() -> RetryPolicy:
    """Retries with no real waiting."""
    return RetryPolicy(max_retries=3, backoff_base=0.0, max_wait=0.0)


@pytest.fixture(scope="session")
def openapi_document() -> dict[str, Any]:
    """The CloudConnexa OpenAPI 1.1.0 document kept in ``spec/`` (parsed once per session)."""
    return json.loads(SPEC_PATH.read_text())


@pytest.fixture
def spec(openapi_document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(openapi_document)


@pytest.fixture
def body() -> Callable[[httpx.Request], Any]:
    return body_of


@pytest.fixture
def fake_server():
    """A factory for running fakes (``cloudconnexa.testing``); all are stopped afterwards."""
    testing = pytest.importorskip("cloudconnexa.testing")
    started = []

    def start(**kwargs: Any):
        kwargs.setdefault("client_id", "id")
        kwargs.setdefault("client_secret", "secret")
        server = testing.FakeCloudConnexa(**kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def fake(fake_server):
    """A running fake with the default (generous) rate limit."""
    return fake_server()
