"""The `cloudconnexa` command line (the `cli` extra: typer and rich).

`main` is the console-script entry point. It prints a one-line hint instead of a traceback
when the extra is not installed, and turns the parser's usage errors (an unknown option, a bad
value, a missing or conflicting option) into one `Error: ...` line with exit status 2. The
typer application itself is `cloudconnexa.cli._app.app`.

Exit statuses (the same as the `dns-services` command line; the table of error classes is
`cloudconnexa.cli._common.EXIT_CODES`): 0 success, also after declining a confirmation; 1 the
API or the operation failed; 2 usage error or bad input (including a 400 or 422 answer);
3 authentication or permission refused; 4 not found; 5 network failure, timeout, or rate limit
after the retries; 130 interrupted (Ctrl-C). Every failure prints one `Error: ...` line on
stderr and never a traceback. A reader that closes stdout early (`| head`) ends the command
quietly with status 0. `plan` is the one exception to the exit statuses: 0 no changes, 2
changes, 1 any error (see `cloudconnexa.cli.config`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

CLI_MODULES = frozenset({"typer", "rich", "click"})


def main(args: Sequence[str] | None = None) -> None:
    """Run the command line.

    Args:
        args: The arguments after the program name (default: `sys.argv[1:]`).

    Raises:
        SystemExit: Always, with the command's exit status (see the module docstring): one
            `Error: ...` line on stderr for every failure, also when the extra is missing.
    """
    try:
        from cloudconnexa.cli._app import app
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in CLI_MODULES:
            raise
        sys.stderr.write(
            "Error: the cloudconnexa command line needs the 'cli' extra: "
            "pip install 'cloudconnexa[cli]'\n"
        )
        raise SystemExit(1) from None
    import typer

    from cloudconnexa.cli._common import EXIT_INTERRUPTED, EXIT_USAGE, abort_status

    try:
        status = app(args=args, prog_name="cloudconnexa", standalone_mode=False)
    except typer.TyperException as exc:
        # The parser's errors (typer's vendored click: UsageError, BadParameter, ...).
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        if type(exc).__name__ == "NoArgsIsHelpError":
            # A bare group (`cloudconnexa`, `cloudconnexa networks`): typer printed its help.
            raise SystemExit(getattr(exc, "exit_code", EXIT_USAGE)) from None
        context = getattr(exc, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        sys.stderr.write(f"Error: {' '.join(message.split())}{hint}\n")
        # `plan` keeps 2 for "changes" (like terraform's -detailed-exitcode): errors exit 1.
        detailed = context is not None and context.info_name == "plan"
        raise SystemExit(1 if detailed else EXIT_USAGE) from None
    except typer.Abort as exc:
        raise SystemExit(abort_status(exc)) from None
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader of stdout went away (`| head`); a quiet end, as in the commands.
        from cloudconnexa.cli._output import silence_stdout

        silence_stdout()
        raise SystemExit(0) from None
    raise SystemExit(status if isinstance(status, int) else 0)
