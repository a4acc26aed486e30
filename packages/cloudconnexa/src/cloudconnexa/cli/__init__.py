"""The `cloudconnexa` command line (the `cli` extra: typer and rich).

`main` is the console-script entry point. It prints a one-line hint instead of a traceback
when the extra is not installed. The typer application itself is `cloudconnexa.cli._app.app`.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

CLI_MODULES = frozenset({"typer", "rich", "click"})


def main() -> None:
    """Run the command line.

    Exits with status 1 and a one-line message when typer or rich is missing.
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
    app()
