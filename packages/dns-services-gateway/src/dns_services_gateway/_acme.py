"""ACME DNS-01 on DNS.services: publish challenge TXT values, wait for them, remove them.

Shared by the certbot plugin (:mod:`dns_services_gateway.certbot`) and the CLI hooks
(``dns-services acme ...``). The challenge record is a TXT record at
``_acme-challenge.<domain>`` whose value is the key authorization digest (RFC 8555 §8.4); an
apex name and its wildcard share that name, so one name may carry several values at once, and
each is added and removed on its own.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from ._exceptions import ConfigurationError, InvalidArgumentError
from ._records import check_domain, normalize_content
from ._sync._client import DNSServicesClient
from ._sync._dns import Nameserver, check_authoritative
from ._verification import DNSExpectation
from .types.records import Record, Zone
from .types.responses import CheckResult

__all__ = [
    "DEFAULT_CHALLENGE_TTL",
    "DEFAULT_PROPAGATION_TIMEOUT",
    "POLL_MAX_INTERVAL",
    "Challenge",
    "add_challenges",
    "challenge_name",
    "parse_nameservers",
    "read_credentials",
    "remove_challenges",
    "wait_for_challenges",
]

DEFAULT_CHALLENGE_TTL = 60
"""TTL of challenge TXT records, in seconds (short: they live for minutes)."""
DEFAULT_PROPAGATION_TIMEOUT = 120.0
"""Seconds to wait for every authoritative nameserver to serve the challenge values."""
POLL_MAX_INTERVAL = 1.0
"""Longest pause between two polling rounds, in seconds: a CA waits on every round."""


@dataclasses.dataclass(frozen=True)
class Challenge:
    """One challenge value at one name.

    Attributes:
        fqdn: The TXT owner name, such as ``_acme-challenge.example.com`` (no trailing dot).
        value: The TXT value (the base64url key authorization digest).
        zone: The hosted zone that holds the name.
        added: The record this run created, or None when the value was already there (then
            it is not this run's to remove).
    """

    fqdn: str
    value: str
    zone: str
    added: Record | None = None


def challenge_name(domain: str) -> str:
    """The DNS-01 record name for a domain (RFC 8555 §8.4).

    Args:
        domain: The identifier: ``example.com`` or ``*.example.com`` (same record name).

    Returns:
        ``_acme-challenge.example.com``.

    Raises:
        InvalidArgumentError: ``domain`` is empty.
    """  # noqa: DOC502
    name = check_domain(domain)
    if name.startswith("*."):
        name = name[2:]
    if name.startswith("_acme-challenge."):
        return name
    return f"_acme-challenge.{name}"


def _values(zone: Zone, fqdn: str) -> list[Record]:
    return [r for r in zone.records if r.name == fqdn and r.type == "TXT"]


def add_challenges(
    client: DNSServicesClient, items: Iterable[tuple[str, str]], *, ttl: int = DEFAULT_CHALLENGE_TTL
) -> list[Challenge]:
    """Create the challenge TXT values; a value already present is left as it is.

    The zone of each name is the longest hosted zone of the account that is a suffix of it.

    Args:
        client: The client.
        items: ``(fqdn, value)`` pairs (a trailing dot on the name is allowed).
        ttl: TTL of the created records, in seconds.

    Returns:
        One :class:`Challenge` per distinct pair, with ``added`` set for the records created.

    Raises:
        InvalidArgumentError: An empty name or value (nothing sent for it).
        NotFoundError: No hosted zone contains a name.
        APIError: The API refused a create.
    """  # noqa: DOC502, DOC503
    out: list[Challenge] = []
    seen: set[tuple[str, str]] = set()
    for raw_name, value in items:
        fqdn = check_domain(raw_name)
        if not value or not value.strip():
            raise InvalidArgumentError("value", "the challenge value must not be empty")
        if (fqdn, value) in seen:
            continue
        seen.add((fqdn, value))
        ref = client.zone_ref(fqdn)
        present = [
            r
            for r in client.records.list(ref.name, name=fqdn + ".", record_type="TXT")
            if normalize_content("TXT", r.content) == value
        ]
        if present:
            out.append(Challenge(fqdn=fqdn, value=value, zone=ref.name))
            continue
        record = client.records.create(
            ref.name, name=fqdn + ".", record_type="TXT", content=value, ttl=ttl
        )
        out.append(Challenge(fqdn=fqdn, value=value, zone=ref.name, added=record))
    return out


def wait_for_challenges(
    client: DNSServicesClient,
    challenges: Sequence[Challenge],
    *,
    timeout: float = DEFAULT_PROPAGATION_TIMEOUT,
    nameservers: Iterable[Nameserver] | None = None,
) -> CheckResult:
    """Poll every authoritative nameserver until it serves every challenge value.

    No fixed sleep: the nameservers are asked directly (no recursion, answers must carry the
    AA bit, RFC 1034 §4.3.2) with a pause between rounds that doubles from 0.1 s up to
    ``POLL_MAX_INTERVAL`` (1 s), until all of them serve every value or ``timeout`` passes.

    Args:
        client: The client (its ``nameservers``, ``dns_timeout`` and ``resolver`` apply).
        challenges: The challenges, as :func:`add_challenges` returns them.
        timeout: Seconds to keep polling.
        nameservers: Nameservers to ask instead of the client's or the zones' apex NS.

    Returns:
        ``ok=True`` once every nameserver serves every value; ``ok=False`` at the timeout;
        ``ok=None`` when no nameserver could be asked.
    """
    by_zone: dict[str, list[Challenge]] = {}
    for challenge in challenges:
        by_zone.setdefault(challenge.zone, []).append(challenge)
    result = CheckResult(ok=True, reason="no challenge to wait for")
    for zone_name, items in by_zone.items():
        servers = list(nameservers) if nameservers is not None else client.nameservers
        if servers is None:
            zone = client.get_zone(zone_name)
            servers = [r.content for r in zone.records if r.type == "NS" and r.name == zone.name]
            if not servers and zone.soa is not None:
                servers = [zone.soa.primary_ns]
        expectations = [DNSExpectation(fqdn=c.fqdn, type="TXT", content=c.value) for c in items]
        result = check_authoritative(
            expectations,
            servers,
            timeout=client.dns_timeout,
            deadline=timeout,
            max_delay=POLL_MAX_INTERVAL,
            resolver=client.resolver,
        )
        if result.ok is not True:
            return result
    return result


def remove_challenges(client: DNSServicesClient, items: Iterable[tuple[str, str]]) -> list[Record]:
    """Delete exactly the given challenge values; other values at the name stay.

    An absent value is not an error (a cleanup may run after a failed present).

    Args:
        client: The client.
        items: ``(fqdn, value)`` pairs.

    Returns:
        The records deleted.

    Raises:
        NotFoundError: No hosted zone contains a name.
        APIError: The API refused a delete.
    """  # noqa: DOC502
    removed: list[Record] = []
    for raw_name, value in items:
        fqdn = check_domain(raw_name)
        ref = client.zone_ref(fqdn)
        for record in client.records.list(ref.name, name=fqdn + ".", record_type="TXT"):
            if normalize_content("TXT", record.content) == value and record.id is not None:
                removed.extend(client.records.delete(ref.name, record.id))
    return removed


def parse_nameservers(text: str | None) -> list[Nameserver] | None:
    """Parse a list of nameservers: ``host``, ``host:port`` or ``[v6]:port``, comma-separated.

    Args:
        text: The list, or None.

    Returns:
        The nameservers, or None when ``text`` is empty.

    Raises:
        InvalidArgumentError: A port is not a number from 1 to 65535.
    """
    if text is None or not text.strip():
        return None
    out: list[Nameserver] = []
    for item in (part.strip() for part in text.replace(" ", ",").split(",")):
        if not item:
            continue
        host, port = item, ""
        if item.startswith("["):
            host, _, rest = item[1:].partition("]")
            port = rest.removeprefix(":")
        elif item.count(":") == 1:
            host, port = item.split(":")
        if not port:
            out.append(host)
            continue
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            raise InvalidArgumentError("nameservers", f"bad port in {item!r}")
        out.append((host, int(port)))
    return out


def read_credentials(path: str | Path) -> dict[str, str]:
    """Read a certbot-style credentials file (``key = value`` lines, ``#`` comments).

    Args:
        path: The file; it must not be readable or writable by group or others.

    Returns:
        The keys and values.

    Raises:
        ConfigurationError: The file is missing, unreadable, or open to group or others
            (the message says to run ``chmod 600``); its content is never in the message.
    """
    file = Path(path)
    try:
        mode = file.stat().st_mode
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"cannot read credentials file {file}: {exc.strerror}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"credentials file {file} is accessible by group or others "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 {file}"
        )
    values: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        key, sep, value = stripped.partition("=")
        if sep:
            values[key.strip().lower()] = value.strip().strip("'\"")
    return values
