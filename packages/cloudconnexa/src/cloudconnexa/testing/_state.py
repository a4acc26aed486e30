"""The fake tenant's in-memory data and the helpers every handler shares."""

from __future__ import annotations

import itertools
import math
import threading
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from cloudconnexa.testing._clock import Clock
from cloudconnexa.testing._errors import CODE_RANGE, FakeAPIError

UserStatus = Literal["INVITED", "ACTIVE"]

# A static region list (cloudconnexa-api.md §11 item 12); ids follow the real `it-mxp` form.
REGIONS: tuple[dict[str, str], ...] = (
    {
        "id": "de-fra",
        "continent": "Europe",
        "country": "Germany",
        "countryIso": "DE",
        "regionName": "Frankfurt",
    },
    {
        "id": "fi-hel",
        "continent": "Europe",
        "country": "Finland",
        "countryIso": "FI",
        "regionName": "Helsinki",
    },
    {
        "id": "it-mxp",
        "continent": "Europe",
        "country": "Italy",
        "countryIso": "IT",
        "regionName": "Milan",
    },
    {
        "id": "us-nyc",
        "continent": "North America",
        "country": "United States",
        "countryIso": "US",
        "regionName": "New York",
    },
    {
        "id": "us-sfo",
        "continent": "North America",
        "country": "United States",
        "countryIso": "US",
        "regionName": "San Francisco",
    },
    {
        "id": "sg-sin",
        "continent": "Asia",
        "country": "Singapore",
        "countryIso": "SG",
        "regionName": "Singapore",
    },
)
REGION_IDS = frozenset(r["id"] for r in REGIONS)

TABLES = (
    "networks",
    "network_connectors",
    "routes",
    "network_ip_services",
    "network_applications",
    "hosts",
    "host_connectors",
    "host_ip_services",
    "host_applications",
    "users",
    "user_groups",
    "devices",
    "dns_records",
    "access_groups",
    "location_contexts",
    "device_postures",
)


@dataclass
class Options:
    """Behaviour switches of the fake tenant.

    Attributes:
        initial_user_status: `status` of a newly created user (INVITED or ACTIVE).
        forbid_deleting_groups_in_use: Deleting a user group that still has users gives 400
            (inferred behaviour).
        newer_api: Serve v1.1.1/v1.2 additions: `GET /api/v1/audit-log`, user and connector
            activate/suspend, and the `licensed` field on users and connectors. Off, the
            tenant is a plain 1.1.0 one and the audit log answers 404.
    """

    initial_user_status: UserStatus = "INVITED"
    forbid_deleting_groups_in_use: bool = True
    newer_api: bool = False


@dataclass
class FakeState:
    """Everything the fake tenant stores. Handlers hold `lock` while they run.

    Each table maps an id to a stored record; dicts keep insertion order, which gives lists
    the stable creation order the real API shows. Keys starting with `_` are internal and are
    never sent.
    """

    clock: Clock
    options: Options = field(default_factory=Options)
    lock: threading.RLock = field(default_factory=threading.RLock)
    tables: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    dns_resolutions: list[dict[str, Any]] = field(default_factory=list)
    dns_log_enabled: bool = False
    cybershield: dict[str, dict[str, str]] = field(default_factory=dict)
    audit_log: list[dict[str, Any]] = field(default_factory=list)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Empty every table and re-seed the built-ins (cloudconnexa-api.md §11 items 8, 10)."""
        from cloudconnexa.testing._settings import default_settings

        with self.lock:
            self.tables = {name: {} for name in TABLES}
            self.settings = default_settings()
            self.sessions = []
            self.dns_resolutions = []
            self.dns_log_enabled = False
            self.cybershield = {"allow": {}, "block": {}}
            self.audit_log = []
            self._counter = itertools.count(1)
            default_group = self.insert(
                "user_groups",
                {
                    "name": "Default",
                    "vpnRegionIds": [],
                    "allRegionsIncluded": True,
                    "internetAccess": "SPLIT_TUNNEL_ON",
                    "maxDevice": 3,
                    "connectAuth": "ON_PRIOR_AUTH",
                    "systemSubnets": self.system_subnets(),
                    "gatewaysIds": [],
                },
            )
            self.insert(
                "access_groups",
                {
                    "name": "Default Full Mesh Access",
                    "description": "Built-in group that lets everything reach everything",
                    "defaultGroup": True,
                    "source": [
                        {"type": "USER_GROUP", "allCovered": True, "parent": None, "children": []}
                    ],
                    "destination": [
                        {"type": "USER_GROUP", "allCovered": True, "parent": None, "children": []}
                    ],
                },
            )
            self.default_group_id = default_group["id"]
            for provider in ("ldap", "saml"):
                self.settings[f"auth/{provider}/group-mappings"]["fallbackGroupId"] = default_group[
                    "id"
                ]

    # ----------------------------------------------------------------- ids and addresses

    def next_number(self) -> int:
        """Return the next tenant-wide sequence number (used for addresses).

        Returns:
            An integer one higher than the previous call's.
        """
        return next(self._counter)

    def system_subnets(self) -> list[str]:
        """Allocate the server-assigned `systemSubnets` of a network, host or group.

        Returns:
            One IPv4 `/24` inside `100.64.0.0/10` and one IPv6 `/64` under `fd00::/16`,
            both derived from a fresh sequence number.
        """
        n = self.next_number()
        return [f"100.{64 + (n // 256) % 64}.{n % 256}.0/24", f"fd00:{n:x}::/64"]

    def tunnel_addresses(self) -> tuple[str, str]:
        """Allocate a connector or device's tunnel IPv4 and IPv6 address.

        Returns:
            `(ipv4, ipv6)`: an address in `100.96.0.0/16` and one under `fd:0:0:8000::/64`,
            both derived from a fresh sequence number.
        """
        n = self.next_number()
        return f"100.96.{(n // 254) % 256}.{n % 254 + 1}", f"fd:0:0:8000::{n:x}"

    # ----------------------------------------------------------------- tables

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """Return one table by name.

        Args:
            name: One of `TABLES`.

        Returns:
            The table: record id to stored record (the live dict).
        """
        return self.tables[name]

    def insert(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Store a new record under a fresh UUID and return it.

        Args:
            table: One of `TABLES`.
            record: The fields to store; an `id` in it wins over the fresh UUID.

        Returns:
            The stored record, `id` included.
        """
        record = {"id": str(uuid.uuid4()), **record}
        self.tables[table][record["id"]] = record
        return record

    def find(self, table: str, item_id: str, kind: str) -> dict[str, Any]:
        """Return a stored record.

        Args:
            table: One of `TABLES`.
            item_id: The record id.
            kind: Human name of the resource, used in the error message.

        Returns:
            The stored record (the live dict).

        Raises:
            FakeAPIError: 404 `<kind> with id <item_id> not found` if there is no such id.
        """
        record = self.tables[table].get(item_id)
        if record is None:
            raise FakeAPIError(404, f"{kind} with id {item_id} not found")
        return record

    def children(self, table: str, key: str, parent_id: str) -> list[dict[str, Any]]:
        """Return the records of `table` whose `key` equals `parent_id`, in creation order.

        Args:
            table: One of `TABLES`.
            key: The record field holding the parent id (`networkItemId`, `groupId`...).
            parent_id: The parent's id.

        Returns:
            The matching stored records.
        """
        return [r for r in self.tables[table].values() if r.get(key) == parent_id]

    def audit(self, client_id: str, method: str, path: str, status: int) -> None:
        """Record a successful mutating call as an audit-log entry (newer tenants only).

        Args:
            client_id: The API client that made the call (`initiatorId`).
            method: The HTTP method (`action`).
            path: The URL path.
            status: The HTTP status of the reply.
        """
        self.audit_log.append(
            {
                "id": str(uuid.uuid4()),
                "timestamp": self.clock.now().isoformat().replace("+00:00", "Z"),
                "initiatorId": client_id,
                "initiatorType": "API",
                "action": method,
                "path": path,
                "status": status,
            }
        )


