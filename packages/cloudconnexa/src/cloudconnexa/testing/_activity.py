"""Regions, sessions, the DNS log, Cyber Shield lists and (newer tenants) the audit log.

* `GET /api/v1/regions` answers a bare JSON array (cloudconnexa-api.md §6).
* `GET /api/v1/sessions` is cursor-paginated: `size` is required (1..100), `startDate` defaults
  to now - 1 day and may be at most 30 days back, and `nextCursor` is omitted on the last batch
  (cloudconnexa-api.md §4).
* `GET /api/v1/dns-log/user-dns-resolutions/page` needs `startHour` (at most 30 days back),
  `hoursBack` 1..2 and `size` 10..10000 (cloudconnexa-api.md §4).
* `GET /api/v1/audit-log` exists only from v1.2.0: a 1.1.0 tenant answers the gateway 404;
  with `newer_api` it serves `{"auditLogs", "nextCursor"}` over windows of at most 24 h.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta
from typing import Any

from cloudconnexa.testing._errors import (
    CODE_INVALID,
    CODE_RANGE,
    FakeAPIError,
    UnknownPath,
    detail,
)
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._state import REGIONS, FakeState, envelope, page_params
from cloudconnexa.testing._validate import is_domain

SESSION_STATUSES = ("ACTIVE", "COMPLETED", "FAILED")


def _param_error_args(
    name: str, message: str, params: dict[str, Any] | None = None
) -> tuple[int, str, dict[str, list[dict[str, Any]]]]:
    entry = detail(CODE_INVALID, message, params)
    return 400, f"Invalid parameter '{name}'", {name: [entry]}


def _param_error(name: str, message: str, params: dict[str, Any] | None = None) -> FakeAPIError:
    return FakeAPIError(*_param_error_args(name, message, params))


def parse_instant(name: str, value: str) -> datetime:
    """Parse an ISO-8601 instant such as `2022-11-08T14:53:43Z`.

    Args:
        name: The query parameter the value came from, named in the error.
        value: The text to parse; `Z` stands for UTC.

    Returns:
        The timezone-aware datetime.

    Raises:
        FakeAPIError: 400 `Invalid parameter '<name>'` when the value is not an ISO-8601
            instant, or has no time zone.
    """
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        message = "must be an ISO-8601 instant such as 2022-11-08T14:53:43Z"
        raise FakeAPIError(*_param_error_args(name, message)) from None
    if parsed.tzinfo is None:
        raise FakeAPIError(*_param_error_args(name, "must include a time zone (use Z for UTC)"))
    return parsed


def iso(moment: datetime) -> str:
    """Format an aware datetime as an ISO instant with `Z`.

    Args:
        moment: A timezone-aware datetime in UTC.

    Returns:
        Its ISO-8601 text, `+00:00` written as `Z`.
    """
    return moment.isoformat().replace("+00:00", "Z")


def _int_param(req: Request, name: str, low: int, high: int, default: int | None) -> int:
    raw = req.query.get(name)
    if raw is None or raw == "":
        if default is None:
            raise req_missing(name)
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _param_error(name, "must be an integer") from None
    if not low <= value <= high:
        raise FakeAPIError(
            400,
            f"Invalid parameter '{name}'",
            {
                name: [
                    {
                        "errorCode": CODE_RANGE,
                        "message": f"must be between {low} and {high}",
                    }
                ]
            },
        )
    return value


def req_missing(name: str) -> FakeAPIError:
    """Return the 400 for a missing required query parameter.

    Args:
        name: The query parameter's name.

    Returns:
        The error `Required request parameter '<name>' is not present`, for the caller to raise.
    """
    return FakeAPIError(
        400,
        f"Required request parameter '{name}' is not present",
        {name: [{"errorCode": "0-10-1", "message": "must not be null"}]},
    )


def encode_cursor(offset: int) -> str:
    """Return an opaque cursor for a position.

    Args:
        offset: The 0-based index of the next item to serve.

    Returns:
        URL-safe base64 of `offset:<offset>`, without padding.
    """
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Decode a cursor made by `encode_cursor`.

    Args:
        cursor: The `cursor` query parameter.

    Returns:
        The offset it encodes.

    Raises:
        FakeAPIError: 400 `Invalid parameter 'cursor'` for a cursor the fake did not issue.
    """
    offset: int | None = None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix == "offset":
            offset = int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        offset = None
    if offset is None:
        raise FakeAPIError(*_param_error_args("cursor", "is not a valid cursor"))
    return offset


