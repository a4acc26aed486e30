"""DNS records, access groups, location contexts and device postures.

Behaviour per cloudconnexa-api.md §11 items 9-11.

DNS records need at least one address, and an unknown id gives **400** with "not found" in the
message (cloudconnexa-api.md §7). Access groups need non-empty `source` and `destination`; a
built-in "Default Full Mesh Access" group exists and cannot be deleted. Location contexts and device
postures answer create and delete with **200**.
"""

from __future__ import annotations

from typing import Any

from cloudconnexa.testing._crud import Collection, register_collection
from cloudconnexa.testing._errors import CODE_INVALID, CODE_UNKNOWN_REFERENCE, FakeAPIError
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._state import FakeState, public
from cloudconnexa.testing._validate import Body, is_domain, is_ip, parse_cidr

SOURCE_TYPES = ("USER_GROUP", "NETWORK_SERVICE", "HOST")
DESTINATION_TYPES = ("USER_GROUP", "NETWORK_SERVICE", "HOST_SERVICE", "PUBLISHED_SERVICE")
PARENT_TABLES = {
    "USER_GROUP": "user_groups",
    "NETWORK_SERVICE": "networks",
    "HOST": "hosts",
    "HOST_SERVICE": "hosts",
}
ANTIVIRUSES = (
    "AVAST",
    "AVG",
    "AVIRA",
    "BITDEFENDER",
    "CROWDSTRIKE_FALCON",
    "ESET",
    "MALWAREBYTES",
    "MCAFEE",
    "MICROSOFT_DEFENDER",
    "NORTON",
    "SENTINEL_ONE",
)


def _render_plain(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    return public(record)


# ------------------------------------------------------------------ DNS records


def _dns_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    domain = body.text("domain", required=True, max_length=253)
    if domain and not is_domain(domain):
        body.fail("domain", CODE_INVALID, "must be a domain name")
    ipv4 = body.str_list("ipv4Addresses")
    ipv6 = body.str_list("ipv6Addresses")
    if any(not is_ip(a, 4) for a in ipv4):
        body.fail("ipv4Addresses", CODE_INVALID, "must contain IPv4 addresses")
    if any(not is_ip(a, 6) for a in ipv6):
        body.fail("ipv6Addresses", CODE_INVALID, "must contain IPv6 addresses")
    if not ipv4 and not ipv6:
        body.fail("ipv4Addresses", CODE_INVALID, "At least one IPv4 or IPv6 address is required")
    return {
        "domain": domain,
        "description": body.description(),
        "ipv4Addresses": ipv4,
        "ipv6Addresses": ipv6,
    }


# ------------------------------------------------------------------ access groups


def _access_item(state: FakeState, body: Body, types: tuple[str, ...]) -> dict[str, Any]:
    kind = body.enum("type", types, required=True)
    all_covered = body.boolean("allCovered", default=False)
    parent = body.text("parent")
    children = body.str_list("children")
    if not all_covered and not parent:
        body.fail("parent", CODE_INVALID, "must not be blank unless allCovered is true")
    table = PARENT_TABLES.get(kind or "")
    if parent and table and parent not in state.table(table):
        body.fail("parent", CODE_UNKNOWN_REFERENCE, "Referenced item not found")
    return {"type": kind, "allCovered": all_covered, "parent": parent, "children": children}


def _access_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    return {
        "name": body.name(),
        "description": body.description(),
        "defaultGroup": existing["defaultGroup"] if existing else False,
        "source": [
            _access_item(state, b, SOURCE_TYPES) for b in body.obj_list("source", required=True)
        ],
        "destination": [
            _access_item(state, b, DESTINATION_TYPES)
            for b in body.obj_list("destination", required=True)
        ],
    }


def render_access_group(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    """Render an access group, omitting absent item parents.

    Args:
        state: The fake's state (unused; the signature is that of a collection's renderer).
        record: The stored access group.

    Returns:
        The group's public fields, each `source` and `destination` item without null fields.
    """
    out = public(record)
    for side in ("source", "destination"):
        out[side] = [public(item) for item in record[side]]
    return out


def _delete_access_group(state: FakeState, record: dict[str, Any]) -> None:
    if record["defaultGroup"]:
        raise FakeAPIError(400, "The default access group cannot be deleted")


def _access_item_routes(router: Router, side: str, types: tuple[str, ...]) -> None:
    def add(state: FakeState, req: Request) -> Reply:
        group = state.find("access_groups", req.params["id"], "Access group")
        body = req.body_object()
        item = _access_item(state, body, types)
        body.done()
        group[side].append(item)
        return Reply.json(render_access_group(state, group))

    def remove(state: FakeState, req: Request) -> Reply:
        group = state.find("access_groups", req.params["id"], "Access group")
        kind = req.required_query("type")
        if kind not in types:
            raise FakeAPIError(
                400,
                f"Unknown {side} type {kind}",
                {
                    "type": [
                        {
                            "errorCode": CODE_INVALID,
                            "message": "must be one of " + ", ".join(types),
                        }
                    ]
                },
            )
        parent_id = req.query.get("parentId") or None
        child_id = req.query.get("childId") or None
        matches = [
            i
            for i in group[side]
            if i["type"] == kind and (parent_id is None or i["parent"] == parent_id)
        ]
        if child_id is not None:
            matches = [i for i in matches if child_id in i["children"]]
        if not matches:
            raise FakeAPIError(400, f"Access item not found in {side}")
        for item in matches:
            if child_id is not None:
                item["children"].remove(child_id)
            else:
                group[side].remove(item)
        return Reply.json(render_access_group(state, group))

    router.add("POST", f"/api/v1/access-groups/{{id}}/{side}", add)
    router.add("DELETE", f"/api/v1/access-groups/{{id}}/{side}", remove)


# ------------------------------------------------------------------ location contexts, postures


def _user_group_ids(state: FakeState, body: Body) -> list[str]:
    ids = body.str_list("userGroupsIds")
    for group_id in ids:
        if group_id not in state.table("user_groups"):
            body.fail("userGroupsIds", CODE_UNKNOWN_REFERENCE, "User group not found")
    return ids


def _location_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": body.name(),
        "description": body.description(),
        "userGroupsIds": _user_group_ids(state, body),
    }
    ip_check = body.obj("ipCheck")
    if ip_check is not None:
        ips = []
        for ip in ip_check.obj_list("ips"):
            value = ip.text("ip", required=True)
            if value and parse_cidr(value) is None:
                ip.fail("ip", CODE_INVALID, "must be a CIDR")
            ips.append(
                {
                    k: v
                    for k, v in {"ip": value, "description": ip.description()}.items()
                    if v is not None
                }
            )
        fields["ipCheck"] = {"allowed": ip_check.boolean("allowed", default=False), "ips": ips}
    country_check = body.obj("countryCheck")
    if country_check is not None:
        countries = country_check.str_list("countries")
        if any(len(c) != 2 or not c.isalpha() for c in countries):
            country_check.fail("countries", CODE_INVALID, "must be ISO 3166-1 alpha-2 codes")
        fields["countryCheck"] = {
            "countries": countries,
            "allowed": country_check.boolean("allowed", default=False),
        }
    default_check = body.obj("defaultCheck", required=True)
    if default_check is not None:
        fields["defaultCheck"] = {
            "allowed": default_check.boolean("allowed", required=True, default=False)
        }
    return fields


def _version_policy(body: Body | None) -> dict[str, Any] | None:
    if body is None:
        return None
    return {
        "version": body.text("version", required=True),
        "condition": body.enum("condition", ("GTE", "LTE", "EQUAL"), default="GTE"),
    }


def _os_policy(body: Body, os_name: str) -> dict[str, Any] | None:
    policy = body.obj(os_name)
    if policy is None:
        return None
    out: dict[str, Any] = {"allowed": policy.boolean("allowed", default=False)}
    if os_name in ("windows", "macos"):
        out["version"] = _version_policy(policy.obj("version"))
        antiviruses = policy.str_list("antiviruses")
        if any(a not in ANTIVIRUSES for a in antiviruses):
            policy.fail(
                "antiviruses",
                CODE_INVALID,
                "must be one of {values}",
                {"values": list(ANTIVIRUSES)},
            )
        out["antiviruses"] = antiviruses
        out["certificate"] = policy.text("certificate")
        if os_name == "windows":
            encryption = policy.obj("diskEncryption")
            if encryption is not None:
                out["diskEncryption"] = {
                    k: v
                    for k, v in {
                        "type": encryption.enum(
                            "type", ("FULL_DISK", "SPECIFIC_VOLUME"), required=True
                        ),
                        "volume": encryption.text("volume"),
                    }.items()
                    if v is not None
                }
        else:
            out["diskEncrypted"] = policy.boolean("diskEncrypted", default=False)
    return {k: v for k, v in out.items() if v is not None}


def _posture_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": body.name(),
        "description": body.description(),
        "userGroupsIds": _user_group_ids(state, body),
    }
    for os_name in ("windows", "macos", "linux", "android", "ios"):
        fields[os_name] = _os_policy(body, os_name)
    return fields


