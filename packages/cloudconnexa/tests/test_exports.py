"""The public surface: one sorted ``__all__``, pinned."""

from __future__ import annotations

import cloudconnexa
import cloudconnexa.types

EXPECTED = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCloudConnexaClient",
    "AuthenticationError",
    "BadRequestError",
    "CloudConnexaClient",
    "CloudConnexaError",
    "ConfigurationError",
    "ConflictError",
    "CursorPage",
    "FieldError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "NotSupportedError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "RetryPolicy",
    "Throttle",
    "TokenState",
    "UnprocessableEntityError",
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
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CloudConnexaError,
        ConfigurationError,
        InternalServerError,
        NotFoundError,
        NotSupportedError,
        RateLimitError,
    )

    for cls in (AuthenticationError, APIError, APIConnectionError, ConfigurationError):
        assert issubclass(cls, CloudConnexaError)
    for cls in (AuthenticationError, NotFoundError, BadRequestError, RateLimitError):
        assert issubclass(cls, APIStatusError)
    assert issubclass(InternalServerError, APIError)
    assert issubclass(NotSupportedError, NotFoundError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(ConfigurationError, ValueError)
