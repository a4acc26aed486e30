"""Schemathesis against the service's own OpenAPI document, over real HTTP on loopback."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings

from dns_validation import create_app, load_settings
from dns_validation.testing import FakeAuthoritativeServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_url(
    tmp_path_factory: pytest.TempPathFactory, dns_server: FakeAuthoritativeServer
) -> Iterator[str]:
    db = Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.db"
    app_settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        dns_servers=dns_server.address,
        dns_timeout_ms=300,
        rate_limit_per_minute=0,
        max_active_jobs=1_000_000,
        target_cooldown_seconds=0,
        checkdns_token="",
    )
    port = free_port()
    config = uvicorn.Config(
        create_app(app_settings), host="127.0.0.1", port=port, log_config=None, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def api_schema(live_url: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{live_url}/openapi.json")


def test_no_server_errors(api_schema: schemathesis.BaseSchema, live_url: str) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/request/ui", "/api/checkdns/{target}"}
    for operation in operations:
        # The status page is HTML; every other route answers JSON, errors included.
        media = "text/html" if operation.path.startswith("/status/") else "application/json"

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=live_url)
            assert response.status_code < 500, (response.status_code, response.text)
            content_type = response.headers["content-type"][0]
            assert content_type.startswith(media)  # noqa: B023 (call() runs in this iteration)
            assert response.status_code != 422

        call()
