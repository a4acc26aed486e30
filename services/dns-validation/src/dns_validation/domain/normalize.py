"""Target normalisation: the rules applied to the POST body and the GET path parameter.

Host names follow the preferred name syntax of RFC 1035 §2.3.1 as relaxed by RFC 1123 §2.1
(labels may start with a digit): at most 253 characters, labels of 1 to 63 characters from
``a-z``, ``0-9`` and ``-``, never starting or ending with ``-``. IDNs must already be in their
ASCII (punycode, ``xn--``) form (RFC 5891). The last label must not be all-numeric (decimal, or
hexadecimal with ``0x``), since RFC 1123 §2.1 keeps such names apart from dotted-decimal
addresses and URL parsers read ``2130706433``, ``1.2.3`` or ``0x7f.1`` as IPv4 addresses
(https://url.spec.whatwg.org/#concept-ipv4-parser).
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["InvalidTargetError", "canonical_name", "normalize_host", "normalize_target"]

_LABEL = re.compile(r"[a-z0-9-]{1,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A last label a URL parser or inet_aton(3) reads as a number: decimal, or hex with 0x.
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")


def canonical_name(name: str) -> str:
    """Compare form of a host name: lower-case (RFC 4343 §2), without one trailing dot.

    The one canonicaliser of the service: DNS answers, expected hosts and test servers all
    compare names through it. It validates nothing (see :func:`normalize_target`).

    Args:
        name: a host name as text.

    Returns:
        The canonical text.
    """
    name = name.lower()
    return name[:-1] if name.endswith(".") else name


class InvalidTargetError(ValueError):
    """The target is not an acceptable domain name; the message says why (an API 400 body)."""


def normalize_target(value: object) -> str:
    """Normalise and validate a customer's target domain.

    Trims, lower-cases and drops one trailing dot, then checks the rules in order.
    Single-label names such as ``localhost`` are accepted, as in the original service.

    Args:
        value: the raw value from the request (any JSON type).

    Returns:
        The normalised domain name, e.g. ``example.com`` for ``" Example.COM. "``.

    Raises:
        InvalidTargetError: with one technical message per rule, such as
            ``target must be a domain name without scheme``.
    """
    if not isinstance(value, str):
        raise InvalidTargetError("target must be a string")
    text = value.strip().lower()
    if _CONTROL.search(text):
        raise InvalidTargetError("target must not contain control characters")
    if not text.isascii():
        raise InvalidTargetError("target must be ASCII (convert IDNs to punycode)")
    if text.endswith("."):
        text = text[:-1]
    if not text:
        raise InvalidTargetError("target is required")
    if len(text) > 253:
        raise InvalidTargetError("target must be at most 253 characters")
    if "://" in text:
        raise InvalidTargetError("target must be a domain name without scheme")
    if any(ch.isspace() for ch in text):
        raise InvalidTargetError("target must not contain whitespace")
    if "/" in text or "\\" in text:
        raise InvalidTargetError("target must not contain a path")
    if any(ch in text for ch in "?#@"):
        raise InvalidTargetError("target must not contain query, fragment or user info")
    if ":" in text:
        raise InvalidTargetError("target must not contain a port")
    try:
        ipaddress.ip_address(text)
    except ValueError:
        pass
    else:
        raise InvalidTargetError("target must not be an IP address")
    labels = text.split(".")
    if any(label == "" for label in labels):
        raise InvalidTargetError("target contains empty labels")
    for label in labels:
        if not _LABEL.fullmatch(label):
            raise InvalidTargetError("target labels must be 1-63 characters of a-z, 0-9 and hyphen")
        if label.startswith("-") or label.endswith("-"):
            raise InvalidTargetError("target labels must not start or end with a hyphen")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        raise InvalidTargetError(
            "target must not end in an all-numeric label (it reads as an IPv4 address)"
        )
    return text


def normalize_host(value: str) -> str:
    """Normalise a host name from configuration or a DNS answer for comparison.

    Host names compare case-insensitively (RFC 4343 §2) and without the root's trailing dot.

    Args:
        value: a host name, possibly fully qualified (``Mail.Abin.Lat.``).

    Returns:
        The lower-cased name without the trailing dot.

    The checks are those of :func:`normalize_target`, whose :class:`InvalidTargetError` (the
    value is not a valid host name) propagates.
    """
    return normalize_target(value)
