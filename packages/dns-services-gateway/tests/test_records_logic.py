"""Unit tests of the no-I/O record logic: names, TXT, validation, tolerant parsing."""

from __future__ import annotations

import httpx
import pytest

from dns_services_gateway import (
    APIResponseValidationError,
    ConflictError,
    InvalidArgumentError,
    RetryPolicy,
    UnprocessableEntityError,
)
from dns_services_gateway._base import decode_body, make_api_error, rate_limit_wait
from dns_services_gateway._domains import join_domains, parse_nameservers, parse_registrar_domains
from dns_services_gateway._logging import redact_body
from dns_services_gateway._records import (
    check_name_in_domain,
    coerce_int,
    normalize_content,
    parse_zone,
    parse_zone_list,
    precheck_record,
    relative_name,
    select_records,
    split_txt,
    to_ascii,
    to_fqdn,
    unquote_txt,
    validate_record,
)
from dns_services_gateway._verification import combine
from dns_services_gateway.types import CheckResult, Record


@pytest.mark.parametrize(
    ("name", "fqdn", "relative"),
    [
        ("www", "www.example.com", "www"),
        ("www.example.com", "www.example.com", "www"),
        ("WWW.Example.COM.", "www.example.com", "www"),
        ("@", "example.com", "example.com"),
        ("", "example.com", "example.com"),
        ("example.com", "example.com", "example.com"),
        ("a.b", "a.b.example.com", "a.b"),
    ],
)
def test_names(name: str, fqdn: str, relative: str) -> None:
    assert to_fqdn(name, "example.com") == fqdn
    assert relative_name(fqdn, "example.com") == relative
    assert to_fqdn(None, "Example.com.") == "example.com"


def test_txt_quotes_and_chunks() -> None:
    assert unquote_txt('"challengetoken"') == "challengetoken"
    assert unquote_txt('"part1" "part2"') == "part1part2"
    assert unquote_txt('"say \\"hi\\""') == 'say "hi"'
    assert unquote_txt("plain") == "plain"
    assert unquote_txt('"unterminated') == '"unterminated'
    assert unquote_txt('"a" b') == '"a" b'
    chunks = split_txt("é" * 200)
    assert all(len(c.encode()) <= 255 for c in chunks) and "".join(chunks) == "é" * 200
    # One encoding whatever the length: the plain text, unquoted, as the recorded creates
    # send it; a value given quoted is unquoted first.
    for value in ("short", "x" * 600, 'say "hi"', "é" * 300):
        for given in (value, '"' + value.replace('"', '\\"') + '"'):
            spec = validate_record(zone="example.com", name="t", record_type="TXT", content=given)
            assert (spec.content, spec.wire_content) == (value, value)
    for blank in ("", "   ", '""', '" "', '"" ""'):
        with pytest.raises(InvalidArgumentError, match="empty or blank"):
            validate_record(zone="example.com", name="t", record_type="TXT", content=blank)
        with pytest.raises(InvalidArgumentError, match="empty or blank"):
            precheck_record(record_type="TXT", name="t", content=blank, complete=True)


def test_coerce_int() -> None:
    assert coerce_int("3600") == 3600 and coerce_int(10) == 10 and coerce_int(" -1 ") == -1
    for bad in ("x", None, True, 1.5):
        with pytest.raises(APIResponseValidationError):
            coerce_int(bad)


@pytest.mark.parametrize(
    ("rtype", "content", "kwargs", "field"),
    [
        ("A", "1.2.3", {}, "content"),
        ("A", "", {}, "content"),
        ("AAAA", "1.2.3.4", {}, "content"),
        ("CNAME", "bad host!", {}, "content"),
        ("NS", "-bad.example.com", {}, "content"),
        ("MX", "mail.example.com", {"priority": 70000}, "priority"),
        ("MX", "mail.example.com", {"priority": "x"}, "priority"),
        ("SRV", "5 5060", {"priority": 1}, "content"),
        ("SRV", "5 99999 sip.example.com", {"priority": 1}, "content (SRV port)"),
        ("CAA", "issue letsencrypt.org", {}, "content"),
        ("CAA", "0 bogus x", {}, "content"),
        ("CAA", "300 issue x", {}, "content (CAA flags)"),
        ("A", "192.0.2.1", {"priority": 5}, "priority"),
        ("A", "192.0.2.1", {"ttl": 2**31}, "ttl"),
        ("A", "192.0.2.1", {"ttl": True}, "ttl"),
        ("A", None, {}, "content"),
        ("A", "192.0.2.1", {"name": 5}, "name"),
        ("A", "192.0.2.1", {"name": "bad..name"}, "name"),
        (None, "x", {}, "record_type"),
    ],
)
def test_validation_errors(rtype: str, content: str, kwargs: dict, field: str) -> None:
    options = {
        "zone": "example.com",
        "name": "x",
        "record_type": rtype,
        "content": content,
        **kwargs,
    }
    with pytest.raises(InvalidArgumentError) as info:
        validate_record(**options)
    assert info.value.field == field
    assert info.value.reason


