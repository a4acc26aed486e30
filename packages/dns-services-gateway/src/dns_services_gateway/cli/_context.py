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
    BadRequestError,
    ConfigurationError,
    DNSServicesClient,
    DNSServicesError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from dns_services_gateway._exceptions import DEPRECATED_NAMES
from dns_services_gateway._settings import parse_nameserver as parse_settings_nameserver
from dns_services_gateway.cli._output import OutputFormat, Printer

__all__ = [
    "EXIT_AUTH",
    "EXIT_CODES",
    "EXIT_CONNECTION",
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_USAGE",
    "CLIState",
    "abort_status",
    "exit_code",
    "fail",
    "guarded",
    "parse_nameserver",
    "state",
    "verify_level",
]

#: Exit statuses, the same in the ``cloudconnexa`` command line (see docs/conventions.md).
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_NETWORK = 5
EXIT_INTERRUPTED = 130
#: Older names of :data:`EXIT_USAGE` and :data:`EXIT_NETWORK`.
EXIT_INPUT = EXIT_USAGE
EXIT_CONNECTION = EXIT_NETWORK

#: Error class to exit status, most specific first; any other error exits ``EXIT_FAILURE``.
EXIT_CODES: tuple[tuple[type[DNSServicesError], int], ...] = (
    (InvalidArgumentError, EXIT_USAGE),
    (ConfigurationError, EXIT_USAGE),
    (BadRequestError, EXIT_USAGE),
    (UnprocessableEntityError, EXIT_USAGE),
    (AuthenticationError, EXIT_AUTH),
    (PermissionDeniedError, EXIT_AUTH),
    (NotFoundError, EXIT_NOT_FOUND),
    (APIConnectionError, EXIT_NETWORK),
    (RateLimitError, EXIT_NETWORK),
)

P = ParamSpec("P")
R = TypeVar("R")


def parse_nameserver(value: str) -> str | tuple[str, int]:
    """Parse ``host``, ``host:port`` or ``[v6]:port`` into a library nameserver value.

    Raises:
        InvalidArgumentError: If the host is empty or the port is not a number from 1 to 65535.
    """
    try:
        return parse_settings_nameserver(value)
    except ValueError as exc:
        raise InvalidArgumentError("nameserver", str(exc)) from None


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
        nameservers: Nameservers for DNS verification from ``--nameserver`` (none given:
            ``DNS_SERVICES_NAMESERVERS``, else the zone's NS records).
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
        """Build a client: flags first, then the ``DNS_SERVICES_*`` environment, then ``./.env``.

        ``DNS_SERVICES_NO_DOTENV=1`` turns the ``.env`` file off.

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
        return DNSServicesClient.from_env(**kwargs)


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


def exit_code(error: BaseException | type[BaseException] | str | None) -> int:
    """Map a library error (instance, class or class name) to the CLI's exit code.

    Args:
        error: The error, its class, or its class name as reported in an envelope's
            ``error.type`` or a batch result's ``error_type`` (deprecated names resolve too).

    Returns:
        The status of the first matching entry of :data:`EXIT_CODES`, or
        :data:`EXIT_FAILURE` (anything else, including an unknown name).
    """
    cls: type[BaseException] | None
    if isinstance(error, str | None):
        found = vars(dns_services_gateway).get(error or "") or DEPRECATED_NAMES.get(error or "")
        cls = found if isinstance(found, type) and issubclass(found, DNSServicesError) else None
    else:
        cls = error if isinstance(error, type) else type(error)
    for family, code in EXIT_CODES:
        if cls is not None and issubclass(cls, family):
            return code
    return EXIT_FAILURE


def abort_status(exc: BaseException, printer: Printer) -> int:
    """Report a ``typer.Abort`` (a prompt that ended without a yes) and return its status.

    Declining a confirmation is not an error: ``Aborted: nothing was changed.`` and status 0.
    Ctrl-C at a prompt is an interruption (130); end of input at a prompt is a usage error (2).

    Args:
        exc: The ``typer.Abort`` raised by the prompt.
        printer: Where to print (the running command's printer).

    Returns:
        The exit status.
    """
    reason = exc.__cause__ or exc.__context__
    if isinstance(reason, KeyboardInterrupt):
        printer.error("interrupted")
        return EXIT_INTERRUPTED
    if isinstance(reason, EOFError):
        printer.error("no answer to the prompt on stdin (pass --yes to skip a confirmation)")
        return EXIT_USAGE
    printer.notice("Aborted: nothing was changed.")
    return EXIT_OK


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every error of a command into one ``Error: ...`` line and an exit status.

    Library errors map through :data:`EXIT_CODES`; file errors and anything unexpected give
    :data:`EXIT_FAILURE`; Ctrl-C gives :data:`EXIT_INTERRUPTED`; a declined confirmation exits
    0. No traceback is ever printed.

    Args:
        command: The command function; typer passes it the click context as ``ctx``.

    Returns:
        The wrapped command.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Every guarded command takes the click context as its ``ctx`` keyword (typer passes
        # parameters by name).
        ctx: Any = kwargs["ctx"]
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except typer.Abort as exc:
            raise typer.Exit(abort_status(exc, state(ctx).printer)) from None
        except KeyboardInterrupt:
            fail(ctx, "interrupted", EXIT_INTERRUPTED)
        except DNSServicesError as exc:
            fail(ctx, f"{type(exc).__name__}: {exc.message}", exit_code(exc))
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            fail(ctx, f"{type(exc).__name__}: {exc.strerror or exc}{where}", EXIT_FAILURE)
        except Exception as exc:
            fail(ctx, f"unexpected {type(exc).__name__}: {exc}", EXIT_FAILURE)

    return wrapper
