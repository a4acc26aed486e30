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
    APITimeoutError,
    AuthenticationError,
    CloudConnexaError,
    ConfigurationError,
    ConflictError,
    FieldError,
    InvalidArgumentError,
    NotFoundError,
    NotSupportedError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    ValidationError,
)
from cloudconnexa._sync._client import CloudConnexaClient
from cloudconnexa.types import CursorPage, Page

#: The version of this package (PEP 440).
__version__ = "0.1.0"

__all__ = [
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
