r"""Zones as files: BIND master files, octodns YAML and JSON, written and read without I/O.

Three formats describe a zone's records:

``bind``
    The master file format of RFC 1035 §5 (``$ORIGIN``, ``$TTL``, the SOA, then every
    record), written and read with dnspython's :mod:`dns.zone` and :mod:`dns.rdata` classes.
    Owner names inside the zone are written relative to ``$ORIGIN``.
``yaml``
    The layout of octodns's ``YamlProvider``: one key per owner name relative to the zone
    (``''`` for the apex), whose value is one record set or a list of them, each with
    ``type``, ``ttl`` and ``value`` or ``values`` (MX as ``exchange``/``preference``, SRV as
    ``priority``/``weight``/``port``/``target``, CAA as ``flags``/``tag``/``value``, names
    absolute with a trailing dot, ``;`` in TXT escaped as ``\;``; no SOA and no apex NS, which
    the provider runs); see
    https://github.com/octodns/octodns/blob/main/docs/records.md.
``json``
    ``{"zone": ..., "soa": {...}, "records": [{"name", "type", "content", "ttl",
    "priority"}]}`` with names relative to the zone (``@`` for the apex) and content as in
    :class:`~dns_services_gateway.Record`.

A record set has one TTL in ``bind`` and ``yaml`` (RFC 2181 §5.2), so values of one name and
type that carry different TTLs are written with the smallest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.transaction
import dns.zone
import dns.zonefile
import yaml
from dns.rdtypes.ANY.TXT import TXT

from ._exceptions import InvalidArgumentError
from ._records import DEFAULT_TTL, check_domain, normalize_content, relative_name, split_txt
from .types.records import RECORD_TYPES, Record, Zone
from .types.zones import ZoneFormat

__all__ = [
    "ZONE_FORMATS",
    "check_format",
    "detect_format",
    "dump_zone",
    "load_zone",
    "octodns_data",
    "octodns_records",
    "octodns_sets",
]

ZONE_FORMATS: tuple[ZoneFormat, ...] = ("bind", "yaml", "json")
"""The zone file formats, in the order the CLI lists them."""

_SUFFIXES: dict[str, ZoneFormat] = {
    ".zone": "bind",
    ".db": "bind",
    ".bind": "bind",
    ".txt": "bind",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}


def detect_format(path: str | Path) -> ZoneFormat:
    """Guess a zone file's format from its suffix.

    Args:
        path: The file name: ``.yaml``/``.yml`` is YAML, ``.json`` JSON, anything else BIND.

    Returns:
        ``"bind"``, ``"yaml"`` or ``"json"``.
    """
    return _SUFFIXES.get(Path(path).suffix.lower(), "bind")


def check_format(fmt: str) -> ZoneFormat:
    """Check a zone file format name (case-insensitive).

    Args:
        fmt: ``"bind"``, ``"yaml"`` or ``"json"``.

    Returns:
        The format name in lower case.

    Raises:
        InvalidArgumentError: Any other name.
    """
    for known in ZONE_FORMATS:
        if fmt.strip().lower() == known:
            return known
    raise InvalidArgumentError("format", f"must be one of {', '.join(ZONE_FORMATS)}, got {fmt!r}")


def _absolute(host: str) -> str:
    return "." if host in (".", "") else host.rstrip(".") + "."


# ------------------------------------------------------------------------------- writing


def _rdata(record: Record) -> dns.rdata.Rdata:
    rtype = record.type
    content = record.content
    if rtype == "TXT":
        chunks = [chunk.encode() for chunk in split_txt(content)]
        return TXT(dns.rdataclass.IN, dns.rdatatype.TXT, chunks)
    if rtype in ("CNAME", "NS", "PTR"):
        text = _absolute(content)
    elif rtype == "MX":
        text = f"{record.priority or 0} {_absolute(content)}"
    elif rtype == "SRV":
        weight, port, target = content.split()
        text = f"{record.priority or 0} {weight} {port} {_absolute(target)}"
    else:
        text = content
    return dns.rdata.from_text(dns.rdataclass.IN, rtype, text)


def _bind(zone: Zone) -> str:
    origin = dns.name.from_text(zone.name)
    out = dns.zone.Zone(origin, relativize=False)
    if zone.soa is not None:
        soa = zone.soa
        rdata = dns.rdata.from_text(
            dns.rdataclass.IN,
            dns.rdatatype.SOA,
            f"{_absolute(soa.primary_ns)} {_absolute(soa.hostmaster)} {soa.serial} "
            f"{soa.refresh} {soa.retry} {soa.expire} {soa.minimum}",
        )
        out.find_rdataset(origin, dns.rdatatype.SOA, create=True).add(
            rdata, soa.ttl if soa.ttl is not None else soa.minimum
        )
    for record in zone.records:
        owner = dns.name.from_text(record.name)
        rdataset = out.find_rdataset(owner, dns.rdatatype.from_text(record.type), create=True)
        rdataset.add(_rdata(record), record.ttl)
    body = out.to_text(sorted=True, relativize=True, want_origin=True)
    return f"; zone {zone.name}, written by dns-services-gateway\n$TTL {DEFAULT_TTL}\n{body}"


def _escape_txt(value: str) -> str:
    return value.replace(";", "\\;")


def _yaml_value(record: Record) -> Any:
    if record.type in ("CNAME", "NS", "PTR"):
        return _absolute(record.content)
    if record.type == "MX":
        return {"exchange": _absolute(record.content), "preference": record.priority or 0}
    if record.type == "SRV":
        weight, port, target = record.content.split()
        return {
            "port": int(port),
            "priority": record.priority or 0,
            "target": _absolute(target),
            "weight": int(weight),
        }
    if record.type == "CAA":
        flags, tag, value = record.content.split(None, 2)
        return {"flags": int(flags), "tag": tag, "value": value.strip().strip('"')}
    if record.type == "TXT":
        return _escape_txt(record.content)
    return record.content


def _rrsets(records: Iterable[Record]) -> dict[tuple[str, str], list[Record]]:
    sets: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        sets.setdefault((record.name, record.type), []).append(record)
    return sets


def octodns_data(records: Sequence[Record]) -> dict[str, Any]:
    """Describe one record set in octodns's record data layout.

    Args:
        records: The values of one name and type (at least one).

    Returns:
        ``{"ttl", "type", "value"}`` for one value, ``{"ttl", "type", "values"}`` for several;
        the TTL is the smallest of the set's.
    """
    values = [_yaml_value(r) for r in records]
    entry: dict[str, Any] = {"ttl": min(r.ttl for r in records), "type": records[0].type}
    if len(values) == 1:
        entry["value"] = values[0]
    else:
        entry["values"] = values
    return entry


def octodns_sets(zone: Zone) -> dict[str, list[dict[str, Any]]]:
    """The zone's record sets in octodns's layout, by name relative to the zone.

    The apex NS records are left out: DNS.services runs them (dns-services-api.md §6.1) and
    octodns providers that cannot manage them must not report them.

    Args:
        zone: The zone read.

    Returns:
        ``{relative name ("" for the apex): [record data, ...]}``, sorted by name and type.
    """
    layout: dict[str, list[dict[str, Any]]] = {}
    for (name, rtype), members in sorted(_rrsets(zone.records).items()):
        if rtype == "NS" and name == zone.name:
            continue
        key = "" if name == zone.name else relative_name(name, zone.name)
        layout.setdefault(key, []).append(octodns_data(members))
    return layout


def _yaml(zone: Zone) -> str:
    layout = octodns_sets(zone)
    lines = ["---"]
    for key in sorted(layout):
        sets = layout[key]
        # PyYAML writes an empty key in the complex form (``? ''``); octodns files use ``'':``.
        head = "''" if key == "" else yaml.safe_dump({key: None}).rsplit(":", 1)[0]
        body = yaml.safe_dump(sets[0] if len(sets) == 1 else sets, allow_unicode=True)
        lines.append(f"{head}:")
        lines.extend("  " + line for line in body.splitlines())
    return "\n".join(lines) + "\n"


def _json(zone: Zone) -> str:
    document = {
        "zone": zone.name,
        "soa": zone.soa.model_dump(mode="json") if zone.soa is not None else None,
        "records": [
            {
                "name": "@" if r.name == zone.name else relative_name(r.name, zone.name),
                "type": r.type,
                "content": r.content,
                "ttl": r.ttl,
                "priority": r.priority,
            }
            for r in zone.records
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def dump_zone(zone: Zone, fmt: str = "bind") -> str:
    """Write a zone read as a zone file.

    Args:
        zone: The zone, as :meth:`~dns_services_gateway.DNSServicesClient.get_zone` reads it.
        fmt: ``"bind"`` (RFC 1035 §5 master file, with the SOA), ``"yaml"`` (octodns layout,
            without the SOA and the apex NS, which octodns cannot manage here) or ``"json"``.

    Returns:
        The file's text.

    Raises:
        InvalidArgumentError: ``fmt`` is not a known format.
    """  # noqa: DOC502
    chosen = check_format(fmt)
    if chosen == "bind":
        return _bind(zone)
    if chosen == "yaml":
        return _yaml(zone)
    return _json(zone)


# ------------------------------------------------------------------------------- reading


def _record(zone: str, fqdn: str, rtype: str, content: str, ttl: Any, prio: Any) -> Record:
    if rtype not in RECORD_TYPES:
        raise InvalidArgumentError(
            "file", f"{fqdn}: type {rtype} is not supported ({', '.join(RECORD_TYPES)})"
        )
    if not isinstance(ttl, int) or isinstance(ttl, bool):
        raise InvalidArgumentError("file", f"{fqdn} {rtype}: ttl must be an integer, got {ttl!r}")
    priority = None if prio is None else prio
    if priority is not None and (not isinstance(priority, int) or isinstance(priority, bool)):
        raise InvalidArgumentError("file", f"{fqdn} {rtype}: priority must be an integer")
    return Record(
        id=None,
        zone=zone,
        name=fqdn,
        type=rtype,
        content=normalize_content(rtype, content),
        ttl=ttl,
        priority=priority,
    )


def _from_rdata(zone: str, fqdn: str, ttl: int, rdata: Any) -> Record:
    rtype = dns.rdatatype.to_text(rdata.rdtype)
    priority: int | None = None
    if rtype == "TXT":
        try:
            content = b"".join(rdata.strings).decode()
        except UnicodeDecodeError:
            raise InvalidArgumentError("file", f"{fqdn} TXT: not UTF-8 text") from None
    elif rtype in ("CNAME", "NS", "PTR"):
        content = rdata.target.to_text(omit_final_dot=True)
    elif rtype == "MX":
        priority = rdata.preference
        content = rdata.exchange.to_text(omit_final_dot=True)
    elif rtype == "SRV":
        priority = rdata.priority
        target = rdata.target.to_text(omit_final_dot=True)
        content = f"{rdata.weight} {rdata.port} {target or '.'}"
    else:
        content = rdata.to_text()
    return _record(zone, fqdn, rtype, content, ttl, priority)


class _Reader(dns.zonefile.Reader):
    """dnspython's master file reader, told not to drop names outside the zone silently.

    The stock reader skips such lines; with the root as the bound, they reach the zone's
    transaction, which refuses them, so a file with a foreign name is an error.

    Args:
        tok: The tokenizer over the file's text.
        txn: A write transaction of the zone being read.
    """

    def __init__(self, tok: dns.tokenizer.Tokenizer, txn: dns.transaction.Transaction) -> None:
        super().__init__(tok, dns.rdataclass.IN, txn, allow_include=False)
        self.zone_origin = dns.name.root


def _load_bind(text: str, zone: str) -> list[Record]:
    parsed = dns.zone.Zone(dns.name.from_text(zone), relativize=False)
    try:
        with parsed.writer(True) as txn:
            _Reader(dns.tokenizer.Tokenizer(text, "<zone file>"), txn).read()
    except KeyError:
        raise InvalidArgumentError(
            "file", f"a name in the file is outside the zone {zone}"
        ) from None
    except (dns.exception.DNSException, ValueError) as exc:
        detail = str(exc) or type(exc).__name__
        raise InvalidArgumentError("file", f"not a master file for {zone}: {detail}") from None
    records: list[Record] = []
    for name, rdataset in parsed.iterate_rdatasets():
        if rdataset.rdtype == dns.rdatatype.SOA:
            continue  # the provider keeps the SOA (dns-services-api.md §6.1); never written
        fqdn = name.to_text(omit_final_dot=True).lower()
        for rdata in rdataset:
            records.append(_from_rdata(zone, fqdn, rdataset.ttl, rdata))
    return records


def _yaml_member(zone: str, fqdn: str, rtype: str, value: Any, ttl: Any) -> Record:
    where = f"{fqdn} {rtype}"
    if rtype in ("MX", "SRV", "CAA"):
        if not isinstance(value, dict):
            raise InvalidArgumentError("file", f"{where}: each value must be a mapping")
        try:
            if rtype == "MX":
                host = value.get("exchange", value.get("value"))
                prio = value.get("preference", value.get("priority"))
                return _record(zone, fqdn, rtype, str(host), ttl, prio)
            if rtype == "SRV":
                content = f"{value['weight']} {value['port']} {value['target']}"
                return _record(zone, fqdn, rtype, content, ttl, value["priority"])
            content = f'{value.get("flags", 0)} {value["tag"]} "{value["value"]}"'
            return _record(zone, fqdn, rtype, content, ttl, None)
        except KeyError as exc:
            raise InvalidArgumentError("file", f"{where}: missing field {exc.args[0]}") from None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidArgumentError("file", f"{where}: each value must be a string")
    text = str(value)
    if rtype == "TXT":
        text = text.replace("\\;", ";")
    return _record(zone, fqdn, rtype, text, ttl, None)


def _load_yaml(text: str, zone: str) -> list[Record]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidArgumentError("file", f"not YAML: {exc}") from None
    if document is None:
        return []
    if not isinstance(document, dict):
        raise InvalidArgumentError("file", "an octodns zone file is a mapping of names")
    records: list[Record] = []
    for key, sets in document.items():
        relative = "" if key is None else str(key)
        fqdn = zone if relative in ("", "@") else f"{relative.rstrip('.').lower()}.{zone}"
        for entry in sets if isinstance(sets, list) else [sets]:
            if not isinstance(entry, dict) or "type" not in entry:
                raise InvalidArgumentError("file", f"{fqdn}: each record set needs a type")
            records.extend(octodns_records(zone, fqdn, entry))
    return records


def octodns_records(zone: str, fqdn: str, entry: Mapping[str, Any]) -> list[Record]:
    """Read one record set in octodns's record data layout.

    Args:
        zone: The zone name.
        fqdn: The owner name (FQDN without trailing dot).
        entry: ``{"type", "ttl", "value" | "values"}`` as in an octodns zone file.

    Returns:
        One record per value (``id`` None).

    Raises:
        InvalidArgumentError: No type or value, or a malformed value.
    """
    if "type" not in entry:
        raise InvalidArgumentError("file", f"{fqdn}: each record set needs a type")
    rtype = str(entry["type"]).upper()
    ttl = entry.get("ttl", DEFAULT_TTL)
    values = entry["values"] if "values" in entry else [entry.get("value")]
    if not isinstance(values, list | tuple) or any(v is None for v in values):
        raise InvalidArgumentError("file", f"{fqdn} {rtype}: needs value or values")
    return [_yaml_member(zone, fqdn, rtype, value, ttl) for value in values]


def _load_json(text: str, zone: str) -> list[Record]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidArgumentError("file", f"not JSON: {exc}") from None
    items = document.get("records") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise InvalidArgumentError("file", 'a JSON zone file is {"records": [...]}')
    records: list[Record] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not {"type", "content"} <= item.keys():
            raise InvalidArgumentError("file", f"records[{index}] needs type and content")
        name = str(item.get("name") or "@").rstrip(".").lower()
        if name in ("@", zone):
            fqdn = zone
        elif name.endswith("." + zone):
            fqdn = name
        else:
            fqdn = f"{name}.{zone}"
        rtype = str(item["type"]).upper()
        records.append(
            _record(
                zone,
                fqdn,
                rtype,
                str(item["content"]),
                item.get("ttl", DEFAULT_TTL),
                item.get("priority"),
            )
        )
    return records


def load_zone(text: str, zone: str, fmt: str = "bind") -> list[Record]:
    """Read the records of a zone file (the SOA, if any, is left out).

    Args:
        text: The file's text.
        zone: The zone name; the origin of relative names (a BIND ``$ORIGIN`` overrides it,
            but every name must stay inside ``zone``).
        fmt: ``"bind"``, ``"yaml"`` or ``"json"``.

    Returns:
        The records, with ``id`` None and content normalised as in
        :class:`~dns_services_gateway.Record`.

    Raises:
        InvalidArgumentError: ``fmt`` is unknown, or the text is not a zone file of that
            format for ``zone`` (a type this client cannot write, a name outside the zone,
            a malformed value); nothing is read from the network.
    """
    name = check_domain(zone)
    chosen = check_format(fmt)
    if chosen == "bind":
        records = _load_bind(text, name)
    elif chosen == "yaml":
        records = _load_yaml(text, name)
    else:
        records = _load_json(text, name)
    for record in records:
        if record.name != name and not record.name.endswith("." + name):
            raise InvalidArgumentError("file", f"{record.name} is outside the zone {name}")
    return records
