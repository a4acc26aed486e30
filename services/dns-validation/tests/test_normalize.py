import ipaddress
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dns_validation.domain.normalize import InvalidTargetError, normalize_host, normalize_target

LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", fullmatch=True)


NUMERIC_LAST = re.compile(r"[0-9]+|0x[0-9a-f]*")


def _not_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return True
    return False


DOMAIN = (
    st.lists(LABEL, min_size=1, max_size=5)
    .map(".".join)
    .filter(lambda d: len(d) <= 253)
    .filter(_not_ip)
    .filter(lambda d: not NUMERIC_LAST.fullmatch(d.rsplit(".", 1)[-1]))
)
VALID = re.compile(r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("example.com", "example.com"),
        ("  Example.COM.  ", "example.com"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("localhost", "localhost"),
        ("com", "com"),
        ("a-b.c-d.e", "a-b.c-d.e"),
        ("1.2.3.4.example", "1.2.3.4.example"),
        ("example.x1", "example.x1"),
        ("1.0xg", "1.0xg"),
        ("shop.123abc", "shop.123abc"),
    ],
)
def test_accepts(raw: str, expected: str) -> None:
    assert normalize_target(raw) == expected


NUMERIC = "target must not end in an all-numeric label (it reads as an IPv4 address)"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (123, "target must be a string"),
        (None, "target must be a string"),
        ("exa\x00mple.com", "target must not contain control characters"),
        ("bücher.example", "target must be ASCII (convert IDNs to punycode)"),
        ("", "target is required"),
        ("   ", "target is required"),
        (".", "target is required"),
        ("a" * 254, "target must be at most 253 characters"),
        ("https://example.com", "target must be a domain name without scheme"),
        ("exa mple.com", "target must not contain whitespace"),
        ("example.com/path", "target must not contain a path"),
        ("example.com\\x", "target must not contain a path"),
        ("example.com?q=1", "target must not contain query, fragment or user info"),
        ("example.com#f", "target must not contain query, fragment or user info"),
        ("user@example.com", "target must not contain query, fragment or user info"),
        ("example.com:80", "target must not contain a port"),
        ("::1", "target must not contain a port"),
        ("192.168.0.1", "target must not be an IP address"),
        ("example..com", "target contains empty labels"),
        (".example.com", "target contains empty labels"),
        ("example.com..", "target contains empty labels"),
        ("a" * 64 + ".com", "target labels must be 1-63 characters of a-z, 0-9 and hyphen"),
        ("exa_mple.com", "target labels must be 1-63 characters of a-z, 0-9 and hyphen"),
        ("-example.com", "target labels must not start or end with a hyphen"),
        ("example-.com", "target labels must not start or end with a hyphen"),
        # IPv4 shorthand a URL parser or inet_aton(3) accepts (RFC 1123 §2.1).
        ("2130706433", NUMERIC),
        ("1.2.3", NUMERIC),
        ("0x7f.1", NUMERIC),
        ("127.1", NUMERIC),
        ("1.0x7f", NUMERIC),
        ("example.0x", NUMERIC),
        ("shop.example.123", NUMERIC),
    ],
)
def test_rejects(raw: object, message: str) -> None:
    with pytest.raises(InvalidTargetError) as info:
        normalize_target(raw)
    assert str(info.value) == message


@given(DOMAIN)
def test_valid_names_survive_case_spaces_and_trailing_dot(domain: str) -> None:
    raw = f"  {domain.upper()}.\t"
    assert normalize_target(raw) == domain


@given(DOMAIN)
def test_idempotent(domain: str) -> None:
    once = normalize_target(domain)
    assert normalize_target(once) == once


@given(st.text(max_size=80))
def test_any_text_is_rejected_cleanly_or_valid(text: str) -> None:
    try:
        result = normalize_target(text)
    except InvalidTargetError as exc:
        assert str(exc).startswith("target ")
    else:
        assert VALID.fullmatch(result)
        assert len(result) <= 253
        assert all(1 <= len(label) <= 63 for label in result.split("."))


@given(st.lists(LABEL, min_size=0, max_size=3), st.integers(0, 2**32))
def test_a_numeric_last_label_is_always_refused(labels: list[str], number: int) -> None:
    for last in (str(number), hex(number)):
        with pytest.raises(InvalidTargetError, match=r"all-numeric|an IP address"):
            normalize_target(".".join([*labels, last]))


def test_normalize_host_for_config() -> None:
    assert normalize_host("Mail.Abin.Lat.") == "mail.abin.lat"