def _window(
    state: FakeState, req: Request, max_back: timedelta, max_span: timedelta | None
) -> tuple[datetime, datetime]:
    now = state.clock.now()
    start = (
        parse_instant("startDate", req.query["startDate"])
        if req.query.get("startDate")
        else now - timedelta(days=1)
    )
    end = parse_instant("endDate", req.query["endDate"]) if req.query.get("endDate") else now
    if start < now - max_back:
        raise _param_error(
            "startDate", "must not be more than {days} days in the past", {"days": max_back.days}
        )
    if end < start:
        raise _param_error("endDate", "must not be before startDate")
    if max_span is not None and end - start > max_span:
        raise _param_error("endDate", "The time window must not exceed 24 hours")
    return start, end


def _sessions(state: FakeState, req: Request) -> Reply:
    size = _int_param(req, "size", 1, 100, None)
    start, end = _window(state, req, timedelta(days=30), None)
    status = req.query.get("status")
    if status and status not in SESSION_STATUSES:
        raise _param_error("status", "must be one of {values}", {"values": list(SESSION_STATUSES)})
    if req.query.get("returnOnlyNew", "false") not in ("true", "false"):
        raise _param_error("returnOnlyNew", "must be true or false")
    offset = decode_cursor(req.query["cursor"]) if req.query.get("cursor") else 0
    matching = [
        s
        for s in state.sessions
        if start <= s["_start"] <= end and (not status or s["status"] == status)
    ]
    batch = matching[offset : offset + size]
    body: dict[str, Any] = {
        "sessions": [{k: v for k, v in s.items() if not k.startswith("_")} for s in batch]
    }
    if offset + size < len(matching):
        body["nextCursor"] = encode_cursor(offset + size)
    return Reply.json(body)


def _regions(state: FakeState, req: Request) -> Reply:
    return Reply.json([dict(r) for r in REGIONS])


def _dns_log_switch(enabled: bool) -> Any:
    def handler(state: FakeState, req: Request) -> Reply:
        state.dns_log_enabled = enabled
        return Reply.nothing(200)

    return handler


def _dns_log_page(state: FakeState, req: Request) -> Reply:
    raw = req.query.get("startHour")
    if not raw:
        raise req_missing("startHour")
    start_hour = parse_instant("startHour", raw).replace(minute=0, second=0, microsecond=0)
    if start_hour < state.clock.now() - timedelta(days=30):
        raise _param_error(
            "startHour", "must not be more than {days} days in the past", {"days": 30}
        )
    hours_back = _int_param(req, "hoursBack", 1, 2, 1)
    page, size = page_params(req.query, default_size=500, min_size=10, max_size=10000)
    low = start_hour - timedelta(hours=hours_back - 1)
    high = start_hour + timedelta(hours=1)
    matching = [r for r in state.dns_resolutions if low <= r["_time"] < high]
    items = (
        {k: v for k, v in r.items() if not k.startswith("_")}
        for r in matching[page * size : (page + 1) * size]
    )
    return Reply.json(envelope(items, len(matching), page, size))


def _cybershield(list_name: str, action: str) -> Any:
    def handler(state: FakeState, req: Request) -> Reply:
        body = req.body_object()
        target = state.cybershield[list_name]
        if action == "add":
            entries = body.obj_list("domainAndComments", required=True)
            pairs = []
            for entry in entries:
                domain = entry.text("domain", required=True, max_length=253)
                if domain and not is_domain(domain):
                    entry.fail("domain", CODE_INVALID, "must be a domain name")
                pairs.append((domain or "", entry.text("comment", max_length=255) or ""))
            body.done()
            target.update(pairs)
        else:
            domains = body.str_list("domains", required=True)
            body.done()
            for domain in domains:
                target.pop(domain, None)
        return Reply.nothing(200)

    return handler


def _audit_log(state: FakeState, req: Request) -> Reply:
    if not state.options.newer_api:
        raise UnknownPath
    size = _int_param(req, "size", 1, 100, 10)
    start, end = _window(state, req, timedelta(days=90), timedelta(hours=24))
    initiator = req.query.get("initiatorId")
    offset = decode_cursor(req.query["cursor"]) if req.query.get("cursor") else 0
    matching = [
        e
        for e in state.audit_log
        if start <= parse_instant("timestamp", e["timestamp"]) <= end
        and (not initiator or e["initiatorId"] == initiator)
    ]
    body: dict[str, Any] = {"auditLogs": matching[offset : offset + size]}
    if offset + size < len(matching):
        body["nextCursor"] = encode_cursor(offset + size)
    return Reply.json(body)


