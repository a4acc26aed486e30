"""The vocabulary shared with cloudconnexa: exception names and bases, the CLI's exit
statuses, ``Error:`` on stderr, and RetryPolicy's fields (see docs/conventions.md)."""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
import typer

import dns_services_gateway
import dns_services_gateway._exceptions
from dns_services_gateway import ConfigurationError, DNSServicesError, RetryPolicy
from dns_services_gateway.cli import _context, main

# >>> shared table
# The shared table. The same literal block is in packages/cloudconnexa/tests/test_conventions.py
# and packages/dns-services-gateway/tests/test_conventions.py (and in docs/conventions.md), so a
# change to one package's vocabulary fails here until the other and the page follow.
# ``BASE`` stands for the package's root error (CloudConnexaError, DNSServicesError).

#: Exception name -> the names of its direct bases.
EXCEPTION_BASES: dict[str, tuple[str, ...]] = {
    "ConfigurationError": ("BASE", "ValueError"),
    "InvalidArgumentError": ("BASE", "ValueError"),
    "APIConnectionError": ("BASE",),
    "APITimeoutError": ("APIConnectionError",),
    "APIResponseValidationError": ("BASE",),
    "APIError": ("BASE",),
    "APIStatusError": ("APIError",),
    "BadRequestError": ("APIStatusError",),
    "AuthenticationError": ("APIStatusError",),
    "PermissionDeniedError": ("APIStatusError",),
    "NotFoundError": ("APIStatusError",),
    "ConflictError": ("APIStatusError",),
    "UnprocessableEntityError": ("APIStatusError",),
    "RateLimitError": ("APIStatusError",),
    "InternalServerError": ("APIStatusError",),
}

#: Exception name -> the CLI's exit status when a command fails with it.
EXIT_STATUS_OF: dict[str, int] = {
    "ConfigurationError": 2,
    "InvalidArgumentError": 2,
    "APIConnectionError": 5,
    "APITimeoutError": 5,
    "APIResponseValidationError": 1,
    "APIError": 1,
    "APIStatusError": 1,
    "BadRequestError": 2,
    "AuthenticationError": 3,
    "PermissionDeniedError": 3,
    "NotFoundError": 4,
    "ConflictError": 1,
    "UnprocessableEntityError": 2,
    "RateLimitError": 5,
    "InternalServerError": 1,
}

#: The exit-status constants of the CLI.
EXIT_STATUSES: dict[str, int] = {
    "EXIT_OK": 0,
    "EXIT_FAILURE": 1,
    "EXIT_USAGE": 2,
    "EXIT_AUTH": 3,
    "EXIT_NOT_FOUND": 4,
    "EXIT_NETWORK": 5,
    "EXIT_INTERRUPTED": 130,
}

#: RetryPolicy's fields, in order (all waits in seconds).
RETRY_FIELDS = ("max_retries", "backoff_base", "backoff_max", "jitter", "max_wait")
# <<< shared table


REPOSITORY = Path(__file__).resolve().parents[3]
SIBLING = REPOSITORY / "packages" / "cloudconnexa" / "tests" / "test_conventions.py"
CONVENTIONS_PAGE = REPOSITORY / "docs" / "conventions.md"


def _shared_block(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("# >>> shared table") : text.index("# <<< shared table")]


def test_shared_table_is_the_same_in_both_packages() -> None:
    if not SIBLING.exists():
        pytest.skip("the other package is not in this checkout")
    assert _shared_block(SIBLING) == _shared_block(Path(__file__))


def test_conventions_page_lists_the_shared_names() -> None:
    if not CONVENTIONS_PAGE.exists():
        pytest.skip("the documentation is not in this checkout")
    page = CONVENTIONS_PAGE.read_text(encoding="utf-8")
    for name in [*EXCEPTION_BASES, *RETRY_FIELDS, *EXIT_STATUSES]:
        assert f"`{name}`" in page, name
    for name, code in EXIT_STATUS_OF.items():
        assert f"| `{name}` | {code} |" in page, name


#: Old names of this package -> the class they resolve to now.
DEPRECATED = {
    "ValidationError": "InvalidArgumentError",
}


def _base_name(name: str) -> str:
    return "DNSServicesError" if name == "BASE" else name


@pytest.mark.parametrize("name", sorted(EXCEPTION_BASES))
def test_exception_names_and_bases(name: str) -> None:
    cls = getattr(dns_services_gateway, name)
    assert name in dns_services_gateway.__all__
    assert tuple(base.__name__ for base in cls.__bases__) == tuple(
        _base_name(base) for base in EXCEPTION_BASES[name]
    )
    assert issubclass(cls, DNSServicesError)


