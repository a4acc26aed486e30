"""SPF, DMARC and DKIM reading: examples, then hypothesis properties of the semantic mode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dns_validation.domain.email_rules import (
    DKIMSelector,
    dkim_key,
    dmarc_matches,
    is_dmarc_record,
    is_spf_record,
    parse_dkim_selectors,
    parse_tags,
    spf_matches,
    spf_terms,
)
from dns_validation.domain.validators import Answer, Expectations, MXRecord, email_findings

DMARC = "v=DMARC1; p=none"
SPF = "v=spf1 mx -all"


# -- examples -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "found",
    [
        "v=DMARC1; p=none",
        "v=DMARC1;p=none",
        "v=DMARC1; p=none;",
        "v=DMARC1; P=none",
        "v=DMARC1; p=NONE",
        "v=DMARC1; rua=mailto:dmarc@example.com; p=none",
        "v=DMARC1 ;  p = none ; pct=100; fo=1",
    ],
)
def test_dmarc_semantic_accepts(found: str) -> None:
    assert dmarc_matches(found, DMARC, "semantic")


@pytest.mark.parametrize(
    "found",
    [
        "v=DMARC1; p=reject",
        "v=DMARC1",
        "p=none; v=DMARC1",  # v= must be the first tag (RFC 7489 §6.3)
        "v=dmarc1; p=none",  # the version value is case-sensitive
        "v=DMARC1; p=none; p=reject",  # repeated tag: not a tag list
        "v=DMARC1; p",
        "",
    ],
)
def test_dmarc_semantic_refuses(found: str) -> None:
    assert not dmarc_matches(found, DMARC, "semantic")


def test_dmarc_exact_is_equality() -> None:
    assert dmarc_matches(DMARC, DMARC, "exact")
    assert not dmarc_matches("v=DMARC1; p=none; rua=mailto:d@example.com", DMARC, "exact")
    assert not dmarc_matches("v=DMARC1;p=none", DMARC, "exact")


@pytest.mark.parametrize(
    "found",
    [
        "v=spf1 mx -all",
        "V=SPF1 MX -ALL",
        "v=spf1   mx    -all",
        "v=spf1 +mx -all",
        "v=spf1 include:_spf.google.com mx ip4:192.0.2.0/24 -all",
        "v=spf1 mx -all exp=explain.example.com",
    ],
)
def test_spf_semantic_accepts(found: str) -> None:
    assert spf_matches(found, SPF, "semantic")


@pytest.mark.parametrize(
    "found",
    [
        "v=spf1 mx ~all",
        "v=spf1 -all mx",  # mx after all is never evaluated (RFC 7208 §5.1)
        "v=spf1 -mx -all",
        "v=spf1 a -all",
        "v=spf1 mx",
        "v=spf10 mx -all",
        "spf1 mx -all",
    ],
)
def test_spf_semantic_refuses(found: str) -> None:
    assert not spf_matches(found, SPF, "semantic")


def test_spf_terms_normalise() -> None:
    assert spf_terms("v=spf1 MX include:X.example ?all redirect=_spf.Example") == [
        "+mx",
        "+include:x.example",
        "?all",
        "redirect=_spf.example",
    ]


def test_record_selection() -> None:
    assert is_spf_record("v=spf1") and is_spf_record("V=SPF1 -all")
    assert not is_spf_record("v=spf10 -all") and not is_spf_record("google-site-verification=x")
    assert is_dmarc_record("v=DMARC1; p=none") and is_dmarc_record(" v = DMARC1")
    assert not is_dmarc_record("p=none; v=DMARC1") and not is_dmarc_record("v=DMARC2; p=none")


def test_parse_tags() -> None:
    assert parse_tags(" V = DMARC1 ; p=none; ") == {"v": "DMARC1", "p": "none"}
    assert parse_tags("no tags here") is None
    assert parse_tags("a=1; a=2") is None
    assert parse_tags(";") is None


def test_dkim_key() -> None:
    assert dkim_key("v=DKIM1; k=rsa; p=MIGf MA0G\tCSqG") == "MIGfMA0GCSqG"
    assert dkim_key("k=rsa; p=abc") == "abc"  # v= is optional
    assert dkim_key("v=DKIM1; p=") == ""  # revoked
    assert dkim_key("k=rsa; v=DKIM1; p=abc") is None  # v= must come first
    assert dkim_key("v=DKIM2; p=abc") is None
    assert dkim_key("v=DKIM1; k=rsa") is None
    assert dkim_key("hello") is None


def test_parse_dkim_selectors() -> None:
    assert parse_dkim_selectors("") == ()
    parsed = parse_dkim_selectors(
        " s1=S1._domainkey.DKIM.example.net. , s2 ,s3=v=DKIM1; k=rsa; p=MIG fMA"
    )
    assert parsed == (
        DKIMSelector(
            "s1", "cname", "s1._domainkey.dkim.example.net", "s1._domainkey.dkim.example.net"
        ),
        DKIMSelector("s2", "any", "", "v=DKIM1; p=<your public key>"),
        DKIMSelector("s3", "key", "MIGfMA", "v=DKIM1; k=rsa; p=MIG fMA"),
    )
    assert parsed[0].owner == "s1._domainkey"


@pytest.mark.parametrize(
    "value", ["s_1", "s1,s1", "s1=v=DKIM1; p=", "s1=not a host", "-s1", "s1=a..b", "s1=x;y"]
)
def test_parse_dkim_selectors_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        parse_dkim_selectors(value)


# -- two policy records fail in both modes --------------------------------------------------------
GOOD_MX = Answer((MXRecord(10, "mail.abin.lat"),))


def _exp(match: str) -> Expectations:
    return Expectations("forward.haltman.io", "mail.abin.lat", 10, SPF, DMARC, match=match)  # type: ignore[arg-type]


@pytest.mark.parametrize("match", ["exact", "semantic"])
def test_two_spf_records_fail(match: str) -> None:
    spf = Answer((SPF, "v=spf1 include:_spf.example.net -all"))
    result = email_findings("x.example", GOOD_MX, spf, Answer((DMARC,)), _exp(match))
    item = result.missing[1]
    assert not item["ok"]
    assert item["reason"] == "2 v=spf1 records at x.example; RFC 7208 §4.5 makes that a permerror"


@pytest.mark.parametrize("match", ["exact", "semantic"])
def test_two_dmarc_records_fail(match: str) -> None:
    dmarc = Answer((DMARC, "v=DMARC1; p=reject"))
    result = email_findings("x.example", GOOD_MX, Answer((SPF,)), dmarc, _exp(match))
    item = result.missing[2]
    assert not item["ok"] and not result.ok
    assert item["reason"] == (
        "2 v=DMARC1 records at _dmarc.x.example; RFC 7489 §6.6.3 makes receivers ignore them all"
    )


def test_semantic_mode_in_findings() -> None:
    spf = Answer(("google-site-verification=abc", "v=spf1 include:_spf.example.net mx -all"))
    dmarc = Answer(("v=DMARC1; p=none; rua=mailto:dmarc@example.com",))
    assert email_findings("x.example", GOOD_MX, spf, dmarc, _exp("semantic")).ok
    exact = email_findings("x.example", GOOD_MX, spf, dmarc, _exp("exact"))
    assert [item["ok"] for item in exact.missing] == [True, False, False]
    wrong = email_findings(
        "x.example", GOOD_MX, Answer(("v=spf1 mx ~all",)), dmarc, _exp("semantic")
    )
    assert wrong.missing[1]["reason"] == "no v=spf1 record at x.example matches 'v=spf1 mx -all'"


# -- properties -----------------------------------------------------------------------------------
SPACES = st.text(" \t", max_size=3)
TAG_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda n: n not in {"v", "p"}
)
TAG_VALUE = st.from_regex(r"[!-:<-~]{1,20}", fullmatch=True)  # printable, no ';'
POLICY = st.sampled_from(["none", "quarantine", "reject"])


def _case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))


@st.composite
def dmarc_record(draw: st.DrawFn, policy: str) -> str:
    """A DMARC record with policy ``policy``: any spacing, tag-name case and extra tags."""
    extra = draw(st.dictionaries(TAG_NAME, TAG_VALUE, max_size=4))
    tags = [("p", policy), *extra.items()]
    tags = draw(st.permutations(tags))
    parts = [("v", "DMARC1"), *tags]
    text = ";".join(
        f"{draw(SPACES)}{_case(draw, name)}{draw(SPACES)}={draw(SPACES)}{value}{draw(SPACES)}"
        for name, value in parts
    )
    return text + draw(st.sampled_from(["", ";", "; "]))


@given(POLICY, st.data())
def test_dmarc_semantic_ignores_order_spacing_case_and_extra_tags(
    policy: str, data: st.DataObject
) -> None:
    record = data.draw(dmarc_record(policy))
    assert dmarc_matches(record, f"v=DMARC1; p={policy}", "semantic")


@given(POLICY, POLICY, st.data())
def test_dmarc_semantic_policy_must_equal(have: str, want: str, data: st.DataObject) -> None:
    record = data.draw(dmarc_record(have))
    assert dmarc_matches(record, f"v=DMARC1; p={want}", "semantic") == (have == want)


MECHANISM = st.one_of(
    st.sampled_from(["a", "mx", "ptr"]),
    st.from_regex(r"include:[a-z]{1,8}\.example", fullmatch=True),
    st.from_regex(r"ip4:192\.0\.2\.[0-9]{1,2}", fullmatch=True),
)
QUALIFIER = st.sampled_from(["+", "-", "~", "?"])


@st.composite
def spf_pair(draw: st.DrawFn) -> tuple[str, str, list[str], str]:
    """An expected SPF record and a published one with its mechanisms, reordered and padded."""
    wanted = draw(st.lists(MECHANISM, min_size=1, max_size=3, unique=True))
    qualifier = draw(QUALIFIER)
    extra = draw(st.lists(MECHANISM.filter(lambda m: m not in wanted), max_size=3, unique=True))
    published = draw(st.permutations([*wanted, *extra]))
    published = [("+" if draw(st.booleans()) else "") + _case(draw, m) for m in published]
    sep = draw(st.text(" ", min_size=1, max_size=3))
    expected = " ".join(["v=spf1", *wanted, f"{qualifier}all"])
    record = sep.join([_case(draw, "v=spf1"), *published, _case(draw, f"{qualifier}all")])
    return expected, record, wanted, qualifier


@given(spf_pair())
def test_spf_semantic_accepts_reordered_padded_records(
    pair: tuple[str, str, list[str], str],
) -> None:
    expected, record, _, _ = pair
    assert spf_matches(record, expected, "semantic")


@given(spf_pair(), QUALIFIER)
def test_spf_semantic_all_qualifier_must_equal(
    pair: tuple[str, str, list[str], str], other: str
) -> None:
    expected, record, _, qualifier = pair
    changed = record.rsplit(" ", 1)[0] + f" {other}all"
    assert spf_matches(changed, expected, "semantic") == (other == qualifier)


@given(spf_pair(), st.data())
def test_spf_semantic_every_expected_mechanism_is_needed(
    pair: tuple[str, str, list[str], str], data: st.DataObject
) -> None:
    expected, record, wanted, _ = pair
    dropped = data.draw(st.sampled_from(wanted))
    terms = [t for t in record.split() if t.lower().lstrip("+") != dropped]
    assert not spf_matches(" ".join(terms), expected, "semantic")


@given(st.text(max_size=60), st.text(max_size=60))
def test_never_raises_and_exact_is_equality(found: str, expected: str) -> None:
    for mode in ("exact", "semantic"):
        spf_matches(found, expected, mode)
        dmarc_matches(found, expected, mode)
    assert spf_matches(found, expected, "exact") == (found == expected)
    assert dmarc_matches(found, expected, "exact") == (found == expected)
    dkim_key(found)
