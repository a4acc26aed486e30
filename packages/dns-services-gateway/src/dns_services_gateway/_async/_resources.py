"""Record and domain resources of the client (``client.records``, ``client.domains``)."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from .._domains import (
    delegation_status,
    join_domains,
    parse_nameservers,
    parse_registrar_domains,
    service_operation,
)
from .._exceptions import APIError, APIOperationError, InvalidArgumentError, NotFoundError
from .._records import precheck_record, select_records, to_fqdn, validate_record
from ..types.domains import Domain, DomainDetails
from ..types.records import Record, Zone, ZoneRef

if TYPE_CHECKING:
    from ._client import AsyncDNSServicesClient

__all__ = ["AsyncDomains", "AsyncRecords"]

_RECORD_OPERATIONS = [
    "records.list",
    "records.create",
    "records.update",
    "records.delete",
    "verify",
    "batch",
]


class AsyncRecords:
    """Typed record operations on hosted zones (dns-services-api.md §7).

    Args:
        client: The owning client.
    """

    def __init__(self, client: AsyncDNSServicesClient) -> None:
        self._client = client

    async def list(
        self, domain: str, *, name: str | None = None, record_type: str | None = None
    ) -> builtins.list[Record]:
        """List a zone's records (SOA excluded), optionally filtered.

        Args:
            domain: The zone name.
            name: Only this owner name (relative, FQDN or ``@``).
            record_type: Only this RRtype.

        Returns:
            The records in the API's order (ascending id).

        Raises:
            InvalidArgumentError: An unsupported ``record_type`` or a malformed ``name`` (before
                any request).
            NotFoundError: No hosted zone for ``domain``.
        """  # noqa: DOC502
        if record_type is not None:
            precheck_record(record_type=record_type, name=name)
        elif name is not None:
            precheck_record(record_type="A", name=name)  # the name's syntax only
        zone = await self._client.get_zone(domain)
        if name is None and record_type is None:
            return list(zone.records)
        if name is None:
            return [r for r in zone.records if r.type == str(record_type).upper()]
        if record_type is None:
            return [r for r in zone.records if r.name == to_fqdn(name, zone.name)]
        return select_records(zone.records, zone=zone.name, name=name, record_type=record_type)

    async def create(
        self,
        domain: str,
        *,
        name: str,
        record_type: str,
        content: str,
        ttl: int | None = None,
        priority: int | None = None,
    ) -> Record:
        """Create a record; its id is learnt by re-reading the zone (the API returns none).

        Args:
            domain: The zone name.
            name: Owner name: relative, FQDN or ``@``.
            record_type: The RRtype.
            content: The record data.
            ttl: TTL in seconds (default 3600).
            priority: MX/SRV priority (required for those types).

        Returns:
            The created record as read back (``id`` None if the re-read did not show it).

        Raises:
            InvalidArgumentError: Bad record data (nothing was sent; the zone-independent
                checks run before any request).
            NotFoundError: No hosted zone for ``domain``.
            APIOperationError: The API refused the create inside HTTP 200.
        """  # noqa: DOC502
        precheck_record(
            record_type=record_type,
            name=name,
            content=content,
            ttl=ttl,
            priority=priority,
            complete=True,
        )
        ref = await self._client.zone_ref(domain)
        before = await self._client.get_zone(ref)
        spec = validate_record(
            zone=before.name,
            name=name,
            record_type=record_type,
            content=content,
            ttl=ttl,
            priority=priority,
            existing=before.records,
        )
        record, _ = await self._client._create(ref, spec, before)
        return record

    async def _matching(
        self,
        domain: str,
        *,
        record_id: str | None,
        name: str | None,
        record_type: str | None,
        content: str | None,
    ) -> tuple[ZoneRef, Zone, builtins.list[Record]]:
        """Read the zone and pick the records an update or delete targets.

        Raises:
            InvalidArgumentError: Neither id nor name and type given.
            NotFoundError: The zone is not hosted here, or no record matches.
        """
        ref = await self._client.zone_ref(domain)
        zone = await self._client.get_zone(ref)
        targets = select_records(
            zone.records,
            zone=zone.name,
            record_id=record_id,
            name=name,
            record_type=record_type,
            content=content,
        )
        if not targets:
            raise NotFoundError(f"no record matches id={record_id} name={name} in {zone.name}")
        return ref, zone, targets

    async def update(
        self,
        domain: str,
        record_id: str | None = None,
        *,
        name: str | None = None,
        record_type: str | None = None,
        match_content: str | None = None,
        content: str | None = None,
        ttl: int | None = None,
        priority: int | None = None,
        new_name: str | None = None,
    ) -> Record:
        """Update one record, chosen by id or by name and type (and ``match_content``).

        Fields left as None keep their current value. The record keeps its id, also when
        renamed (dns-services-api.md §7).

        Args:
            domain: The zone name.
            record_id: The record id; or give ``name`` and ``record_type``.
            name: Owner name of the record to update.
            record_type: Its RRtype.
            match_content: Its current content, to pick one record of a set.
            content: New content.
            ttl: New TTL in seconds.
            priority: New MX/SRV priority.
            new_name: New owner name.

        Returns:
            The record as sent, with its id.

        Raises:
            InvalidArgumentError: Bad data, or several records match.
            NotFoundError: No record matches.
            APIOperationError: The API refused the update inside HTTP 200.
        """  # noqa: DOC503
        if record_type is not None:
            precheck_record(
                record_type=record_type, name=new_name, content=content, ttl=ttl, priority=priority
            )
        ref, zone, targets = await self._matching(
            domain, record_id=record_id, name=name, record_type=record_type, content=match_content
        )
        if len(targets) > 1:
            raise InvalidArgumentError(
                "match_content", f"{len(targets)} records match; give record_id or match_content"
            )
        target = targets[0]
        spec = validate_record(
            zone=zone.name,
            name=new_name or target.name,
            record_type=target.type,
            content=target.content if content is None else content,
            ttl=target.ttl if ttl is None else ttl,
            priority=target.priority if priority is None else priority,
            existing=zone.records,
            ignore_ids=[target.id or ""],
        )
        await self._client.request(
            "PUT", self._client._records_path(ref, target.id), json=spec.body()
        )
        return spec.as_record(target.id)

    async def delete(
        self,
        domain: str,
        record_id: str | None = None,
        *,
        name: str | None = None,
        record_type: str | None = None,
        content: str | None = None,
    ) -> builtins.list[Record]:
        """Delete a record by id, or every record of a name and type (optionally by content).

        Args:
            domain: The zone name.
            record_id: The record id; or give ``name`` and ``record_type``.
            name: Owner name.
            record_type: The RRtype.
            content: Only the record(s) with this content.

        Returns:
            The deleted records.

        Raises:
            InvalidArgumentError: Neither id nor name and type given.
            NotFoundError: No record matches.
            APIOperationError: The API refused a delete inside HTTP 200.
        """  # noqa: DOC502
        ref, _, targets = await self._matching(
            domain, record_id=record_id, name=name, record_type=record_type, content=content
        )
        for target in targets:
            await self._client.request("DELETE", self._client._records_path(ref, target.id))
        return targets


class AsyncDomains:
    """Registrar domains joined with hosted zones (dns-services-api.md §9, §11).

    Args:
        client: The owning client.
    """

    def __init__(self, client: AsyncDNSServicesClient) -> None:
        self._client = client

    async def _registrar(self) -> builtins.list[dict[str, Any]]:
        try:
            body = await self._client.request("GET", "domain")
        except (APIOperationError, NotFoundError):
            # Accounts without registrar domains (or without the registrar module) answer
            # with an error list; the zones alone still describe the hosted domains.
            return []
        return parse_registrar_domains(body)

    async def _nameservers(self, registrar_id: str) -> builtins.list[str]:
        try:
            body = await self._client.request("GET", f"domain/{registrar_id}")
        except (APIOperationError, NotFoundError):
            return []
        return parse_nameservers(body)

    async def list(self, *, with_nameservers: bool = False) -> builtins.list[Domain]:
        """List every domain: registered here (``/api/domain``) and/or hosted (``/api/dns``).

        Args:
            with_nameservers: Also fetch each registered domain's nameservers (one
                ``GET /api/domain/{id}`` per domain) to fill ``nameservers`` and
                ``dns_configured``.

        Returns:
            The domains, sorted by name.
        """
        registrar = await self._registrar()
        if with_nameservers:
            for entry in registrar:
                if entry["registrar_id"] and not entry["nameservers"]:
                    entry["nameservers"] = await self._nameservers(entry["registrar_id"])
        zones = await self._client.list_zones(refresh=True)
        return join_domains(registrar, zones)

    async def get(self, name: str) -> DomainDetails:
        """Describe one domain: parsed SOA, records by type, configuration, operations.

        Args:
            name: The domain name.

        Returns:
            The details.

        Raises:
            NotFoundError: The domain is neither registered nor hosted in this account.
        """
        wanted = name.strip().rstrip(".").lower()
        registrar = [e for e in await self._registrar() if e["name"] == wanted]
        for entry in registrar:
            if entry["registrar_id"] and not entry["nameservers"]:
                entry["nameservers"] = await self._nameservers(entry["registrar_id"])
        zones = [z for z in await self._client.list_zones(refresh=True) if z.name == wanted]
        joined = join_domains(registrar[:1], zones)
        if not joined:
            raise NotFoundError(f"{wanted} is neither registered nor hosted in this account")
        domain = joined[0]
        if not domain.hosted:
            return DomainDetails(
                domain=domain,
                configuration_status="not_hosted",
                available_operations=["domains.list", "domains.get"],
            )
        zone = await self._client.get_zone(zones[0])
        by_type: dict[str, builtins.list[Record]] = {}
        for record in zone.records:
            by_type.setdefault(record.type, []).append(record)
        delegated = delegation_status(domain.nameservers)
        status = {True: "configured", False: "not_delegated", None: "hosted"}[delegated]
        operations = list(_RECORD_OPERATIONS)
        try:
            body = await self._client.request("GET", f"service/{zones[0].service_id}/methods")
        except APIError:
            body = None
        methods = body.get("methods") if isinstance(body, dict) else None
        if isinstance(methods, list):
            for entry in methods:
                label = service_operation(entry)
                if label and label not in operations:
                    operations.append(label)
        return DomainDetails(
            domain=domain,
            soa=zone.soa,
            records_by_type=by_type,
            record_counts={rtype: len(items) for rtype, items in sorted(by_type.items())},
            configuration_status=status,
            available_operations=operations,
        )
