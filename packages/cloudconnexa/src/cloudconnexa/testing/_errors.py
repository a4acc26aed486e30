"""Error replies in the shapes the real API uses.

* Validation and business errors use `ErrorResponse` (openapi-1.1.0.json
  `components.schemas.ErrorResponse`): `{"errorDetails": {"<field>": [{"errorCode", "message",
  "params"}]}, "errorMessage", "statusError"}`. The real `statusError` string is unverified; the
  fake uses the HTTP reason phrase (cloudconnexa-api.md §8, §11 item 17).
* Unknown paths get the API gateway's body: `{"path", "requestId", "status", "statusError",
  "timestamp"}` (cloudconnexa-api.md §8).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

# Error codes. Only "0-10-25" (a length check) has been seen on a real tenant (cloudconnexa-api.md
# §8); the others are the fake's own and are documented as such.
CODE_LENGTH = "0-10-25"
CODE_REQUIRED = "0-10-1"
CODE_INVALID = "0-10-2"
CODE_UNKNOWN_REFERENCE = "0-10-3"
CODE_RANGE = "0-10-4"


def reason(status: int) -> str:
    """Return the HTTP reason phrase for a status code.

    Args:
        status: An HTTP status code.

    Returns:
        The standard reason phrase (`Bad Request` for 400), or `Error` for a code Python's
        `http.HTTPStatus` does not know.
    """
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class FieldErrors:
    """Collects per-field validation errors so that one reply names every problem."""

    def __init__(self) -> None:
        self.details: dict[str, list[dict[str, Any]]] = {}

    def add(
        self, field: str, code: str, message: str, params: dict[str, Any] | None = None
    ) -> None:
        """Record one problem with a field.

        Args:
            field: The request field's JSON name (dotted for nested fields).
            code: The error code.
            message: The message, possibly with `{placeholders}`.
            params: Values for the placeholders (see `detail`).
        """
        self.details.setdefault(field, []).append(detail(code, message, params))

    def __bool__(self) -> bool:
        return bool(self.details)

    def raise_if_any(self, message: str = "Validation failed") -> None:
        """Raise a 400 `FakeAPIError` carrying the collected details, if there are any.

        Args:
            message: The `errorMessage` of the reply.

        Raises:
            FakeAPIError: When at least one problem was recorded.
        """
        if self.details:
            raise FakeAPIError(400, message, self.details)


def detail(code: str, message: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build one `ErrorDetails` entry.

    The real length error leaves its `{min}`/`{max}` placeholders unfilled and sends no
    `params` (cloudconnexa-api.md §8), so the fake does the same for `CODE_LENGTH`. Other messages
    are the fake's own and get their placeholders filled in. `params` is never sent: the document
    types each of its values as an object, which plain numbers would violate.

    Args:
        code: The error code.
        message: The message.
        params: Placeholder values.

    Returns:
        The `{"errorCode", "message"}` entry.
    """
    if params and code != CODE_LENGTH:
        message = message.format(**{k: _text(v) for k, v in params.items()})
    return {"errorCode": code, "message": message}


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class FakeAPIError(Exception):
    """An error reply with an `ErrorResponse` body.

    Args:
        status: HTTP status.
        message: The `errorMessage`.
        details: The `errorDetails` map (empty if None).
    """

    def __init__(
        self, status: int, message: str, details: dict[str, list[dict[str, Any]]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or {}

    def body(self) -> dict[str, Any]:
        """Return the `ErrorResponse` body.

        Returns:
            `{"errorDetails", "errorMessage", "statusError"}` for this error's status, message
            and details.
        """
        return error_body(self.status, self.message, self.details)


def error_body(
    status: int, message: str, details: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """Build an `ErrorResponse` body.

    Args:
        status: HTTP status, turned into `statusError`.
        message: The `errorMessage`.
        details: The per-field `errorDetails`.

    Returns:
        The JSON-ready body.
    """
    return {"errorDetails": details or {}, "errorMessage": message, "statusError": reason(status)}


def not_found(kind: str, item_id: str) -> FakeAPIError:
    """Return the 404 for an unknown id (cloudconnexa-api.md §7: probably 404, unverified).

    Args:
        kind: Human name of the resource (`Network`, `User`...), put in the message.
        item_id: The id that was asked for.

    Returns:
        The error `<kind> with id <item_id> not found`, for the caller to raise.
    """
    return FakeAPIError(404, f"{kind} with id {item_id} not found")


def gateway_body(status: int, path: str, request_id: str, timestamp_ms: int) -> dict[str, Any]:
    """Build the API gateway's body for unknown paths and wrong methods (cloudconnexa-api.md §8).

    Args:
        status: The HTTP status (404 or 405); also turned into `statusError`.
        path: The request's URL path.
        request_id: The request id the reply carries.
        timestamp_ms: The reply time, in milliseconds since the Unix epoch.

    Returns:
        `{"path", "requestId", "status", "statusError", "timestamp"}`.
    """
    return {
        "path": path,
        "requestId": request_id,
        "status": status,
        "statusError": reason(status),
        "timestamp": timestamp_ms,
    }


class UnknownPath(Exception):
    """Raised by handlers of newer-API paths on a 1.1.0 tenant; answered with the gateway 404."""
