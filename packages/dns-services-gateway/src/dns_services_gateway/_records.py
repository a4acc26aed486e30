"""No-I/O record logic: tolerant parsing of API bodies, names, validation, comparison."""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable
from typing import Any

import idna

from ._exceptions import APIResponseValidationError, InvalidArgumentError
from .types.records import RECORD_TYPES, SOA, Record, Zone, ZoneRef

__all__ = [
    "MAX_TTL",
    "MIN_TTL",
    "RecordSpec",
    "check_domain",
    "check_hostname",
    "check_name_in_domain",
    "coerce_int",
    "find_created",
    "matches",
    "normalize_content",
    "parse_zone",
    "parse_zone_list",
    "precheck_record",
    "relative_name",
    "split_txt",
    "to_ascii",
    "to_fqdn",
    "unquote_txt",
    "validate_record",
]

MIN_TTL = 1
"""Smallest TTL accepted, in seconds (0 would defeat caching and verification)."""
MAX_TTL = 2_147_483_647
"""Largest TTL, in seconds: 2^31 - 1 (RFC 2181 §8)."""
DEFAULT_TTL = 3600

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")
_CAA_TAGS = {"issue", "issuewild", "iodef", "issuemail", "issuevmc", "contactemail", "contactphone"}
_PRIORITY_TYPES = {"MX", "SRV"}


