"""Behaviour of the fake API over real HTTP: auth, tokens, records, registrar, faults."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import httpx
import pytest

from dns_services_gateway.testing import ApiRequest, FakeDNSServices

USERNAME = "user@example.com"
PASSWORD = "s3cret-passw0rd"


def _login(client: httpx.Client) -> httpx.Response:
    return client.post("/login", data={"username": USERNAME, "password": PASSWORD})


# ------------------------------------------------------------------------------- auth


def test_login_accepts_json_and_form(fake: FakeDNSServices) -> None:
    with httpx.Client(base_url=fake.api_url) as client:
        assert _login(client).status_code == 200
        as_json = client.post("/login", json={"username": USERNAME, "password": PASSWORD})
        assert as_json.status_code == 200
        assert set(as_json.json()) == {"token", "refresh"}
    assert fake.tokens_issued == 2


def test_wrong_login_is_401_with_error_list(fake: FakeDNSServices) -> None:
    with httpx.Client(base_url=fake.api_url) as client:
        response = client.post("/login", data={"username": USERNAME, "password": "nope"})
    assert response.status_code == 401
    assert response.json() == {"error": ["wronglogin", "unauthorized"]}
    assert response.headers["X-RateLimit-Limit"] == "25"


def test_login_rate_limit_budget_and_reset() -> None:
    with (
        FakeDNSServices(username=USERNAME, password=PASSWORD, login_limit=2, login_window=60) as f,
        httpx.Client(base_url=f.api_url) as client,
    ):
        remaining = [_login(client).headers["X-RateLimit-Remaining"] for _ in range(2)]
        assert remaining == ["1", "0"]
        over = _login(client)
        assert over.status_code == 429
        assert over.headers["Retry-After"] == over.headers["X-RateLimit-Reset"]
        assert 0 < int(over.headers["Retry-After"]) <= 60
        f.clock.advance(61)
        assert _login(client).status_code == 200


def test_requests_without_credentials_are_401(fake: FakeDNSServices) -> None:
    with httpx.Client(base_url=fake.api_url) as client:
        assert client.get("/dns").status_code == 401
        assert client.get("/dns").json() == {"error": ["unauthorized"]}
        bad = client.get("/dns", headers={"Authorization": "Bearer not-a-jwt"})
        assert bad.status_code == 401
        assert bad.json()["error"][-1] == "unauthorized"


def test_basic_auth_works_without_login(fake: FakeDNSServices) -> None:
    with httpx.Client(base_url=fake.api_url) as client:
        assert client.get("/dns", auth=(USERNAME, PASSWORD)).status_code == 200
        wrong = client.get("/dns", auth=(USERNAME, "bad"))
        assert wrong.status_code == 401
        assert wrong.json() == {"error": ["wronglogin", "unauthorized"]}
        garbage = client.get("/dns", headers={"Authorization": "Basic !!!"})
        assert garbage.status_code == 401
    assert fake.requests_to("/api/login") == []


def test_token_expires_on_the_fake_clock(fake: FakeDNSServices, api: httpx.Client) -> None:
    assert api.get("/details").status_code == 200
    fake.clock.advance(3599)
    assert api.get("/details").status_code == 200
    fake.clock.advance(2)
    expired = api.get("/details")
    assert expired.status_code == 401
    assert expired.json() == {"error": ["tokenexpired", "unauthorized"]}


def test_refresh_rotates_and_is_single_use(fake: FakeDNSServices) -> None:
    with httpx.Client(base_url=fake.api_url) as client:
        first = _login(client).json()
        fake.clock.advance(4000)
        second = client.post("/token", data={"refresh_token": first["refresh"]})
        assert second.status_code == 200
        pair = second.json()
        assert set(pair) == {"token", "refresh"}
        assert pair["refresh"] != first["refresh"]
        again = client.post("/token", data={"refresh_token": first["refresh"]})
        assert again.status_code == 401
        assert client.post("/token", data={}).status_code == 401
        ok = client.get("/dns", headers={"Authorization": f"Bearer {pair['token']}"})
        assert ok.status_code == 200
    assert fake.tokens_refreshed == 1


def test_refresh_token_expires() -> None:
    with (
        FakeDNSServices(username=USERNAME, password=PASSWORD, refresh_lifetime=100) as fake,
        httpx.Client(base_url=fake.api_url) as client,
    ):
        refresh = _login(client).json()["refresh"]
        fake.clock.advance(101)
        assert client.post("/token", data={"refresh_token": refresh}).status_code == 401


def test_token_endpoint_can_be_switched_off(fake: FakeDNSServices) -> None:
    fake.faults.token_endpoint_enabled = False
    with httpx.Client(base_url=fake.api_url) as client:
        refresh = _login(client).json()["refresh"]
        assert client.post("/token", data={"refresh_token": refresh}).status_code == 401


def test_logout_revokes_the_access_token(fake: FakeDNSServices, api: httpx.Client) -> None:
    assert api.post("/logout").json() == {"success": True}
    revoked = api.get("/dns")
    assert revoked.status_code == 401
    assert revoked.json() == {"error": ["tokenrevoked", "unauthorized"]}


def test_revoke_by_refresh_token_and_by_access_token(fake: FakeDNSServices) -> None:
    with httpx.Client(base_url=fake.api_url) as client:
        pair = _login(client).json()
        assert client.post("/revoke", data={"refresh_token": pair["refresh"]}).status_code == 200
        bearer = {"Authorization": f"Bearer {pair['token']}"}
        assert client.get("/dns", headers=bearer).status_code == 401
        assert client.post("/token", data={"refresh_token": pair["refresh"]}).status_code == 401
        assert client.post("/revoke", data={"refresh_token": "unknown"}).status_code == 401

        pair = _login(client).json()
        bearer = {"Authorization": f"Bearer {pair['token']}"}
        assert client.post("/revoke", headers=bearer).status_code == 200
        assert client.get("/dns", headers=bearer).status_code == 401
        assert client.post("/token", data={"refresh_token": pair["refresh"]}).status_code == 401
        assert client.post("/revoke").status_code == 401


# --------------------------------------------------------------------- account, services


def test_details_services_and_methods(fake: FakeDNSServices, api: httpx.Client) -> None:
    zone = fake.add_zone("example.com")
    client = api.get("/details").json()["client"]
    assert client["email"] == USERNAME
    assert all(isinstance(v, str) for v in client.values())
    services = api.get("/service").json()["services"]
    assert [s["id"] for s in services] == [str(zone.service_id)]
    service = api.get(f"/service/{zone.service_id}").json()["service"]
    assert service["password"] and service["status"] == "Active"
    methods = api.get(f"/service/{zone.service_id}/methods").json()["methods"]
    assert {"name", "method", "route"} == set(methods[0])
    assert api.get("/service/999").json() == {"success": False, "error": ["Service not found"]}
    assert api.get("/service/999/methods").json()["success"] is False


def test_unknown_route_is_invalid_method_with_configurable_status(
    fake: FakeDNSServices, api: httpx.Client
) -> None:
    assert api.get("/nothing/here").json() == {"error": ["invalid method"]}
    assert api.get("/nothing/here").status_code == 200
    fake.faults.unknown_route_status = 404
    assert api.patch("/dns").status_code == 404


def test_not_found_status_is_configurable() -> None:
    with FakeDNSServices(username=USERNAME, password=PASSWORD, not_found_status=404) as fake:
        response = httpx.get(fake.api_url + "/service/1/dns/2", auth=(USERNAME, PASSWORD))
    assert response.status_code == 404
    assert response.json()["error"] == ["Zone not found"]


# ---------------------------------------------------------------------------- zones


def test_zone_create_list_read_delete(fake: FakeDNSServices, api: httpx.Client) -> None:
    service = fake.account.default_service()
    created = api.post(f"/service/{service.id}/dns", data={"name": "new.example"})
    assert created.json() == {"info": ["Domain zone new.example was created successfully."]}
    duplicate = api.post(f"/service/{service.id}/dns", data={"name": "new.example"})
    assert duplicate.json()["success"] is False
    assert api.post(f"/service/{service.id}/dns", data={}).json()["success"] is False
    invalid = api.post(f"/service/{service.id}/dns", data={"name": "no way!.example"})
    assert invalid.status_code == 200
    assert invalid.json() == {
        "success": False,
        "error": ["zone name 'no way!.example' is not a valid domain name"],
    }
    assert api.post("/service/999/dns", data={"name": "x.example"}).json()["success"] is False
    listing = api.get("/dns").json()
    assert listing["service_ids"] == [str(service.id)]
    zone = fake.zone("new.example")
    assert listing["zones"] == [
        {"domain_id": str(zone.zone_id), "name": "new.example", "service_id": str(service.id)}
    ]
    body = api.get(f"/service/{service.id}/dns/{zone.zone_id}").json()
    assert isinstance(body["records"], list), "gapless positions render as a JSON list"
    assert [r["type"] for r in body["records"]] == ["SOA", "NS", "NS"]
    deleted = api.delete(f"/service/{service.id}/dns/{zone.zone_id}")
    assert deleted.json() == {"info": ["Domain zone new.example was deleted successfully."]}
    assert api.delete(f"/service/{service.id}/dns/{zone.zone_id}").json()["success"] is False
    with pytest.raises(KeyError):
        fake.zone("new.example")


def test_zone_from_another_service_is_not_found(fake: FakeDNSServices, api: httpx.Client) -> None:
    zone = fake.add_zone("example.com")
    other = fake.account.add_service()
    assert api.get(f"/service/{other.id}/dns/{zone.zone_id}").json()["success"] is False
    assert api.get(f"/service/{zone.service_id}/dns/abc").json()["success"] is False


def test_add_zone_rejects_duplicates_and_empty_names(fake: FakeDNSServices) -> None:
    fake.add_zone("Example.COM.")
    with pytest.raises(ValueError, match="already exists"):
        fake.add_zone("example.com")
    with pytest.raises(ValueError, match="empty"):
        fake.add_zone(" . ")
    for bad in ("bad zone.example", "-lead.example", "a..b", "x" * 64 + ".example"):
        with pytest.raises(ValueError, match="not a valid domain name"):
            fake.add_zone(bad)
    with pytest.raises(ValueError, match="already used"):
        fake.add_zone("other.example", zone_id=fake.zone("example.com").zone_id)
    with pytest.raises(ValueError, match="already used"):
        fake.account.add_service(fake.zone("example.com").service_id)
    zone = fake.add_zone("third.example", service_id=777)
    assert zone.service_id == 777
    assert fake.zone("EXAMPLE.com").name == "example.com"


# -------------------------------------------------------------------------- records


def test_create_echoes_request_without_id_and_bumps_serial(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    zone = fake.zone("example.com")
    serial = zone.serial
    response = api.post(
        zone_path + "/records",
        json={
            "type": "MX",
            "name": "@",
            "content": "mail.example.com",
            "ttl": "600",
            "priority": 10,
        },
    )
    assert response.json() == {
        "success": True,
        "record": {
            "name": "@",
            "type": "MX",
            "ttl": "600",
            "priority": 10,
            "content": "mail.example.com",
        },
        "info": [["dnsnewrecordadded", "MX"]],
    }
    assert zone.serial == serial + 1
    body = api.get(zone_path).json()
    mx = [r for r in body["records"] if r["type"] == "MX"]
    assert mx[0]["name"] == "example.com"
    assert mx[0]["prio"] == mx[0]["priority"] == "10"
    assert mx[0]["ttl"] == "600"
    assert body["records"][0]["content"][2] == str(serial + 1)


def test_names_are_normalised_to_fqdn(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    for name in ("www", "www2.example.com", "www3.example.com.", "", "@"):
        api.post(zone_path + "/records", json={"type": "A", "name": name, "content": "192.0.2.1"})
    names = [r.name for r in fake.zone("example.com").find("@", "A")]
    assert names == ["example.com", "example.com"]
    assert fake.zone("example.com").find("www3", "A")[0].name == "www3.example.com"
    assert fake.zone("example.com").find("www2.example.com.", "A")


def test_txt_is_quoted_on_read_and_update_keeps_id(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    api.post(zone_path + "/records", json={"type": "TXT", "name": "orig", "content": 'say "hi"'})
    record = fake.zone("example.com").find("orig", "TXT")[0]
    read = next(r for r in api.get(zone_path).json()["records"] if r["type"] == "TXT")
    assert read["content"] == '"say \\"hi\\""'
    updated = api.put(
        f"{zone_path}/records/{record.id}",
        json={"type": "TXT", "name": "renamed", "content": "new", "ttl": 60},
    )
    assert updated.json() == {
        "success": True,
        "record": {
            "id": str(record.id),
            "type": "TXT",
            "ttl": 60,
            "name": "renamed",
            "priority": 0,
            "content": "new",
        },
        "info": ["dnsrecordupdated"],
    }
    assert record.name == "renamed.example.com" and record.ttl == 60
    partial = api.put(f"{zone_path}/records/{record.id}", json={"content": "only content"})
    assert partial.json()["record"]["name"] == "renamed.example.com"
    assert record.content == "only content" and record.type == "TXT"


def test_errors_inside_http_200(api: httpx.Client, zone_path: str, fake: FakeDNSServices) -> None:
    serial = fake.zone("example.com").serial
    cases = [
        {"name": "x", "content": "1.2.3.4"},
        {"type": "BOGUS", "name": "x", "content": "1.2.3.4"},
        {"type": "A", "content": "1.2.3.4"},
        {"type": "A", "name": "x", "content": " "},
        {"type": "A", "name": "x", "content": "1.2.3.4", "ttl": "soon"},
        {"type": "MX", "name": "x", "content": "mx.example", "priority": "high"},
    ]
    for case in cases:
        response = api.post(zone_path + "/records", json=case)
        assert response.status_code == 200
        body = response.json()
        assert body["success"] is False, case
        assert body["error"][0] == "An error occurred while adding the DNS record"
    for rid in ("None", "123", "abc"):
        for method in ("PUT", "DELETE"):
            response = api.request(
                method,
                f"{zone_path}/records/{rid}",
                json={"type": "A", "name": "x", "content": "1"},
            )
            assert response.json() == {
                "success": False,
                "error": ["An error occurred while editing the DNS record"],
            }
    soa_id = fake.zone("example.com").records[0].id
    assert api.delete(f"{zone_path}/records/{soa_id}").json()["success"] is False
    assert api.post("/service/1/dns/1/records", json=cases[0]).json()["success"] is False
    assert api.put("/service/1/dns/1/records/1", json=cases[0]).json()["success"] is False
    assert api.delete("/service/1/dns/1/records/1").json()["success"] is False
    record = fake.zone("example.com").add_record("ok", "A", "192.0.2.1")
    bad_update = api.put(f"{zone_path}/records/{record.id}", json={"type": "NOPE"})
    assert bad_update.json()["error"] == [
        "An error occurred while editing the DNS record",
        "Unsupported record type: NOPE",
    ]
    assert fake.zone("example.com").serial == serial, "failed writes do not bump the serial"


def test_delete_removes_record_and_position(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    zone = fake.zone("example.com")
    zone.add_record("hidden", "TXT", "x", hidden=True)
    api.post(zone_path + "/records", json={"type": "A", "name": "a", "content": "192.0.2.1"})
    records = api.get(zone_path).json()["records"]
    assert list(records) == ["0", "1", "2", "4"], "a hidden position makes an object"
    new_id = records["4"]["id"]
    assert api.delete(f"{zone_path}/records/{new_id}").json() == {"success": True}
    after = api.get(zone_path).json()["records"]
    assert isinstance(after, list), "a trailing hidden position leaves 0..n-1: a list"
    assert [r["type"] for r in after] == ["SOA", "NS", "NS"]
    api.post(zone_path + "/records", json={"type": "A", "name": "b", "content": "192.0.2.2"})
    assert list(api.get(zone_path).json()["records"]) == ["0", "1", "2", "4"]
    zone.records_form = "list"
    assert len(api.get(zone_path).json()["records"]) == 4
    fresh = fake.add_zone("list.example")
    fresh.records_form = "object"
    body = api.get(f"/service/{fresh.service_id}/dns/{fresh.zone_id}").json()
    assert list(body["records"]) == ["0", "1", "2"]


def test_record_ids_are_global_and_never_reused(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    other = fake.add_zone("other.example")
    api.post(zone_path + "/records", json={"type": "A", "name": "a", "content": "192.0.2.1"})
    first = fake.zone("example.com").find("a", "A")[0].id
    api.delete(f"{zone_path}/records/{first}")
    other_path = f"/service/{other.service_id}/dns/{other.zone_id}"
    api.post(other_path + "/records", json={"type": "A", "name": "a", "content": "192.0.2.1"})
    assert other.find("a", "A")[0].id == first + 1


def test_strict_mode_validation() -> None:
    with (
        FakeDNSServices(username=USERNAME, password=PASSWORD, strict=True) as fake,
        httpx.Client(base_url=fake.api_url, auth=(USERNAME, PASSWORD)) as api,
    ):
        zone = fake.add_zone("example.com")
        path = f"/service/{zone.service_id}/dns/{zone.zone_id}/records"

        def create(**data: object) -> list[str]:
            body = api.post(path, json=data).json()
            return [] if body.get("success") else body["error"][1:]

        assert create(type="A", name="a", content="999.1.1.1") == ["Invalid A address: 999.1.1.1"]
        assert create(type="AAAA", name="a", content="zz:zz:zz") == [
            "Invalid AAAA address: zz:zz:zz"
        ]
        assert create(type="MX", name="@", content="mx.example") == [
            "MX record requires a priority"
        ]
        assert create(type="CNAME", name="@", content="x.example") == [
            "CNAME record is not allowed at the zone apex"
        ]
        assert create(type="A", name="www", content="192.0.2.1") == []
        assert create(type="CNAME", name="www", content="x.example") == [
            "CNAME record cannot coexist with other records"
        ]
        assert create(type="CNAME", name="alias", content="x.example") == []
        assert create(type="TXT", name="alias", content="t") == [
            "A CNAME record already exists at this name"
        ]
        assert create(type="AAAA", name="v6", content="2001:db8::1") == []
        alias = zone.find("alias", "CNAME")[0]
        renamed = api.put(f"{path}/{alias.id}", json={"content": "y.example"}).json()
        assert renamed["success"] is True


# ------------------------------------------------------------------------ registrar


def test_registrar_domains(fake: FakeDNSServices, api: httpx.Client) -> None:
    today = datetime.datetime.fromtimestamp(fake.clock.now(), tz=datetime.UTC).date()
    domain = fake.add_domain("example.com", expires=today + datetime.timedelta(days=30))
    fake.add_domain("old.example", status="Expired", autorenew=False, nameservers=["ns.other"])
    listing = api.get("/domain").json()["domains"]
    assert listing[0] == {
        "id": str(domain.id),
        "name": "example.com",
        "expires": domain.expires.isoformat(),
        "recurring_amount": "10.00",
        "date_created": "2022-03-10",
        "status": "Active",
        "period": "1",
        "autorenew": "1",
        "daytoexpire": "30",
    }
    assert listing[1]["autorenew"] == "0"
    details = api.get(f"/domain/{domain.id}").json()["details"]
    assert details["nameservers"] == ["ns1.dns.services", "ns2.dns.services"]
    assert details["idprotection"] == "0"
    by_name = api.get("/domain/name/example.com").json()["details"]
    assert isinstance(by_name, list) and by_name[0]["id"] == str(domain.id)
    assert api.get("/domain/name/missing.example").json()["success"] is False
    assert api.get("/domain/999").json()["success"] is False
    assert api.get(f"/domain/{domain.id}/ns").json()["nameservers"] == details["nameservers"]
    changed = api.put(f"/domain/{domain.id}/ns", json={"nameservers": ["NS1.Other.", "ns2.other"]})
    assert changed.json()["success"] is True
    assert domain.nameservers == ["ns1.other", "ns2.other"]
    api.put(
        f"/domain/{domain.id}/ns",
        content=b"nameservers[]=a.ns&nameservers[]=b.ns",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert domain.nameservers == ["a.ns", "b.ns"]
    api.put(f"/domain/{domain.id}/ns", data={"nameservers": "solo.ns"})
    assert domain.nameservers == ["solo.ns"]
    api.put(f"/domain/{domain.id}/ns", json={"nameservers": []})
    assert domain.nameservers == ["ns1.dns.services", "ns2.dns.services"]
    assert api.get("/domain/999/ns").json()["success"] is False
    assert api.put("/domain/999/ns", json={}).json()["success"] is False
    assert len(fake.domains) == 2


# --------------------------------------------------------------------------- faults


def test_fail_next_then_success(fake: FakeDNSServices, api: httpx.Client) -> None:
    fake.faults.fail_next(2, status=503, path=r"^/api/dns$")
    assert fake.faults.pending == 2
    assert api.get("/details").status_code == 200, "other paths are not affected"
    assert [api.get("/dns").status_code for _ in range(3)] == [503, 503, 200]
    fake.faults.fail_next(1, 502, html=True, method="GET")
    page = api.get("/dns")
    assert page.status_code == 502
    assert page.headers["content-type"] == "text/html"
    assert "502 Bad Gateway" in page.text
    with pytest.raises(ValueError, match="error status"):
        fake.faults.fail_next(1, 200)
    with pytest.raises(ValueError, match="n must be"):
        fake.faults.fail_next(0)


def test_rate_limit_next(fake: FakeDNSServices, api: httpx.Client) -> None:
    fake.faults.rate_limit_next(1, retry_after=7, method="POST")
    assert api.get("/dns").status_code == 200
    limited = api.post("/logout")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == limited.headers["X-RateLimit-Reset"] == "7"
    with pytest.raises(ValueError):
        fake.faults.rate_limit_next(1, retry_after=-1)


def test_drop_next_closes_without_processing(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    fake.faults.drop_next(1, path="/records")
    serial = fake.zone("example.com").serial
    with pytest.raises(httpx.RemoteProtocolError):
        api.post(zone_path + "/records", json={"type": "A", "name": "x", "content": "192.0.2.9"})
    assert fake.zone("example.com").serial == serial
    assert fake.requests_to("/records")[-1].status == 0
    assert fake.requests_to("/records")[-1].fault == "drop"
    assert api.get("/dns").status_code == 200


def test_truncate_next_still_applies_the_write(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    fake.faults.truncate_next(1, method="POST")
    response = api.post(
        zone_path + "/records", json={"type": "A", "name": "t", "content": "1.2.3.4"}
    )
    with pytest.raises(ValueError):
        response.json()
    assert fake.zone("example.com").find("t", "A")


def test_latency_global_and_per_route(fake: FakeDNSServices, api: httpx.Client) -> None:
    fake.faults.set_latency(0.2, path="/details")
    started = time.perf_counter()
    api.get("/details")
    assert time.perf_counter() - started >= 0.2
    assert fake.faults.latency_for("/api/dns") == 0
    fake.faults.set_latency(0.05)
    assert fake.faults.latency_for("/api/dns") == 0.05
    with pytest.raises(ValueError):
        fake.faults.set_latency(-1)
    fake.faults.clear()
    assert fake.faults.latency_for("/api/details") == 0
    assert fake.faults.pending == 0


# ------------------------------------------------------------------ log and plumbing


def test_request_log(fake: FakeDNSServices, api: httpx.Client) -> None:
    api.get("/dns", params={"x": "1"})
    entry = fake.requests[-1]
    assert (entry.method, entry.path, entry.query, entry.status) == ("GET", "/api/dns", "x=1", 200)
    assert entry.headers["authorization"].startswith("Bearer ")
    login = fake.requests_to("/api/login", method="POST")[0]
    assert login.form() == {"username": USERNAME, "password": PASSWORD}
    api.post("/logout", json={"a": 1})
    assert fake.requests_to("/logout")[0].json() == {"a": 1}
    fake.clear_requests()
    assert fake.requests == []


def test_in_process_handle_and_lifecycle() -> None:
    fake = FakeDNSServices(username=USERNAME, password=PASSWORD)
    with pytest.raises(RuntimeError):
        _ = fake.base_url
    with pytest.raises(RuntimeError):
        _ = fake.nameserver
    response = fake.handle(
        ApiRequest("POST", "/api/login", {}, {}, b"username=user%40example.com&password=bad")
    )
    assert response.status == 401
    garbage = fake.handle(
        ApiRequest("POST", "/api/login", {}, {"content-type": "application/json"}, b"{nope")
    )
    assert garbage.status == 401
    fake.start()
    with pytest.raises(RuntimeError):
        fake.start()
    assert "running" in repr(fake)
    fake.stop()
    fake.stop()
    assert "stopped" in repr(fake)
    assert fake.username == USERNAME and fake.password == PASSWORD


def test_token_lifetime_is_settable(fake: FakeDNSServices) -> None:
    fake.token_lifetime = 90
    assert fake.token_lifetime == 90
    with pytest.raises(ValueError):
        fake.token_lifetime = 0


def test_clock_cannot_go_back(fake: FakeDNSServices) -> None:
    with pytest.raises(ValueError):
        fake.clock.advance(-1)
    assert "FakeClock" in repr(fake.clock)


def test_reset_empties_the_account(fake: FakeDNSServices, api: httpx.Client) -> None:
    zone = fake.add_zone("example.com")
    fake.add_domain("example.com")
    fake.faults.fail_next(5)
    fake.reset()
    assert fake.zones == [] and fake.domains == [] and fake.services == []
    assert fake.faults.pending == 0 and fake.requests == []
    assert api.get("/dns").status_code == 401, "tokens issued before the reset are gone"
    with httpx.Client(base_url=fake.api_url, auth=(USERNAME, PASSWORD)) as basic:
        assert basic.get("/dns").json() == {"service_ids": [], "zones": []}
    again = fake.add_zone("example.com")
    assert again.records[0].id > zone.records[-1].id


def test_stale_reads_serve_the_previous_zone_body(
    fake: FakeDNSServices, api: httpx.Client, zone_path: str
) -> None:
    fake.faults.stale_reads_next(1)
    first = api.get(zone_path).json()  # never read before: fresh
    api.post(zone_path + "/records", json={"type": "A", "name": "new", "content": "192.0.2.1"})
    fake.faults.stale_reads_next(1)
    stale = api.get(zone_path).json()
    assert stale == first, "the replica lags: the create is not visible yet"
    assert api.get("/dns").status_code == 200, "other routes are not affected"
    fresh = api.get(zone_path).json()
    assert any(r["name"] == "new.example.com" for r in fresh["records"])
    assert fake.requests_to(zone_path)[1].fault == "stale"


def test_chunked_request_bodies(fake: FakeDNSServices, api: httpx.Client, zone_path: str) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"type": "A", "name": "chunk", '
        yield b'"content": "192.0.2.5"}'

    response = api.post(
        zone_path + "/records", content=body(), headers={"Content-Type": "application/json"}
    )
    assert response.json()["success"] is True
    assert fake.requests_to("/records")[-1].headers["transfer-encoding"] == "chunked"
    assert fake.zone("example.com").find("chunk", "A")
    assert api.get("/dns").status_code == 200, "the connection stays usable"