def test_valid_records_normalised() -> None:
    caa = validate_record(
        zone="example.com", name="@", record_type="caa", content="0 issue letsencrypt.org"
    )
    assert caa.content == '0 issue "letsencrypt.org"' and caa.type == "CAA"
    aaaa = validate_record(
        zone="example.com", name="v6", record_type="AAAA", content="2001:DB8:0::1"
    )
    assert aaaa.content == "2001:db8::1"
    srv = validate_record(
        zone="example.com",
        name="_sip._tcp",
        record_type="SRV",
        content="5 5060 SIP.example.com.",
        priority="10",
    )
    assert srv.content == "5 5060 sip.example.com" and srv.priority == 10
    assert srv.body() == {
        "type": "SRV",
        "name": "_sip._tcp",
        "content": "5 5060 sip.example.com",
        "ttl": 3600,
        "priority": 10,
    }
    ptr = validate_record(
        zone="2.0.192.in-addr.arpa", name="1", record_type="PTR", content="host.example.com."
    )
    assert ptr.fqdn == "1.2.0.192.in-addr.arpa" and ptr.content == "host.example.com"


def test_cname_rules() -> None:
    existing = [
        Record(
            id="1",
            zone="example.com",
            name="www.example.com",
            type="A",
            content="192.0.2.1",
            ttl=60,
        )
    ]
    with pytest.raises(InvalidArgumentError, match="beside"):
        validate_record(
            zone="example.com",
            name="www",
            record_type="CNAME",
            content="x.example.net",
            existing=existing,
        )
    cname = [
        Record(
            id="2",
            zone="example.com",
            name="alias.example.com",
            type="CNAME",
            content="x.example.net",
            ttl=60,
        )
    ]
    with pytest.raises(InvalidArgumentError, match="has a CNAME"):
        validate_record(
            zone="example.com", name="alias", record_type="TXT", content="x", existing=cname
        )
    # replacing the CNAME itself is fine
    validate_record(
        zone="example.com",
        name="alias",
        record_type="CNAME",
        content="y.example.net",
        existing=cname,
        ignore_ids=["2"],
    )


def test_tolerant_parsing() -> None:
    body = {
        "service_id": 7,
        "name": "Example.com",
        "records": [
            {
                "id": 1,
                "name": "example.com",
                "type": "SOA",
                "content": "ns1.x hostmaster.x 5 1 2 3 4",
                "ttl": 60,
            },
            {
                "id": 2,
                "name": "mail",
                "type": "MX",
                "content": "MX.example.com.",
                "ttl": "300",
                "prio": "15",
            },
            {"id": 3, "name": "@", "type": "TXT", "content": '"a" "b"'},
        ],
    }
    zone = parse_zone(body, zone_id="9")
    assert zone.serial == 5 and zone.service_id == "7" and zone.name == "example.com"
    mx, txt = zone.records
    assert (mx.name, mx.content, mx.priority, mx.ttl) == (
        "mail.example.com",
        "mx.example.com",
        15,
        300,
    )
    assert (txt.name, txt.content, txt.ttl, txt.priority, txt.relative_name) == (
        "example.com",
        "ab",
        3600,
        None,
        "@",
    )
    assert mx.relative_name == "mail"
    for bad in (
        [],
        {"records": []},
        {"name": "x", "records": "oops"},
        {"name": "x", "records": [{"no": "type"}]},
        {"name": "x", "records": [{"type": "SOA", "content": ["a", "b"]}]},
    ):
        with pytest.raises(APIResponseValidationError):
            parse_zone(bad, zone_id="1")
    for bad_list in ({"zones": "x"}, [], {"zones": [{"no": "name"}]}):
        with pytest.raises(APIResponseValidationError):
            parse_zone_list(bad_list)
    assert (
        parse_zone_list({"zones": {"3": {"id": 5, "name": "A.org", "service_id": 1}}})[0].id == "5"
    )


