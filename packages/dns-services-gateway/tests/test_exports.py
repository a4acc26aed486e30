"""The public surface is pinned: one sorted ``__all__`` per public module."""

from __future__ import annotations

import importlib.metadata

import dns_services_gateway
import dns_services_gateway.types

EXPECTED = [
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


def _isort_key(name: str) -> tuple[int, str]:
    # ruff RUF022 order: SCREAMING_CASE, then CamelCase, then the rest.
    if name.isupper():
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


def test_all_is_pinned_and_sorted() -> None:
    names = dns_services_gateway.__all__
    assert names == EXPECTED
    assert names == sorted(names, key=_isort_key)
    for name in names:
        assert hasattr(dns_services_gateway, name), name


def test_types_all_is_complete_and_sorted() -> None:
    names = dns_services_gateway.types.__all__
    assert names == sorted(names, key=_isort_key)
    public = {
        n for n in dir(dns_services_gateway.types) if not n.startswith("_") and not n.islower()
    }
    assert set(names) == public


def test_exceptions_share_one_base() -> None:
    for name in EXPECTED:
        obj = getattr(dns_services_gateway, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, dns_services_gateway.DNSServicesError), name


def test_version_matches_distribution() -> None:
    assert dns_services_gateway.__version__ == importlib.metadata.version("dns-services-gateway")
