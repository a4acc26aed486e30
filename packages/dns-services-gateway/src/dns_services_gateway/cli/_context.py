"""Shared CLI plumbing: global options, the client factory, and error-to-exit-code mapping."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NoReturn, ParamSpec, TypeVar

import typer

import dns_services_gateway
from dns_services_gateway import (
    APIConnectionError,
    AuthenticationError,
    ConfigurationError,
    DNSServicesClient,
    DNSServicesError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from dns_services_gateway.cli._output import OutputFormat, Printer

__all__ = [
    "EXIT_AUTH",
    "EXIT_CONNECTION",
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "EXIT_NOT_FOUND",
    "CLIState",
    "exit_code",
    "fail",
    "guarded",
    "parse_nameserver",
    "state",
    "verify_level",
]

#: Exit codes. 0 is success; 2 is also what typer uses for a usage error.
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_CONNECTION = 5

_EXIT_CODES: tuple[tuple[type[DNSServicesError], int], ...] = (
    (InvalidArgumentError, EXIT_INPUT),
    (ConfigurationError, EXIT_INPUT),
    (AuthenticationError, EXIT_AUTH),
    (PermissionDeniedError, EXIT_AUTH),
    (NotFoundError, EXIT_NOT_FOUND),
    (APIConnectionError, EXIT_CONNECTION),
    (RateLimitError, EXIT_CONNECTION),
)

P = ParamSpec("P")
R = TypeVar("R")


def parse_nameserver(value: str) -> str | tuple[str, int]:
    """Parse ``host``, ``host:port`` or ``[v6]:port`` into a library nameserver value.

    Raises:
        InvalidArgumentError: If the port is not a number from 1 to 65535.
    """
    text = value.strip()
    host, port = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    if not port:
        return host
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidArgumentError("nameserver", f"bad port in {value!r}")
    return host, int(port)


def verify_level(value: str) -> Literal["none", "api", "dns"]:
    """Parse a ``--verify``/``--level`` value.

    Raises:
        InvalidArgumentError: If the value is not ``none``, ``api`` or ``dns``.
    """
    level = value.strip().lower()
    if level == "none":
        return "none"
    if level == "api":
        return "api"
    if level == "dns":
        return "dns"
    raise InvalidArgumentError("verify", f"must be none, api or dns, got {value!r}")


@dataclasses.dataclass
class CLIState:
    """Global options, stored in ``ctx.obj`` by the app callback.

    Attributes:
        output: ``"table"`` or ``"json"``.
        username: Account e-mail from ``--username`` (None: ``DNS_SERVICES_USERNAME``).
        password: Password from ``--password`` (None: ``DNS_SERVICES_PASSWORD``).
        base_url: API site from ``--base-url`` (None: ``DNS_SERVICES_BASE_URL``).
        token_path: Token file from ``--token-path`` (None: ``DNS_SERVICES_TOKEN_PATH``).
        verify_ssl: False with ``--insecure`` (None: ``DNS_SERVICES_VERIFY_SSL``).
        timeout: Seconds from ``--timeout`` (None: ``DNS_SERVICES_TIMEOUT``).
        auth: ``"jwt"`` or ``"basic"``.
        debug: True with ``--debug`` (None: ``DNS_SERVICES_DEBUG``).
        nameservers: Nameservers for DNS verification from ``--nameserver``.
    """

    output: OutputFormat = "table"
    username: str | None = None
    password: str | None = None
    base_url: str | None = None
    token_path: Path | None = None
    verify_ssl: bool | None = None
    timeout: float | None = None
    auth: Literal["jwt", "basic"] = "jwt"
    debug: bool | None = None
    nameservers: list[str | tuple[str, int]] = dataclasses.field(default_factory=list)

    @functools.cached_property
    def printer(self) -> Printer:
        """The printer for the chosen output format."""
        return Printer(self.output)

    def client(self, **overrides: Any) -> DNSServicesClient:
        """Build a client: flags first, then the ``DNS_SERVICES_*`` environment.

        Raises:
            ConfigurationError: Missing or invalid settings (the message names the variable).
        """
        kwargs: dict[str, Any] = {
            "username": self.username,
            "password": self.password,
            "base_url": self.base_url,
            "token_path": self.token_path,
            "verify_ssl": self.verify_ssl,
            "timeout": self.timeout,
            "auth": self.auth,
            "debug": self.debug,
        }
        if self.nameservers:
            kwargs["nameservers"] = list(self.nameservers)
        kwargs.update(overrides)
        return DNSServicesClient(**kwargs)


def state(ctx: Any) -> CLIState:
    """Return the :class:`CLIState` of the running command (a default one if unset).

    Args:
        ctx: The click/typer context of the running command.
    """
    root = ctx.find_root()
    if not isinstance(root.obj, CLIState):
        root.obj = CLIState()
    return root.obj


def fail(ctx: Any, message: str, code: int = EXIT_FAILURE) -> NoReturn:
    """Print a one-line error and exit with ``code``."""
    state(ctx).printer.error(message)
    raise typer.Exit(code)


def exit_code(error: DNSServicesError | type[DNSServicesError] | str | None) -> int:
    """Map a library error (instance, class or class name) to the CLI's exit code.

    Args:
        error: The error, its class, or its class name as reported in an envelope's
            ``error.type`` or a batch result's ``error_type``.

    Returns:
        :data:`EXIT_INPUT` (bad input or configuration), :data:`EXIT_AUTH`,
        :data:`EXIT_NOT_FOUND`, :data:`EXIT_CONNECTION` (network, timeout, rate limit) or
        :data:`EXIT_FAILURE` (anything else, including an unknown name).
    """
    if isinstance(error, str | None):
        found = getattr(dns_services_gateway, error or "", None)
        cls = found if isinstance(found, type) and issubclass(found, DNSServicesError) else None
    else:
        cls = error if isinstance(error, type) else type(error)
    for family, code in _EXIT_CODES:
        if cls is not None and issubclass(cls, family):
            return code
    return EXIT_FAILURE


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every error of a command into a one-line message and a non-zero exit code.

    Library errors map to :data:`EXIT_INPUT` (bad input or configuration), :data:`EXIT_AUTH`,
    :data:`EXIT_NOT_FOUND`, :data:`EXIT_CONNECTION` (network, timeout, rate limit) or
    :data:`EXIT_FAILURE`; file errors and anything unexpected give :data:`EXIT_FAILURE`.
    No traceback is ever printed.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Every guarded command takes the click context as its ``ctx`` keyword (typer passes
        # parameters by name).
        ctx: Any = kwargs["ctx"]
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except DNSServicesError as exc:
            fail(ctx, f"{type(exc).__name__}: {exc.message}", exit_code(exc))
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            fail(ctx, f"{type(exc).__name__}: {exc.strerror or exc}{where}", EXIT_FAILURE)
        except Exception as exc:
            fail(ctx, f"unexpected {type(exc).__name__}: {exc}", EXIT_FAILURE)

    return wrapper
