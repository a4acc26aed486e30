"""dns_services_gateway: a typed client for the DNS.services API, sync and async.

Quick start::

    from dns_services_gateway import DNSServicesClient

    with DNSServicesClient.from_env() as client:
        response = client.manage_record(
            action="create", domain="example.com", record_type="A",
            data={"name": "www", "content": "192.0.2.1", "ttl": 3600},
        )
        print(response.model_dump(mode="json"))
"""

from ._async._client import AsyncDNSServicesClient
from ._async._dns import Nameserver
from ._auth import JWTAuth
from ._base import RetryPolicy
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIOperationError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    DNSServicesError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TokenFileError,
    UnprocessableEntityError,
    deprecated_name,
)
from ._settings import Settings
from ._sync._client import DNSServicesClient
from ._version import __version__
from ._zones import PlanThresholdError
from .types import (
    SOA,
    AuthStatus,
    BatchResult,
    ChangeResult,
    CheckResult,
    Domain,
    DomainDetails,
    ErrorInfo,
    HealthStatus,
    OperationData,
    OperationResponse,
    PlannedChange,
    Record,
    RecordChange,
    RecordType,
    VerificationResult,
    VerifyLevel,
    Zone,
    ZoneChange,
    ZoneFormat,
    ZonePlan,
    ZoneRef,
    ZoneSyncResult,
)

__all__ = [
    "SOA",
    "APIConnectionError",
    "APIError",
    "APIOperationError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncDNSServicesClient",
    "AuthStatus",
    "AuthenticationError",
    "BadRequestError",
    "BatchResult",
    "ChangeResult",
    "CheckResult",
    "ConfigurationError",
    "ConflictError",
    "DNSServicesClient",
    "DNSServicesError",
    "Domain",
    "DomainDetails",
    "ErrorInfo",
    "HealthStatus",
    "InternalServerError",
    "InvalidArgumentError",
    "JWTAuth",
    "Nameserver",
    "NotFoundError",
    "OperationData",
    "OperationResponse",
    "PermissionDeniedError",
    "PlanThresholdError",
    "PlannedChange",
    "RateLimitError",
    "Record",
    "RecordChange",
    "RecordType",
    "RetryPolicy",
    "Settings",
    "TokenFileError",
    "UnprocessableEntityError",
    "VerificationResult",
    "VerifyLevel",
    "Zone",
    "ZoneChange",
    "ZoneFormat",
    "ZonePlan",
    "ZoneRef",
    "ZoneSyncResult",
    "__version__",
]


def __getattr__(name: str) -> type[DNSServicesError]:
    """Resolve a deprecated exception name, such as ``ValidationError`` (PEP 562).

    Args:
        name: The attribute name being accessed.

    Returns:
        The class that replaced the old name (a ``DeprecationWarning`` names it).
    """
    return deprecated_name(__name__, name)
