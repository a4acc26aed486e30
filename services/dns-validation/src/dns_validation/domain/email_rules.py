"""How SPF, DMARC and DKIM TXT values are read and compared; no I/O.

Two ways of comparing are offered (``EMAIL_MATCH``):

* ``exact``: the record must equal the expected text, character for character;
* ``semantic``: DMARC is read as a tag list (RFC 7489 §6.3, with the tag-list syntax of
  RFC 6376 §3.2): order, spacing and the case of tag names do not matter, tags the expected
  value does not name (``rua=``, ``pct=``) are allowed, and every expected tag must be present
  with the same value. SPF is read as terms (RFC 7208 §4.6.1): every expected mechanism must be
  present before the ``all`` mechanism, ``all`` must carry the expected qualifier, and expected
  modifiers must be present.

Record selection is the same in both modes: a record is SPF when its first term is ``v=spf1``
(RFC 7208 §4.5) and DMARC when its first tag is ``v=DMARC1`` (RFC 7489 §6.6.3). DKIM keys are
judged by their ``p=`` value (RFC 6376 §3.6.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DKIMSelector",
    "EmailMatch",
    "dkim_key",
    "dmarc_matches",
    "is_dmarc_record",
    "is_spf_record",
    "parse_dkim_selectors",
    "parse_tags",
    "spf_matches",
    "spf_terms",
]

EmailMatch = Literal["exact", "semantic"]

_SPF_QUALIFIERS = "+-~?"
_SPF_NAME = re.compile(r"[a-z][a-z0-9_.-]*")
_TAG_NAME = re.compile(r"[a-z][a-z0-9_]*")
_SELECTOR = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?")
_WHITESPACE = re.compile(r"\s+")


def parse_tags(text: str) -> dict[str, str] | None:
    """Read a tag list, ``name=value`` pairs separated by ``;`` (RFC 6376 §3.2).

    Whitespace around names and values is dropped, names are lower-cased, and a trailing ``;``
    is allowed. Tag names must be unique (RFC 6376 §3.2).

    Args:
        text: the joined TXT value, e.g. ``v=DMARC1; p=none; rua=mailto:d@example.com``.

    Returns:
        The tags in their order of appearance, or ``None`` when the text is not a tag list
        (a part without ``=``, a bad name, or a repeated name).
    """
    tags: dict[str, str] = {}
    parts = text.split(";")
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    for part in parts:
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or not _TAG_NAME.fullmatch(name) or name in tags:
            return None
        tags[name] = value.strip()
    return tags or None


def is_dmarc_record(text: str) -> bool:
    """Whether a TXT value is a DMARC record: its first tag is ``v=DMARC1`` (RFC 7489 §6.6.3).

    Args:
        text: the joined TXT value.

    Returns:
        ``True`` for a record a receiver would consider, whatever its other tags.
    """
    first = text.split(";", 1)[0]
    name, sep, value = first.partition("=")
    return bool(sep) and name.strip().lower() == "v" and value.strip() == "DMARC1"


def dmarc_matches(found: str, expected: str, mode: EmailMatch) -> bool:
    """Whether one DMARC record satisfies the expected one.

    Args:
        found: the joined TXT value at ``_dmarc.<target>``.
        expected: ``EMAIL_DMARC_EXPECTED``, e.g. ``v=DMARC1; p=none``.
        mode: ``exact`` (equal text) or ``semantic`` (see the module text).

    Returns:
        ``True`` when ``found`` passes.
    """
    if mode == "exact":
        return found == expected
    if not is_dmarc_record(found):
        return False
    have = parse_tags(found)
    want = parse_tags(expected)
    if have is None or want is None:
        return False
    # Tag values keep their meaning whatever their case: p=None and p=none are one policy.
    return all(have.get(name, "").lower() == value.lower() for name, value in want.items())


def spf_terms(text: str) -> list[str]:
    """The terms of an SPF record after the version, normalised for comparison.

    Terms are separated by spaces (RFC 7208 §4.6.1); names are compared case-insensitively
    (RFC 7208 §4.6.1), so each term is lower-cased, and a mechanism without a qualifier gets
    the default ``+`` (RFC 7208 §4.6.2).

    Args:
        text: the joined TXT value, e.g. ``v=spf1 mx include:_spf.example.net -all``.

    Returns:
        The terms without ``v=spf1``, e.g. ``["+mx", "+include:_spf.example.net", "-all"]``;
        modifiers (``redirect=...``) are kept as they are, lower-cased.
    """
    terms = _WHITESPACE.split(text.strip().lower())[1:]
    out = []
    for term in terms:
        bare = term.lstrip(_SPF_QUALIFIERS) if term[:1] in _SPF_QUALIFIERS else term
        match = _SPF_NAME.match(bare)
        is_modifier = match is not None and bare[match.end() : match.end() + 1] == "="
        if is_modifier or term[:1] in _SPF_QUALIFIERS:
            out.append(term)
        else:
            out.append("+" + term)
    return out


def is_spf_record(text: str) -> bool:
    """Whether a TXT value is an SPF record: ``v=spf1`` then a space or the end (RFC 7208 §4.5).

    Args:
        text: the joined TXT value.

    Returns:
        ``True`` for a record an SPF verifier would select.
    """
    head = text[:7].lower()
    return head == "v=spf1" or head == "v=spf1 "


def spf_matches(found: str, expected: str, mode: EmailMatch) -> bool:
    """Whether one SPF record satisfies the expected one.

    In ``semantic`` mode, mechanisms after ``all`` do not count, since a verifier never
    reaches them (RFC 7208 §5.1).

    Args:
        found: the joined TXT value at the target.
        expected: ``EMAIL_SPF_EXPECTED``, e.g. ``v=spf1 mx -all``.
        mode: ``exact`` (equal text) or ``semantic`` (see the module text).

    Returns:
        ``True`` when ``found`` passes.
    """
    if mode == "exact":
        return found == expected
    if not is_spf_record(found):
        return False
    have = spf_terms(found)
    for index, term in enumerate(have):
        if term[1:] == "all" and term[:1] in _SPF_QUALIFIERS:
            have = have[: index + 1]
            break
    have_all = [t for t in have if t[1:] == "all"]
    for term in spf_terms(expected):
        if term[1:] == "all":
            if have_all != [term]:
                return False
        elif term not in have:
            return False
    return True


@dataclass(frozen=True, slots=True)
class DKIMSelector:
    """One DKIM requirement: a selector and what ``<selector>._domainkey.<target>`` must hold.

    Attributes:
        selector: the selector (RFC 6376 §3.1), e.g. ``s1``.
        kind: ``cname`` (the alias chain must reach ``value``), ``key`` (a TXT key record whose
            ``p=`` equals ``value``) or ``any`` (any TXT key record with a non-empty ``p=``).
        value: the expected CNAME target, the expected ``p=`` value (whitespace removed), or
            the empty string for ``any``.
        expected: the text shown to the customer: the host name, the key record as
            configured, or ``v=DKIM1; p=<key>`` for ``any``.
    """

    selector: str
    kind: Literal["cname", "key", "any"]
    value: str
    expected: str

    @property
    def owner(self) -> str:
        """The owner name's first labels, ``<selector>._domainkey`` (RFC 6376 §3.6.2.1)."""
        return f"{self.selector}._domainkey"


