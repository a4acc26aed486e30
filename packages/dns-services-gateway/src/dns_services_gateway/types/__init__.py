"""Public models of the DNS.services client."""

from .batch import BatchResult, ChangeResult, PlannedChange, RecordChange
from .domains import DNS_SERVICES_NAMESERVERS, Domain, DomainDetails
from .records import RECORD_TYPES, SOA, Record, RecordType, Zone, ZoneRef
from .responses import (
    AuthStatus,
    CheckResult,
    ErrorInfo,
    HealthStatus,
    OperationData,
    OperationResponse,
    VerificationResult,
    VerifyLevel,
)
from .zones import ZoneChange, ZoneFormat, ZonePlan, ZoneSyncResult

__all__ = [
    "DNS_SERVICES_NAMESERVERS",
    "RECORD_TYPES",
    "SOA",
    "AuthStatus",
    "BatchResult",
    "ChangeResult",
    "CheckResult",
    "Domain",
    "DomainDetails",
    "ErrorInfo",
    "HealthStatus",
    "OperationData",
    "OperationResponse",
    "PlannedChange",
    "Record",
    "RecordChange",
    "RecordType",
    "VerificationResult",
    "VerifyLevel",
    "Zone",
    "ZoneChange",
    "ZoneFormat",
    "ZonePlan",
    "ZoneRef",
    "ZoneSyncResult",
]
