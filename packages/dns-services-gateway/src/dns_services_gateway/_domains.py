"""No-I/O domain logic: registrar domains joined with hosted zones (dns-services-api.md §9, §11)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ._exceptions import APIResponseValidationError
from ._records import _clean, _optional_int, _records_iter
from .types.domains import DNS_SERVICES_NAMESERVERS, Domain
from .types.records import ZoneRef

__all__ = [
    "delegation_status",
    "join_domains",
    "parse_nameserver_list",
    "parse_nameservers",
    "parse_registrar_domains",
    "service_operation",
]


def _parse_date(value: Any) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _parse_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def parse_registrar_domains(body: Any) -> list[dict[str, Any]]:
    """Parse ``GET /api/domain`` (dns-services-api.md §9) into plain dicts of the fields we use.

    Args:
        body: ``{"domains": [{"id", "name", "expires", "status", "autorenew", "daytoexpire",
            ...}]}``; an ``{"error": ...}`` body has been rejected before.

    Returns:
        Dicts with ``registrar_id``, ``name``, ``status``, ``expires``, ``days_to_expiry``,
        ``autorenew`` and ``nameservers`` (when present).

    Raises:
        APIResponseValidationError: No ``domains`` list.
    """
    if not isinstance(body, dict) or not isinstance(body.get("domains", []), list | dict):
        raise APIResponseValidationError("GET /api/domain: expected a domains list", body=body)
    out = []
    for raw in _records_iter(body.get("domains", [])):
        if not isinstance(raw, dict) or "name" not in raw:
            continue
        nameservers = raw.get("nameservers")
        out.append(
            {
                "registrar_id": None if raw.get("id") is None else str(raw["id"]),
                "name": _clean(str(raw["name"])),
                "status": raw.get("status"),
                "expires": _parse_date(raw.get("expires")),
                "days_to_expiry": _optional_int(raw.get("daytoexpire")),
                "autorenew": _parse_bool(raw.get("autorenew")),
                "nameservers": [_clean(str(ns)) for ns in nameservers if ns]
                if isinstance(nameservers, list)
                else [],
            }
        )
    return out


def parse_nameservers(body: Any) -> list[str]:
    """Extract registrar nameservers from ``GET /api/domain/{id}`` (``details.nameservers``).

    Args:
        body: The decoded body.

    Returns:
        Lower-case host names; empty when the body has none.
    """
    details = body.get("details") if isinstance(body, dict) else None
    servers = details.get("nameservers") if isinstance(details, dict) else None
    if isinstance(servers, dict):
        servers = list(servers.values())
    if not isinstance(servers, list):
        return []
    return [_clean(str(ns)) for ns in servers if ns]


def parse_nameserver_list(body: Any) -> list[str]:
    """Extract nameservers from ``GET /api/domain/{id}/ns``, whose shape is undocumented.

    Accepted (dns-services-api.md §9 gives only "Success"): ``{"nameservers": [...]}``, the
    ``{"details": {"nameservers": ...}}`` shape of the domain details, a bare list, and lists
    written as objects with positional keys (§6.1 item 1) or as ``ns1``..``nsN`` fields.

    Args:
        body: The decoded body.

    Returns:
        Lower-case host names without trailing dot, in the order given; empty when none.
    """
    if isinstance(body, dict) and isinstance(body.get("details"), dict):
        return parse_nameservers(body)
    servers: Any = body.get("nameservers", body) if isinstance(body, dict) else body
    if isinstance(servers, dict):
        keys = [k for k in servers if re.fullmatch(r"ns\d+|\d+", str(k))]
        servers = [servers[k] for k in sorted(keys, key=lambda k: int(str(k).lstrip("ns")))]
    if not isinstance(servers, list):
        return []
    return [_clean(str(ns)) for ns in servers if isinstance(ns, str) and ns.strip()]


def delegation_status(nameservers: list[str]) -> bool | None:
    """Tell whether registrar nameservers delegate to the provider (dns-services-api.md §11).

    Args:
        nameservers: The registrar nameservers.

    Returns:
        None when unknown (empty list), else whether all are provider nameservers.
    """
    if not nameservers:
        return None
    return set(nameservers) <= set(DNS_SERVICES_NAMESERVERS)


def join_domains(registrar: list[dict[str, Any]], zones: list[ZoneRef]) -> list[Domain]:
    """Join registrar domains with hosted zones by name (dns-services-api.md §11).

    Args:
        registrar: Output of :func:`parse_registrar_domains`.
        zones: Output of :func:`parse_zone_list`.

    Returns:
        One :class:`Domain` per name, sorted by name.
    """
    by_zone = {zone.name: zone for zone in zones}
    out: dict[str, Domain] = {}
    for entry in registrar:
        zone = by_zone.get(entry["name"])
        out[entry["name"]] = Domain(
            **entry,
            hosted=zone is not None,
            zone_id=zone.id if zone else None,
            service_id=zone.service_id if zone else None,
            dns_configured=delegation_status(entry["nameservers"]) if zone else False,
        )
    for zone in zones:
        if zone.name not in out:
            out[zone.name] = Domain(
                name=zone.name, hosted=True, zone_id=zone.id, service_id=zone.service_id
            )
    return [out[name] for name in sorted(out)]


def service_operation(entry: object) -> str | None:
    """Describe one entry of ``GET /api/service/{id}/methods`` for ``available_operations``.

    Entries look like ``{"name": "Upgrade Request", "method": "POST", "route":
    "/service/@id/upgrade"}``: ``method`` is the HTTP method (Swagger ``serviceMethods``).

    Args:
        entry: One item of the ``methods`` list.

    Returns:
        ``"service: Upgrade Request (POST /service/@id/upgrade)"``, or None for an entry
        that is not a mapping or names nothing.
    """
    if not isinstance(entry, dict):
        return None
    name = str(entry.get("name") or "").strip()
    call = f"{str(entry.get('method') or '').strip().upper()} {entry.get('route') or ''}".strip()
    if name and call:
        return f"service: {name} ({call})"
    return f"service: {name or call}" if name or call else None