def public(record: dict[str, Any]) -> dict[str, Any]:
    """Return a stored record without internal (`_`-prefixed) keys and without null values.

    The document declares no field `nullable`, so an absent value is omitted, never `null`.

    Args:
        record: A stored record.

    Returns:
        A new dict with the public, non-null fields.
    """
    return {k: v for k, v in record.items() if v is not None and not k.startswith("_")}


def page_params(
    query: dict[str, str], *, default_size: int = 10, min_size: int = 1, max_size: int = 1000
) -> tuple[int, int]:
    """Read and check `page` (0-based) and `size` (cloudconnexa-api.md §4, §11 item 14).

    Args:
        query: The request's query parameters.
        default_size: `size` when the parameter is absent or empty.
        min_size: Lowest allowed `size`.
        max_size: Highest allowed `size`; `page` is bounded by the int32 maximum.

    Returns:
        `(page, size)`.

    Raises:
        FakeAPIError: 400 `Invalid paging parameters`, with an entry per offending parameter,
            when `page` or `size` is not an integer or out of range.
    """
    details: dict[str, list[dict[str, Any]]] = {}
    values: dict[str, int] = {}
    for name, default, low, high in (  # high None: int32 maximum
        ("page", 0, 0, None),
        ("size", default_size, min_size, max_size),
    ):
        raw = query.get(name)
        try:
            value = default if raw is None or raw == "" else int(raw)
        except ValueError:
            details[name] = [{"errorCode": CODE_RANGE, "message": "must be an integer"}]
            continue
        if value < low or (high is not None and value > high):
            details[name] = [
                {
                    "errorCode": CODE_RANGE,
                    "message": f"must be between {low} and {2**31 - 1 if high is None else high}",
                }
            ]
        values[name] = value
    if details:
        raise FakeAPIError(400, "Invalid paging parameters", details)
    return values["page"], values["size"]


def envelope(items: Iterable[dict[str, Any]], total: int, page: int, size: int) -> dict[str, Any]:
    """Build the page envelope of cloudconnexa-api.md §4 around one page of already-sliced items.

    Args:
        items: The rendered items of this page.
        total: The number of matching records over all pages.
        page: The 0-based page number.
        size: The page size.

    Returns:
        `{"content", "totalElements", "totalPages", "numberOfElements", "page", "size"}`.
    """
    content = list(items)
    return {
        "content": content,
        "totalElements": total,
        "totalPages": math.ceil(total / size) if total else 0,
        "numberOfElements": len(content),
        "page": page,
        "size": size,
    }


def paginate(
    records: Collection[dict[str, Any]], query: dict[str, str], render: Any
) -> dict[str, Any]:
    """Slice `records` by the request's page parameters and render each item.

    Args:
        records: All matching stored records, in creation order (a list or a dict's values
            view; only the requested page is copied).
        query: The request's query parameters.
        render: Function from a stored record to its response dict.

    Returns:
        The page envelope; `content` is empty past the end.

    Bad page parameters propagate the 400 `FakeAPIError` of `page_params`.
    """
    page, size = page_params(query)
    start = page * size
    window = itertools.islice(records, start, start + size)
    return envelope((render(r) for r in window), len(records), page, size)
