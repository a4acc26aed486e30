"""State shared by every command: global options, the lazily built client, error handling."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from cloudconnexa import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    CloudConnexaClient,
    CloudConnexaError,
    ConfigurationError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from cloudconnexa.cli import _output
from cloudconnexa.cli._config import ConfigFileError, resolve
from cloudconnexa.cli._output import OutputFormat

P = ParamSpec("P")
R = TypeVar("R")


class UsageProblem(Exception):
    """Bad command-line input found before anything is sent (exit status 2)."""


class OperationFailed(Exception):
    """A local step of a command failed, such as writing a file (exit status 1)."""


@dataclass
class CliState:
    """Global options and the client built from them on first use.

    Attributes:
        output: The `--output` format.
        progress: Force the progress bar on (True) or off (False); None decides by terminal.
        base_url: `--base-url` / `CLOUDCONNEXA_BASE_URL`.
        client_id: `--client-id` / `CLOUDCONNEXA_CLIENT_ID`.
        client_secret: `--client-secret` / `CLOUDCONNEXA_CLIENT_SECRET`.
        profile: `--profile` (config-file profile).
        config: `--config` (config-file path).
    """

    output: OutputFormat = OutputFormat.table
    progress: bool | None = None
    base_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    profile: str | None = None
    config: Path | None = None
    _client: CloudConnexaClient | None = field(default=None, repr=False)

    def client(self) -> CloudConnexaClient:
        """Return the API client, building it from flags, environment and config file.

        Raises:
            ConfigFileError: Missing settings or an unusable config file.
            ConfigurationError: A malformed base URL (from the library).
        """
        if self._client is None:
            credentials = resolve(
                base_url=self.base_url,
                client_id=self.client_id,
                client_secret=self.client_secret,
                profile=self.profile,
                path=self.config,
            )
            self._client = CloudConnexaClient(
                credentials.base_url, credentials.client_id, credentials.client_secret
            )
        return self._client

    def close(self) -> None:
        """Close the client's connections if one was built."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def show_progress(self) -> bool:
        """Whether long listings get a progress bar (see `--progress`)."""
        if self.progress is not None:
            return self.progress
        interactive_out = sys.stdout.isatty()
        return _output.stderr_is_terminal() and (
            self.output is OutputFormat.table or not interactive_out
        )


def log_to_stderr(level: int) -> Callable[[], None]:
    """Send the library's log records (``cloudconnexa`` logger) to stderr at ``level``.

    Returns:
        A function that removes the handler and restores the logger's level.
    """
    library = logging.getLogger("cloudconnexa")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("cloudconnexa: %(message)s"))
    previous = library.level
    library.addHandler(handler)
    library.setLevel(level)

    def remove() -> None:
        library.removeHandler(handler)
        library.setLevel(previous)

    return remove


