"""Replay every recorded cassette against the fake and compare it with the live answers.

The fake is seeded like the recorded account (service 292, zone ``astylos.dk`` id 1178) from
the cassette's own first zone read, and its record-id counter starts at the id the live API
handed out next, so every response can be compared exactly: same keys in the same order, same
types, same values. Only the volatile login values (token, refresh token, rate-limit counters)
are compared by shape.
"""

from __future__ import annotations

import base64
import itertools
import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from dns_services_gateway.testing import FakeDNSServices, seed_recorded_account, seed_zone_from_body

Interactions = list[dict[str, Any]]


def test_all_recordings_are_present(cassettes: dict[str, Interactions]) -> None:
    assert len(cassettes) == 26


def _zone_reads(interactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        json.loads(i["response"]["body"]["string"])
        for i in interactions
        if i["request"]["method"] == "GET" and "/dns/" in i["request"]["uri"]
    ]


def _first_created_id(reads: list[dict[str, Any]]) -> int | None:
    """The id the live API gave the first record created in the cassette, if any."""
    seen: set[str] = set()
    for read in reads:
        ids = {r["id"] for r in _values(read["records"])}
        new = ids - seen if seen else set()
        if new:
            return min(int(i) for i in new)
        seen |= ids
    return None


def _values(records: Any) -> list[dict[str, Any]]:
    return list(records.values()) if isinstance(records, dict) else list(records)


def _shape(value: Any) -> Any:
    """Structure and types without values (dict key order included)."""
    if isinstance(value, dict):
        return [(key, _shape(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _seeded_fake(interactions: list[dict[str, Any]]) -> FakeDNSServices:
    # The scrubbed login body reads username=USERNAME&password=PASSWORD.
    fake = FakeDNSServices(username="USERNAME", password="PASSWORD")
    reads = _zone_reads(interactions)
    if reads:
        seed_zone_from_body(fake, reads[0], zone_id=1178)
    else:
        seed_recorded_account(fake)
    first_new = _first_created_id(reads)
    if first_new is not None:
        fake.set_next_record_id(first_new)
    return fake


def test_fake_replays_recording(cassette_name: str, cassettes: dict[str, Interactions]) -> None:
    name = cassette_name
    interactions = cassettes[name]
    with _seeded_fake(interactions) as fake, httpx.Client(timeout=5) as client:
        token = None
        for number, interaction in enumerate(interactions):
            recorded_request = interaction["request"]
            recorded = interaction["response"]
            headers = {
                key: values[0]
                for key, values in recorded_request["headers"].items()
                if key in ("Content-Type", "Accept")
            }
            if "Authorization" in recorded_request["headers"]:
                assert token is not None, "the recording authenticates before using a token"
                headers["Authorization"] = f"Bearer {token}"
            path = urlsplit(recorded_request["uri"]).path
            response = client.request(
                recorded_request["method"],
                fake.base_url + path,
                content=(recorded_request["body"] or "").encode(),
                headers=headers,
            )
            where = f"{name} interaction {number}: {recorded_request['method']} {path}"
            assert response.status_code == recorded["status"]["code"], where
            assert response.headers["content-type"] == "application/json; charset=UTF-8", where
            expected = json.loads(recorded["body"]["string"])
            actual = response.json()
            if path.endswith("/login"):
                assert _shape(actual) == _shape(expected), where
                token = actual["token"]
                for header in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
                    assert header in recorded["headers"], where
                    assert response.headers[header].isdigit(), where
                assert response.headers["X-RateLimit-Limit"] == "25"
                continue
            # Everything else is deterministic: identical keys, order, types and values.
            assert json.dumps(actual) == json.dumps(expected), where


def test_login_token_is_a_jwt_with_expiry() -> None:
    with FakeDNSServices(username="USERNAME", password="PASSWORD") as fake:
        body = httpx.post(
            fake.api_url + "/login", data={"username": "USERNAME", "password": "PASSWORD"}
        ).json()
    header_b64, payload_b64, signature = body["token"].split(".")
    payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
    header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
    assert header["typ"] == "JWT"
    assert signature
    assert payload["sub"] == "USERNAME"
    assert payload["exp"] - payload["iat"] == 3600
    assert set(body) == {"token", "refresh"}, "the live login has no expiry field"


def test_serial_moves_like_the_recordings(cassettes: dict[str, Interactions]) -> None:
    """The recordings show +1 per create and +2 for two deletes in a row (README 6.1)."""
    interactions = cassettes["when_calling_delete_record_with_record_set_name_remove_all"]
    serials = [
        int(next(r for r in _values(read["records"]) if r["type"] == "SOA")["content"][2])
        for read in _zone_reads(interactions)
    ]
    assert [b - a for a, b in itertools.pairwise(serials)] == [1, 1, 2]
    with _seeded_fake(interactions) as fake:
        zone = fake.zone("astylos.dk")
        assert zone.serial == serials[0]


def test_seed_accepts_a_list_and_rejects_impossible_bodies() -> None:
    soa = {
        "id": "1",
        "name": "x.example",
        "type": "SOA",
        "ttl": "60",
        "content": ["ns1.dns.services", "post.dns.services", "5", "1", "2", "3", "4"],
    }
    ns = {"id": "2", "name": "x.example", "type": "NS", "ttl": "300", "content": "ns.example"}
    fake = FakeDNSServices()
    zone = seed_zone_from_body(
        fake, {"service_id": "7", "name": "x.example", "records": [soa, ns]}, zone_id=9
    )
    assert (zone.serial, zone.service_id, [r.id for r in zone.records]) == (5, 7, [1, 2])
    with pytest.raises(ValueError, match="no SOA"):
        seed_zone_from_body(
            fake, {"service_id": "7", "name": "y.example", "records": [ns]}, zone_id=10
        )
    with pytest.raises(ValueError, match="no free record id"):
        seed_zone_from_body(
            fake,
            {"service_id": "7", "name": "z.example", "records": {"0": soa, "2": ns}},
            zone_id=11,
        )
    with pytest.raises(ValueError, match="list or an object"):
        seed_zone_from_body(
            fake, {"service_id": "7", "name": "w.example", "records": "x"}, zone_id=12
        )
