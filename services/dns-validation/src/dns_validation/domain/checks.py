"""The check types, declared once.

Each :class:`CheckType` says what a job of that type requires: for every requirement the owner
name, the RR type, the expected value, which lookup answers it and how the answer is judged
(the reason texts live in the judges of :mod:`dns_validation.domain.validators`). Everything
else is derived from :data:`CHECK_TYPES`: the ``POST /request/<slug>`` routes, the request
gate's list of JSON routes, the resolver's lookups, the fallback ``missing`` list, the CLI's
``--type`` choices, the ``ui``/``email`` keys of the GET answer and the database's
``CHECK (type IN (...))`` constraint.

Adding a check type means adding its name to :data:`JobType`, an entry to :data:`CHECK_TYPES`
and a migration that widens the constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from dns_validation.domain.normalize import canonical_name
from dns_validation.domain.validators import (
    Answer,
    CheckResult,
    Expectations,
    finish,
    judge_cname,
    judge_dkim,
    judge_mx,
    judge_txt,
)

__all__ = [
    "CHECK_TYPES",
    "CheckType",
    "JobType",
    "Lookup",
    "Requirement",
    "check_type",
    "evaluate",
    "fallback_missing",
    "requirements",
]

JobType = Literal["UI", "EMAIL"]

#: Which resolver lookup answers a requirement: the CNAME chain, MX records or TXT values.
Lookup = Literal["cname", "mx", "txt"]

Judge = Callable[[Answer[Any], bool], tuple[dict[str, Any], dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One record a job needs.

    Attributes:
        key: the finding's key (``CNAME``, ``MX``, ``SPF``, ``DMARC``, ``DKIM:<selector>``).
        rrtype: the record type to publish (``CNAME``, ``MX`` or ``TXT``).
        name: the owner name, fully qualified without the trailing dot.
        expected: the expected value as the API shows it.
        lookup: the lookup that answers it.
        judge: turns the lookup's answer (and whether the name is a zone apex) into the
            finding and its snapshot digest.
        explain_apex: when the CNAME chain is empty, ask whether ``name`` is a zone apex to
            explain the failure (RFC 1034 §3.6.2).
    """

    key: str
    rrtype: Literal["CNAME", "MX", "TXT"]
    name: str
    expected: Any
    lookup: Lookup
    judge: Judge
    explain_apex: bool = False


@dataclass(frozen=True, slots=True)
class CheckType:
    """A kind of job.

    Attributes:
        name: the stored ``type`` value (``UI``).
        slug: the lower-case word of the route (``/request/ui``), the GET answer's key, the
            summary's ``has_<slug>`` and the CLI's ``--type`` choice.
        title: a short description for the route and the CLI help.
        build: the requirements of a target, given the expectations.
    """

    name: JobType
    slug: str
    title: str
    build: Callable[[str, Expectations], tuple[Requirement, ...]]

    @property
    def path(self) -> str:
        """The route that creates a job of this type, ``/request/<slug>``."""
        return f"/request/{self.slug}"


def _ui(target: str, expected: Expectations) -> tuple[Requirement, ...]:
    def judge(answer: Answer[Any], apex: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        return judge_cname("CNAME", target, answer, expected.ui_cname, apex)

    return (Requirement("CNAME", "CNAME", target, expected.ui_cname, "cname", judge, True),)


def _email(target: str, expected: Expectations) -> tuple[Requirement, ...]:
    def mx(answer: Answer[Any], apex: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        return judge_mx(target, answer, expected.mx_host, expected.mx_priority)

    def spf(answer: Answer[Any], apex: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        return judge_txt("SPF", target, answer, expected.spf, expected.match)

    dmarc_name = f"_dmarc.{target}"  # RFC 7489 §6.1

    def dmarc(answer: Answer[Any], apex: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        return judge_txt("DMARC", dmarc_name, answer, expected.dmarc, expected.match)

    mx_expected = {"host": canonical_name(expected.mx_host), "priority": expected.mx_priority}
    items = [
        Requirement("MX", "MX", target, mx_expected, "mx", mx),
        Requirement("SPF", "TXT", target, expected.spf, "txt", spf),
        Requirement("DMARC", "TXT", dmarc_name, expected.dmarc, "txt", dmarc),
    ]
    for wanted in expected.dkim:
        owner = f"{wanted.owner}.{target}"

        def dkim(
            answer: Answer[Any], apex: bool, wanted: Any = wanted
        ) -> tuple[dict[str, Any], dict[str, Any]]:
            return judge_dkim(target, wanted, answer)

        cname = wanted.kind == "cname"
        items.append(
            Requirement(
                f"DKIM:{wanted.selector}",
                "CNAME" if cname else "TXT",
                owner,
                wanted.expected,
                "cname" if cname else "txt",
                dkim,
            )
        )
    return tuple(items)


#: Every check type, by stored name.
CHECK_TYPES: dict[JobType, CheckType] = {
    "UI": CheckType("UI", "ui", "UI target: CNAME chain", _ui),
    "EMAIL": CheckType("EMAIL", "email", "e-mail domain: MX, SPF, DMARC, DKIM", _email),
}


def check_type(name: str) -> CheckType:
    """The check type stored as ``name``.

    Args:
        name: a stored ``type`` value such as ``UI``.

    Returns:
        Its declaration.

    Raises:
        KeyError: no check type has that name.
    """
    for kind in CHECK_TYPES.values():
        if kind.name == name:
            return kind
    raise KeyError(name)


def requirements(job_type: str, target: str, expected: Expectations) -> tuple[Requirement, ...]:
    """The requirements of a job.

    Args:
        job_type: the stored type (``UI``, ``EMAIL``).
        target: the normalised target.
        expected: the expectations.

    Returns:
        The requirements, in the order findings are listed.
    """
    return check_type(job_type).build(target, expected)


def evaluate(
    reqs: Sequence[Requirement], answers: Sequence[Answer[Any]], apex: Sequence[bool]
) -> CheckResult:
    """Judge the answers of a job's lookups.

    Args:
        reqs: the requirements.
        answers: one answer per requirement, in order.
        apex: per requirement, whether its owner name is a zone apex.

    Returns:
        The report of the check.
    """
    items: list[dict[str, Any]] = []
    snapshot: dict[str, Any] = {}
    for req, answer, at_apex in zip(reqs, answers, apex, strict=True):
        item, digest = req.judge(answer, at_apex)
        items.append(item)
        snapshot[req.key] = digest
    return finish(items, snapshot)


def fallback_missing(
    job_type: str, target: str, expected: Expectations, reason: str = "not checked yet"
) -> list[dict[str, Any]]:
    """The requirement list for a GET that may not run a check: no lookup stands behind it.

    Each item says so with ``"checked": false`` and a ``reason``, so that its empty ``found``
    cannot be read as a negative answer.

    Args:
        job_type: the stored type (``UI``, ``EMAIL``).
        target: the normalised target.
        expected: the expectations.
        reason: why no check ran, shown in every item.

    Returns:
        One item per requirement: ``ok`` false, ``checked`` false, ``found`` empty, the
        ``reason``, and no ``found_truncated``.
    """
    return [
        {
            "key": req.key,
            "type": req.rrtype,
            "name": req.name,
            "expected": req.expected,
            "found": [],
            "ok": False,
            "checked": False,
            "reason": reason,
        }
        for req in requirements(job_type, target, expected)
    ]