def state(ctx: typer.Context) -> CliState:
    """Return the `CliState` stored by the root callback."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):  # pragma: no cover - the callback always sets it
        raise RuntimeError("CLI state missing")
    return obj


def _override_output(ctx: typer.Context, value: OutputFormat | None) -> OutputFormat | None:
    if value is not None:
        state(ctx).output = value
    return value


#: `--output/-o` after the command (`cloudconnexa networks list -o json`); it overrides the
#: global option and is not passed to the command function.
OutputOverride = Annotated[
    OutputFormat | None,
    typer.Option(
        "--output",
        "-o",
        help="Output format (same as the global --output).",
        callback=_override_output,
        expose_value=False,
        show_default=False,
    ),
]


#: Exit statuses, the same in the ``dns-services`` command line (see docs/conventions.md).
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_NETWORK = 5
EXIT_INTERRUPTED = 130

#: Error class to exit status, most specific first; any other error exits ``EXIT_FAILURE``.
EXIT_CODES: tuple[tuple[type[Exception], int], ...] = (
    (UsageProblem, EXIT_USAGE),
    (ConfigFileError, EXIT_USAGE),
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


def exit_code(error: BaseException | type[BaseException]) -> int:
    """Return the exit status for an error (instance or class), from :data:`EXIT_CODES`.

    Args:
        error: The exception, or its class.

    Returns:
        The status of the first matching entry, or :data:`EXIT_FAILURE`.
    """
    cls = error if isinstance(error, type) else type(error)
    for family, code in EXIT_CODES:
        if issubclass(cls, family):
            return code
    return EXIT_FAILURE


def abort_status(exc: BaseException) -> int:
    """Report a ``typer.Abort`` (a prompt that ended without a yes) and return its status.

    Declining a confirmation is not an error: ``Aborted: nothing was changed.`` and status 0.
    Ctrl-C at a prompt is an interruption (130); end of input at a prompt (no terminal and no
    ``--yes``) is a usage error (2).

    Args:
        exc: The ``typer.Abort`` raised by the prompt.

    Returns:
        The exit status.
    """
    reason = exc.__cause__ or exc.__context__
    if isinstance(reason, KeyboardInterrupt):
        _output.error("interrupted")
        return EXIT_INTERRUPTED
    if isinstance(reason, EOFError):
        _output.error("no answer to the prompt on stdin (pass --yes to skip a confirmation)")
        return EXIT_USAGE
    _output.note("Aborted: nothing was changed.")
    return EXIT_OK


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn every failure of a command into one ``Error: ...`` line and an exit status.

    A library error prints ``Error: <ErrorClass>: <message>``; the command line's own problems
    (usage, config file, a local file) print ``Error: <message>``.

    The status comes from :data:`EXIT_CODES` (1 for anything not listed, including an
    unexpected exception); Ctrl-C exits 130; a declined confirmation exits 0; a reader that
    closes the pipe early (``cloudconnexa -o json users list | head``) ends the command
    quietly with 0. No traceback is ever printed.

    Args:
        func: The command function.

    Returns:
        The wrapped command.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except typer.Abort as exc:
            raise typer.Exit(abort_status(exc)) from None
        except KeyboardInterrupt:
            _output.error("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except CloudConnexaError as exc:
            # Library errors name their class, as in the dns-services command line.
            _output.error(f"{type(exc).__name__}: {exc}")
            raise typer.Exit(exit_code(exc)) from None
        except (ConfigFileError, UsageProblem, OperationFailed) as exc:
            _output.error(str(exc) or type(exc).__name__)
            raise typer.Exit(exit_code(exc)) from None
        except BrokenPipeError:
            # The reader went away (`... | head`): it has what it wanted; not an error.
            _output.silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            _output.error(f"{exc.strerror or exc}{where}")
            raise typer.Exit(EXIT_FAILURE) from None
        except Exception as exc:
            _output.error(f"unexpected {type(exc).__name__}: {exc}")
            raise typer.Exit(EXIT_FAILURE) from None

    return wrapper


def read_body(data: str | None, file: Path | None) -> dict[str, Any]:
    """Read a request body from `--data` or `--file` (`-` for stdin).

    Raises:
        UsageProblem: Neither or both given, an unreadable file or one that is not UTF-8,
            or not a JSON object.
    """
    if (data is None) == (file is None):
        raise UsageProblem("give the request body with exactly one of --data or --file")
    if file is not None:
        source = f"--file {file}"
        try:
            text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageProblem(f"cannot read {file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise UsageProblem(
                f"{source} is not UTF-8 text (byte {exc.start}: {exc.reason}); "
                "save the JSON body as UTF-8"
            ) from None
    else:
        source, text = "--data", data or ""
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise UsageProblem(f"{source} is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise UsageProblem(f"{source} must be a JSON object in the API's shape")
    return body


def limited(items: Iterable[Any], limit: int | None) -> Iterator[Any]:
    """Yield at most `limit` items (all when None)."""
    for count, item in enumerate(items):
        if limit is not None and count >= limit:
            return
        yield item