def test_registrar_parsing_and_join() -> None:
    body = {
        "domains": [
            {
                "id": 5,
                "name": "example.com",
                "expires": "2027-01-02",
                "status": "Active",
                "autorenew": "1",
                "daytoexpire": "400",
            },
            {
                "id": 6,
                "name": "old.net",
                "expires": "bad",
                "status": "Expired",
                "autorenew": "0",
                "nameservers": ["ns.other.net"],
            },
            "junk",
        ]
    }
    registrar = parse_registrar_domains(body)
    assert registrar[0]["expires"].isoformat() == "2027-01-02" and registrar[0]["autorenew"] is True
    assert registrar[1]["expires"] is None and registrar[1]["autorenew"] is False
    zones = parse_zone_list(
        {
            "zones": [
                {"domain_id": "1", "name": "example.com", "service_id": "2"},
                {"domain_id": "3", "name": "hosted.org", "service_id": "2"},
            ]
        }
    )
    joined = {d.name: d for d in join_domains(registrar, zones)}
    assert joined["example.com"].hosted and joined["example.com"].dns_configured is None
    assert joined["old.net"].hosted is False and joined["old.net"].dns_configured is False
    assert joined["hosted.org"].registrar_id is None and joined["hosted.org"].zone_id == "3"
    assert parse_nameservers({"details": {"nameservers": {"0": "NS1.dns.services."}}}) == [
        "ns1.dns.services"
    ]
    assert parse_nameservers({"details": {}}) == [] and parse_nameservers("x") == []
    with pytest.raises(APIResponseValidationError):
        parse_registrar_domains({"domains": 5})


def test_select_records() -> None:
    records = [
        Record(id="1", zone="example.com", name="a.example.com", type="TXT", content="x", ttl=1),
        Record(id="2", zone="example.com", name="a.example.com", type="TXT", content="y", ttl=1),
    ]
    assert [
        r.id for r in select_records(records, zone="example.com", name="a", record_type="txt")
    ] == ["1", "2"]
    assert [
        r.id
        for r in select_records(
            records, zone="example.com", name="a", record_type="TXT", content='"y"'
        )
    ] == ["2"]
    assert [r.id for r in select_records(records, zone="example.com", record_id="2")] == ["2"]
    with pytest.raises(InvalidArgumentError, match="record id"):
        select_records(records, zone="example.com", name="a")
    assert normalize_content("SOA", ["a", "b"]) == "a b"
    assert normalize_content("AAAA", "not-an-ip") == "not-an-ip"
    assert normalize_content("SRV", "1 2 Target.") == "1 2 target"


