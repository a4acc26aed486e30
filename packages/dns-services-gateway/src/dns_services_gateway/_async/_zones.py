"""Zones as files (``client.zones``): list, get, export and sync against a zone file."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._exceptions import (
    InvalidArgumentError,
)
from .._verification import check_timing
from .._zones import (
    DEFAULT_DELETE_THRESHOLD,
    DEFAULT_MIN_EXISTING,
    DEFAULT_UPDATE_THRESHOLD,
    PlanThresholdError,
    change_spec,
    dns_expectations,
    plan_zone_sync,
)
from ..types.records import Record, Zone, ZoneRef
from ..types.responses import CheckResult, VerifyLevel
from ..types.zones import ZoneChange, ZonePlan, ZoneSyncResult
from ..zonefile import check_format, dump_zone, load_zone
from ._dns import Nameserver, check_authoritative

if TYPE_CHECKING:
    from ._client import AsyncDNSServicesClient

__all__ = ["AsyncZones"]


class AsyncZones:
    """Hosted zones as a whole: read them, write them as files, sync them from files.

    Args:
        client: The owning client.
    """

    def __init__(self, client: AsyncDNSServicesClient) -> None:
        self._client = client

    async def list(self) -> builtins.list[ZoneRef]:
        """List the hosted zones of the account (``GET /api/dns``, read afresh).

        Returns:
            The zones, in the API's order.

        Raises:
            APIError: The API refused the listing.
            APIConnectionError: The API could not be reached.
        """  # noqa: DOC502
        return await self._client.list_zones(refresh=True)

    async def get(self, domain: str) -> Zone:
        """Read one zone with its SOA and every record.

        Args:
            domain: The zone name (or any name inside it: the longest hosted suffix is used).

        Returns:
            The zone.

        Raises:
            NotFoundError: No hosted zone contains ``domain``.
            APIConnectionError: The API could not be reached.
        """  # noqa: DOC502
        return await self._client.get_zone(domain)

    async def export(self, domain: str, *, format: str = "bind") -> str:
        """Write a zone as a file (see :mod:`dns_services_gateway.zonefile`).

        Args:
            domain: The zone name.
            format: ``"bind"`` (RFC 1035 master file with ``$ORIGIN``, ``$TTL`` and the SOA),
                ``"yaml"`` (octodns's zone layout) or ``"json"``.

        Returns:
            The file's text.

        Raises:
            InvalidArgumentError: ``format`` is unknown (before any request).
            NotFoundError: No hosted zone for ``domain``.
        """  # noqa: DOC502
        chosen = check_format(format)
        return dump_zone(await self._client.get_zone(domain), chosen)

    async def plan(
        self,
        domain: str,
        source: str | Iterable[Record],
        *,
        format: str = "bind",
        ignore: Sequence[str] = (),
        update_threshold: float = DEFAULT_UPDATE_THRESHOLD,
        delete_threshold: float = DEFAULT_DELETE_THRESHOLD,
        min_existing: int = DEFAULT_MIN_EXISTING,
    ) -> ZonePlan:
        """Plan a sync without sending anything (one zone read).

        Args:
            domain: The zone name.
            source: The zone file's text, or records (such as ``load_zone``'s result).
            format: The format of ``source`` when it is text: bind, yaml or json.
            ignore: Patterns ``NAME`` or ``NAME/TYPE`` of records the file does not own.
            update_threshold: Largest share of managed records that may be updated.
            delete_threshold: Largest share of managed records that may be deleted.
            min_existing: Thresholds apply from this many managed records on.

        Returns:
            The plan (see :func:`~dns_services_gateway._zones.plan_zone_sync` for the rules).

        Raises:
            InvalidArgumentError: The file or an argument is not usable (nothing was sent).
            NotFoundError: No hosted zone for ``domain``.
        """  # noqa: DOC502
        _, _, _, plan = await self._plan(
            domain,
            source,
            format=format,
            ignore=ignore,
            update_threshold=update_threshold,
            delete_threshold=delete_threshold,
            min_existing=min_existing,
        )
        return plan

    async def _plan(
        self,
        domain: str,
        source: str | Iterable[Record],
        *,
        format: str,
        ignore: Sequence[str],
        update_threshold: float,
        delete_threshold: float,
        min_existing: int,
    ) -> tuple[ZoneRef, Zone, builtins.list[Record], ZonePlan]:
        ref = await self._client.zone_ref(domain)
        desired = (
            load_zone(source, ref.name, format)
            if isinstance(source, str)
            else builtins.list(source)
        )
        current = await self._client.get_zone(ref)
        plan = plan_zone_sync(
            current,
            desired,
            ignore=ignore,
            update_threshold=update_threshold,
            delete_threshold=delete_threshold,
            min_existing=min_existing,
        )
        return ref, current, desired, plan

    async def sync(
        self,
        domain: str,
        source: str | Iterable[Record],
        *,
        format: str = "bind",
        dry_run: bool = False,
        force: bool = False,
        ignore: Sequence[str] = (),
        update_threshold: float = DEFAULT_UPDATE_THRESHOLD,
        delete_threshold: float = DEFAULT_DELETE_THRESHOLD,
        min_existing: int = DEFAULT_MIN_EXISTING,
        verify: VerifyLevel = "dns",
        nameservers: Iterable[Nameserver] | None = None,
        dns_timeout: float | None = None,
        deadline: float | None = None,
    ) -> ZoneSyncResult:
        """Make the live zone match a zone file: plan, send in a safe order, re-read, verify.

        The order keeps the zone whole: creates before the deletes of the values they
        replace, and one update where one value replaces another. The SOA and apex NS are
        never touched. Running the same sync twice sends nothing the second time.

        Args:
            domain: The zone name.
            source: The zone file's text, or records.
            format: The format of ``source`` when it is text: bind, yaml or json.
            dry_run: Plan only; send nothing.
            force: Apply even when the plan exceeds a threshold.
            ignore: Patterns ``NAME`` or ``NAME/TYPE`` (shell globs) of records to leave alone.
            update_threshold: Largest share of managed records that may be updated (0.3).
            delete_threshold: Largest share of managed records that may be deleted (0.3).
            min_existing: Thresholds apply from this many managed records on (10).
            verify: ``"none"``, ``"api"`` (re-read the zone and plan again: nothing may
                remain) or ``"dns"`` (default; also ask every authoritative nameserver).
            nameservers: Nameservers for DNS verification (default: the client's, else the
                zone's apex NS records).
            dns_timeout: Seconds per DNS answer.
            deadline: Seconds DNS verification keeps polling.

        Returns:
            The plan, whether it was applied, the write requests sent and the verdicts.

        Raises:
            PlanThresholdError: The plan exceeds a threshold and ``force`` is False (nothing
                was sent; the error carries the plan).
            InvalidArgumentError: The file or an argument is not usable (nothing was sent).
            NotFoundError: No hosted zone for ``domain``.
            APIError: The API refused a change (the changes before it stay applied; run the
                sync again to finish).
            APIConnectionError: The API could not be reached.
        """  # noqa: DOC502, DOC503
        if verify not in ("none", "api", "dns"):
            raise InvalidArgumentError("verify", f"must be none, api or dns, got {verify!r}")
        check_timing(dns_timeout, deadline)
        ref, before, desired, plan = await self._plan(
            domain,
            source,
            format=format,
            ignore=ignore,
            update_threshold=update_threshold,
            delete_threshold=delete_threshold,
            min_existing=min_existing,
        )
        if dry_run or plan.empty:
            return ZoneSyncResult(plan=plan)
        if plan.refusals and not force:
            raise PlanThresholdError(plan)
        requests = 0
        for change in plan.changes:
            requests += await self._send(ref, change, before)
        if verify == "none":
            return ZoneSyncResult(plan=plan, applied=True, requests=requests)
        after = await self._client.get_zone(ref)
        again = plan_zone_sync(after, desired, ignore=ignore, min_existing=min_existing)
        api = CheckResult(
            ok=again.empty,
            reason="the zone read after the sync matches the file"
            if again.empty
            else f"{len(again.changes)} difference(s) remain after the sync",
            details={"serial": after.serial, "remaining": len(again.changes)},
        )
        dns = None
        if verify == "dns":
            dns = await self._dns(after, plan, nameservers, dns_timeout, deadline)
        verdicts = [api.ok] + ([dns.ok] if dns is not None else [])
        verified = False if False in verdicts else (None if None in verdicts else True)
        return ZoneSyncResult(
            plan=plan, applied=True, requests=requests, verified=verified, api=api, dns=dns
        )

    async def _send(self, ref: ZoneRef, change: ZoneChange, before: Zone) -> int:
        """Send one change through the client's write requests (one request per change).

        A create goes through the client's create path, which never resends blindly: a create
        answers without an id, so after a failure the zone is read to learn whether it landed
        (dns-services-api.md §7).
        """
        client = self._client
        if change.action == "delete":
            await client.request("DELETE", client._records_path(ref, change.record_id))
            return 1
        spec = change_spec(ref.name, change)
        if change.action == "update":
            path = client._records_path(ref, change.record_id)
            await client.request("PUT", path, json=spec.body())
            return 1
        await client._post_create(ref, spec, before)
        return 1

    async def _dns(
        self,
        zone: Zone,
        plan: ZonePlan,
        nameservers: Iterable[Nameserver] | None,
        dns_timeout: float | None,
        deadline: float | None,
    ) -> CheckResult:
        client = self._client
        servers: builtins.list[Nameserver] | None = (
            builtins.list(nameservers) if nameservers is not None else client.nameservers
        )
        if servers is None:
            servers = [r.content for r in zone.records if r.type == "NS" and r.name == zone.name]
            if not servers and zone.soa is not None:
                servers = [zone.soa.primary_ns]
        return await check_authoritative(
            dns_expectations(plan),
            servers,
            timeout=client.dns_timeout if dns_timeout is None else dns_timeout,
            deadline=client.verify_deadline if deadline is None else deadline,
            resolver=client.resolver,
        )
