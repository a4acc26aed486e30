"""Exceptions raised by the DNS.services client, keyed by cause.

Every exception derives from :class:`DNSServicesError`::

    DNSServicesError
    ├── ConfigurationError            bad settings or environment (names the variable)
    │   └── TokenFileError            unsafe or unreadable token file
    ├── InvalidArgumentError          (also ValueError) a client-side check of an argument or
    │                                 of record data failed; nothing was sent
    ├── APIConnectionError            no usable response (DNS, TCP, TLS, dropped connection)
    │   └── APITimeoutError           the request timed out
    ├── APIResponseValidationError    a response body that does not have the documented shape
    └── APIError                      the API answered and refused (status, body, error list)
        ├── APIOperationError         failure reported inside HTTP 200 (``success: false``)
        └── APIStatusError            a non-2xx HTTP status
            ├── BadRequestError             400
            ├── AuthenticationError         401, and refused logins
            ├── PermissionDeniedError       403
            ├── NotFoundError               404, and unknown zones or records
            ├── ConflictError               409
            ├── UnprocessableEntityError    422
            ├── RateLimitError              429 (``retry_after`` in seconds)
            └── InternalServerError         >= 500

The mapping from a response to a class lives in one function,
:func:`dns_services_gateway._base.make_api_error`. Messages never contain secrets.

The names and the shape of this tree are the same in the ``cloudconnexa`` package (see the
conventions page of the documentation). Older names still resolve, with a
:class:`DeprecationWarning`: ``ValidationError`` is now :class:`InvalidArgumentError`.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIOperationError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "DNSServicesError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TokenFileError",
    "UnprocessableEntityError",
]


class DNSServicesError(Exception):
    """Base class of every error raised by this package.

    Args:
        message: A one-line, secret-free description.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(DNSServicesError, ValueError):
    """A setting or environment variable is missing or invalid.

    Args:
        message: What is wrong.
        variable: The environment variable (or argument) concerned, when there is one.
    """

    def __init__(self, message: str, *, variable: str | None = None) -> None:
        super().__init__(message)
        self.variable = variable


class TokenFileError(ConfigurationError):
    """The token file cannot be used safely (group/other permissions, bad content, I/O error)."""


class InvalidArgumentError(DNSServicesError, ValueError):
    """An argument or record data failed a client-side check; nothing was sent.

    Formerly ``ValidationError`` (that name still resolves, with a ``DeprecationWarning``).

    Args:
        field: The input field that is wrong (``"content"``, ``"ttl"``, ``"name"``, ...).
        reason: Why it is wrong.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class APIConnectionError(DNSServicesError):
    """The API could not be reached or the connection broke before a response arrived."""


class APITimeoutError(APIConnectionError):
    """The request did not complete within the configured timeout."""


class APIResponseValidationError(DNSServicesError):
    """A response body does not have the shape documented for the endpoint.

    Args:
        message: What was expected.
        body: The parsed (or raw text) body that did not match.
    """

    def __init__(self, message: str, *, body: Any = None) -> None:
        super().__init__(message)
        self.body = body


class APIError(DNSServicesError):
    """The API answered and reported a failure.

    Args:
        message: A one-line description.
        status_code: The HTTP status, or None for client-side lookups that found nothing.
        body: The parsed JSON body, or the raw text when the body is not JSON.
        errors: The body's ``error`` list, when present.
        info: The body's ``info`` list, when present.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: Any = None,
        errors: list[str] | None = None,
        info: list[Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.errors = errors or []
        self.info = info or []


class APIOperationError(APIError):
    """The API answered HTTP 200 with ``"success": false`` or an ``error`` list.

    See dns-services-api.md §8.
    """


class APIStatusError(APIError):
    """The API answered with a non-2xx HTTP status."""


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401, or a login/refresh that was refused: credentials or token are not accepted."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404, or a zone or record that does not exist in the account."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests.

    Args:
        message: A one-line description.
        retry_after: Seconds to wait before trying again (from ``Retry-After`` or
            ``X-RateLimit-Reset``), or None when the server gave no hint.
        **kwargs: Passed to :class:`APIError`.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """HTTP 500 or above."""


#: Old names that still resolve (with a ``DeprecationWarning``) to the class now used.
DEPRECATED_NAMES: dict[str, type[DNSServicesError]] = {
    "ValidationError": InvalidArgumentError,
}


def deprecated_name(module: str, name: str) -> type[DNSServicesError]:
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


def __getattr__(name: str) -> type[DNSServicesError]:
    """Resolve a deprecated exception name (module ``__getattr__``, PEP 562).

    Args:
        name: The attribute name being accessed.

    Returns:
        The class that replaced the old name.
    """
    return deprecated_name(__name__, name)
