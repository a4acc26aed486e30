"""The exceptions raised by the CloudConnexa client.

Every error derives from :class:`CloudConnexaError`, so ``except CloudConnexaError`` catches
them all::

    CloudConnexaError
    ├── ConfigurationError            (also ValueError) bad client settings, before any request
    ├── InvalidArgumentError          (also ValueError) bad call arguments, before any request
    ├── APIConnectionError            no HTTP response (refused, reset, DNS failure)
    │   └── APITimeoutError           the request timed out
    ├── APIResponseValidationError    a 2xx response whose body is not what the API documents
    └── APIError                      the API answered and refused
        └── APIStatusError            a non-2xx HTTP status (``details`` per field, if sent)
            ├── BadRequestError             400
            ├── AuthenticationError         401, or the token endpoint refused the client
            │                               credentials
            ├── PermissionDeniedError       403
            ├── NotFoundError               404, and 400 whose message says "not found"
            │   └── NotSupportedError       the tenant does not serve a newer endpoint
            ├── ConflictError               409
            ├── UnprocessableEntityError    422
            ├── RateLimitError              429 after the retries ran out (``retry_after``
            │                               in seconds)
            └── InternalServerError         >= 500 after the retries ran out

Errors that come from a response carry ``status_code``, ``message``, ``request_id`` (when the
body or the ``X-Request-Id`` header has one) and ``body`` (parsed JSON, or the raw text, or
``None`` for an empty body). The status-to-class mapping lives in ``_base.make_status_error``.

The names and the shape of this tree are the same in the ``dns_services_gateway`` package (see
the conventions page of the documentation). Older names still resolve, with a
:class:`DeprecationWarning`: ``ValidationError`` is now :class:`BadRequestError`,
``ResponseValidationError`` is :class:`APIResponseValidationError` and ``ServerError`` is
:class:`InternalServerError`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CloudConnexaError",
    "ConfigurationError",
    "ConflictError",
    "FieldError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "NotSupportedError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]


@dataclass(frozen=True)
class FieldError:
    """One entry of an ``ErrorResponse.errorDetails`` list (API document, ``ErrorDetails``).

    Attributes:
        error_code: The API's code, such as ``"0-10-25"``.
        message: The message; the API leaves placeholders such as ``{min}`` unfilled.
        params: The placeholder values, when the API sends them.
    """

    error_code: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class CloudConnexaError(Exception):
    """Base class of every error raised by this package.

    Args:
        message: A one-line, human-readable description (never contains secrets).
        status_code: The HTTP status of the response that caused the error, if any.
        request_id: The request id reported by the API, if any.
        body: The parsed JSON body, the raw text, or ``None``.
        response: The ``httpx.Response``, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.body = body
        self.response = response

    def __str__(self) -> str:
        prefix = f"HTTP {self.status_code}: " if self.status_code is not None else ""
        suffix = f" (request id {self.request_id})" if self.request_id else ""
        return f"{prefix}{self.message}{suffix}"


class ConfigurationError(CloudConnexaError, ValueError):
    """The client was configured wrongly (base URL, credentials, limits)."""


class InvalidArgumentError(CloudConnexaError, ValueError):
    """A method was called with an argument the API would reject; nothing was sent."""


class APIConnectionError(CloudConnexaError):
    """No HTTP response arrived (connection refused or dropped), after any retries."""


class APITimeoutError(APIConnectionError):
    """The request timed out, after any retries."""


class APIResponseValidationError(CloudConnexaError):
    """A successful response did not have the documented shape (for example an HTML page).

    Formerly ``ResponseValidationError`` (that name still resolves, with a warning).
    """


class APIError(CloudConnexaError):
    """The API answered and reported a failure; the base of the status-keyed errors."""


class APIStatusError(APIError):
    """The API answered with a non-2xx status not covered by a more specific class.

    Args:
        message: A one-line, human-readable description (never contains secrets).
        details: The per-field errors of the ``ErrorResponse`` body (its ``errorDetails``),
            keyed by field name; empty when the body has none.
        status_code: The HTTP status of the response.
        request_id: The request id reported by the API, if any.
        body: The parsed JSON body, the raw text, or ``None``.
        response: The ``httpx.Response``, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        details: dict[str, list[FieldError]] | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            request_id=request_id,
            body=body,
            response=response,
        )
        self.details: dict[str, list[FieldError]] = details or {}

    def __str__(self) -> str:
        text = super().__str__()
        if not self.details:
            return text
        fields = "; ".join(
            f"{name}: {', '.join(e.message for e in errors)}"
            for name, errors in self.details.items()
        )
        return f"{text} [{fields}]"


class BadRequestError(APIStatusError):
    """HTTP 400: the API rejected the request body or parameters (see ``details``).

    Formerly ``ValidationError`` (that name still resolves, with a warning).
    """


class AuthenticationError(APIStatusError):
    """The API rejected the access token or the client credentials (HTTP 401, or 400 on token).

    Raised when the token endpoint (``POST /api/v1/oauth/token``) refuses the client id and
    secret, or when an API call still answers 401 after one token renewal.
    """


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the API key lacks a permission (per-key permissions exist since API 1.2.0)."""


class NotFoundError(APIStatusError):
    """HTTP 404, or the DNS-record quirk: HTTP 400 whose message contains "not found"."""


class NotSupportedError(NotFoundError):
    """The tenant does not serve an endpoint newer than API 1.1.0 (it answered 404)."""


class ConflictError(APIStatusError):
    """HTTP 409: the request conflicts with the tenant's current state."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the API understood the request but refused its content (see ``details``)."""


class RateLimitError(APIStatusError):
    """HTTP 429 after the configured retries ran out.

    Attributes:
        retry_after: The wait (seconds) the response implied, if it implied one.
    """

    retry_after: float | None = None


class InternalServerError(APIStatusError):
    """HTTP 500 or above, after the configured retries ran out (or on a non-idempotent request).

    Formerly ``ServerError`` (that name still resolves, with a warning).
    """


#: Old names that still resolve (with a ``DeprecationWarning``) to the class now used.
DEPRECATED_NAMES: dict[str, type[CloudConnexaError]] = {
    "ResponseValidationError": APIResponseValidationError,
    "ServerError": InternalServerError,
    "ValidationError": BadRequestError,
}


def deprecated_name(module: str, name: str) -> type[CloudConnexaError]:
    """Resolve an old exception name to its new class, warning that the name is deprecated.

    Args:
        module: The module the name was looked up in (for the error message).
        name: The attribute name being accessed.

    Returns:
        The class that replaced the old name.

    Raises:
        AttributeError: ``name`` is not a deprecated exception name.
    """
    try:
        new = DEPRECATED_NAMES[name]
    except KeyError:
        raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
    warnings.warn(
        f"{module}.{name} is deprecated; use {new.__name__}",
        DeprecationWarning,
        stacklevel=3,
    )
    return new


def __getattr__(name: str) -> type[CloudConnexaError]:
    """Resolve a deprecated exception name (module ``__getattr__``, PEP 562).

    Args:
        name: The attribute name being accessed.

    Returns:
        The class that replaced the old name.
    """
    return deprecated_name(__name__, name)
