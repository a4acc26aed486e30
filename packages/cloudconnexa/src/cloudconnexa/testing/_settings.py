"""`/api/v1/settings/…`: one typed value per path (cloudconnexa-api.md §6 "Settings", §11 item 13).

Booleans and integers travel as bare JSON literals. The enum settings take `text/plain` on PUT.
String settings are answered as raw `text/plain` (whether the real API quotes them is unverified;
clients should accept both, and the fake accepts both on input).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudconnexa.testing._errors import CODE_INVALID, FakeAPIError
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._state import REGION_IDS, FakeState
from cloudconnexa.testing._validate import Body, is_domain, is_ip

PREFIX = "/api/v1/settings/"


def _fail(message: str) -> FakeAPIError:
    return FakeAPIError(400, message, {"value": [{"errorCode": CODE_INVALID, "message": message}]})


def _bool(value: Any, state: FakeState) -> Any:
    if not isinstance(value, bool):
        raise _fail("must be a boolean")
    return value


def _int(low: int, high: int) -> Callable[[Any, FakeState], Any]:
    def check(value: Any, state: FakeState) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _fail(f"must be an integer between {low} and {high}")
        return value

    return check


def _enum(*values: str) -> Callable[[Any, FakeState], Any]:
    def check(value: Any, state: FakeState) -> Any:
        if value not in values:
            raise _fail(f"must be one of {', '.join(values)}")
        return value

    return check


def _region(value: Any, state: FakeState) -> Any:
    if value not in REGION_IDS:
        raise _fail(f"unknown region {value!r}")
    return value


def _suffix(value: Any, state: FakeState) -> Any:
    if not isinstance(value, str):
        raise _fail("must be a string")
    if value and not is_domain(value + ".invalid"):
        raise _fail("must be a DNS suffix such as corp.example.com")
    return value


def _string_list(value: Any, state: FakeState) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail("must be a list of strings")
    return value


def _subnet(value: Any, state: FakeState) -> Any:
    body = Body(value)
    out: dict[str, Any] = {}
    for key in ("ipV4Address", "ipV6Address"):
        items = body.str_list(key)
        for item in items:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                body.fail(key, CODE_INVALID, "must be a CIDR")
        out[key] = items
    body.done()
    return out


def _domain_routing_subnet(value: Any, state: FakeState) -> Any:
    body = Body(value)
    out = {"ipV4Address": body.text("ipV4Address"), "ipV6Address": body.text("ipV6Address")}
    body.done()
    return out


def _dns_servers(value: Any, state: FakeState) -> Any:
    body = Body(value)
    out: dict[str, Any] = {}
    for key in ("primaryIpV4", "secondaryIpV4"):
        item = body.text(key)
        if item is not None and not is_ip(item, 4):
            body.fail(key, CODE_INVALID, "must be an IPv4 address")
        out[key] = item
    body.done()
    return out


def _dns_zones(value: Any, state: FakeState) -> Any:
    body = Body(value)
    zones = []
    for zone in body.obj_list("zones"):
        addresses = zone.str_list("addresses")
        for address in addresses:
            if not (is_ip(address, 4) or is_ip(address, 6)):
                zone.fail("addresses", CODE_INVALID, "must be IP addresses")
        zones.append({"name": zone.text("name", required=True), "addresses": addresses})
    body.done()
    return {"zones": zones}


@dataclass(frozen=True)
class Setting:
    """One settings path.

    Attributes:
        default: Value of a new tenant.
        check: Validates and normalises a PUT value; raises a 400 `FakeAPIError`.
        form: `json` (JSON in and out), `text` (text/plain in, raw text out; the enum
            settings) or `json_text` (JSON string in, raw text out).
        writable: False for the GET-only group mappings.
    """

    default: Any
    check: Callable[[Any, FakeState], Any]
    form: str = "json"
    writable: bool = True


SETTINGS: dict[str, Setting] = {
    "auth/trusted-devices-allowed": Setting(True, _bool),
    "auth/two-factor-auth": Setting(False, _bool),
    "auth/ldap/group-mappings": Setting(
        {"fallbackGroupId": None, "mappings": []}, _bool, writable=False
    ),
    "auth/saml/group-mappings": Setting(
        {"fallbackGroupId": None, "mappings": []}, _bool, writable=False
    ),
    "dns/proxy-enabled": Setting(False, _bool),
    "dns/custom-servers": Setting(
        {"primaryIpV4": "1.1.1.1", "secondaryIpV4": "8.8.8.8"}, _dns_servers
    ),
    "dns/default-suffix": Setting("", _suffix, form="json_text"),
    "dns/zones": Setting({"zones": []}, _dns_zones),
    "user/connect-auth": Setting(
        "NO_AUTH", _enum("NO_AUTH", "ON_PRIOR_AUTH", "EVERY_TIME"), form="text"
    ),
    "user/device-allowance": Setting(3, _int(1, 1000)),
    "user/device-allowance-force-update": Setting(False, _bool),
    "user/device-enforcement": Setting(
        "OFF", _enum("OFF", "LEARN_AND_ENFORCE", "ENFORCE"), form="text"
    ),
    "user/profile-distribution": Setting("AUTOMATIC", _enum("AUTOMATIC", "MANUAL"), form="text"),
    "users/connection-timeout": Setting(30, _int(0, 100_000)),
    "wpc/client-options": Setting([], _string_list),
    "wpc/default-region": Setting("de-fra", _region, form="text"),
    "wpc/domain-routing-subnet": Setting(
        {"ipV4Address": "100.80.0.0/16", "ipV6Address": "fd:0:0:6000::/64"}, _domain_routing_subnet
    ),
    "wpc/snat": Setting(False, _bool),
    "wpc/subnet": Setting(
        {"ipV4Address": ["100.96.0.0/11"], "ipV6Address": ["fd:0:0:8000::/49"]}, _subnet
    ),
    "wpc/topology": Setting("FULL_MESH", _enum("FULL_MESH", "CUSTOM"), form="text"),
}


def default_settings() -> dict[str, Any]:
    """Return a fresh copy of every setting's default value.

    Returns:
        Settings path (such as `wpc/topology`) to a deep copy of its default value.
    """
    return {path: json.loads(json.dumps(s.default)) for path, s in SETTINGS.items()}


def _reply(setting: Setting, value: Any) -> Reply:
    if setting.form in ("text", "json_text"):
        return Reply.plain(str(value))
    return Reply.json(value)


def _make_get(path: str) -> Any:
    def get(state: FakeState, req: Request) -> Reply:
        return _reply(SETTINGS[path], state.settings[path])

    return get


def _make_put(path: str) -> Any:
    setting = SETTINGS[path]

    def put(state: FakeState, req: Request) -> Reply:
        raw: Any
        if setting.form == "json":
            raw = req.json()
        elif setting.form == "json_text" and req.headers.get("content-type", "").startswith(
            "application/json"
        ):
            raw = req.json()  # a JSON string body, as documented
        else:
            raw = req.text()  # text/plain, raw or JSON-quoted
        value = setting.check(raw, state)
        state.settings[path] = value
        return _reply(setting, value)

    return put


def register(router: Router) -> None:
    """Register GET and (where writable) PUT for every settings path.

    `GET` answers 200 with the current value: `text/plain` for text settings, JSON otherwise.
    `PUT` reads a JSON body, or for text settings a `text/plain` body (raw or JSON-quoted;
    a JSON string when sent as `application/json`), checks it, stores it and answers 200 with
    the stored value in the same form. A missing or malformed JSON body, or a value the
    setting's check refuses, is answered with a 400 `ErrorResponse`.

    Args:
        router: The router to add the operations to.
    """
    for path, setting in SETTINGS.items():
        router.add("GET", PREFIX + path, _make_get(path))
        if setting.writable:
            router.add("PUT", PREFIX + path, _make_put(path))
