"""Users, user groups and devices (cloudconnexa-api.md §6, §11 items 7-8).

A user's `groupId` must name an existing group; devices are embedded in their user, created
through `/devices?userId=` and limited by the group's `maxDevice` (400 "Device limit is
exceeded"); deleting a user deletes its devices; deleting a group that still has users fails.
"""

from __future__ import annotations

import uuid
from typing import Any

from cloudconnexa._resources import RESOURCES
from cloudconnexa.testing._crud import Collection, register_collection
from cloudconnexa.testing._errors import (
    CODE_INVALID,
    CODE_UNKNOWN_REFERENCE,
    FakeAPIError,
    UnknownPath,
)
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._networks import INTERNET_ACCESS, ovpn_profile
from cloudconnexa.testing._state import REGION_IDS, FakeState, paginate, public
from cloudconnexa.testing._validate import Body

CONNECT_AUTH = ("NO_AUTH", "ON_PRIOR_AUTH", "EVERY_TIME")
ROLES = ("OWNER", "MEMBER", "ADMIN")
STATUSES = ("INVITED", "ACTIVE", "SUSPENDED", "SUSPENDED_IDP")


# ------------------------------------------------------------------ user groups


def _group_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    regions = body.str_list("vpnRegionIds")
    for region in regions:
        if region not in REGION_IDS:
            body.fail(
                "vpnRegionIds",
                CODE_UNKNOWN_REFERENCE,
                "Unknown region {region}",
                {"region": region},
            )
    fields: dict[str, Any] = {
        "name": body.name(),
        "vpnRegionIds": regions,
        "allRegionsIncluded": body.boolean("allRegionsIncluded", default=False),
        "internetAccess": body.enum("internetAccess", INTERNET_ACCESS, default="SPLIT_TUNNEL_ON"),
        "maxDevice": body.integer("maxDevice", minimum=1, maximum=1000, default=3),
        "connectAuth": body.enum("connectAuth", CONNECT_AUTH, default="ON_PRIOR_AUTH"),
        "gatewaysIds": body.str_list("gatewaysIds"),
    }
    if existing is None:
        fields["systemSubnets"] = state.system_subnets()
    return fields


def _delete_group(state: FakeState, record: dict[str, Any]) -> None:
    if state.options.forbid_deleting_groups_in_use and any(
        u["groupId"] == record["id"] for u in state.table("users").values()
    ):
        raise FakeAPIError(400, "User group is in use by users and cannot be deleted")


