"""A typed client for the OpenVPN CloudConnexa API (document version 1.1.0).

``CloudConnexaClient`` (sync) and ``AsyncCloudConnexaClient`` share one implementation; see
the package README for a quick start, the services table and the error hierarchy.
"""

from cloudconnexa._async._client import AsyncCloudConnexaClient
from cloudconnexa._auth import TokenState
from cloudconnexa._base import RateLimitInfo, RetryPolicy, Throttle
from cloudconnexa._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CloudConnexaError,
    ConfigurationError,
    ConflictError,
    FieldError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    NotSupportedError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    deprecated_name,
)
from cloudconnexa._sync._client import CloudConnexaClient
from cloudconnexa.types import CursorPage, Page

#: The version of this package (PEP 440).
__version__ = "0.1.0"

__all__ = [
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


def __getattr__(name: str) -> type[CloudConnexaError]:
    """Resolve a deprecated exception name, such as ``ValidationError`` (PEP 562).

    Args:
        name: The attribute name being accessed.

    Returns:
        The class that replaced the old name (a ``DeprecationWarning`` names it).
    """
    return deprecated_name(__name__, name)
