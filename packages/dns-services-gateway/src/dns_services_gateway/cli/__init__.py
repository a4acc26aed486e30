"""The ``dns-services`` command line (installed with the ``cli`` extra).

Command groups live in one module each (``auth``, ``domains``, ``records``) plus the
top-level ``verify``, ``health`` and ``sandbox`` commands; ``_output`` is the only module
that imports rich. Run ``dns-services --help`` for the commands; ``--output json`` is the
stable machine-readable contract. Exit codes: 0 success, 1 failure, 2 bad input or
configuration, 3 authentication refused, 4 not found, 5 network, timeout or rate limit.
"""

from __future__ import annotations

import sys
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


def main() -> None:
    """Console-script entry point: run the CLI, or explain how to install its extra.

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
    application(prog_name="dns-services")


def __getattr__(name: str) -> Any:
    """Import the typer app lazily, so that ``main`` can report a missing extra."""
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