def dkim_key(text: str) -> str | None:
    """The public key of a DKIM key record (RFC 6376 §3.6.1), whitespace removed.

    Args:
        text: the joined TXT value, e.g. ``v=DKIM1; k=rsa; p=MIIBIjAN...``.

    Returns:
        The ``p=`` value (empty for a revoked key), or ``None`` when the text is not a key
        record: not a tag list, no ``p=`` tag, or a ``v=`` tag that is not first or not
        ``DKIM1``.
    """
    tags = parse_tags(text)
    if tags is None or "p" not in tags:
        return None
    if "v" in tags and (next(iter(tags)) != "v" or tags["v"] != "DKIM1"):
        return None
    return _WHITESPACE.sub("", tags["p"])


def _is_host(text: str) -> bool:
    labels = text.split(".")
    return len(text) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)


def parse_dkim_selectors(value: str) -> tuple[DKIMSelector, ...]:
    """Parse ``EMAIL_DKIM_SELECTORS``.

    Entries are separated by commas; blank entries are ignored. Each entry is

    * ``s1``: any DKIM key record at ``s1._domainkey.<target>``;
    * ``s1=s1._domainkey.dkim.example.net``: a CNAME chain reaching that host;
    * ``s1=v=DKIM1; k=rsa; p=MIIB...``: a key record with that ``p=`` value.

    Args:
        value: the setting's text.

    Returns:
        The requirements, in order; empty when the value is blank (DKIM not checked).

    Raises:
        ValueError: a selector is not dot-separated labels of letters, digits and hyphens, a
            selector is repeated, or an expected value is neither a host name nor a key record
            with a non-empty ``p=``.
    """
    out: list[DKIMSelector] = []
    for raw in value.split(","):
        entry = raw.strip()
        if not entry:
            continue
        selector, sep, expected = entry.partition("=")
        selector = selector.strip().lower()
        expected = expected.strip()
        if not _SELECTOR.fullmatch(selector):
            raise ValueError(f"bad DKIM selector {selector!r}")
        if any(item.selector == selector for item in out):
            raise ValueError(f"DKIM selector {selector!r} given twice")
        if not sep:
            out.append(DKIMSelector(selector, "any", "", "v=DKIM1; p=<your public key>"))
            continue
        key = dkim_key(expected)
        if key:
            out.append(DKIMSelector(selector, "key", key, expected))
            continue
        host = expected.lower().removesuffix(".")
        if "=" in host or ";" in host or not _is_host(host):
            raise ValueError(f"DKIM selector {selector!r}: expected a host name or a key record")
        out.append(DKIMSelector(selector, "cname", host, host))
    return tuple(out)
