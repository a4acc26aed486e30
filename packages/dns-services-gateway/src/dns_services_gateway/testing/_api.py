"""Request handling of the fake DNS.services API, independent of the HTTP transport.

Every route, body shape and quirk follows ``dns-services-api.md`` (sections 3-10
and 13) and the recorded live traffic beside it.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import ipaddress
import json
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from dns_services_gateway.testing._account import Account
from dns_services_gateway.testing._state import RECORD_TYPES, FakeRecord, FakeZone

__all__ = ["ApiRequest", "ApiResponse", "FakeApi"]

#: The error list of a failed record edit, verbatim from the recordings (README section 7).
EDIT_ERROR = "An error occurred while editing the DNS record"
ADD_ERROR = "An error occurred while adding the DNS record"


@dataclasses.dataclass(frozen=True)
class ApiRequest:
    """One parsed HTTP request.

    Attributes:
        method: Upper-case HTTP method.
        path: Request path without the query string.
        query: Decoded query parameters.
        headers: Request headers with lower-case names.
        body: Raw request body.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def params(self) -> dict[str, Any]:
        """Return the parameters from the query string and a JSON or form body.

        JSON objects are returned as parsed; form fields with one value become strings and
        repeated fields (or ``name[]`` fields) become lists. Unparseable bodies are ignored.

        Returns:
            The merged parameters; body values win over query values of the same name,
            and a query field repeated keeps its last value.
        """
        merged: dict[str, Any] = {k: v[-1] for k, v in self.query.items()}
        if not self.body:
            return merged
        content_type = self.headers.get("content-type", "")
        if "json" in content_type or self.body.lstrip()[:1] in (b"{", b"["):
            try:
                parsed = json.loads(self.body)
            except ValueError:
                return merged
            if isinstance(parsed, dict):
                merged.update(parsed)
            return merged
        form = urllib.parse.parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        for key, values in form.items():
            if key.endswith("[]"):
                merged[key[:-2]] = values
            else:
                merged[key] = values[-1] if len(values) == 1 else values
        return merged


@dataclasses.dataclass
class ApiResponse:
    """The answer to one request.

    Attributes:
        status: HTTP status.
        body: A JSON-serialisable value.
        headers: Extra response headers.
    """

    status: int
    body: Any
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


def _ok(body: Any, headers: dict[str, str] | None = None) -> ApiResponse:
    return ApiResponse(200, body, headers or {})


