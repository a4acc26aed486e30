"""Abusive clients against a real uvicorn server on loopback: oversized or slow requests,
connection floods, malformed bytes; and JSON nesting, HEAD and trailing slashes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation import Settings, create_app
from dns_validation.api.gate import json_too_deep
from dns_validation.api.server import ServerLimits, protocol_for

READ_TIMEOUT = 15.0


@contextlib.asynccontextmanager
async def running(settings: Settings, engine: AsyncEngine) -> AsyncIterator[int]:
    """Serve the app on 127.0.0.1 with the protocol ``serve`` uses; yield the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        create_app(settings, engine=engine, run_poller=False),
        http=protocol_for(ServerLimits.from_settings(settings)),
        ws="none",
        log_config=None,
        access_log=False,
        timeout_keep_alive=settings.keep_alive_timeout_seconds,
        backlog=4096,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    assert server.started
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        await task
        sock.close()


async def connect(port: int, local: str = "127.0.0.1") -> tuple[Any, Any]:
    return await asyncio.open_connection("127.0.0.1", port, local_addr=(local, 0))


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """Read one answer (it must carry content-length); return status, headers and body."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
    lines = head.decode("latin-1").strip().split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), READ_TIMEOUT)
    return status, headers, body


async def exchange(port: int, data: bytes, local: str = "127.0.0.1") -> tuple[int, dict, bytes]:
    reader, writer = await connect(port, local)
    writer.write(data)
    with contextlib.suppress(ConnectionError):
        await writer.drain()
    try:
        return await read_answer(reader)
    finally:
        writer.close()


def assert_json_error(headers: dict[str, str], body: bytes, error: str) -> None:
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"error": error}


@pytest.fixture
def serve(make_settings: Callable[..., Settings], sqlite_engine: AsyncEngine) -> Callable[..., Any]:
    def factory(**overrides: Any) -> Any:
        return running(make_settings(**overrides), sqlite_engine)

    return factory


async def test_huge_header_is_431_before_it_is_buffered(serve) -> None:
    async with serve() as port:
        reader, writer = await connect(port)
        answer = asyncio.create_task(read_answer(reader))
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
        chunk = b"a" * 65536
        with contextlib.suppress(ConnectionError):
            for _ in range(512):  # up to 32 MiB; the server answers after the first 16 KiB
                if answer.done():
                    break
                writer.write(chunk)
                await writer.drain()
        status, headers, body = await answer
        writer.close()
    assert status == 431
    assert_json_error(headers, body, "request_header_fields_too_large")


async def test_too_many_headers_is_431(serve) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
    request += b"".join(b"X-H%d: 1\r\n" % i for i in range(150)) + b"\r\n"
    async with serve() as port:
        status, headers, body = await exchange(port, request)
    assert status == 431
    assert_json_error(headers, body, "request_header_fields_too_large")


async def test_headers_within_limits_are_served(serve) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    request += b"".join(b"X-H%d: 1\r\n" % i for i in range(90)) + b"\r\n"
    async with serve() as port:
        status, _, body = await exchange(port, request)
    assert (status, json.loads(body)) == (200, {"status": "ok"})


async def test_slow_headers_get_408(serve) -> None:
    async with serve(header_timeout_seconds=0.5) as port:
        status, headers, body = await exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    assert status == 408
    assert_json_error(headers, body, "request_timeout")


async def test_silent_connection_gets_408(serve) -> None:
    async with serve(header_timeout_seconds=0.5) as port:
        status, headers, body = await exchange(port, b"")
    assert status == 408
    assert_json_error(headers, body, "request_timeout")


async def test_partial_body_gets_408(serve) -> None:
    request = (
        b"POST /request/ui HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"target": '
    )
    async with serve(body_timeout_seconds=0.5) as port:
        status, headers, body = await exchange(port, request)
    assert status == 408
    assert_json_error(headers, body, "request_timeout")


async def test_idle_keep_alive_connection_is_closed(serve) -> None:
    async with serve(keep_alive_timeout_seconds=0.3) as port:
        reader, writer = await connect(port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        status, _, body = await read_answer(reader)
        rest = await asyncio.wait_for(reader.read(), READ_TIMEOUT)  # EOF: the server closed
        writer.close()
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert rest == b""


async def test_malformed_request_gets_json_400(serve) -> None:
    async with serve() as port:
        status, headers, body = await exchange(port, b"\x16\x03\x01 NOT HTTP\r\n\r\n")
    assert status == 400
    assert_json_error(headers, body, "bad_request")


async def test_one_address_cannot_take_healthz_down(serve) -> None:
    async with serve(max_connections=60, max_connections_per_client=10) as port:
        flood = [await connect(port, "127.0.0.2") for _ in range(40)]
        refused = 0
        for reader, _ in flood[10:]:
            status, headers, body = await read_answer(reader)
            assert status == 503
            assert_json_error(headers, body, "too_many_connections")
            refused += 1
        status, _, body = await exchange(
            port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "127.0.0.3"
        )
        for _, writer in flood:
            writer.close()
    assert refused == 30
    assert (status, json.loads(body)) == (200, {"status": "ok"})


async def test_total_connection_cap(serve) -> None:
    async with serve(max_connections=5, max_connections_per_client=100) as port:
        held = [await connect(port, f"127.0.0.{10 + i}") for i in range(5)]
        status, headers, body = await exchange(port, b"GET /healthz HTTP/1.1\r\n\r\n")
        for _, writer in held:
            writer.close()
    assert status == 503
    assert_json_error(headers, body, "too_many_connections")


async def test_head_over_the_wire(serve) -> None:
    async with serve() as port:
        reader, writer = await connect(port)
        writer.write(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = await asyncio.wait_for(reader.read(), READ_TIMEOUT)
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"content-length: 15" in head.lower()
    assert body == b""


# In-process (ASGI) checks of what the application itself answers.


@pytest.mark.parametrize(
    "body",
    [b"[" * 6000, b'{"target": ' + b"[" * 3000 + b"]" * 3000 + b"}", b"{" * 40],
)
async def test_deeply_nested_json_is_400_not_500(make_client, body: bytes) -> None:
    h = await make_client()
    r = await h.client.post(
        "/request/ui", content=body, headers={"content-type": "application/json"}
    )
    assert (r.status_code, r.json()) == (400, {"error": "invalid_json"})


def test_json_depth_scan_ignores_brackets_in_strings() -> None:
    assert not json_too_deep(b'{"target": "' + b"[" * 100 + b'"}')
    assert not json_too_deep(b'{"a": "\\"[[[[[["}', limit=1)
    assert json_too_deep(b"[[[", limit=2)
    assert not json_too_deep(b"[[]]", limit=2)


async def test_head_works_where_get_does(make_client, dns) -> None:
    h = await make_client()
    get = await h.client.get("/healthz")
    head = await h.client.head("/healthz")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert (await h.client.head("/api/checkdns/nothing.example")).status_code == 404


async def test_trailing_slash_is_not_redirected(make_client) -> None:
    h = await make_client()
    r = await h.client.get("/api/checkdns/a.test/", headers={"host": "evil.example"})
    assert r.status_code == 404
    assert "location" not in r.headers
    assert r.json() == {"error": "not_found"}
