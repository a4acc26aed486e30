import json

import pytest

from dns_validation.domain.checks import fallback_missing
from dns_validation.domain.validators import (
    DNS_MAX_RECORDS,
    DNS_MAX_TXT_LENGTH,
    DNS_MAX_TXT_RECORDS,
    Answer,
    Expectations,
    MXRecord,
    cap_result,
    email_findings,
    ui_findings,
)

EXP = Expectations(
    ui_cname="forward.haltman.io",
    mx_host="mail.abin.lat",
    mx_priority=10,
    spf="v=spf1 mx -all",
    dmarc="v=DMARC1; p=none",
)
GOOD_MX = Answer((MXRecord(10, "mail.abin.lat"),))
GOOD_SPF = Answer(("v=spf1 mx -all",))
GOOD_DMARC = Answer(("v=DMARC1; p=none",))


def by_key(result) -> dict:
    return {item["key"]: item for item in result.missing}


def test_ui_ok_on_any_hop_case_insensitive() -> None:
    result = ui_findings(
        "www.example.com", Answer(("proxy.example.net", "FORWARD.haltman.io.")), EXP
    )
    assert result.ok and result.error is None
    (item,) = result.missing
    assert item == {
        "key": "CNAME",
        "type": "CNAME",
        "name": "www.example.com",
        "expected": "forward.haltman.io",
        "found": ["proxy.example.net", "forward.haltman.io"],
        "ok": True,
        "found_truncated": False,
    }
    assert result.snapshot["CNAME"]["count"] == 2


def test_ui_wrong_target() -> None:
    result = ui_findings("www.example.com", Answer(("some.other.host",)), EXP)
    assert not result.ok
    item = result.missing[0]
    assert item["found"] == ["some.other.host"]
    assert item["reason"] == "CNAME chain from www.example.com does not reach forward.haltman.io"


def test_ui_missing() -> None:
    item = ui_findings("example.com", Answer(()), EXP).missing[0]
    assert item["reason"] == "no CNAME record at example.com"
    assert item["found"] == [] and item["ok"] is False


def test_ui_transient_error() -> None:
    result = ui_findings("example.com", Answer(error="timeout after 500 ms"), EXP)
    assert not result.ok
    assert result.error == "timeout after 500 ms"
    assert result.missing[0]["error"] == "timeout after 500 ms"


def test_email_all_ok() -> None:
    result = email_findings("example.com", GOOD_MX, GOOD_SPF, GOOD_DMARC, EXP)
    assert result.ok
    items = by_key(result)
    assert items["MX"]["expected"] == {"host": "mail.abin.lat", "priority": 10}
    assert items["MX"]["found"] == [{"exchange": "mail.abin.lat", "priority": 10}]
    assert (items["SPF"]["type"], items["SPF"]["name"]) == ("TXT", "example.com")
    assert (items["DMARC"]["type"], items["DMARC"]["name"]) == ("TXT", "_dmarc.example.com")
    assert all("reason" not in i for i in result.missing)


def test_email_mx_priority_and_host_must_both_match() -> None:
    mx = Answer((MXRecord(20, "mail.abin.lat"), MXRecord(10, "mx.example.net")))
    result = email_findings("example.com", mx, GOOD_SPF, GOOD_DMARC, EXP)
    items = by_key(result)
    assert not result.ok
    assert items["MX"]["ok"] is False
    assert items["MX"]["reason"] == "no MX record at example.com is 10 mail.abin.lat"
    assert items["SPF"]["ok"] and items["DMARC"]["ok"]


def test_email_mx_exchange_canonicalised() -> None:
    mx = Answer((MXRecord(10, "MAIL.Abin.Lat."),))
    assert email_findings("example.com", mx, GOOD_SPF, GOOD_DMARC, EXP).ok


def test_spf_exact_and_case_sensitive() -> None:
    spf = Answer(("v=spf1 MX -all",))
    items = by_key(email_findings("example.com", GOOD_MX, spf, GOOD_DMARC, EXP))
    assert items["SPF"]["ok"] is False
    assert items["SPF"]["reason"] == "no TXT record at example.com equals 'v=spf1 mx -all'"


def test_spf_with_other_txt_records_passes() -> None:
    spf = Answer(("google-site-verification=abc", "v=spf1 mx -all"))
    assert email_findings("example.com", GOOD_MX, spf, GOOD_DMARC, EXP).ok


