"""The `cloudconnexa` command line (the `cli` extra: typer and rich).

`main` is the console-script entry point. It prints a one-line hint instead of a traceback
when the extra is not installed, and turns the parser's usage errors (an unknown option, a bad
value) into one `Error: ...` line with exit status 2. The typer application itself is
`cloudconnexa.cli._app.app`.
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
        SystemExit: Always, with the command's exit status: 0 on success, 1 for a failure
            (one `Error: ...` line on stderr, also when the extra is missing), 2 for a usage
            error, 130 after Ctrl-C.
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

    try:
        status = app(args=args, prog_name="cloudconnexa", standalone_mode=False)
    except typer.TyperException as exc:
        # The parser's errors (typer's vendored click: UsageError, BadParameter, ...).
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        code = getattr(exc, "exit_code", 2)
        if type(exc).__name__ == "NoArgsIsHelpError":
            # A bare group (`cloudconnexa`, `cloudconnexa networks`): typer printed its help.
            raise SystemExit(code) from None
        context = getattr(exc, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        sys.stderr.write(f"Error: {' '.join(message.split())}{hint}\n")
        raise SystemExit(code) from None
    except typer.Abort:
        sys.stderr.write("Error: aborted\n")
        raise SystemExit(1) from None
    raise SystemExit(status if isinstance(status, int) else 0)
