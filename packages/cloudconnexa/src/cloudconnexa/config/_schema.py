"""The tenant document (schema version 1): kinds, natural keys, and item conversion.

Conversion runs both ways between an API object and a document item.

A document item uses the API's JSON field names (cloudconnexa-api.md §6), except that
references hold names instead of ids (``group`` instead of ``groupId``, ``userGroups`` instead
of ``userGroupsIds``, access-group ``parent``/``children`` by name) and that children are
nested in their parent (a network's ``routes``, ``connectors``, ``ipServices`` and
``applications``). Server-generated fields (ids, addresses, status, system subnets) and
secrets (IPsec keys and passphrases) are never part of an item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cloudconnexa._exceptions import InvalidArgumentError
from cloudconnexa._operations import SETTINGS
from cloudconnexa._textfile import read_text

#: The schema version this package reads and writes (the document's ``version`` field).
SCHEMA_VERSION = 1

#: The prefix of a reference kept as an id because no named object matched it on export.
ID_PREFIX = "id:"

#: IPsec fields that are secret (never exported or compared) or set by the server.
IPSEC_SECRETS = ("preSharedKey", "peerCertificatePrivateKey", "peerCertificateKeyPassphrase")
IPSEC_SERVER_FIELDS = (
    "connectorState",
    "caCertificateFileName",
    "pairedAwsConnectorId",
    "serverId",
)


class DocumentError(InvalidArgumentError):
    """The tenant document is invalid, or it or the tenant is ambiguous; nothing was sent."""


class Names:
    """Two-way maps between ids and natural keys, per kind (children per parent id)."""

    def __init__(self) -> None:
        self._name: dict[str, dict[str, str]] = {}
        self._id: dict[str, dict[tuple[str | None, str], str | None]] = {}

    def add(self, kind: str, id: str, key: str, parent_id: str | None = None) -> None:
        """Record an object; a second object with the same key makes the key ambiguous.

        Args:
            kind: The kind name, such as ``user-groups``.
            id: The object's id.
            key: Its natural key.
            parent_id: The parent's id for a child kind.
        """
        self._name.setdefault(kind, {})[id] = key
        ids = self._id.setdefault(kind, {})
        slot = (parent_id, key)
        ids[slot] = None if slot in ids and ids[slot] != id else id

    def name(self, kind: str, id: str) -> str:
        """Return the natural key of an id, or ``id:<id>`` when no object of ``kind`` has it.

        Args:
            kind: The kind name.
            id: The id.

        Returns:
            The key, or the id with the ``id:`` prefix.
        """
        return self._name.get(kind, {}).get(id, ID_PREFIX + id)

    def find(self, kind: str, key: str, parent_id: str | None = None) -> str | None:
        """Return the id of a natural key, or ``None`` when unknown (``id:...`` is literal).

        Args:
            kind: The kind name.
            key: The natural key, or ``id:<id>``.
            parent_id: The parent's id for a child kind.

        Returns:
            The id, or ``None``.

        Raises:
            DocumentError: Two objects of the kind share the key.
        """
        if key.startswith(ID_PREFIX):
            return key[len(ID_PREFIX) :]
        ids = self._id.get(kind, {})
        slot = (parent_id, key)
        if slot in ids and ids[slot] is None:
            raise DocumentError(f"the tenant has more than one {kind} item named {key!r}")
        return ids.get(slot)

    def id(self, kind: str, key: str, parent_id: str | None = None) -> str:
        """Return the id of a natural key.

        Args:
            kind: The kind name.
            key: The natural key, or ``id:<id>``.
            parent_id: The parent's id for a child kind.

        Returns:
            The id.

        Raises:
            DocumentError: No object of the kind has the key, or more than one has.
        """
        found = self.find(kind, key, parent_id)
        if found is None:
            raise DocumentError(f"unknown reference: no {kind} item named {key!r}")
        return found


@dataclass(frozen=True)
class Ref:
    """A field that refers to another object by name in the document and by id in the API.

    Attributes:
        field: The document's field name.
        api: The API's field name.
        target: The kind referred to.
        many: A list of references instead of one.
    """

    field: str
    api: str
    target: str
    many: bool = False


@dataclass(frozen=True)
class Kind:
    """One kind of object in the document.

    Attributes:
        name: The kind's name (``users``, ``network-routes``); top-level kinds are also the
            document's section names and the values of ``--resources``.
        section: The field holding the items: a document key, or a key of the parent item.
        service: The client attribute serving the kind (``client.<service>``).
        key: The item field that is the natural key.
        api_key: The API response field of the key.
        api_key_write: The API request field of the key.
        fields: The item fields copied as they are to and from the API.
        refs: The reference fields.
        parent: The parent kind, for a child kind.
        parent_arg: The keyword of the service's ``create`` taking the parent id.
        embedded: Children read from the parent's response (field ``section``), not listed.
        extra: Further item fields that ``read`` and ``write`` convert.
        read: Turns the API object (with ``fields`` already copied) into the item's extras.
        write: Turns an item's extras into request fields.
    """

    name: str
    section: str
    service: str
    key: str = "name"
    api_key: str = "name"
    api_key_write: str = "name"
    fields: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    parent: str | None = None
    parent_arg: str | None = None
    embedded: bool = False
    extra: tuple[str, ...] = ()
    read: Callable[[dict[str, Any], dict[str, Any], Names], None] | None = None
    write: Callable[[dict[str, Any], Mapping[str, Any], Names, str | None], None] | None = None

    @property
    def item_fields(self) -> tuple[str, ...]:
        """The fields an item of this kind may have, besides child sections."""
        return (self.key, *self.fields, *(r.field for r in self.refs), *self.extra)

    @property
    def children(self) -> tuple[Kind, ...]:
        """The kinds nested in an item of this kind."""
        return tuple(k for k in KINDS if k.parent == self.name)


# ------------------------------------------------------------------ kind-specific conversions


def _read_ip_service_routes(item: dict[str, Any], raw: dict[str, Any], names: Names) -> None:
    if "routes" in raw:
        item["routes"] = [r.get("subnet") for r in raw["routes"]]


def _write_ip_service_routes(
    body: dict[str, Any], item: Mapping[str, Any], names: Names, parent_id: str | None
) -> None:
    if "routes" in item:
        body["routes"] = [{"value": value} for value in item["routes"] or []]


def _read_app_routes(item: dict[str, Any], raw: dict[str, Any], names: Names) -> None:
    if "routes" in raw:
        item["routes"] = [
            {k: r[k] for k in ("domain", "allowEmbeddedIp") if k in r} for r in raw["routes"]
        ]


def _write_app_routes(
    body: dict[str, Any], item: Mapping[str, Any], names: Names, parent_id: str | None
) -> None:
    if "routes" in item:
        routes = []
        for route in item["routes"] or []:
            if not isinstance(route, Mapping):
                raise DocumentError("an application route is a mapping with a 'domain'")
            out = {"value": route.get("domain")}
            if "allowEmbeddedIp" in route:
                out["allowEmbeddedIp"] = route["allowEmbeddedIp"]
            routes.append(out)
        body["routes"] = routes


def _read_connector(item: dict[str, Any], raw: dict[str, Any], names: Names) -> None:
    config = item.get("ipSecConfig")
    if isinstance(config, dict):
        hidden = (*IPSEC_SECRETS, *IPSEC_SERVER_FIELDS)
        item["ipSecConfig"] = {k: v for k, v in config.items() if k not in hidden}


#: Access-item type -> (kind of ``parent``, kinds searched for ``children``).
ACCESS_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "USER_GROUP": ("user-groups", ()),
    "NETWORK_SERVICE": ("networks", ("network-ip-services", "network-applications")),
    "HOST": ("hosts", ("host-ip-services", "host-applications")),
    "HOST_SERVICE": ("hosts", ("host-ip-services", "host-applications")),
}


def _child_name(names: Names, kinds: tuple[str, ...], id: str) -> str:
    for kind in kinds:
        name = names.name(kind, id)
        if not name.startswith(ID_PREFIX):
            return name
    return ID_PREFIX + id


def _read_access(item: dict[str, Any], raw: dict[str, Any], names: Names) -> None:
    for side in ("source", "destination"):
        if side not in raw:
            continue
        entries = []
        for entry in raw[side]:
            parent_kind, child_kinds = ACCESS_TARGETS.get(entry.get("type", ""), ("", ()))
            out = {k: entry[k] for k in ("type", "allCovered") if k in entry}
            parent = entry.get("parent")
            if parent:
                out["parent"] = names.name(parent_kind, parent) if parent_kind else parent
            children = entry.get("children")
            if children:
                out["children"] = sorted(_child_name(names, child_kinds, c) for c in children)
            entries.append(out)
        item[side] = entries


def _write_access(
    body: dict[str, Any], item: Mapping[str, Any], names: Names, parent_id: str | None
) -> None:
    for side in ("source", "destination"):
        if side not in item:
            continue
        entries = []
        for entry in item[side] or []:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("type"), str):
                raise DocumentError(f"an access-group {side} entry is a mapping with a 'type'")
            parent_kind, child_kinds = ACCESS_TARGETS.get(entry["type"], ("", ()))
            out: dict[str, Any] = {"type": entry["type"]}
            if "allCovered" in entry:
                out["allCovered"] = entry["allCovered"]
            parent = entry.get("parent")
            if parent is not None:
                out["parent"] = names.id(parent_kind, parent) if parent_kind else parent
            children = []
            for child in entry.get("children") or []:
                found = None
                for kind in child_kinds:
                    found = names.find(kind, child, out.get("parent"))
                    if found is not None:
                        break
                if found is None:
                    if not child.startswith(ID_PREFIX):
                        raise DocumentError(
                            f"unknown reference: no service named {child!r} under {parent!r}"
                        )
                    found = child[len(ID_PREFIX) :]
                children.append(found)
            out["children"] = children
            entries.append(out)
        body[side] = entries


_USER_GROUPS = Ref("userGroups", "userGroupsIds", "user-groups", many=True)

#: Every kind, in dependency order: an object is created after what it refers to.
KINDS: tuple[Kind, ...] = (
    Kind(
        "user-groups",
        "user-groups",
        "user_groups",
        fields=(
            "vpnRegionIds",
            "internetAccess",
            "maxDevice",
            "connectAuth",
            "allRegionsIncluded",
            "gatewaysIds",
        ),
    ),
    Kind(
        "users",
        "users",
        "users",
        key="username",
        api_key="username",
        api_key_write="username",
        fields=("firstName", "lastName", "email", "role"),
        refs=(Ref("group", "groupId", "user-groups"),),
    ),
    Kind(
        "networks",
        "networks",
        "networks",
        fields=("description", "egress", "internetAccess", "tunnelingProtocol", "gatewaysIds"),
    ),
    Kind(
        "network-routes",
        "routes",
        "routes",
        key="subnet",
        api_key="subnet",
        api_key_write="value",
        fields=("description",),
        parent="networks",
        parent_arg="network_id",
        embedded=True,
    ),
    Kind(
        "network-connectors",
        "connectors",
        "network_connectors",
        fields=("description", "vpnRegionId", "ipSecConfig"),
        parent="networks",
        parent_arg="network_id",
        embedded=True,
        read=_read_connector,
    ),
    Kind(
        "network-ip-services",
        "ipServices",
        "network_ip_services",
        fields=("description", "type", "config"),
        parent="networks",
        parent_arg="network_id",
        extra=("routes",),
        read=_read_ip_service_routes,
        write=_write_ip_service_routes,
    ),
    Kind(
        "network-applications",
        "applications",
        "network_applications",
        fields=("description", "config"),
        parent="networks",
        parent_arg="network_id",
        extra=("routes",),
        read=_read_app_routes,
        write=_write_app_routes,
    ),
    Kind(
        "hosts",
        "hosts",
        "hosts",
        fields=("description", "internetAccess", "domain", "gatewaysIds"),
    ),
    Kind(
        "host-connectors",
        "connectors",
        "host_connectors",
        fields=("description", "vpnRegionId"),
        parent="hosts",
        parent_arg="host_id",
        embedded=True,
    ),
    Kind(
        "host-ip-services",
        "ipServices",
        "host_ip_services",
        fields=("description", "config"),
        parent="hosts",
        parent_arg="host_id",
    ),
    Kind(
        "host-applications",
        "applications",
        "host_applications",
        fields=("description", "config"),
        parent="hosts",
        parent_arg="host_id",
        extra=("routes",),
        read=_read_app_routes,
        write=_write_app_routes,
    ),
    Kind(
        "access-groups",
        "access-groups",
        "access_groups",
        fields=("description",),
        extra=("source", "destination"),
        read=_read_access,
        write=_write_access,
    ),
    Kind(
        "dns-records",
        "dns-records",
        "dns_records",
        key="domain",
        api_key="domain",
        api_key_write="domain",
        fields=("description", "ipv4Addresses", "ipv6Addresses"),
    ),
    Kind(
        "location-contexts",
        "location-contexts",
        "location_contexts",
        fields=("description", "ipCheck", "countryCheck", "defaultCheck"),
        refs=(_USER_GROUPS,),
    ),
    Kind(
        "device-postures",
        "device-postures",
        "device_postures",
        fields=("description", "windows", "macos", "linux", "android", "ios"),
        refs=(_USER_GROUPS,),
    ),
)

KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}

#: The document's sections: the top-level kinds and ``settings``, in document order.
SECTIONS: tuple[str, ...] = (*(k.name for k in KINDS if k.parent is None), "settings")

#: The settings the document holds: every writable one (cloudconnexa-api.md §6, Settings).
WRITABLE_SETTINGS: tuple[str, ...] = tuple(sorted(n for n, s in SETTINGS.items() if s.writable))

#: What each section needs read from the tenant to resolve its names.
DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "users": ("user-groups",),
    "access-groups": ("user-groups", "networks", "hosts"),
    "location-contexts": ("user-groups",),
    "device-postures": ("user-groups",),
}


def to_item(kind: Kind, raw: Mapping[str, Any], names: Names) -> dict[str, Any]:
    """Turn an API object (JSON shape, ``None`` fields left out) into a document item.

    Args:
        kind: The object's kind.
        raw: The object as the API returned it.
        names: The id-to-name maps for the references.

    Returns:
        The item: the key first, then the fields in the kind's order.
    """
    item: dict[str, Any] = {kind.key: raw.get(kind.api_key)}
    for field in kind.fields:
        if field in raw:
            item[field] = raw[field]
    for ref in kind.refs:
        value = raw.get(ref.api)
        if value is None:
            continue
        if ref.many:
            item[ref.field] = sorted(names.name(ref.target, v) for v in value)
        else:
            item[ref.field] = names.name(ref.target, value)
    if kind.read is not None:
        kind.read(item, dict(raw), names)
    return item


def to_body(
    kind: Kind, item: Mapping[str, Any], names: Names, parent_id: str | None = None
) -> dict[str, Any]:
    """Turn a document item into a request body in the API's JSON shape (ids for names).

    Args:
        kind: The item's kind.
        item: The item (children sections are ignored).
        names: The name-to-id maps for the references.
        parent_id: The parent's id, for a child kind.

    Returns:
        The body; fields the item leaves out are left out.

    Raises:
        DocumentError: A reference names no object of its kind, or names more than one.
    """
    body: dict[str, Any] = {kind.api_key_write: item[kind.key]}
    for field in kind.fields:
        if field in item:
            body[field] = item[field]
    for ref in kind.refs:
        if ref.field not in item:
            continue
        value = item[ref.field]
        if ref.many:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DocumentError(f"{kind.name} {ref.field} must be a list of names")
            body[ref.api] = [names.id(ref.target, v) for v in value]
        elif value is None:
            body[ref.api] = None
        else:
            if not isinstance(value, str):
                raise DocumentError(f"{kind.name} {ref.field} must be a name")
            body[ref.api] = names.id(ref.target, value)
    if kind.write is not None:
        kind.write(body, item, names, parent_id)
    return body


# ------------------------------------------------------------------ the document


def _check_items(kind: Kind, items: Any, where: str) -> None:
    if not isinstance(items, list):
        raise DocumentError(f"{where} must be a list of items")
    allowed = set(kind.item_fields) | {child.section for child in kind.children}
    seen: set[Any] = set()
    for index, item in enumerate(items):
        place = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            raise DocumentError(f"{place} must be a mapping")
        key = item.get(kind.key)
        if not isinstance(key, str) or not key.strip():
            raise DocumentError(f"{place} needs {kind.key!r} (a non-empty string)")
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise DocumentError(
                f"{place} ({key}): unknown field {unknown[0]!r}; {kind.name} items take "
                + ", ".join(sorted(allowed))
            )
        if key in seen:
            raise DocumentError(f"{where}: {kind.key} {key!r} appears twice")
        seen.add(key)
        for child in kind.children:
            if child.section in item:
                _check_items(child, item[child.section], f"{place}.{child.section}")


def check_document(document: Any) -> dict[str, Any]:
    """Validate a tenant document's structure and return it as a plain dict.

    Args:
        document: The parsed document.

    Returns:
        The document (the same data, as a ``dict``).

    Raises:
        DocumentError: Not a mapping, a missing or unsupported ``version``, an unknown
            section or field, an item without its key, or a key that appears twice.
    """
    if not isinstance(document, Mapping):
        raise DocumentError("a tenant document is a mapping with 'version' and sections")
    version = document.get("version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise DocumentError(
            f"unsupported document version {version!r}; this package reads version {SCHEMA_VERSION}"
        )
    unknown = sorted(set(document) - {"version", *SECTIONS})
    if unknown:
        raise DocumentError(f"unknown section {unknown[0]!r}; sections are {', '.join(SECTIONS)}")
    for kind in KINDS:
        if kind.parent is None and kind.name in document:
            _check_items(kind, document[kind.name], kind.name)
    if "settings" in document:
        settings = document["settings"]
        if not isinstance(settings, Mapping):
            raise DocumentError("settings must be a mapping of setting name to value")
        for name in settings:
            if name not in WRITABLE_SETTINGS:
                raise DocumentError(
                    f"settings: {name!r} is not a writable setting; writable ones are "
                    + ", ".join(WRITABLE_SETTINGS)
                )
    return dict(document)


def load_document(source: str | Path) -> dict[str, Any]:
    """Read a tenant document from YAML text or a file and validate its structure.

    Args:
        source: A ``Path`` to a YAML file, or the YAML text itself.

    Returns:
        The document as plain data.

    Raises:
        DocumentError: The file cannot be read, is not UTF-8 YAML, or is not a valid
            document (see :func:`check_document`).
    """
    text = read_text(source, DocumentError) if isinstance(source, Path) else source
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DocumentError(f"the document is not valid YAML{where}") from None
    return check_document(data)


def dump_document(document: Mapping[str, Any]) -> str:
    """Write a tenant document as YAML (block style, keys in document order).

    Args:
        document: The document, as :func:`cloudconnexa.config.export` returns it.

    Returns:
        The YAML text.
    """
    return yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, width=100)
