"""The optional ``.env`` file of the working directory, read without changing os.environ.

Only ``DNS_SERVICES_*`` entries are taken, and only those whose variable is not set in the
real environment (a real variable always wins). Values are read literally: ``${NAME}`` is not
expanded. ``DNS_SERVICES_NO_DOTENV=1`` (also ``true``/``yes``) in the real environment turns
the file off. A file that holds a ``DNS_SERVICES_PASSWORD`` value while group or other users can
access it is refused, as the token and configuration files are (run ``chmod 600 .env``).
Values are never logged.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dotenv import dotenv_values

from dns_services_gateway._exceptions import ConfigurationError

__all__ = ["DOTENV_NAME", "NO_DOTENV_VARIABLE", "dotenv_disabled", "read_dotenv"]

DOTENV_NAME = ".env"
NO_DOTENV_VARIABLE = "DNS_SERVICES_NO_DOTENV"
_PREFIX = "DNS_SERVICES_"
_SECRET_SUFFIXES = ("_PASSWORD",)
_ON = {"1", "true", "yes"}


def dotenv_disabled() -> bool:
    """Tell whether the real environment turns ``.env`` reading off (``DNS_SERVICES_NO_DOTENV``).

    Returns:
        True when ``DNS_SERVICES_NO_DOTENV`` is ``1``, ``true`` or ``yes`` (any case).
    """
    return os.environ.get(NO_DOTENV_VARIABLE, "").strip().lower() in _ON


def read_dotenv(directory: Path | None = None) -> dict[str, str]:
    """Return the ``DNS_SERVICES_*`` values of ``.env`` that the real environment does not set.

    Args:
        directory: Folder holding the ``.env`` file (default: the current working directory).

    Returns:
        Upper-cased variable names mapped to their values; empty when the file is absent or
        ``DNS_SERVICES_NO_DOTENV`` is on. Names already set in ``os.environ`` (any case) are
        left out, so real environment variables take precedence.

    Raises:
        ConfigurationError: The file cannot be read, or it holds a secret
            (``DNS_SERVICES_PASSWORD``) while group or other users can access it.
    """
    if dotenv_disabled():
        return {}
    path = (directory if directory is not None else Path.cwd()) / DOTENV_NAME
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise ConfigurationError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        return {}
    try:
        # dotenv_values opens the file itself; an unreadable file raises OSError here.
        raw = dotenv_values(path, interpolate=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ConfigurationError(f"cannot read {path}: {reason}") from None
    present = {name.upper() for name in os.environ}
    values = {
        name.upper(): value
        for name, value in raw.items()
        if value is not None and name.upper().startswith(_PREFIX)
    }
    secrets = sorted(name for name, value in values.items() if value and _is_secret(name))
    if secrets and os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"{path} holds {', '.join(secrets)} and other users can access it "
            f"(mode {stat.S_IMODE(info.st_mode):04o}); run `chmod 600 {path}`, or set "
            f"{NO_DOTENV_VARIABLE}=1 to ignore the file",
            variable="DNS_SERVICES_PASSWORD",
        )
    return {name: value for name, value in values.items() if name not in present}


def _is_secret(name: str) -> bool:
    return name.endswith(_SECRET_SUFFIXES)