def coerce_int(value: Any, *, field: str = "value") -> int:
    """Parse an API number that may be an int or a numeric string (dns-services-api.md §2).

    Args:
        value: ``3600``, ``"3600"`` or ``" 10 "``.
        field: Field name for the error message.

    Returns:
        The integer.

    Raises:
        APIResponseValidationError: The value is not an integer.
    """
    if isinstance(value, bool):
        raise APIResponseValidationError(f"{field}: expected a number, got {value!r}", body=value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise APIResponseValidationError(f"{field}: expected a number, got {value!r}", body=value)


def _optional_int(value: Any) -> int | None:
    try:
        return coerce_int(value)
    except APIResponseValidationError:
        return None


# ---------------------------------------------------------------------------------- names


def to_ascii(name: str) -> str:
    """Turn an internationalised name into its ASCII (punycode) form, label by label.

    Labels with non-ASCII characters are mapped and encoded with UTS #46 (non-transitional)
    through the ``idna`` package (RFC 5891 §4); ASCII labels, ``_acme-challenge`` and the
    wildcard ``*`` included, are only lower-cased.

    Args:
        name: ``"bücher.example"``, ``"WWW.Example.COM."``, ...

    Returns:
        The name in lower case, non-ASCII labels as ``xn--`` labels; a trailing dot is kept.

    Raises:
        InvalidArgumentError: A label is not a valid internationalised label.
    """
    if name.isascii():
        return name.lower()
    labels = []
    for label in name.split("."):
        if label.isascii():
            labels.append(label.lower())
            continue
        try:
            labels.append(idna.encode(label, uts46=True, transitional=False).decode("ascii"))
        except idna.IDNAError as exc:
            raise InvalidArgumentError(
                "name", f"{label!r} is not a valid internationalised label: {exc}"
            ) from None
    return ".".join(labels)


def _clean(name: str) -> str:
    return to_ascii(name.strip()).rstrip(".")


def to_fqdn(name: str | None, zone: str) -> str:
    """Turn a relative name, an absolute name or ``@`` into the FQDN the API reads back.

    ``@``, an empty name and the zone name mean the apex. A trailing dot means absolute
    (RFC 1035 §5.1): the name must then be the zone or lie inside it. Without the dot, a name
    ending in ``.<zone>`` is taken as absolute too; anything else is relative to the zone.
    Internationalised names become punycode (:func:`to_ascii`).

    Args:
        name: ``"www"``, ``"www.example.com"``, ``"www.example.com."``, ``"@"`` or None.
        zone: The zone name.

    Returns:
        The lower-case FQDN without trailing dot.

    Raises:
        InvalidArgumentError: An absolute name (trailing dot) outside the zone, or a bad
            internationalised label.
    """
    zone = _clean(zone)
    if name is None:
        return zone
    cleaned = _clean(name)
    if cleaned in ("", "@") or cleaned == zone:
        return zone
    if cleaned.endswith("." + zone):
        return cleaned
    if name.strip().endswith(".") and name.strip() != ".":
        raise InvalidArgumentError(
            "name", f"{name.strip()!r} is absolute (trailing dot) and not inside zone {zone}"
        )
    return f"{cleaned}.{zone}"


def check_name_in_domain(name: Any, domain: Any) -> None:
    """Refuse, before any request, an absolute name that cannot be inside ``domain``'s zone.

    The zone of ``domain`` is ``domain`` or one of its parents with at least two labels (the
    client picks the longest hosted suffix, dns-services-api.md §5), so an absolute name
    (trailing dot) must end in the last two labels of ``domain``. The exact zone is checked
    again once it is known, before any write.

    Args:
        name: The owner name as given (only a ``str`` ending in ``.`` is checked).
        domain: The ``domain`` argument as given.

    Raises:
        InvalidArgumentError: The absolute name lies outside every possible zone of
            ``domain``.
    """
    if not isinstance(name, str) or not isinstance(domain, str):
        return
    text = name.strip()
    if not text.endswith(".") or text == "." or not domain.strip(". "):
        return
    absolute = _clean(text)
    base = _clean(domain)
    labels = base.split(".")
    floor = ".".join(labels[-2:]) if len(labels) >= 2 else base
    if absolute != floor and not absolute.endswith("." + floor):
        raise InvalidArgumentError(
            "name", f"{text!r} is absolute (trailing dot) and not inside {base}"
        )


def relative_name(fqdn: str, zone: str) -> str:
    """The name to send in a write: relative to the zone, or the zone name for the apex.

    The apex is sent as the zone's own name because the handling of ``@`` and empty names by
    the API is undocumented (dns-services-api.md §7).

    Args:
        fqdn: An FQDN inside ``zone``.
        zone: The zone name.

    Returns:
        ``"www"`` for ``www.example.com``; ``"example.com"`` for the apex.
    """
    zone = _clean(zone)
    fqdn = _clean(fqdn)
    if fqdn == zone:
        return zone
    return fqdn.removesuffix("." + zone)


def check_hostname(value: Any, field: str = "name", *, wildcard: bool = False) -> str:
    """Check a host name (RFC 1035 §2.3.1 labels, ``_`` allowed) and return it in ASCII.

    Args:
        value: The host name, with or without trailing dot; Unicode labels are accepted.
        field: The argument named in the error.
        wildcard: Accept a leading ``*`` label (owner names, RFC 4592 §2.1.1).

    Returns:
        The name in lower-case ASCII (punycode) without the trailing dot.

    Raises:
        InvalidArgumentError: Not a string, empty, longer than 253 characters, or a bad label.
    """
    if not isinstance(value, str):
        raise InvalidArgumentError(field, f"must be a host name, got {type(value).__name__}")
    return _check_hostname(value, field, wildcard=wildcard)


def _check_hostname(value: str, field: str, *, wildcard: bool = False) -> str:
    host = to_ascii(value.strip()).rstrip(".")
    if not host or len(host) > 253:
        raise InvalidArgumentError(
            field, f"{value!r} is not a valid host name (1 to 253 characters)"
        )
    labels = host.split(".")
    if wildcard and labels[0] == "*":
        labels = labels[1:]  # an owner name may start with the wildcard label (RFC 4592 §2.1.1)
    for label in labels:
        if not _LABEL.match(label):
            raise InvalidArgumentError(
                field, f"{value!r} is not a valid host name (bad label {label!r})"
            )
    return host.lower()


# ---------------------------------------------------------------------------------- TXT


def unquote_txt(content: str) -> str:
    """Strip the API's quoting from TXT data and join its character-strings.

    The API returns TXT content wrapped in double quotes (dns-services-api.md §6.1 item 4); long
    values may be several quoted strings (RFC 1035 §3.3.14). Unquoted input is returned unchanged.

    Args:
        content: ``'"v=spf1 ~all"'``, ``'"part1" "part2"'`` or ``'plain'``.

    Returns:
        The text with one level of quotes removed and the strings concatenated.
    """
    text = content.strip()
    if not text.startswith('"'):
        return content
    parts: list[str] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        if text[i] != '"':
            return content
        i += 1
        buf: list[str] = []
        while i < len(text) and text[i] != '"':
            if text[i] == "\\" and i + 1 < len(text):
                i += 1
            buf.append(text[i])
            i += 1
        if i >= len(text):
            return content
        i += 1
        parts.append("".join(buf))
    return "".join(parts)


def split_txt(text: str) -> list[str]:
    """Split TXT data into character-strings of at most 255 bytes (RFC 1035 §3.3.14).

    Splits never cut a UTF-8 sequence.

    Args:
        text: The TXT value.

    Returns:
        One or more chunks, each at most 255 bytes in UTF-8.
    """
    chunks: list[str] = []
    current = ""
    size = 0
    for char in text:
        width = len(char.encode())
        if size + width > 255:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return chunks


def _txt_wire(text: str) -> str:
    """The TXT content as sent: the plain text, unquoted, whatever its length.

    The recorded creates send TXT data unquoted and the API stores it as one quoted string
    (dns-services-api.md §6.1 item 4, §7); splitting into 255-byte character-strings
    (RFC 1035 §3.3.14) is the nameserver's business, so a long value is not pre-quoted.
    """
    return text


# ---------------------------------------------------------------------------------- parsing


def normalize_content(record_type: str, content: Any) -> str:
    """Normalise record data for comparison and display.

    TXT: quotes stripped and chunks joined. Names (CNAME, MX, NS, PTR, SRV target): lower case,
    no trailing dot. SOA arrays: joined by spaces. Other data: whitespace collapsed.

    Args:
        record_type: The RRtype.
        content: The raw content (string, or the SOA list).

    Returns:
        The normalised string.
    """
    rtype = record_type.upper()
    if isinstance(content, list):
        return " ".join(str(part) for part in content)
    text = "" if content is None else str(content)
    if rtype == "TXT":
        return unquote_txt(text)
    if rtype in ("CNAME", "MX", "NS", "PTR"):
        return _clean(text)
    if rtype == "SRV":
        parts = text.split()
        if parts:
            parts[-1] = _clean(parts[-1])
        return " ".join(parts)
    if rtype == "AAAA":
        try:
            return str(ipaddress.IPv6Address(text.strip()))
        except ValueError:
            return text.strip()
    return " ".join(text.split())


def _records_iter(raw: Any) -> Iterable[Any]:
    # PHP json_encode: a list when keys are 0..n-1, an object with gapped keys otherwise
    # (dns-services-api.md §6.1 item 1). Keys are positions, never ids.
    if isinstance(raw, dict):
        return list(raw.values())
    if isinstance(raw, list):
        return raw
    if raw is None:
        return []
    raise APIResponseValidationError("zone records: expected a list or an object", body=raw)


def _parse_soa(raw: dict[str, Any]) -> SOA:
    content = raw.get("content")
    fields = content if isinstance(content, list) else str(content or "").split()
    if len(fields) != 7:
        raise APIResponseValidationError("SOA content: expected 7 fields", body=content)
    return SOA(
        primary_ns=_clean(str(fields[0])),
        hostmaster=_clean(str(fields[1])),
        serial=coerce_int(fields[2], field="SOA serial"),
        refresh=coerce_int(fields[3], field="SOA refresh"),
        retry=coerce_int(fields[4], field="SOA retry"),
        expire=coerce_int(fields[5], field="SOA expire"),
        minimum=coerce_int(fields[6], field="SOA minimum"),
        ttl=_optional_int(raw.get("ttl")),
    )


def parse_record(raw: Any, zone: str) -> Record:
    """Parse one record of a zone read.

    Args:
        raw: The record object (string numbers, FQDN name, quoted TXT, ``prio``/``priority``).
        zone: The zone name.

    Returns:
        The record.

    Raises:
        APIResponseValidationError: A required field is missing or malformed.
    """
    if not isinstance(raw, dict) or "type" not in raw:
        raise APIResponseValidationError("record: expected an object with a type", body=raw)
    rtype = str(raw["type"]).upper()
    priority: int | None = None
    if rtype in _PRIORITY_TYPES:
        priority = _optional_int(raw.get("priority"))
        if priority is None:
            priority = _optional_int(raw.get("prio"))
    ttl = _optional_int(raw.get("ttl"))
    record_id = raw.get("id")
    return Record(
        id=None if record_id is None else str(record_id),
        zone=_clean(zone),
        name=to_fqdn(str(raw.get("name") or "@"), zone),
        type=rtype,
        content=normalize_content(rtype, raw.get("content")),
        ttl=DEFAULT_TTL if ttl is None else ttl,
        priority=priority,
    )


def parse_zone_list(body: Any) -> list[ZoneRef]:
    """Parse ``GET /api/dns``: ``{"service_ids": [...], "zones": [{domain_id, name, service_id}]}``.

    Args:
        body: The decoded body.

    Returns:
        The hosted zones.

    Raises:
        APIResponseValidationError: The body has no ``zones`` list.
    """
    if not isinstance(body, dict) or not isinstance(body.get("zones", []), list | dict):
        raise APIResponseValidationError("GET /api/dns: expected a zones list", body=body)
    zones = []
    for raw in _records_iter(body.get("zones", [])):
        if not isinstance(raw, dict) or "name" not in raw:
            raise APIResponseValidationError("GET /api/dns: malformed zone", body=raw)
        zone_id = raw.get("domain_id", raw.get("id"))
        zones.append(
            ZoneRef(
                id=str(zone_id), name=_clean(str(raw["name"])), service_id=str(raw["service_id"])
            )
        )
    return zones


def parse_zone(body: Any, *, zone_id: str, service_id: str | None = None) -> Zone:
    """Parse a zone read (dns-services-api.md §6.1).

    Args:
        body: The decoded body ``{"service_id", "name", "records": list | gapped object}``.
        zone_id: The zone id used in the request (the body carries none).
        service_id: The service id used in the request, if the body lacks one.

    Returns:
        The zone with its SOA separated from the other records.

    Raises:
        APIResponseValidationError: The body is not a zone.
    """
    if not isinstance(body, dict) or "name" not in body:
        raise APIResponseValidationError("zone read: expected an object with a name", body=body)
    name = _clean(str(body["name"]))
    soa: SOA | None = None
    records: list[Record] = []
    for raw in _records_iter(body.get("records")):
        if isinstance(raw, dict) and str(raw.get("type", "")).upper() == "SOA":
            soa = _parse_soa(raw)
            continue
        records.append(parse_record(raw, name))
    return Zone(
        id=str(zone_id),
        name=name,
        service_id=str(body.get("service_id", service_id)),
        soa=soa,
        records=records,
    )


# ---------------------------------------------------------------------------------- validation


@dataclasses.dataclass(frozen=True)
class RecordSpec:
    """Validated record data, ready to send.

    Attributes:
        zone: The zone name.
        fqdn: The owner FQDN.
        type: The RRtype.
        content: The normalised content (for comparison).
        wire_content: The content as sent (TXT: the plain text, unquoted, at any length).
        ttl: TTL in seconds.
        priority: MX/SRV priority, else None.
    """

    zone: str
    fqdn: str
    type: str
    content: str
    wire_content: str
    ttl: int
    priority: int | None

    def body(self) -> dict[str, Any]:
        """Build the JSON body for ``POST``/``PUT …/records`` (dns-services-api.md §7).

        Returns:
            A dict with ``type``, ``name`` (relative to the zone, ``@`` for the apex),
            ``content`` (the wire form), ``ttl`` (seconds) and, for MX/SRV, ``priority``.
        """
        body: dict[str, Any] = {
            "type": self.type,
            "name": relative_name(self.fqdn, self.zone),
            "content": self.wire_content,
            "ttl": self.ttl,
        }
        if self.priority is not None:
            body["priority"] = self.priority
        return body

    def as_record(self, record_id: str | None = None) -> Record:
        """Describe this spec as a :class:`~dns_services_gateway.Record`.

        Args:
            record_id: The id the API gave the record, or None when it is not known yet
                (a create, whose response carries no id).

        Returns:
            The record with the normalised content and the owner FQDN.
        """
        return Record(
            id=record_id,
            zone=self.zone,
            name=self.fqdn,
            type=self.type,
            content=self.content,
            ttl=self.ttl,
            priority=self.priority,
        )


def _check_int(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise InvalidArgumentError(field, f"must be an integer, got {value!r}")
    try:
        number = coerce_int(value, field=field)
    except APIResponseValidationError:
        raise InvalidArgumentError(field, f"must be an integer, got {value!r}") from None
    if not low <= number <= high:
        raise InvalidArgumentError(field, f"must be between {low} and {high}, got {number}")
    return number


def _validate_content(rtype: str, content: str) -> tuple[str, str]:
    text = content.strip()
    if rtype == "TXT":
        value = unquote_txt(content)
        if not value.strip():
            raise InvalidArgumentError("content", "TXT content must not be empty or blank")
        return value, _txt_wire(value)
    if not text:
        raise InvalidArgumentError("content", f"{rtype} content must not be empty")
    if rtype == "A":
        try:
            return str(ipaddress.IPv4Address(text)), str(ipaddress.IPv4Address(text))
        except ValueError:
            raise InvalidArgumentError("content", f"{text!r} is not an IPv4 address") from None
    if rtype == "AAAA":
        try:
            return str(ipaddress.IPv6Address(text)), str(ipaddress.IPv6Address(text))
        except ValueError:
            raise InvalidArgumentError("content", f"{text!r} is not an IPv6 address") from None
    if rtype in ("CNAME", "MX", "NS", "PTR"):
        host = _check_hostname(text, "content")
        return host, host
    if rtype == "SRV":
        parts = text.split()
        if len(parts) != 3:
            raise InvalidArgumentError(
                "content", "SRV content must be 'weight port target' (RFC 2782)"
            )
        weight = _check_int(parts[0], "content (SRV weight)", 0, 65535)
        port = _check_int(parts[1], "content (SRV port)", 0, 65535)
        target = "." if parts[2] == "." else _check_hostname(parts[2], "content (SRV target)")
        value = f"{weight} {port} {target}"
        return value, value
    if rtype == "CAA":
        match = re.fullmatch(r"(\d+)\s+([A-Za-z0-9]+)\s+(.+)", text)
        if not match:
            raise InvalidArgumentError(
                "content", "CAA content must be 'flags tag \"value\"' (RFC 8659)"
            )
        flags = _check_int(match.group(1), "content (CAA flags)", 0, 255)
        tag = match.group(2).lower()
        if tag not in _CAA_TAGS:
            raise InvalidArgumentError("content", f"unknown CAA tag {tag!r}")
        raw_value = match.group(3).strip()
        if not (raw_value.startswith('"') and raw_value.endswith('"')):
            raw_value = f'"{raw_value}"'
        value = f"{flags} {tag} {raw_value}"
        return value, value
    raise InvalidArgumentError(
        "record_type", f"unsupported record type {rtype!r}"
    )  # pragma: no cover


def check_domain(domain: Any) -> str:
    """Normalise a zone name (or a name inside a zone) given by the caller.

    Args:
        domain: ``"example.com"``, ``"Example.COM."``, ...

    Returns:
        The name in lower case without the trailing dot.

    Raises:
        InvalidArgumentError: ``domain`` is not a non-empty string.
    """
    if not isinstance(domain, str) or not domain.strip(". "):
        raise InvalidArgumentError("domain", "must be a non-empty zone name")
    return domain.strip().rstrip(".").lower()


def _check_type(record_type: Any) -> str:
    if not isinstance(record_type, str) or record_type.strip().upper() not in RECORD_TYPES:
        raise InvalidArgumentError(
            "record_type",
            f"unsupported record type {record_type!r}; expected one of {', '.join(RECORD_TYPES)}",
        )
    return record_type.strip().upper()


def _check_content(rtype: str, content: Any) -> tuple[str, str]:
    if content is None or not isinstance(content, str | int) or isinstance(content, bool):
        raise InvalidArgumentError("content", "is required (a string)")
    return _validate_content(rtype, str(content))


def _check_priority(rtype: str, priority: Any, *, required: bool) -> int | None:
    if rtype in _PRIORITY_TYPES:
        if priority is None:
            if required:
                raise InvalidArgumentError("priority", f"{rtype} records need a priority (0-65535)")
            return None
        return _check_int(priority, "priority", 0, 65535)
    if priority not in (None, 0):
        raise InvalidArgumentError("priority", f"{rtype} records take no priority")
    return None


def precheck_record(
    *,
    record_type: Any,
    name: Any = None,
    content: Any = None,
    ttl: Any = None,
    priority: Any = None,
    complete: bool = False,
    domain: Any = None,
) -> None:
    """Check what can be checked without the zone, before any request is sent.

    These are the checks of :func:`validate_record` that need no zone read: a supported
    RRtype, owner-name syntax, the record data's syntax for its type, the TTL range and the
    priority. ``complete`` (a create) requires ``content`` and, for MX and SRV, a priority;
    otherwise (an update) only the fields given are checked. :func:`validate_record` runs
    the full checks, the CNAME rules included, once the zone has been read.

    Args:
        record_type: The RRtype (case-insensitive).
        name: Owner name: relative, FQDN or ``@`` (None: not given).
        content: The record data (None: not given).
        ttl: TTL in seconds (None: not given).
        priority: MX/SRV priority (None: not given).
        complete: Whether this is the whole record (a create).
        domain: The ``domain`` argument of the call, to refuse an absolute ``name`` that
            cannot lie inside its zone (:func:`check_name_in_domain`); None: not checked.

    Raises:
        InvalidArgumentError: Names the bad field and the reason.
    """
    rtype = _check_type(record_type)
    if domain is not None:
        check_name_in_domain(name, domain)
    if name is not None:
        if not isinstance(name, str):
            raise InvalidArgumentError("name", f"must be a string, got {type(name).__name__}")
        if name.strip().rstrip(".") not in ("", "@"):
            _check_hostname(name, "name", wildcard=True)
    if content is not None or complete:
        _check_content(rtype, content)
    if ttl is not None:
        _check_int(ttl, "ttl", MIN_TTL, MAX_TTL)
    _check_priority(rtype, priority, required=complete)


def validate_record(
    *,
    zone: str,
    name: str | None,
    record_type: str,
    content: Any,
    ttl: Any = None,
    priority: Any = None,
    existing: Iterable[Record] = (),
    ignore_ids: Iterable[str] = (),
) -> RecordSpec:
    """Check record data before anything is sent.

    Checks: supported type; A/AAAA through :mod:`ipaddress`; host names for CNAME/MX/NS/PTR
    and the SRV target; no CNAME at the apex, and no CNAME beside other data at the same name
    (RFC 1034 §3.6.2); MX and SRV need a priority (0-65535); TTL within
    :data:`MIN_TTL`..:data:`MAX_TTL`; TXT not empty or blank; an absolute name (trailing
    dot) inside the zone; internationalised names as punycode.

    Args:
        zone: The zone name.
        name: Owner name: relative, FQDN or ``@``.
        record_type: The RRtype (case-insensitive).
        content: The record data.
        ttl: TTL in seconds (default 3600).
        priority: MX/SRV priority.
        existing: The zone's current records, for the CNAME rules.
        ignore_ids: Record ids being replaced (an update), ignored by the CNAME rules.

    Returns:
        The validated spec.

    Raises:
        InvalidArgumentError: Names the bad field and the reason.
    """
    rtype = _check_type(record_type)
    if name is not None and not isinstance(name, str):
        raise InvalidArgumentError("name", f"must be a string, got {type(name).__name__}")
    fqdn = to_fqdn(name, zone)
    if fqdn != _clean(zone):
        _check_hostname(fqdn, "name", wildcard=True)
    value, wire = _check_content(rtype, content)
    ttl_value = DEFAULT_TTL if ttl is None else _check_int(ttl, "ttl", MIN_TTL, MAX_TTL)
    prio = _check_priority(rtype, priority, required=True)
    zone_name = _clean(zone)
    skip = set(ignore_ids)
    others = [r for r in existing if r.name == fqdn and (r.id is None or r.id not in skip)]
    if rtype == "CNAME":
        if fqdn == zone_name:
            raise InvalidArgumentError(
                "name", "a CNAME cannot be at the zone apex (RFC 1034 §3.6.2)"
            )
        if others:
            raise InvalidArgumentError(
                "name", f"{fqdn} already has {others[0].type} data; a CNAME cannot sit beside it"
            )
    elif any(r.type == "CNAME" for r in others):
        raise InvalidArgumentError("name", f"{fqdn} has a CNAME; no other data may sit beside it")
    return RecordSpec(
        zone=zone_name,
        fqdn=fqdn,
        type=rtype,
        content=value,
        wire_content=wire,
        ttl=ttl_value,
        priority=prio,
    )


def matches(record: Record, spec: RecordSpec, *, check_ttl: bool = True) -> bool:
    """Tell whether a read-back record is the one described by ``spec``.

    Compares FQDN, type, normalised content, priority and (optionally) TTL (dns-services-api.md
    §11).

    Args:
        record: A record from a zone read.
        spec: What was sent.
        check_ttl: Also compare the TTL.

    Returns:
        True when they agree.
    """
    if record.name != spec.fqdn or record.type != spec.type:
        return False
    if normalize_content(spec.type, record.content) != normalize_content(spec.type, spec.content):
        return False
    if spec.priority is not None and record.priority != spec.priority:
        return False
    return not check_ttl or record.ttl == spec.ttl


def find_created(
    before: Zone | None, after: Zone, spec: RecordSpec, *, fresh_only: bool = False
) -> Record | None:
    """Find the record a create added: a new id matching the spec (dns-services-api.md §7).

    Args:
        before: The zone before the create (None: any matching record will do).
        after: The zone after it.
        spec: What was sent.
        fresh_only: Only accept a record whose id was not in ``before``.

    Returns:
        The newest matching record that was not in ``before``, else (unless ``fresh_only``)
        the newest matching record, else None.
    """
    known = {r.id for r in before.records} if before is not None else set()
    candidates = [r for r in after.records if matches(r, spec, check_ttl=False)]
    fresh = [r for r in candidates if r.id not in known]
    pick = fresh if fresh_only else (fresh or candidates)
    if not pick:
        return None
    return max(pick, key=lambda r: int(r.id) if r.id and r.id.isdigit() else -1)


def select_records(
    records: Iterable[Record],
    *,
    zone: str,
    record_id: str | None = None,
    name: str | None = None,
    record_type: str | None = None,
    content: str | None = None,
) -> list[Record]:
    """Pick the records an update or delete refers to.

    Args:
        records: The zone's records.
        zone: The zone name.
        record_id: An exact record id; when given, the other filters must agree with it.
        name: Owner name (relative, FQDN or ``@``).
        record_type: The RRtype.
        content: The record data (compared after normalisation).

    Returns:
        The matching records, in zone order.

    Raises:
        InvalidArgumentError: Neither ``record_id`` nor ``name`` and ``record_type`` were given.
    """
    if record_id is None and (name is None or record_type is None):
        raise InvalidArgumentError("id", "give the record id, or name and record_type to find it")
    fqdn = to_fqdn(name, zone) if name is not None else None
    rtype = record_type.upper() if record_type else None
    out = []
    for record in records:
        if record_id is not None and record.id != str(record_id):
            continue
        if fqdn is not None and record.name != fqdn:
            continue
        if rtype is not None and record.type != rtype:
            continue
        if (
            content is not None
            and rtype is not None
            and normalize_content(rtype, record.content) != normalize_content(rtype, content)
        ):
            continue
        out.append(record)
    return out


def record_set_state(zone: Zone, fqdn: str, record_type: str) -> dict[str, Any]:
    """The envelope's ``before``/``after`` state: the SOA serial and the record set.

    Args:
        zone: A zone read.
        fqdn: The owner name.
        record_type: The RRtype.

    Returns:
        ``{"serial": int | None, "records": [record dicts]}``.
    """
    rtype = record_type.upper()
    return {
        "serial": zone.serial,
        "records": [
            r.model_dump(mode="json") for r in zone.records if r.name == fqdn and r.type == rtype
        ],
    }