def test_two_spf_records_fail_with_reason() -> None:
    spf = Answer(("v=spf1 mx -all", "v=spf1 include:_spf.google.com ~all"))
    result = email_findings("example.com", GOOD_MX, spf, GOOD_DMARC, EXP)
    item = by_key(result)["SPF"]
    assert not result.ok and item["ok"] is False
    assert "2 v=spf1 records" in item["reason"] and "RFC 7208" in item["reason"]


def test_missing_txt_and_dmarc_mismatch() -> None:
    result = email_findings(
        "example.com", Answer(()), Answer(()), Answer(("v=DMARC1; p=reject",)), EXP
    )
    items = by_key(result)
    assert items["MX"]["reason"] == "no MX record at example.com"
    assert items["SPF"]["reason"] == "no TXT record at example.com"
    assert items["DMARC"]["found"] == ["v=DMARC1; p=reject"]


def test_email_transient_error_on_one_lookup() -> None:
    result = email_findings(
        "example.com", Answer(error="no server answered"), GOOD_SPF, GOOD_DMARC, EXP
    )
    assert not result.ok
    assert result.error == "no server answered"
    items = by_key(result)
    assert items["MX"]["error"] == "no server answered"
    assert "error" not in items["SPF"]


def test_found_caps_and_truncation() -> None:
    many_hosts = tuple(f"h{i}.example.net" for i in range(DNS_MAX_RECORDS + 5))
    item = ui_findings("x.example", Answer(many_hosts), EXP).missing[0]
    assert len(item["found"]) == DNS_MAX_RECORDS and item["found_truncated"] is True

    txts = tuple(f"t{i}" for i in range(DNS_MAX_TXT_RECORDS + 1))
    spf = by_key(email_findings("x.example", GOOD_MX, Answer(txts), GOOD_DMARC, EXP))["SPF"]
    assert len(spf["found"]) == DNS_MAX_TXT_RECORDS and spf["found_truncated"]

    long = "v=spf1 " + "a" * 600
    spf = by_key(email_findings("x.example", GOOD_MX, Answer((long,)), GOOD_DMARC, EXP))["SPF"]
    assert len(spf["found"][0]) == DNS_MAX_TXT_LENGTH and spf["found_truncated"]

    mx = Answer(tuple(MXRecord(i, f"mx{i}.example") for i in range(DNS_MAX_RECORDS + 1)))
    item = by_key(email_findings("x.example", mx, GOOD_SPF, GOOD_DMARC, EXP))["MX"]
    assert len(item["found"]) == DNS_MAX_RECORDS and item["found_truncated"]


def test_control_characters_stripped() -> None:
    spf = Answer(("v=spf1\x00 mx\x07 -all",))
    item = by_key(email_findings("x.example", GOOD_MX, spf, GOOD_DMARC, EXP))["SPF"]
    assert item["found"] == ["v=spf1 mx -all"]
    assert item["ok"] is False  # ok is computed on the full answer
    assert item["found_truncated"] is True


def test_ok_computed_on_full_answer_beyond_cap() -> None:
    txts = (*tuple(f"t{i}" for i in range(DNS_MAX_TXT_RECORDS + 3)), "v=spf1 mx -all")
    result = email_findings("x.example", GOOD_MX, Answer(txts), GOOD_DMARC, EXP)
    assert by_key(result)["SPF"]["ok"] is True


@pytest.mark.parametrize(("kind", "keys"), [("UI", ["CNAME"]), ("EMAIL", ["MX", "SPF", "DMARC"])])
def test_fallback_missing(kind, keys) -> None:
    items = fallback_missing(kind, "example.com", EXP)
    assert [i["key"] for i in items] == keys
    assert all(i["found"] == [] and i["ok"] is False for i in items)
    assert all("found_truncated" not in i for i in items)
    assert all(i["name"] for i in items)


def test_cap_result_small_is_unchanged() -> None:
    data = {"missing": [{"key": "SPF", "found": ["a"], "found_truncated": False}]}
    assert json.loads(cap_result(data)) == data


def test_cap_result_summarises_then_empties() -> None:
    big = ["x" * 500 for _ in range(50)]
    data = {
        "missing": [
            {"key": "SPF", "found": big, "found_truncated": False},
            {"key": "DMARC", "found": big, "found_truncated": False},
        ]
    }
    out = json.loads(cap_result(data))
    assert out["truncated"] is True
    assert all(len(i["found"]) == 3 and i["found_truncated"] for i in out["missing"])
    tiny = json.loads(cap_result(data, max_bytes=200))
    assert all(i["found"] == [] and i["found_truncated"] for i in tiny["missing"])
    assert len(cap_result(data)) <= 20000