def _to_int(value: Any) -> int | None:
    """Coerce an int or a numeric string (the API accepts both, README section 12 #14)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


Handler = Callable[[ApiRequest, re.Match[str]], ApiResponse]


class FakeApi:
    """Routes requests to handlers that read and change an :class:`Account`.

    Args:
        account: The fake account.
        not_found_status: HTTP status for an unknown service, zone or domain (the live value is
            undocumented; the body is always an ``error`` list).
        strict: Reject record data the live API might accept (A must be IPv4, AAAA IPv6, no
            CNAME at the apex or beside other data, MX and SRV need a priority).
        unknown_route_status: Callable returning the status for unknown routes.
        token_endpoint_enabled: Callable telling whether ``POST /api/token`` (refresh)
            is served; when it returns False a refresh is refused with HTTP 401
            (``invalidtoken``).
    """

    def __init__(
        self,
        account: Account,
        *,
        not_found_status: int,
        strict: bool,
        unknown_route_status: Callable[[], int],
        token_endpoint_enabled: Callable[[], bool],
    ) -> None:
        self.account = account
        self.not_found_status = not_found_status
        self.strict = strict
        self._unknown_route_status = unknown_route_status
        self._token_enabled = token_endpoint_enabled
        public: list[tuple[str, str, Handler]] = [
            ("POST", r"/api/login", self._login),
            ("POST", r"/api/token", self._token),
            ("POST", r"/api/revoke", self._revoke),
        ]
        private: list[tuple[str, str, Handler]] = [
            ("POST", r"/api/logout", self._logout),
            ("GET", r"/api/details", self._details),
            ("GET", r"/api/service", self._services),
            ("GET", r"/api/service/(?P<sid>[^/]+)", self._service),
            ("GET", r"/api/service/(?P<sid>[^/]+)/methods", self._methods),
            ("GET", r"/api/dns", self._zones),
            ("POST", r"/api/service/(?P<sid>[^/]+)/dns", self._create_zone),
            ("GET", r"/api/service/(?P<sid>[^/]+)/dns/(?P<zid>[^/]+)", self._read_zone),
            ("DELETE", r"/api/service/(?P<sid>[^/]+)/dns/(?P<zid>[^/]+)", self._delete_zone),
            (
                "POST",
                r"/api/service/(?P<sid>[^/]+)/dns/(?P<zid>[^/]+)/records",
                self._create_record,
            ),
            (
                "PUT",
                r"/api/service/(?P<sid>[^/]+)/dns/(?P<zid>[^/]+)/records/(?P<rid>[^/]+)",
                self._update_record,
            ),
            (
                "DELETE",
                r"/api/service/(?P<sid>[^/]+)/dns/(?P<zid>[^/]+)/records/(?P<rid>[^/]+)",
                self._delete_record,
            ),
            ("GET", r"/api/domain", self._domains),
            ("GET", r"/api/domain/name/(?P<name>[^/]+)", self._domain_by_name),
            ("GET", r"/api/domain/(?P<did>[^/]+)", self._domain),
            ("GET", r"/api/domain/(?P<did>[^/]+)/ns", self._domain_ns),
            ("PUT", r"/api/domain/(?P<did>[^/]+)/ns", self._set_domain_ns),
        ]
        self._served: dict[int, Any] = {}
        self._stale = False
        self._routes = [(m, re.compile(p + r"/?"), h, False) for m, p, h in public] + [
            (m, re.compile(p + r"/?"), h, True) for m, p, h in private
        ]

    def clear_served(self) -> None:
        """Forget the zone bodies kept for stale reads."""
        with self.account.lock:
            self._served.clear()

    # ----------------------------------------------------------------- dispatch and auth

    def handle(self, request: ApiRequest, *, stale: bool = False) -> ApiResponse:
        """Answer one request.

        Args:
            request: The parsed request.
            stale: Answer a zone read with the body the previous read of that zone got.

        Returns:
            The response; never raises for bad input (errors are API error bodies).
        """
        for method, pattern, handler, needs_auth in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None or method != request.method:
                continue
            if needs_auth:
                denied = self._authenticate(request)
                if denied is not None:
                    return denied
            with self.account.lock:
                self._stale = stale
                try:
                    return handler(request, match)
                finally:
                    self._stale = False
        return ApiResponse(self._unknown_route_status(), {"error": ["invalid method"]})

    def _authenticate(self, request: ApiRequest) -> ApiResponse | None:
        """Check Bearer or Basic credentials (README section 3); None means allowed."""
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value:
            subject, reason = self.account.tokens.check(value.strip())
            if subject is not None:
                return None
            return ApiResponse(401, {"error": [reason, "unauthorized"]})
        if scheme.lower() == "basic" and value:
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                decoded = ""
            user, _, password = decoded.partition(":")
            if user == self.account.username and password == self.account.password:
                return None
            return ApiResponse(401, {"error": ["wronglogin", "unauthorized"]})
        return ApiResponse(401, {"error": ["unauthorized"]})

    def _not_found(self, what: str) -> ApiResponse:
        return ApiResponse(self.not_found_status, {"success": False, "error": [what]})

    # ---------------------------------------------------------------------- auth routes

    def _login(self, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        allowed, headers = self.account.logins.hit()
        if not allowed:
            retry = headers["X-RateLimit-Reset"]
            return ApiResponse(
                429, {"error": ["toomanyrequests"]}, {**headers, "Retry-After": retry}
            )
        params = request.params()
        if (
            params.get("username") != self.account.username
            or params.get("password") != self.account.password
        ):
            return ApiResponse(401, {"error": ["wronglogin", "unauthorized"]}, headers)
        issued = self.account.tokens.issue(self.account.username)
        self.account.last_login = datetime.datetime.fromtimestamp(
            self.account.clock.now(), tz=datetime.UTC
        ).strftime("%Y-%m-%d %H:%M:%S")
        return _ok({"token": issued.token, "refresh": issued.refresh}, headers)

    def _token(self, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        refresh = request.params().get("refresh_token")
        if not self._token_enabled():
            return ApiResponse(401, {"error": ["invalidtoken", "unauthorized"]})
        if not isinstance(refresh, str) or not refresh:
            return ApiResponse(401, {"error": ["missingtoken", "unauthorized"]})
        issued = self.account.tokens.rotate(refresh)
        if issued is None:
            return ApiResponse(401, {"error": ["invalidtoken", "unauthorized"]})
        return _ok({"token": issued.token, "refresh": issued.refresh})

    def _bearer(self, request: ApiRequest) -> str | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def _logout(self, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        token = self._bearer(request)
        if token is not None:
            self.account.tokens.revoke_access(token)
        return _ok({"success": True})

    def _revoke(self, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        refresh = request.params().get("refresh_token")
        if isinstance(refresh, str) and refresh:
            done = self.account.tokens.revoke_pair(refresh=refresh)
        else:
            token = self._bearer(request)
            done = token is not None and self.account.tokens.revoke_pair(token=token)
        if not done:
            return ApiResponse(401, {"error": ["invalidtoken", "unauthorized"]})
        return _ok({"success": True})

    # ------------------------------------------------------------ account and services

    def _details(self, _request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        return _ok(
            {
                "client": {
                    "id": str(self.account.client_id),
                    "email": self.account.username,
                    "lastlogin": self.account.last_login,
                    "ip": "127.0.0.1",
                    "host": "localhost",
                    "firstname": "Test",
                    "lastname": "User",
                    "companyname": "",
                    "address1": "1 Loopback Street",
                    "address2": "",
                    "city": "Localhost",
                    "state": "",
                    "postcode": "1000",
                    "country": "DK",
                    "phonenumber": "",
                }
            }
        )

    def _services(self, _request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        return _ok({"services": [s.render_summary() for s in self.account.services.values()]})

    def _service_for(self, raw: str) -> int | None:
        sid = _to_int(raw)
        return sid if sid is not None and sid in self.account.services else None

    def _service(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        sid = self._service_for(match["sid"])
        if sid is None:
            return self._not_found("Service not found")
        return _ok({"service": self.account.services[sid].render_details()})

    def _methods(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        if self._service_for(match["sid"]) is None:
            return self._not_found("Service not found")
        methods = [
            ("List DNS zones", "GET", "/service/@id/dns"),
            ("Add DNS zone", "POST", "/service/@id/dns"),
            ("Get DNS zone", "GET", "/service/@id/dns/@zone_id"),
            ("Remove DNS zone", "DELETE", "/service/@id/dns/@zone_id"),
            ("Add DNS record", "POST", "/service/@id/dns/@zone_id/records"),
            ("Edit DNS record", "PUT", "/service/@id/dns/@zone_id/records/@record_id"),
            ("Remove DNS record", "DELETE", "/service/@id/dns/@zone_id/records/@record_id"),
        ]
        return _ok({"methods": [{"name": n, "method": m, "route": r} for n, m, r in methods]})

    # -------------------------------------------------------------------------- zones

    def _zones(self, _request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        zones = sorted(self.account.zones.values(), key=lambda z: z.zone_id)
        return _ok(
            {
                "service_ids": [str(sid) for sid in self.account.services],
                "zones": [
                    {"domain_id": str(z.zone_id), "name": z.name, "service_id": str(z.service_id)}
                    for z in zones
                ],
            }
        )

    def _zone_for(self, match: re.Match[str]) -> FakeZone | None:
        sid, zid = _to_int(match["sid"]), _to_int(match["zid"])
        zone = self.account.zones.get(zid) if zid is not None else None
        if zone is None or zone.service_id != sid:
            return None
        return zone

    def _create_zone(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        sid = self._service_for(match["sid"])
        if sid is None:
            return self._not_found("Service not found")
        name = request.params().get("name")
        if not isinstance(name, str) or not name.strip(".").strip():
            return _ok({"success": False, "error": ["Domain name is required"]})
        if self.account.zone_by_name(name) is not None:
            return _ok({"success": False, "error": [f"Domain zone {name} already exists"]})
        try:
            zone = self.account.add_zone(name, service_id=sid)
        except ValueError as exc:  # an invalid name: an error list inside HTTP 200 (§8)
            return _ok({"success": False, "error": [str(exc)]})
        return _ok({"info": [f"Domain zone {zone.name} was created successfully."]})

    def _read_zone(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        zone = self._zone_for(match)
        if zone is None:
            return self._not_found("Zone not found")
        if self._stale and zone.zone_id in self._served:
            return _ok(self._served[zone.zone_id])
        body = zone.render()
        self._served[zone.zone_id] = body
        return _ok(body)

    def _delete_zone(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        zone = self._zone_for(match)
        if zone is None:
            return self._not_found("Zone not found")
        del self.account.zones[zone.zone_id]
        return _ok({"info": [f"Domain zone {zone.name} was deleted successfully."]})

    # ------------------------------------------------------------------------ records

    def _record_fields(
        self, params: dict[str, Any], zone: FakeZone, existing: FakeRecord | None
    ) -> tuple[dict[str, Any], str | None]:
        """Validate a record write; returns the stored field values or an error detail."""
        rtype = params.get("type", existing.type if existing else None)
        name = params.get("name")
        if name is None and existing is not None:
            name = existing.name
        content = params.get("content", existing.content if existing else None)
        if not isinstance(rtype, str) or not rtype.strip():
            return {}, "Record type is required"
        rtype = rtype.strip().upper()
        if rtype not in RECORD_TYPES:
            return {}, f"Unsupported record type: {rtype}"
        if not isinstance(name, str):
            return {}, "Record name is required"
        if not isinstance(content, str) or not content.strip():
            return {}, "Record content is required"
        ttl_raw = params.get("ttl", existing.ttl if existing else 3600)
        ttl = _to_int(ttl_raw)
        if ttl is None or ttl < 0:
            return {}, f"Invalid TTL: {ttl_raw!r}"
        prio_raw = params.get("priority", params.get("prio", existing.priority if existing else 0))
        priority = _to_int(prio_raw) if prio_raw not in (None, "") else 0
        if priority is None or priority < 0:
            return {}, f"Invalid priority: {prio_raw!r}"
        fields = {
            "name": zone.fqdn(name),
            "type": rtype,
            "content": content.strip(),
            "ttl": ttl,
            "priority": priority,
        }
        if self.strict:
            problem = self._strict_problem(fields, params, zone, existing)
            if problem is not None:
                return {}, problem
        return fields, None

    def _strict_problem(
        self,
        fields: dict[str, Any],
        params: dict[str, Any],
        zone: FakeZone,
        existing: FakeRecord | None,
    ) -> str | None:
        rtype, content, name = fields["type"], fields["content"], fields["name"]
        if rtype in ("A", "AAAA"):
            kind = ipaddress.IPv4Address if rtype == "A" else ipaddress.IPv6Address
            try:
                kind(content)
            except ValueError:
                return f"Invalid {rtype} address: {content}"
        if (
            rtype in ("MX", "SRV")
            and existing is None
            and "priority" not in params
            and "prio" not in params
        ):
            return f"{rtype} record requires a priority"
        others = [r for r in zone.find(name) if existing is None or r.id != existing.id]
        if rtype == "CNAME" and name.lower() == zone.name:
            return "CNAME record is not allowed at the zone apex"
        if rtype == "CNAME" and others:
            return "CNAME record cannot coexist with other records"
        if rtype != "CNAME" and any(r.type == "CNAME" for r in others):
            return "A CNAME record already exists at this name"
        return None

    def _create_record(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        zone = self._zone_for(match)
        if zone is None:
            return self._not_found("Zone not found")
        params = request.params()
        fields, problem = self._record_fields(params, zone, None)
        if problem is not None:
            return _ok({"success": False, "error": [ADD_ERROR, problem]})
        zone.records.append(FakeRecord(id=self.account.next_record_id(), **fields))
        zone.bump_serial()
        # The echo repeats the request's values and types, adds "priority": 0, and has no id
        # (README section 7).
        echo = {
            "name": params.get("name"),
            "type": params.get("type"),
            "ttl": params.get("ttl", fields["ttl"]),
            "priority": params.get("priority", params.get("prio", 0)),
            "content": params.get("content"),
        }
        return _ok(
            {"success": True, "record": echo, "info": [["dnsnewrecordadded", fields["type"]]]}
        )

    def _update_record(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        zone = self._zone_for(match)
        if zone is None:
            return self._not_found("Zone not found")
        rid = _to_int(match["rid"])
        record = zone.get(rid) if rid is not None else None
        if record is None:
            return _ok({"success": False, "error": [EDIT_ERROR]})
        params = request.params()
        fields, problem = self._record_fields(params, zone, record)
        if problem is not None:
            return _ok({"success": False, "error": [EDIT_ERROR, problem]})
        for key, value in fields.items():
            setattr(record, key, value)
        zone.bump_serial()
        echo = {
            "id": match["rid"],
            "type": params.get("type", record.type),
            "ttl": params.get("ttl", record.ttl),
            "name": params.get("name", record.name),
            "priority": params.get("priority", params.get("prio", record.priority)),
            "content": params.get("content", record.content),
        }
        return _ok({"success": True, "record": echo, "info": ["dnsrecordupdated"]})

    def _delete_record(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        zone = self._zone_for(match)
        if zone is None:
            return self._not_found("Zone not found")
        rid = _to_int(match["rid"])
        record = zone.get(rid) if rid is not None else None
        if record is None:
            return _ok({"success": False, "error": [EDIT_ERROR]})
        zone.records.remove(record)
        zone.bump_serial()
        return _ok({"success": True})

    # ------------------------------------------------------------------ registrar domains

    def _domains(self, _request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        now = self.account.clock.now()
        return _ok({"domains": [d.render_summary(now) for d in self.account.domains.values()]})

    def _domain_for(self, raw: str) -> int | None:
        did = _to_int(raw)
        return did if did is not None and did in self.account.domains else None

    def _domain(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        did = self._domain_for(match["did"])
        if did is None:
            return self._not_found("Domain not found")
        return _ok({"details": self.account.domains[did].render_details()})

    def _domain_by_name(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        wanted = urllib.parse.unquote(match["name"]).rstrip(".").lower()
        found = [d.render_details() for d in self.account.domains.values() if d.name == wanted]
        if not found:
            return self._not_found("Domain not found")
        return _ok({"details": found})

    def _domain_ns(self, _request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        did = self._domain_for(match["did"])
        if did is None:
            return self._not_found("Domain not found")
        return _ok({"success": True, "nameservers": list(self.account.domains[did].nameservers)})

    def _set_domain_ns(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        did = self._domain_for(match["did"])
        if did is None:
            return self._not_found("Domain not found")
        raw = request.params().get("nameservers", [])
        servers = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
        cleaned = [str(s).strip().rstrip(".").lower() for s in servers if str(s).strip()]
        domain = self.account.domains[did]
        domain.nameservers = cleaned or ["ns1.dns.services", "ns2.dns.services"]
        return _ok({"success": True, "info": ["Nameservers updated"]})
