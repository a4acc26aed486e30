"""The ``dns-services`` command line (installed with the ``cli`` extra).

Command groups live in one module each (``auth``, ``domains``, ``records``) plus the
top-level ``verify``, ``health`` and ``sandbox`` commands; ``_output`` is the only module
that imports rich. Run ``dns-services --help`` for the commands; ``--output json`` is the
stable machine-readable contract.

Exit statuses (the same as the ``cloudconnexa`` command line; the table of error classes is
``dns_services_gateway.cli._context.EXIT_CODES``): 0 success, also after declining a
confirmation; 1 the API or the operation failed; 2 usage error or bad input (including
configuration, and a 400 or 422 answer); 3 authentication or permission refused; 4 not found;
5 network failure, timeout, or rate limit after the retries; 130 interrupted (Ctrl-C). Every
failure prints one ``Error: ...`` line on stderr and never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]

_MISSING_EXTRA = (
    "The dns-services command line needs the 'cli' extra: pip install 'dns-services-gateway[cli]'\n"
)
_CLI_DEPENDENCIES = frozenset({"typer", "rich", "click"})


def _load_app() -> typer.Typer:
    from dns_services_gateway.cli._app import app

    return app


def main(args: Sequence[str] | None = None) -> None:
    """Console-script entry point: run the CLI, or explain how to install its extra.

    Usage errors (an unknown option, a missing argument, a value of the wrong type) are printed
    as one ``Error:`` line on stderr with exit code 2, like every other failure.

    Args:
        args: The arguments after the program name (default: ``sys.argv[1:]``).

    Raises:
        SystemExit: Always, with the command's exit code (1 when the extra is missing).
    """
    try:
        application = _load_app()
    except ModuleNotFoundError as exc:
        if exc.name not in _CLI_DEPENDENCIES:
            raise
        sys.stderr.write(_MISSING_EXTRA)
        raise SystemExit(1) from None
    import typer

    from dns_services_gateway.cli._context import EXIT_INTERRUPTED, abort_status
    from dns_services_gateway.cli._output import Printer

    try:
        code = application(args=args, prog_name="dns-services", standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors derive from it
        raise SystemExit(_usage_error(exc)) from None
    except typer.Abort as exc:
        raise SystemExit(abort_status(exc, Printer("table"))) from None
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def _usage_error(exc: typer.TyperException) -> int:
    """Print a usage error as one line (and where to get help); return its exit code."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        # A command group called alone (``dns-services records``): its help, as click shows it.
        text = exc.format_message().rstrip("\n")  # typer's rich help prints itself
        if text.strip():
            sys.stderr.write(text + "\n")
        return int(exc.exit_code)
    message = " ".join(exc.format_message().split())
    context = getattr(exc, "ctx", None)
    hint = f" (see '{context.command_path} --help')" if context is not None else ""
    sys.stderr.write(f"Error: {message}{hint}\n")
    return 2


def __getattr__(name: str) -> Any:
    """Import the typer app lazily, so that ``main`` can report a missing extra."""
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
