"""The public surface: one sorted ``__all__``, pinned."""

from __future__ import annotations

import cloudconnexa
import cloudconnexa.types

EXPECTED = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncCloudConnexaClient",
    "AuthenticationError",
    "CloudConnexaClient",
    "CloudConnexaError",
    "ConfigurationError",
    "ConflictError",
    "CursorPage",
    "FieldError",
    "InvalidArgumentError",
    "NotFoundError",
    "NotSupportedError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "ResponseValidationError",
    "RetryPolicy",
    "ServerError",
    "Throttle",
    "TokenState",
    "ValidationError",
    "__version__",
]


def test_all_is_pinned_and_sorted():
    assert cloudconnexa.__all__ == EXPECTED
    assert sorted(cloudconnexa.__all__) == cloudconnexa.__all__
    for name in cloudconnexa.__all__:
        assert hasattr(cloudconnexa, name)


def test_types_all_is_sorted_and_resolves():
    names = cloudconnexa.types.__all__
    assert names == sorted(names)
    assert {"Page", "CursorPage", "UserResponse", "NetworkCreateRequest"} <= set(names)
    for name in names:
        assert hasattr(cloudconnexa.types, name)


def test_exception_tree():
    from cloudconnexa import (
        APIConnectionError,
        APIError,
        APITimeoutError,
        AuthenticationError,
        CloudConnexaError,
        ConfigurationError,
        NotFoundError,
        NotSupportedError,
        RateLimitError,
        ServerError,
        ValidationError,
    )

    for cls in (AuthenticationError, APIError, APIConnectionError, ConfigurationError):
        assert issubclass(cls, CloudConnexaError)
    for cls in (NotFoundError, ValidationError, RateLimitError, ServerError):
        assert issubclass(cls, APIError)
    assert issubclass(NotSupportedError, NotFoundError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(ConfigurationError, ValueError)