@pytest.mark.parametrize(("old", "new"), sorted(DEPRECATED.items()))
@pytest.mark.parametrize("module", [dns_services_gateway, dns_services_gateway._exceptions])
def test_old_names_warn_and_resolve(module: Any, old: str, new: str) -> None:
    assert old not in module.__all__
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated; use {new}"):
        resolved = getattr(module, old)
    assert resolved is getattr(dns_services_gateway, new)


def test_unknown_names_still_raise_attribute_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="NoSuchError"):
            _ = dns_services_gateway.NoSuchError  # type: ignore[attr-defined]


def test_old_names_in_envelopes_map_without_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _context.exit_code("ValidationError") == EXIT_STATUS_OF["InvalidArgumentError"]


def test_retry_policy_fields_and_units() -> None:
    assert tuple(f.name for f in dataclasses.fields(RetryPolicy)) == RETRY_FIELDS
    policy = RetryPolicy(2, 0.5, 4.0, 0.25, 9.0)
    assert dataclasses.astuple(policy) == (2, 0.5, 4.0, 0.25, 9.0)
    for bad in ({"max_retries": -1}, {"backoff_base": -1}, {"max_wait": -1}, {"jitter": 1.5}):
        with pytest.raises(ConfigurationError):
            RetryPolicy(**bad)
    # backoff: min(backoff_max, backoff_base * 2**n), times a factor in [1 - jitter, 1 + jitter]
    for attempt in range(6):
        nominal = min(4.0, 0.5 * 2**attempt)
        for _ in range(20):
            assert nominal * 0.75 <= policy.backoff(attempt) <= nominal * 1.25
    # max_wait: a longer server-announced wait is not waited for.
    short = httpx.Response(429, headers={"Retry-After": "9"})
    long = httpx.Response(429, headers={"Retry-After": "10"})
    assert policy.delay_for(0, short) == 9.0
    assert policy.delay_for(0, long) is None


def test_exit_status_constants() -> None:
    assert {name: getattr(_context, name) for name in EXIT_STATUSES} == EXIT_STATUSES


@pytest.mark.parametrize("name", sorted(EXIT_STATUS_OF))
def test_exit_status_table(name: str) -> None:
    assert _context.exit_code(getattr(dns_services_gateway, name)) == EXIT_STATUS_OF[name]
    assert _context.exit_code(name) == EXIT_STATUS_OF[name]


def _raise_from_client(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def client(self: Any, **overrides: Any) -> Any:
        raise error

    monkeypatch.setattr(_context.CLIState, "client", client)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    return code, captured.out, captured.err


def _error(cls: type[DNSServicesError]) -> DNSServicesError:
    if cls is dns_services_gateway.InvalidArgumentError:
        return cls("input", "it went wrong")  # type: ignore[call-arg]
    return cls("it went wrong")


@pytest.mark.parametrize("output", ["table", "json"])
@pytest.mark.parametrize("name", sorted(EXIT_STATUS_OF))
def test_cli_exit_status_and_error_line(
    name: str,
    output: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _raise_from_client(monkeypatch, _error(getattr(dns_services_gateway, name)))
    code, out, err = _run(["--output", output, "domains", "list"], capsys)
    assert code == EXIT_STATUS_OF[name]
    assert err.startswith("Error: ") and "it went wrong" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_cli_usage_errors_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["domains", "list", "--bogus"], capsys)
    assert code == 2 and err.startswith("Error: ")
    # A missing option the command itself checks is a usage error too.
    client = mock.MagicMock()
    monkeypatch.setattr(_context.CLIState, "client", lambda self, **kw: client)
    code, _, err = _run(["records", "update", "example.com", "-t", "A"], capsys)
    assert code == 2 and err.startswith("Error: ") and "--id or --name" in err
    assert client.mock_calls == [], "nothing is sent"


def test_cli_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raise_from_client(monkeypatch, KeyboardInterrupt())
    code, _, err = _run(["domains", "list"], capsys)
    assert (code, err) == (130, "Error: interrupted\n")


def test_cli_declined_confirmation_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raise_from_client(monkeypatch, typer.Abort())
    code, out, err = _run(["domains", "list"], capsys)
    assert (code, out, err) == (0, "", "Aborted: nothing was changed.\n")


def test_cli_unexpected_errors_exit_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raise_from_client(monkeypatch, RuntimeError("surprise"))
    code, _, err = _run(["domains", "list"], capsys)
    assert code == 1 and err == "Error: unexpected RuntimeError: surprise\n"