def register(router: Router) -> None:
    """Register DNS-record, access-group, location-context and device-posture operations.

    All four are page-based collections (see `register_collection`); an invalid body is
    answered with a 400 `ErrorResponse` naming every bad field. Particulars:

    * DNS records: an unknown id is answered 400, not 404 (cloudconnexa-api.md §7); a record
      needs a domain name and at least one IPv4 or IPv6 address.
    * Access groups: `source` and `destination` must not be empty; deleting the built-in
      default group is 400. `POST /api/v1/access-groups/{id}/{source,destination}` appends an
      item and `DELETE` (query `type`, optional `parentId`, `childId`) removes the matching
      items or child; both answer 200 with the rendered group, 404 for an unknown group, and
      400 for an unknown `type` or when nothing matches.
    * Location contexts and device postures: create and delete answer 200; unknown user
      group ids are a 400.

    Args:
        router: The router to add the operations to.
    """
    register_collection(
        router,
        Collection.of(
            "dns_records",
            "DNS record",
            _render_plain,
            _dns_fields,
            missing_status=400,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "access_groups",
            "Access group",
            render_access_group,
            _access_fields,
            before_delete=_delete_access_group,
        ),
    )
    _access_item_routes(router, "source", SOURCE_TYPES)
    _access_item_routes(router, "destination", DESTINATION_TYPES)
    register_collection(
        router,
        Collection.of(
            "location_contexts",
            "Location context",
            _render_plain,
            _location_fields,
            create_status=200,
            delete_status=200,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "device_postures",
            "Device posture",
            _render_plain,
            _posture_fields,
            create_status=200,
            delete_status=200,
        ),
    )
