"""Shape tests: every recorded live response body parsed through the client, plus replays."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from dns_services_gateway import (
    APIOperationError,
    AsyncDNSServicesClient,
    DNSServicesClient,
    RetryPolicy,
)
from dns_services_gateway._auth import JWTAuth
from dns_services_gateway._base import raise_for_api_error
from dns_services_gateway._records import parse_zone, parse_zone_list, validate_record

MX_PRIORITIES = {
    "aspmx.l.google.com": 10,
    "alt1.aspmx.l.google.com": 20,
    "alt2.aspmx.l.google.com": 20,
    "aspmx2.googlemail.com": 30,
    "aspmx3.googlemail.com": 30,
    "aspmx4.googlemail.com": 30,
    "aspmx5.googlemail.com": 30,
}


def _response(interaction: dict[str, Any]) -> httpx.Response:
    request = interaction["request"]
    return httpx.Response(
        interaction["response"]["status"]["code"],
        content=interaction["response"]["body"]["string"].encode(),
        headers={k: v[0] for k, v in interaction["response"]["headers"].items()},
        request=httpx.Request(request["method"], request["uri"]),
    )


def test_recordings_are_present(cassettes: dict[str, Any]) -> None:
    assert len(cassettes) == 26


def test_every_recorded_body_parses(
    cassette_name: str, cassette: Callable[[str], list[dict[str, Any]]], tmp_path: Path
) -> None:
    interactions = cassette(cassette_name)
    serials: list[int] = []
    for interaction in interactions:
        method = interaction["request"]["method"]
        path = httpx.URL(interaction["request"]["uri"]).path
        response = _response(interaction)
        raw = json.loads(interaction["response"]["body"]["string"])
        if path == "/api/login":
            auth = JWTAuth(username="USERNAME", password="x", api_url="https://dns.services/api")
            auth.accept_login(response)
            assert auth.tokens is not None
            assert auth.tokens.access_token == "TOKEN"
            assert auth.tokens.refresh_token == "REFRESH"
            assert auth.rate_limit["limit"] == 25
            assert 0 <= auth.rate_limit["remaining"] <= 25
        elif path == "/api/dns":
            zones = parse_zone_list(raise_for_api_error(response))
            assert [(z.id, z.name, z.service_id) for z in zones] == [("1178", "astylos.dk", "292")]
        elif method == "GET":
            zone = parse_zone(raise_for_api_error(response), zone_id="1178")
            assert (zone.id, zone.name, zone.service_id) == ("1178", "astylos.dk", "292")
            raw_records = raw["records"]
            values = raw_records.values() if isinstance(raw_records, dict) else raw_records
            raw_soa = next(r for r in values if r["type"] == "SOA")
            assert zone.soa is not None
            assert zone.soa.serial == int(raw_soa["content"][2])
            assert 2022031011 <= zone.soa.serial <= 2022031030
            assert (zone.soa.primary_ns, zone.soa.hostmaster) == (
                "ns1.dns.services",
                "post.dns.services",
            )
            assert (zone.soa.refresh, zone.soa.retry, zone.soa.expire, zone.soa.minimum) == (
                10800,
                3600,
                1814400,
                7200,
            )
            assert zone.soa.ttl == 60
            serials.append(zone.soa.serial)
            assert len(zone.records) == len(values) - 1
            ids = [r.id for r in zone.records]
            assert ids == [str(r["id"]) for r in values if r["type"] != "SOA"]
            for record in zone.records:
                assert record.name == "astylos.dk" or record.name.endswith(".astylos.dk")
                assert isinstance(record.ttl, int)
                if record.type == "TXT":
                    assert not record.content.startswith('"'), record.content
                if record.type == "MX":
                    assert record.priority == MX_PRIORITIES[record.content]
            ns = sorted(r.content for r in zone.records if r.type == "NS")
            assert ns == ["ns1.dns.services", "ns2.dns.services"]
            spf = next(r for r in zone.records if r.type == "TXT" and r.name == "astylos.dk")
            assert spf.content == "v=spf1 include:_spf.google.com ~all"
            caa = next(r for r in zone.records if r.type == "CAA")
            assert caa.content == '0 issue "letsencrypt.org"'
            assert next(r for r in zone.records if r.name == "hass.astylos.dk").type == "CNAME"
        elif "records/None" in path:
            with pytest.raises(APIOperationError) as info:
                raise_for_api_error(response)
            assert info.value.errors == ["An error occurred while editing the DNS record"]
            assert info.value.status_code == 200
        else:
            body = raise_for_api_error(response)
            assert body["success"] is True
            if method == "POST":
                assert "id" not in body["record"]
                assert body["record"]["priority"] == 0
            if method == "PUT":
                assert body["record"]["id"] == path.rsplit("/", 1)[1]
    assert serials == sorted(serials)


def test_serial_moves_by_one_per_change(cassette: Callable[[str], list[dict[str, Any]]]) -> None:
    interactions = cassette("when_calling_delete_record_with_record_set_name_remove_all.yaml")
    serials = []
    for interaction in interactions:
        if (
            interaction["request"]["method"] == "GET"
            and "/dns/1178" in interaction["request"]["uri"]
        ):
            zone = parse_zone(raise_for_api_error(_response(interaction)), zone_id="1178")
            serials.append(zone.serial)
    assert [b - a for a, b in itertools.pairwise(serials)] == [1, 1, 2]


def _client(cls: type, transport: httpx.MockTransport, tmp_path: Path) -> Any:
    return cls(
        username="USERNAME",
        password="PASSWORD",
        token_path=tmp_path / "token",
        transport=transport,
        retry_policy=RetryPolicy(max_retries=0),
    )


@pytest.mark.parametrize(
    ("name", "record_id"),
    [
        ("when_calling_delete_record_by_identifier_should_remove_record.yaml", "406462"),
        ("when_calling_delete_record_by_filter_should_remove_record.yaml", "406459"),
        ("when_calling_delete_record_by_filter_with_fqdn_name_should_remove_record.yaml", "406460"),
        ("when_calling_delete_record_by_filter_with_full_name_should_remove_record.yaml", "406461"),
    ],
)
def test_replay_create_then_delete(name: str, record_id: str, replay: Any, tmp_path: Path) -> None:
    session = replay(name)
    first_post = next(
        i
        for i in session.interactions
        if i["request"]["method"] == "POST" and i["request"]["uri"].endswith("/records")
    )
    sent = json.loads(first_post["request"]["body"])
    with _client(DNSServicesClient, httpx.MockTransport(session), tmp_path) as client:
        created = client.manage_record(
            action="create",
            domain="astylos.dk",
            record_type="TXT",
            data={"name": sent["name"], "content": sent["content"], "ttl": 3600},
        )
        assert created.status == "success", created.error
        assert created.metadata["record_ids"] == [record_id]
        assert created.data.verified is True
        assert created.metadata["serial_after"] == created.metadata["serial_before"] + 1
        assert created.data.after is not None
        assert created.data.after["records"][0]["content"] == "challengetoken"
        deleted = client.manage_record(
            action="delete", domain="astylos.dk", record_type="TXT", data={"id": record_id}
        )
        assert deleted.status == "success", deleted.error
        assert deleted.data.verified is True
        assert deleted.data.after == {"serial": deleted.metadata["serial_after"], "records": []}
    assert session.remaining_writes == []
    post = next(r for r in session.sent if r.method == "POST" and r.url.path.endswith("/records"))
    assert json.loads(post.content) == {k: sent[k] for k in ("type", "name", "content", "ttl")}
    logins = [r for r in session.sent if r.url.path == "/api/login"]
    assert len(logins) == 1


async def test_replay_record_set_delete_async(replay: Any, tmp_path: Path) -> None:
    session = replay("when_calling_delete_record_with_record_set_name_remove_all.yaml")
    async with _client(AsyncDNSServicesClient, httpx.MockTransport(session), tmp_path) as client:
        result = await client.batch(
            [
                {
                    "action": "create",
                    "domain": "astylos.dk",
                    "type": "TXT",
                    "name": "_acme-challenge.deleterecordset",
                    "content": "challengetoken1",
                    "ttl": 3600,
                },
                {
                    "action": "create",
                    "domain": "astylos.dk",
                    "type": "TXT",
                    "name": "_acme-challenge.deleterecordset",
                    "content": "challengetoken2",
                    "ttl": 3600,
                },
            ]
        )
        assert [r.status for r in result.results] == ["success", "success"]
        removed = await client.records.delete(
            "astylos.dk", name="_acme-challenge.deleterecordset", record_type="TXT"
        )
        assert sorted(r.id or "" for r in removed) == ["406464", "406465"]
    assert session.remaining_writes == []


@pytest.mark.parametrize(
    ("name", "record_id", "new_name"),
    [
        ("when_calling_update_record_should_modify_record.yaml", "406467", "updated.test"),
        (
            "when_calling_update_record_with_fqdn_name_should_modify_record.yaml",
            "406468",
            "updated.testfqdn.astylos.dk",
        ),
        (
            "when_calling_update_record_with_full_name_should_modify_record.yaml",
            "406469",
            "updated.testfull.astylos.dk.",
        ),
    ],
)
def test_replay_create_then_update(
    name: str, record_id: str, new_name: str, replay: Any, tmp_path: Path
) -> None:
    session = replay(name)
    post = next(
        i
        for i in session.interactions
        if i["request"]["method"] == "POST" and i["request"]["uri"].endswith("/records")
    )
    sent = json.loads(post["request"]["body"])
    with _client(DNSServicesClient, httpx.MockTransport(session), tmp_path) as client:
        record = client.records.create(
            "astylos.dk", name=sent["name"], record_type="TXT", content="challengetoken"
        )
        assert record.id == record_id
        assert record.name == f"{sent['name']}.astylos.dk"
        updated = client.records.update("astylos.dk", record_id, new_name=new_name)
        assert updated.id == record_id
        assert updated.name == new_name.rstrip(".").removesuffix(".astylos.dk") + ".astylos.dk"
    assert session.remaining_writes == []
    put = next(r for r in reversed(session.sent) if r.method != "GET")
    assert put.method == "PUT" and put.url.path.endswith(f"/records/{record_id}")
    # The update is verified by a zone read after the PUT, like every write.
    assert session.sent[-1].method == "GET" and session.sent[-1].url.path.endswith("/dns/1178")
    recorded_put = json.loads(session.interactions[-1]["request"]["body"])
    assert json.loads(put.content) == recorded_put


@pytest.mark.parametrize(
    "name",
    [
        "when_calling_list_records_with_no_arguments_should_list_all.yaml",
        "when_calling_list_records_should_handle_record_sets.yaml",
        "when_calling_list_records_with_name_filter_should_return_record.yaml",
        "when_calling_create_record_for_A_with_valid_name_and_content.yaml",
        "authenticate.yaml",
    ],
)
def test_replay_reads(name: str, replay: Any, tmp_path: Path) -> None:
    session = replay(name)
    with _client(DNSServicesClient, httpx.MockTransport(session), tmp_path) as client:
        zones = client.list_zones()
        assert [z.name for z in zones] == ["astylos.dk"]
        if any("/dns/1178" in i["request"]["uri"] for i in session.interactions):
            records = client.records.list("astylos.dk", name="@", record_type="MX")
            assert [r.priority for r in records] == [10, 20, 20, 30, 30, 30, 30]
            txt = client.records.list(
                "astylos.dk", name="_acme-challenge.listrecordset", record_type="TXT"
            )
            assert sorted(r.content for r in txt) == ["challengetoken1", "challengetoken2"]
            local = client.records.list("astylos.dk", name="localhost.astylos.dk.")
            assert [(r.type, r.content) for r in local] == [("A", "127.0.0.1")]


def test_replay_error_inside_http_200(replay: Any, tmp_path: Path) -> None:
    session = replay("when_calling_update_record_should_modify_record_name_specified.yaml")
    with _client(DNSServicesClient, httpx.MockTransport(session), tmp_path) as client:
        zone = client.get_zone("astylos.dk")
        assert zone.serial is not None
        with pytest.raises(APIOperationError) as info:
            client.request(
                "PUT",
                "service/292/dns/1178/records/None",
                json={
                    "type": "TXT",
                    "name": "orig.nameonly.test",
                    "content": "updated",
                    "ttl": 3600,
                },
            )
    assert "An error occurred while editing the DNS record" in str(info.value)


async def test_replay_delete_one_value_of_a_record_set(replay: Any, tmp_path: Path) -> None:
    session = replay(
        "when_calling_delete_record_with_record_set_by_content_should_leave_others_untouched.yaml"
    )
    transport = httpx.MockTransport(session)
    async with _client(AsyncDNSServicesClient, transport, tmp_path) as client:
        created = await client.manage_record(
            action="create",
            domain="astylos.dk",
            record_type="TXT",
            data={"name": "_acme-challenge.deleterecordinset", "content": "challengetoken1"},
        )
        assert created.status == "success", created.error
        assert created.metadata["record_ids"] == ["406463"]
        assert [r["content"] for r in created.data.after["records"]] == [  # type: ignore[index]
            "challengetoken2",
            "challengetoken1",
        ]
        deleted = await client.manage_record(
            action="delete",
            domain="astylos.dk",
            record_type="TXT",
            data={
                "name": "_acme-challenge.deleterecordinset.astylos.dk.",
                "content": "challengetoken1",
            },
        )
        assert deleted.status == "success", deleted.error
        assert deleted.metadata["record_ids"] == ["406463"]
        assert deleted.data.verified is True
        remaining = deleted.data.after["records"]  # type: ignore[index]
        assert [(r["id"], r["content"]) for r in remaining] == [("406236", "challengetoken2")]
    assert session.remaining_writes == []


def test_replay_duplicate_create_is_a_no_op(replay: Any, tmp_path: Path) -> None:
    # The recorded exchange: the identical record is in the zone, so no POST is sent.
    session = replay("when_calling_create_record_with_duplicate_records_should_be_noop.yaml")
    with _client(DNSServicesClient, httpx.MockTransport(session), tmp_path) as client:
        response = client.manage_record(
            action="create",
            domain="astylos.dk",
            record_type="TXT",
            data={"name": "_acme-challenge.noop", "content": "challengetoken", "ttl": 3600},
        )
        assert response.status == "success", response.error
        assert response.metadata["outcome"] == "unchanged"
        assert response.metadata["record_ids"] == ["406228"]
        assert response.data.verified is True
        record = client.records.create(
            "astylos.dk.",
            name="_acme-challenge.noop.astylos.dk.",
            record_type="TXT",
            content="challengetoken",
        )
        assert record.id == "406228"
    assert [r.method for r in session.sent if r.url.path.endswith("/records")] == []
    assert session.remaining_writes == []


def test_recorded_writes_match_the_one_txt_encoding(cassettes: dict[str, Any]) -> None:
    # Every create and update the live API accepted was sent as the client sends it now:
    # the plain TXT text, unquoted; and the zone read shows it back quoted, one string.
    checked = 0
    for interactions in cassettes.values():
        for interaction in interactions:
            request = interaction["request"]
            if request["method"] not in ("POST", "PUT") or "/records" not in request["uri"]:
                continue
            sent = json.loads(request["body"])
            spec = validate_record(
                zone="astylos.dk",
                name=sent["name"],
                record_type=sent["type"],
                content=sent["content"],
                ttl=sent["ttl"],
            )
            assert spec.body() == sent
            checked += 1
    assert checked >= 10
    dkim = next(
        raw
        for interactions in cassettes.values()
        for interaction in interactions
        if "/dns/1178" in interaction["request"]["uri"]
        and interaction["request"]["method"] == "GET"
        for raw in json.loads(interaction["response"]["body"]["string"])["records"].values()
        if raw["name"] == "google._domainkey.astylos.dk"
    )
    assert dkim["content"].startswith('"') and dkim["content"].count('"') == 2