def _render_plain(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    return public(record)


# ------------------------------------------------------------------ users


def _check_group(state: FakeState, body: Body) -> str | None:
    group_id = body.text("groupId", required=True)
    if group_id and group_id not in state.table("user_groups"):
        body.fail("groupId", CODE_UNKNOWN_REFERENCE, "User group not found")
    return group_id


def _email(body: Body) -> str | None:
    email = body.text("email", required=True, max_length=254)
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        body.fail("email", CODE_INVALID, "must be a well-formed email address")
    return email


def _user_fields(
    state: FakeState, body: Body, existing: dict[str, Any] | None, parent_id: str | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "firstName": body.text("firstName", max_length=40),
        "lastName": body.text("lastName", max_length=40),
        "email": _email(body),
        "groupId": _check_group(state, body),
        "role": body.enum("role", ROLES, default="MEMBER"),
    }
    if existing is None:
        username = body.text("username", required=True, max_length=60)
        if username and any(u["username"] == username for u in state.table("users").values()):
            body.fail("username", CODE_INVALID, "Username already exists")
        devices = body.obj_list("devices")
        for device in devices:
            _device_fields(device)
        group = state.table("user_groups").get(fields["groupId"] or "")
        if group is not None and len(devices) > group["maxDevice"]:
            body.fail("devices", CODE_INVALID, "Device limit is exceeded")
        fields.update(
            username=username,
            status=state.options.initial_user_status,
            authType="INTERNAL",
            connectionStatus="OFFLINE",
            _devices=[],
        )
    else:
        status = body.enum("status", STATUSES)
        if status is not None:
            fields["status"] = status
    return fields


def _user_created(state: FakeState, record: dict[str, Any], body: Body) -> None:
    for device in body.obj_list("devices"):
        _insert_device(state, record, _device_fields(device))


def render_user(state: FakeState, record: dict[str, Any]) -> dict[str, Any]:
    """Render a user with its embedded devices.

    Args:
        state: The fake's state (its `devices` table is read).
        record: The stored user.

    Returns:
        The user's public fields with `devices` (their public fields, in creation order), and
        `licensed: true` on newer tenants.
    """
    out = public(record)
    devices = state.table("devices")
    out["devices"] = [public(devices[d]) for d in record["_devices"] if d in devices]
    if state.options.newer_api:
        out["licensed"] = True
    return out


def _delete_user(state: FakeState, record: dict[str, Any]) -> None:
    for device_id in record["_devices"]:
        state.table("devices").pop(device_id, None)


def new_user(
    state: FakeState,
    *,
    username: str,
    email: str,
    group_id: str,
    first_name: str = "",
    last_name: str = "",
) -> dict[str, Any]:
    """Insert a user directly (used by the seeders).

    Nothing is validated: the caller makes sure `group_id` exists. The user has the tenant's
    initial status, role `MEMBER`, internal authentication and no devices.

    Args:
        state: The fake's state.
        username: The unique user name.
        email: The e-mail address.
        group_id: The id of an existing user group.
        first_name: Given name; omitted when empty.
        last_name: Family name; omitted when empty.

    Returns:
        The stored user record.
    """
    return state.insert(
        "users",
        {
            "firstName": first_name or None,
            "lastName": last_name or None,
            "username": username,
            "email": email,
            "groupId": group_id,
            "status": state.options.initial_user_status,
            "authType": "INTERNAL",
            "role": "MEMBER",
            "connectionStatus": "OFFLINE",
            "_devices": [],
        },
    )


# ------------------------------------------------------------------ devices


def _device_fields(body: Body) -> dict[str, Any]:
    return {
        "name": body.name(),
        "description": body.description(),
        "clientUUID": body.text("clientUUID", max_length=64),
    }


def _insert_device(
    state: FakeState, user: dict[str, Any], fields: dict[str, Any]
) -> dict[str, Any]:
    ipv4, ipv6 = state.tunnel_addresses()
    device = state.insert(
        "devices",
        {
            "userId": user["id"],
            "clientUUID": fields.get("clientUUID") or str(uuid.uuid4()),
            "name": fields["name"],
            "description": fields.get("description"),
            "ipV4Address": ipv4,
            "ipV6Address": ipv6,
            "connectionStatus": "OFFLINE",
        },
    )
    user["_devices"].append(device["id"])
    return device


def _user_for(state: FakeState, req: Request) -> dict[str, Any]:
    return state.find("users", req.required_query("userId"), "User")


def _device_for(state: FakeState, req: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    user = _user_for(state, req)
    device = state.table("devices").get(req.params["id"])
    if device is None or device["userId"] != user["id"]:
        raise FakeAPIError(404, f"Device with id {req.params['id']} not found")
    return user, device


def _list_devices(state: FakeState, req: Request) -> Reply:
    records = list(state.table("devices").values())
    if req.query.get("userId"):
        records = [d for d in records if d["userId"] == req.query["userId"]]
    return Reply.json(paginate(records, req.query, public))


def _create_device(state: FakeState, req: Request) -> Reply:
    user = _user_for(state, req)
    body = req.body_object()
    fields = _device_fields(body)
    body.done()
    group = state.table("user_groups").get(user["groupId"])
    if group is not None and len(user["_devices"]) >= group["maxDevice"]:
        raise FakeAPIError(400, "Device limit is exceeded")
    return Reply.json(public(_insert_device(state, user, fields)), 201)


def _get_device(state: FakeState, req: Request) -> Reply:
    return Reply.json(public(_device_for(state, req)[1]))


def _update_device(state: FakeState, req: Request) -> Reply:
    _, device = _device_for(state, req)
    body = req.body_object()
    fields = _device_fields(body)
    body.done()
    device.update(name=fields["name"], description=fields["description"])
    if fields["clientUUID"]:
        device["clientUUID"] = fields["clientUUID"]
    return Reply.json(public(device))


def _delete_device(state: FakeState, req: Request) -> Reply:
    user, device = _device_for(state, req)
    user["_devices"].remove(device["id"])
    del state.table("devices")[device["id"]]
    return Reply.nothing(204)


def _device_profile(state: FakeState, req: Request) -> Reply:
    _, device = _device_for(state, req)
    region = req.required_query("regionId")
    if region not in REGION_IDS:
        raise FakeAPIError(
            400,
            "Unknown region",
            {"regionId": [{"errorCode": CODE_UNKNOWN_REFERENCE, "message": "Unknown region"}]},
        )
    return Reply.plain(ovpn_profile(device["id"], region))


def _revoke_device_profile(state: FakeState, req: Request) -> Reply:
    _device_for(state, req)
    return Reply.plain("true")


def _user_status(status: str) -> Any:
    def handler(state: FakeState, req: Request) -> Reply:
        if not state.options.newer_api:
            raise UnknownPath
        user = state.find("users", req.params["id"], "User")
        user["status"] = status
        return Reply.json(render_user(state, user))

    return handler


def register(router: Router) -> None:
    """Register every user, user-group and device operation.

    User groups and users are page-based collections (see `register_collection`): a body
    naming an unknown region or group, a taken username or more devices than the group's
    `maxDevice` is answered with a 400 `ErrorResponse`, and deleting a group that still has
    users with 400 (when `forbid_deleting_groups_in_use`). Deleting a user deletes its devices.

    Devices live under `/api/v1/devices` and need `userId` (400 when missing, 404 for an unknown
    user); create answers 201, or 400 `Device limit is exceeded` at the group's `maxDevice`;
    a device of another user is 404; delete answers 204. `POST .../profile` answers the
    `text/plain` OpenVPN profile (400 for an unknown `regionId`); `DELETE .../profile`
    answers `true`. `PUT /api/v1/users/{id}/activate` and `/suspend` set the status and answer
    the rendered user on newer tenants, and the gateway 404 on 1.1.0 ones.

    Args:
        router: The router to add the operations to.
    """
    register_collection(
        router,
        Collection.of(
            "user_groups",
            "User group",
            _render_plain,
            _group_fields,
            before_delete=_delete_group,
        ),
    )
    register_collection(
        router,
        Collection.of(
            "users",
            "User",
            render_user,
            _user_fields,
            after_create=_user_created,
            before_delete=_delete_user,
        ),
    )
    devices = RESOURCES["devices"].api_path
    router.add("GET", devices, _list_devices)
    router.add("POST", devices, _create_device)
    router.add("GET", devices + "/{id}", _get_device)
    router.add("PUT", devices + "/{id}", _update_device)
    router.add("DELETE", devices + "/{id}", _delete_device)
    router.add("POST", devices + "/{id}/profile", _device_profile)
    router.add("DELETE", devices + "/{id}/profile", _revoke_device_profile)
    router.add("PUT", "/api/v1/users/{id}/activate", _user_status("ACTIVE"))
    router.add("PUT", "/api/v1/users/{id}/suspend", _user_status("SUSPENDED"))