def test_error_mapping_and_retry_policy() -> None:
    request = httpx.Request("GET", "https://dns.services/api/dns")
    assert make_api_error(httpx.Response(200, json={"success": True}, request=request)) is None
    assert isinstance(make_api_error(httpx.Response(409, json={}, request=request)), ConflictError)
    error = make_api_error(
        httpx.Response(422, json={"error": [["bad", "field"]], "info": "i"}, request=request)
    )
    assert (
        isinstance(error, UnprocessableEntityError)
        and error.errors == ["bad field"]
        and error.info == ["i"]
    )
    other = make_api_error(httpx.Response(418, text="teapot", request=request))
    assert other is not None and other.status_code == 418 and "teapot" in other.message
    assert decode_body(httpx.Response(200, content=b"")) is None
    headers = httpx.Headers({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert rate_limit_wait(headers, now=1445412470.0) == 10.0
    assert rate_limit_wait(httpx.Headers({"Retry-After": "soon"})) is None
    assert rate_limit_wait(httpx.Headers({"X-RateLimit-Reset": "x"})) is None
    policy = RetryPolicy(max_retries=3, backoff_base=1, backoff_max=4, jitter=0)
    assert [policy.backoff(i) for i in range(4)] == [1, 2, 4, 4]
    assert policy.delay_for(3, None) is None
    assert policy.delay_for(0, httpx.Response(429, headers={"Retry-After": "120"})) is None
    assert policy.delay_for(0, httpx.Response(503, headers={"Retry-After": "3"})) == 3
    assert RetryPolicy.is_retryable_request(httpx.Request("POST", "https://x/api/login"))
    assert not RetryPolicy.is_retryable_request(
        httpx.Request("POST", "https://x/api/service/1/dns/2/records")
    )
    for bad in ({"max_retries": -1}, {"backoff_base": -1}, {"jitter": 2}):
        with pytest.raises(ValueError):
            RetryPolicy(**bad)


def test_redaction() -> None:
    assert redact_body(
        b"username=a&password=b&refresh_token=c", "application/x-www-form-urlencoded"
    ) == ("username=a&password=%2A%2A%2A&refresh_token=%2A%2A%2A")
    assert redact_body(
        b'{"token": "t", "nested": [{"Password": "p"}], "ok": 1}', "application/json"
    ) == ('{"token": "***", "nested": [{"Password": "***"}], "ok": 1}')
    assert redact_body(b"token=abc not json", "text/plain") == "<non-JSON body withheld>"
    assert redact_body(b"", None) == ""
    assert redact_body(b"x" * 3000, "text/plain").endswith("…")


def test_combine() -> None:
    ok = CheckResult(ok=True, reason="fine")
    unknown = CheckResult(ok=None, reason="no nameserver answered")
    assert combine("none", None, None).verified is None
    assert combine("api", ok, None).verified is True
    result = combine("dns", ok, unknown)
    assert result.verified is None and "no nameserver answered" in result.reason


def test_trailing_dot_means_absolute() -> None:
    assert to_fqdn("www.example.com.", "example.com") == "www.example.com"
    assert to_fqdn("example.com.", "example.com") == "example.com"
    # Without the dot a name not ending in the zone is relative, as documented.
    assert to_fqdn("www.example.org", "example.com") == "www.example.org.example.com"
    for outside in ("www.example.org.", "com.", "notexample.com."):
        with pytest.raises(InvalidArgumentError, match="absolute") as info:
            to_fqdn(outside, "example.com")
        assert info.value.field == "name"
        with pytest.raises(InvalidArgumentError, match="absolute"):
            validate_record(zone="example.com", name=outside, record_type="A", content="192.0.2.1")


def test_absolute_names_checked_against_the_domain_before_any_request() -> None:
    check_name_in_domain("www.example.com.", "example.com")
    check_name_in_domain("www.example.com.", "sub.example.com")  # the zone may be a parent
    check_name_in_domain("www.example.org", "example.com")  # relative: not checked here
    check_name_in_domain(None, "example.com")
    for name, domain in (("www.example.org.", "example.com"), ("x.net.", "a.b.example.com")):
        with pytest.raises(InvalidArgumentError, match="not inside"):
            check_name_in_domain(name, domain)
        with pytest.raises(InvalidArgumentError, match="not inside"):
            precheck_record(record_type="A", name=name, content="192.0.2.1", domain=domain)


def test_internationalised_names_become_punycode() -> None:
    assert to_ascii("Bücher.Example") == "xn--bcher-kva.example"
    assert to_ascii("_acme-challenge.WWW") == "_acme-challenge.www"
    assert to_fqdn("bücher", "example.com") == "xn--bcher-kva.example.com"
    assert to_fqdn("www", "münchen.de") == "www.xn--mnchen-3ya.de"
    assert to_fqdn("www.münchen.de.", "xn--mnchen-3ya.de") == "www.xn--mnchen-3ya.de"
    # UTS #46, non-transitional: upper case folded, ß kept (not mapped to "ss").
    assert to_ascii("STRASSE.straße") == "strasse.xn--strae-oqa"
    spec = validate_record(
        zone="example.com", name="*.bücher", record_type="CNAME", content="ziel.bücher.example."
    )
    assert spec.fqdn == "*.xn--bcher-kva.example.com"
    assert spec.content == "ziel.xn--bcher-kva.example"
    assert spec.body()["name"] == "*.xn--bcher-kva"
    with pytest.raises(InvalidArgumentError, match="internationalised"):
        to_ascii("a\u200db.example")
