"""JSON serialisation of the API's answers, for routes and for the raw ASGI middleware."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Send

__all__ = ["dumps", "send_json"]


def dumps(body: Any) -> bytes:
    """The compact UTF-8 JSON text of an answer body.

    Args:
        body: a JSON-ready value.

    Returns:
        The bytes, without spaces after separators.
    """
    return json.dumps(body, separators=(",", ":")).encode()


async def send_json(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Send a whole JSON answer on an ASGI channel (for middleware that runs before routing).

    Args:
        send: the ASGI send channel.
        status: the HTTP status code.
        body: the JSON-ready answer body.
        headers: extra raw headers, such as ``(b"retry-after", b"30")``.
    """
    payload = dumps(body)
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *(headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})
