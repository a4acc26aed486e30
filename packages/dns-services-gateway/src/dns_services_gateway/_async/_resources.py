"""Record and domain resources of the client (``client.records``, ``client.domains``)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._domains import (
    delegation_status,
    join_domains,
    parse_nameserver_list,
    parse_nameservers,
    parse_registrar_domains,
    service_operation,
)
from .._exceptions import APIError, APIOperationError, InvalidArgumentError, NotFoundError
from .._records import (
    check_domain,
    check_hostname,
    check_name_in_domain,
    precheck_record,
    select_records,
    to_ascii,
    to_fqdn,
)
from ..types.domains import DNS_SERVICES_NAMESERVERS, Domain, DomainDetails
from ..types.records import Record
from ._batch import execute

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
            precheck_record(record_type=record_type, name=name, domain=domain)
        elif name is not None:
            precheck_record(record_type="A", name=name, domain=domain)  # the name's syntax only
        zone = await self._client.get_zone(domain)
        if name is None and record_type is None:
            return list(zone.records)
        if name is None:
            return [r for r in zone.records if r.type == str(record_type).upper()]
        if record_type is None:
            return [r for r in zone.records if r.name == to_fqdn(name, zone.name)]
        return select_records(zone.records, zone=zone.name, name=name, record_type=record_type)

    async def _one(self, change: dict[str, Any]) -> Record:
        """Run one create, update or ensure through the write pipeline.

        Returns:
            The record as the zone re-read shows it; when the re-read does not show the
            change (yet), the record as sent with the id it is known by.

        Raises:
            DNSServicesError: The error that made the change fail (planning or sending).
        """
        run = await execute(self._client, [change])
        if 0 in run.errors:
            raise run.errors[0]
        result, step = run.results[0], run.steps[0][1]
        if result.record is not None and result.verified:
            return result.record
        # The re-read does not show the change (yet): a lagging read, or a create whose
        # record could not be told apart. The record as sent, with the id it is known by.
        assert step.spec is not None
        known = result.record.id if result.record is not None else None
        if known is None and step.targets:
            known = step.targets[0].id
        return step.spec.as_record(known)

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
        """Create a record, unless an identical one is there; its id is learnt by re-reading.

        A record with the same name, type, content, TTL and priority already in the zone is
        returned as it is and nothing is sent, so the call can be repeated. Another value at
        the same name and type is added beside the others (a record set).

        Args:
            domain: The zone name.
            name: Owner name: relative, absolute with a trailing dot, or ``@``.
            record_type: The RRtype.
            content: The record data.
            ttl: TTL in seconds (default 3600).
            priority: MX/SRV priority (required for those types).

        Returns:
            The created (or already present) record as read back (``id`` None if the re-read
            did not show it).

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
            domain=domain,
        )
        return await self._one(
            _change(
                "create",
                domain,
                record_type,
                name=name,
                content=content,
                ttl=ttl,
                priority=priority,
            )
        )

    async def ensure(
        self,
        domain: str,
        *,
        name: str,
        record_type: str,
        content: str,
        ttl: int | None = None,
        priority: int | None = None,
    ) -> Record:
        """Make the zone hold this record: create it, or update the one with this value.

        The record with this name, type and content gets the TTL and priority given (left
        as they are when None); a CNAME, of which a name holds one (RFC 1034 §3.6.2), is
        updated whatever its target; otherwise the value is created beside any others. When
        the zone already holds the record as asked nothing is sent.

        Args:
            domain: The zone name.
            name: Owner name: relative, absolute with a trailing dot, or ``@``.
            record_type: The RRtype.
            content: The record data.
            ttl: TTL in seconds (None: keep the current one; 3600 for a new record).
            priority: MX/SRV priority (None: keep the current one; required for a new one).

        Returns:
            The record as read back.

        Raises:
            InvalidArgumentError: Bad record data (the zone-independent checks run before any
                request).
            NotFoundError: No hosted zone for ``domain``.
            APIOperationError: The API refused the change inside HTTP 200.
        """  # noqa: DOC502
        precheck_record(
            record_type=record_type,
            name=name,
            content=content,
            ttl=ttl,
            priority=priority,
            domain=domain,
        )
        return await self._one(
            _change(
                "ensure",
                domain,
                record_type,
                name=name,
                content=content,
                ttl=ttl,
                priority=priority,
            )
        )

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
        renamed (dns-services-api.md §7). When the record already holds the new data nothing
        is sent (a repeated call is a no-op); so is an update chosen by ``match_content``
        that no longer matches while the record as updated is in the zone.

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
            The record as the zone re-read shows it, with its id (as sent when the re-read
            does not show the change yet).

        Raises:
            InvalidArgumentError: Bad data, or several records match.
            NotFoundError: No record matches.
            APIOperationError: The API refused the update inside HTTP 200.
        """  # noqa: DOC502, DOC503
        if record_type is not None:
            precheck_record(
                record_type=record_type,
                name=new_name,
                content=content,
                ttl=ttl,
                priority=priority,
                domain=domain,
            )
        check_name_in_domain(name, domain)
        if record_id is None and (name is None or record_type is None):
            raise InvalidArgumentError(
                "id", "give the record id, or name and record_type to find it"
            )
        if record_type is None:
            record_type = await self._type_of(domain, str(record_id))
        return await self._one(
            _change(
                "update",
                domain,
                record_type,
                id=record_id,
                name=name,
                match_content=match_content,
                content=content,
                ttl=ttl,
                priority=priority,
                new_name=new_name,
            )
        )

    async def _type_of(self, domain: str, record_id: str) -> str:
        """The RRtype of a record known by id alone.

        Raises:
            NotFoundError: The zone holds no record with this id.
        """
        zone = await self._client.get_zone(domain)
        for record in zone.records:
            if record.id == record_id:
                return record.type
        raise NotFoundError(f"no record with id {record_id} in {zone.name}")

    async def delete(
        self,
        domain: str,
        record_id: str | None = None,
        *,
        name: str | None = None,
        record_type: str | None = None,
        content: str | None = None,
        missing_ok: bool = False,
    ) -> builtins.list[Record]:
        """Delete a record by id, or every record of a name and type (optionally by content).

        Args:
            domain: The zone name.
            record_id: The record id; or give ``name`` and ``record_type``.
            name: Owner name.
            record_type: The RRtype.
            content: Only the record(s) with this content.
            missing_ok: When no record matches, return an empty list instead of raising
                (nothing is sent), so that the call can be repeated.

        Returns:
            The deleted records (empty when none matched and ``missing_ok``).

        Raises:
            InvalidArgumentError: Neither id nor name and type given.
            NotFoundError: No record matches (and not ``missing_ok``).
            APIOperationError: The API refused a delete inside HTTP 200.
        """  # noqa: DOC502, DOC503
        check_name_in_domain(name, domain)
        if record_id is None and (name is None or record_type is None):
            raise InvalidArgumentError(
                "id", "give the record id, or name and record_type to find it"
            )
        if record_type is None:
            try:
                record_type = await self._type_of(domain, str(record_id))
            except NotFoundError:
                if missing_ok:
                    return []
                raise
        run = await execute(
            self._client,
            [_change("delete", domain, record_type, id=record_id, name=name, content=content)],
            missing_ok=missing_ok,
        )
        if 0 in run.errors:
            raise run.errors[0]
        return [] if run.results[0].status == "absent" else builtins.list(run.steps[0][1].targets)


def _change(action: str, domain: str, record_type: str, **fields: Any) -> dict[str, Any]:
    """A change dict for the pipeline, without the fields left as None."""
    change = {"action": action, "domain": domain, "type": record_type}
    for key, value in fields.items():
        if value is not None:
            change[key] = str(value) if key in ("content", "id", "match_content") else value
    return change


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

    async def _registrar_id(self, name: str) -> tuple[str, str]:
        """The registrar id of a domain registered in this account.

        Raises:
            NotFoundError: The domain is not registered here (hosted-only zones included).
        """
        wanted = to_ascii(check_domain(name))
        for entry in await self._registrar():
            if entry["name"] == wanted and entry["registrar_id"]:
                return wanted, str(entry["registrar_id"])
        raise NotFoundError(f"{wanted} is not registered in this account")

    async def nameservers(self, name: str) -> builtins.list[str]:
        """Read the nameservers a registered domain is delegated to at its registry.

        ``GET /api/domain/{id}/ns`` (dns-services-api.md §9, body undocumented and read
        tolerantly), falling back to the ``nameservers`` of ``GET /api/domain/{id}`` when that
        answer lists none.

        Args:
            name: The registered domain, for example ``example.com``.

        Returns:
            The nameserver host names, lower case, in the registry's order.

        Raises:
            InvalidArgumentError: ``name`` is empty (before any request).
            NotFoundError: The domain is not registered in this account.
            APIError: The API refused the read.
        """  # noqa: DOC502
        _, registrar_id = await self._registrar_id(name)
        servers = parse_nameserver_list(
            await self._client.request("GET", f"domain/{registrar_id}/ns")
        )
        return servers or await self._nameservers(registrar_id)

    async def set_nameservers(
        self, name: str, nameservers: Iterable[str] | None = None
    ) -> builtins.list[str]:
        """Delegate a registered domain to these nameservers, or to the provider's defaults.

        ``PUT /api/domain/{id}/ns`` with ``nameservers`` (dns-services-api.md §9: an empty
        list means the provider's default nameservers). The delegation is read back first
        and again afterwards: when it already is as asked nothing is sent, so the call can be
        repeated. Internationalised host names are sent as punycode.

        Args:
            name: The registered domain.
            nameservers: Two or more nameserver host names; None or empty for the provider's
                defaults (``ns1.dns.services``, ``ns2.dns.services``).

        Returns:
            The nameservers as read back after the change.

        Raises:
            InvalidArgumentError: A host name is malformed, or only one is given (checked
                before any request).
            NotFoundError: The domain is not registered in this account.
            APIOperationError: The API refused the change inside HTTP 200.
        """  # noqa: DOC502, DOC503
        wanted = [check_hostname(ns, "nameservers") for ns in (nameservers or [])]
        if len(wanted) == 1:
            raise InvalidArgumentError(
                "nameservers", "give at least two nameservers, or none for the defaults"
            )
        if len(set(wanted)) != len(wanted):
            raise InvalidArgumentError("nameservers", "a nameserver is listed twice")
        current = await self.nameservers(name)
        target = wanted or list(DNS_SERVICES_NAMESERVERS)
        if current == target:
            return current
        _, registrar_id = await self._registrar_id(name)
        await self._client.request("PUT", f"domain/{registrar_id}/ns", json={"nameservers": wanted})
        return await self.nameservers(name)

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
