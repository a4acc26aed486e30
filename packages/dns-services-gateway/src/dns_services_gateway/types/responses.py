"""The operation envelope, verification results, health and authentication status."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AuthStatus",
    "CheckResult",
    "ErrorInfo",
    "HealthStatus",
    "OperationData",
    "OperationResponse",
    "VerificationResult",
    "VerifyLevel",
]

VerifyLevel = Literal["none", "api", "dns"]
"""How far to verify a change: not at all, by re-reading the zone, or also over DNS."""


class CheckResult(BaseModel):
    """The outcome of one verification level.

    Attributes:
        ok: True when the check passed, False when it showed the change is absent or wrong,
            None when it could not be carried out.
        reason: Why, in one sentence (always set, including on success).
        details: Level-specific facts: serials, nameservers asked, answers, attempts, elapsed
            seconds.
    """

    model_config = ConfigDict(frozen=True)

    ok: bool | None
    reason: str
    details: dict[str, Any] = Field(default_factory=dict)


class VerificationResult(BaseModel):
    """Verification of one change at up to two levels.

    Attributes:
        verified: True when every requested level passed, False when one showed the change
            is missing, None when a level could not be checked (see ``reason``).
        level: The level requested.
        api: The API re-read check (record present as sent, SOA serial moved).
        dns: The authoritative-nameserver check, when requested.
        reason: A summary of why ``verified`` has its value.
    """

    model_config = ConfigDict(frozen=True)

    verified: bool | None
    level: VerifyLevel
    api: CheckResult | None = None
    dns: CheckResult | None = None
    reason: str


class ErrorInfo(BaseModel):
    """An error carried by an ``status="error"`` envelope.

    Attributes:
        type: The exception class name (``InvalidArgumentError``, ``APIOperationError``, ...).
        message: The secret-free message.
        field: The offending input field for validation errors.
        status_code: The HTTP status for API errors.
        errors: The API's ``error`` list, when it sent one.
    """

    model_config = ConfigDict(frozen=True)

    type: str
    message: str
    field: str | None = None
    status_code: int | None = None
    errors: list[str] = Field(default_factory=list)


class OperationData(BaseModel):
    """The ``data`` part of the envelope.

    Attributes:
        before: The record set (same name and type) and SOA serial before the change:
            ``{"serial": int | None, "records": [record, ...]}``; None when not read.
        after: The same after the change; None when not read.
        verified: The overall verification verdict (see :class:`VerificationResult`).
        verification: The per-level details.
    """

    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    verified: bool | None = None
    verification: VerificationResult | None = None


class OperationResponse(BaseModel):
    """The envelope returned by ``manage_record`` (the gateway plan's response structure).

    ``model_dump(mode="json")`` gives::

        {"status": "success" | "error",
         "operation": "create" | "read" | "update" | "delete" | "ensure",
         "timestamp": "2026-01-01T12:00:00.000000Z",
         "data": {"before": {...}, "after": {...}, "verified": true, "verification": {...}},
         "metadata": {"domain": ..., "record_type": ..., "ttl": ..., ...},
         "error": null | {"type", "message", "field", "status_code", "errors"}}

    Attributes:
        status: ``"success"`` or ``"error"``.
        operation: The action performed.
        timestamp: When the operation finished (UTC).
        data: Before/after state and verification.
        metadata: ``domain``, ``record_type``, ``name`` (FQDN), ``ttl``, ``record_ids``,
            ``zone_id``, ``serial_before``, ``serial_after``, ``duration_ms`` and, for a
            write, ``outcome``: ``created``, ``updated``, ``deleted``, ``unchanged`` (the zone
            already held the record as asked; nothing was sent) or ``absent`` (a delete with
            ``missing_ok`` found nothing).
        error: The error, for ``status="error"``.
    """

    status: Literal["success", "error"]
    operation: Literal["create", "read", "update", "delete", "ensure"]
    timestamp: dt.datetime
    data: OperationData = Field(default_factory=OperationData)
    metadata: dict[str, Any] = Field(default_factory=dict)
    error: ErrorInfo | None = None

    @property
    def ok(self) -> bool:
        """True for ``status="success"``."""
        return self.status == "success"


class HealthStatus(BaseModel):
    """The result of ``client.health()`` (an authenticated ``GET /api/details``).

    Attributes:
        ok: True when the API answered the authenticated probe.
        api_url: The API root that was probed.
        latency_ms: Round-trip time of the probe in milliseconds.
        auth_mode: ``"jwt"`` or ``"basic"``.
        account_email: The e-mail of the account, when the API returned it.
        rate_limit: The last login rate-limit headers seen (``limit``, ``remaining``,
            ``reset`` seconds); empty when none were seen.
        error: The error message when ``ok`` is False.
        error_type: The exception class name when ``ok`` is False, for example
            ``"AuthenticationError"`` or ``"APIConnectionError"``.
    """

    model_config = ConfigDict(frozen=True)

    ok: bool
    api_url: str
    latency_ms: float | None = None
    auth_mode: str
    account_email: str | None = None
    rate_limit: dict[str, int] = Field(default_factory=dict)
    error: str | None = None
    error_type: str | None = None


class AuthStatus(BaseModel):
    """What the client knows about its credentials, without any secret.

    Attributes:
        mode: ``"jwt"`` or ``"basic"``.
        username: The account e-mail.
        token_present: Whether an access token is held (JWT mode).
        refresh_token_present: Whether a refresh token is held.
        expires_at: The access token's expiry (from its ``exp`` claim), if known.
        expires_in: Seconds until expiry (negative when expired), if known.
        token_path: The token file path, when tokens are stored on disk.
        token_file_exists: Whether that file exists.
    """

    model_config = ConfigDict(frozen=True)

    mode: str
    username: str | None
    token_present: bool
    refresh_token_present: bool = False
    expires_at: dt.datetime | None = None
    expires_in: float | None = None
    token_path: str | None = None
    token_file_exists: bool = False