def register(router: Router) -> None:
    """Register regions, sessions, DNS log, Cyber Shield and audit-log operations.

    * `GET /api/v1/regions`: 200 with the bare array of regions.
    * `GET /api/v1/sessions`: 200 `{"sessions", "nextCursor"}`, `nextCursor` left out on the
      last batch; 400 when `size` is missing or outside 1..100, for a bad `startDate`/`endDate`
      (not an instant, more than 30 days back, end before start), an unknown `status`, a
      `returnOnlyNew` other than `true`/`false` or a cursor the fake did not issue.
    * `PUT /api/v1/dns-log/user-dns-resolutions/enable` and `/disable`: 200 without a body.
    * `GET /api/v1/dns-log/user-dns-resolutions/page`: 200 with the page envelope of the
      entries in the `hoursBack` hours up to `startHour`; 400 when `startHour` is missing,
      not an instant or more than 30 days back, `hoursBack` is outside 1..2 or `size` outside
      10..10000.
    * `POST /api/v1/cybershield/{allow,block}-list-{add,remove}-domains`: 200 without a body;
      400 `ErrorResponse` for a missing list or an invalid domain.
    * `GET /api/v1/audit-log`: on newer tenants 200 `{"auditLogs", "nextCursor"}` over a window
      of at most 24 hours starting at most 90 days back (400 otherwise); on 1.1.0 tenants the
      gateway 404.

    Args:
        router: The router to add the operations to.
    """
    router.add("GET", "/api/v1/regions", _regions)
    router.add("GET", "/api/v1/sessions", _sessions)
    router.add("PUT", "/api/v1/dns-log/user-dns-resolutions/enable", _dns_log_switch(True))
    router.add("PUT", "/api/v1/dns-log/user-dns-resolutions/disable", _dns_log_switch(False))
    router.add("GET", "/api/v1/dns-log/user-dns-resolutions/page", _dns_log_page)
    for list_name in ("allow", "block"):
        for action in ("add", "remove"):
            router.add(
                "POST",
                f"/api/v1/cybershield/{list_name}-list-{action}-domains",
                _cybershield(list_name, action),
            )
    router.add("GET", "/api/v1/audit-log", _audit_log)


def session_record(
    moment: datetime, status: str, index: int, user: dict[str, Any] | None
) -> dict[str, Any]:
    """Build one seeded session (fields of `SessionResponse`).

    Args:
        moment: The session's start, timezone-aware UTC.
        status: `ACTIVE`, `COMPLETED` or `FAILED`; the last two also get an end five minutes
            later and a disconnect reason.
        index: The session's number, which makes its id, device, addresses and byte counts.
        user: The stored user the session belongs to, or None for a made-up `user<index>`.

    Returns:
        The session record; the internal `_start` key holds `moment`, and fields without a
        value are left out.
    """
    record: dict[str, Any] = {
        "_start": moment,
        "id": f"session-{index:06d}",
        "userName": user["username"] if user else f"user{index}",
        "userId": user["id"] if user else None,
        "userGroup": "Default",
        "deviceName": f"device-{index}",
        "clientUUID": f"00000000-0000-4000-8000-{index:012d}",
        "osType": "Linux",
        "osVersion": "6.1",
        "region": "de-fra",
        "sessionStartTime": iso(moment),
        "status": status,
        "firstName": (user or {}).get("firstName"),
        "lastName": (user or {}).get("lastName"),
        "email": user["email"] if user else f"user{index}@example.com",
        "bytesIn": 1024 * index,
        "bytesOut": 2048 * index,
        "protocol": "UDP",
        "publicIp": f"198.51.100.{index % 254 + 1}",
        "tunnelIpV4": f"100.96.{(index // 254) % 256}.{index % 254 + 1}",
    }
    if status != "ACTIVE":
        end = moment + timedelta(minutes=5)
        record.update(
            sessionEndTime=iso(end),
            sessionDurationSeconds=300,
            disconnectReason="USER_DISCONNECTED" if status == "COMPLETED" else "AUTH_FAILED",
        )
    return {k: v for k, v in record.items() if v is not None}
