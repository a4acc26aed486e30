"""An octodns provider for DNS.services zones (install the ``octodns`` extra).

Configure it in the octodns configuration file::

    providers:
      dns_services:
        class: dns_services_gateway.octodns.DNSServicesProvider
        username: env/DNS_SERVICES_USERNAME
        password: env/DNS_SERVICES_PASSWORD

    zones:
      example.com.:
        sources: [config]
        targets: [dns_services]

``octodns-sync`` then plans against the live zone (read through :meth:`populate`) and, with
``--doit``, applies the plan through the client's zone sync (:meth:`_apply`): creates before
the deletes they replace, one request per change, the zone re-read and verified afterwards.
octodns's own safety thresholds (``update_pcent_threshold``, ``delete_pcent_threshold``)
apply before that. The SOA and the apex NS records belong to DNS.services: they are neither
reported nor changed (``SUPPORTS_ROOT_NS`` is False).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from octodns.provider.base import BaseProvider  # type: ignore[import-untyped]
from octodns.record import Record as OctoRecord  # type: ignore[import-untyped]

from ._acme import parse_nameservers
from ._exceptions import DNSServicesError, NotFoundError
from ._sync._client import DNSServicesClient
from ._sync._dns import Nameserver
from .types.records import Record
from .types.responses import VerifyLevel
from .zonefile import octodns_records, octodns_sets

__all__ = ["DNSServicesProvider"]


class DNSServicesProvider(BaseProvider):  # type: ignore[misc]
    """octodns provider (and source) for zones hosted on DNS.services.

    Every option falls back to the client's ``DNS_SERVICES_*`` environment variables; octodns's
    ``env/NAME`` syntax works in the configuration file as for any provider.

    Args:
        id: The provider's name in the octodns configuration.
        *args: Passed to octodns's ``BaseProvider``.
        username: Account e-mail (default ``DNS_SERVICES_USERNAME``).
        password: Account password (default ``DNS_SERVICES_PASSWORD``).
        base_url: API site (default ``DNS_SERVICES_BASE_URL``, else ``https://dns.services``).
        token_path: JWT token file; when None, tokens are kept in memory only.
        nameservers: Nameservers for DNS verification after a change, as a list or a
            comma-separated string of ``host`` or ``host:port`` (default: each zone's apex NS).
        verify: ``"none"``, ``"api"`` (default: re-read the zone and plan again) or ``"dns"``
            (also poll the authoritative nameservers).
        timeout: Per-request timeout in seconds (default 30).
        **kwargs: Passed to octodns's ``BaseProvider`` (``update_pcent_threshold``,
            ``delete_pcent_threshold``, ``apply_disabled``, ...).
    """

    SUPPORTS_GEO = False
    SUPPORTS_DYNAMIC = False
    SUPPORTS_MULTIVALUE_PTR = True
    SUPPORTS_ROOT_NS = False
    SUPPORTS = frozenset({"A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"})

    def __init__(
        self,
        id: str,
        *args: Any,
        username: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        token_path: str | None = None,
        nameservers: str | list[str] | None = None,
        verify: VerifyLevel = "api",
        timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        self.log = logging.getLogger(f"DNSServicesProvider[{id}]")
        super().__init__(id, *args, **kwargs)
        servers: list[Nameserver] | None
        if isinstance(nameservers, list):
            servers = parse_nameservers(",".join(nameservers))
        else:
            servers = parse_nameservers(nameservers)
        options: dict[str, Any] = {
            "username": username,
            "password": password,
            "base_url": base_url,
            "timeout": timeout,
            "nameservers": servers,
        }
        if token_path is None:
            options["store_token"] = False
        else:
            options["token_path"] = token_path
        self._client = DNSServicesClient.from_env(
            **{key: value for key, value in options.items() if value is not None}
        )
        self._verify: VerifyLevel = verify

    def close(self) -> None:
        """Close the client's HTTP connections (octodns itself never calls this)."""
        self._client.close()

    @staticmethod
    def _zone_name(zone: Any) -> str:
        return str(zone.name).rstrip(".").lower()

    def populate(self, zone: Any, target: bool = False, lenient: bool = False) -> bool:
        """Load the live records of a zone into an octodns zone.

        Args:
            zone: The octodns zone to fill (its name ends with a dot).
            target: True when octodns reads the current state of a target.
            lenient: Let records that fail octodns's validation through.

        Returns:
            True when the zone is hosted in this account, False when it is not (then nothing
            is added, and octodns plans it as a new zone).
        """
        name = self._zone_name(zone)
        try:
            live = self._client.get_zone(name)
        except NotFoundError:
            return False
        if live.name != name:
            return False  # only a parent zone is hosted; this zone does not exist here
        for relative, sets in octodns_sets(live).items():
            for data in sets:
                record = OctoRecord.new(zone, relative, data, source=self, lenient=lenient)
                zone.add_record(record, lenient=lenient)
        self.log.info("populate: %s has %d record sets", name, len(zone.records))
        return True

    def _desired(self, name: str, records: Iterable[Any]) -> list[Record]:
        out: list[Record] = []
        for record in records:
            fqdn = name if not record.name else f"{record.name}.{name}"
            data = record.data
            entry = {"type": record._type, "ttl": record.ttl, **data}
            out.extend(octodns_records(name, fqdn.lower(), entry))
        return out

    def _apply(self, plan: Any) -> None:
        """Make the live zone match the plan's desired state.

        The desired zone is synced as a whole through
        :meth:`~dns_services_gateway._sync._zones.Zones.sync`, which sends one request per
        change in a safe order. octodns has already applied its thresholds, so the client's
        are not applied again.

        Args:
            plan: octodns's plan (its ``desired`` zone is the target state).

        Raises:
            NotFoundError: The zone is not hosted in this account (create it first: the
                API manages records, not zones).
            DNSServicesError: The changes were sent but the re-read (or the nameservers)
                showed a difference.
        """  # noqa: DOC502, DOC503
        name = self._zone_name(plan.desired)
        desired = self._desired(name, plan.desired.records)
        result = self._client.zones.sync(name, desired, force=True, verify=self._verify)
        self.log.info(
            "_apply: %s: %d change(s) sent in %d request(s), verified=%s",
            name,
            len(result.plan.changes),
            result.requests,
            result.verified,
        )
        if result.applied and result.verified is False:
            reasons = [c.reason for c in (result.api, result.dns) if c is not None and not c.ok]
            raise DNSServicesError(f"{name}: changes sent but not verified: {'; '.join(reasons)}")
