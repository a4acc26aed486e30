"""The CLI's profile-aware configuration file (TOML) and credential resolution.

Precedence for each setting: command-line flag, then environment variable
(`CLOUDCONNEXA_BASE_URL`, `CLOUDCONNEXA_CLIENT_ID`, `CLOUDCONNEXA_CLIENT_SECRET`), then the same
variable in a `.env` file of the current working directory (off with `CLOUDCONNEXA_NO_DOTENV=1`;
refused when it holds the secret and other users can read it), then the selected profile of the
configuration file. The file lives at `--config`, `CLOUDCONNEXA_CONFIG`,
`$XDG_CONFIG_HOME/cloudconnexa/config.toml` or `~/.config/cloudconnexa/config.toml`, holds one
table per profile, is written atomically with mode 0600, and is refused when other users can
read it (it contains client secrets)::

    [default]
    base_url = "https://acme.api.openvpn.com"
    client_id = "..."
    client_secret = "..."
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cloudconnexa._dotenv import read_dotenv
from cloudconnexa.cli._files import write_private

KEYS = ("base_url", "client_id", "client_secret")
ENV_CONFIG = "CLOUDCONNEXA_CONFIG"
ENV_PROFILE = "CLOUDCONNEXA_PROFILE"
DEFAULT_PROFILE = "default"


class ConfigFileError(Exception):
    """The configuration file is unreadable, malformed or too widely readable."""


@dataclass(frozen=True)
class Credentials:
    """Resolved connection settings (the secret is never shown in the repr)."""

    base_url: str
    client_id: str
    client_secret: str

    def __repr__(self) -> str:
        return f"Credentials(base_url={self.base_url!r}, client_id={self.client_id!r})"


def default_path() -> Path:
    """Return the configuration file's location (see the module docstring)."""
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "cloudconnexa" / "config.toml"


def load_profiles(path: Path) -> dict[str, dict[str, str]]:
    """Read every profile from the file; an absent file has none.

    Raises:
        ConfigFileError: Group/other permissions on the file, invalid TOML, or a profile that
            is not a table of strings.
    """
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return {}
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigFileError(f"{path} is accessible by other users; run: chmod 600 {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigFileError(f"cannot read {path}: {exc}") from None
    profiles: dict[str, dict[str, str]] = {}
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ConfigFileError(f"{path}: profile [{name}] must be a table of strings")
        profiles[name] = {k: v for k, v in table.items() if k in KEYS}
    return profiles


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _toml_key(name: str) -> str:
    if name and all(c.isalnum() or c in "-_" for c in name):
        return name
    return _toml_string(name)


def save_profile(path: Path, name: str, values: dict[str, str]) -> None:
    """Create or replace one profile, keeping the others; write atomically with mode 0600.

    Raises:
        ConfigFileError: The existing file cannot be read, or the new one cannot be written.
    """
    profiles = load_profiles(path)
    profiles[name] = {k: v for k, v in values.items() if k in KEYS and v}
    lines: list[str] = []
    for profile, table in profiles.items():
        lines.append(f"[{_toml_key(profile)}]")
        lines.extend(f"{key} = {_toml_string(table[key])}" for key in KEYS if key in table)
        lines.append("")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private(path, "\n".join(lines))
    except OSError as exc:
        raise ConfigFileError(f"cannot write {path}: {exc.strerror or exc}") from None


def resolve(
    *,
    base_url: str | None,
    client_id: str | None,
    client_secret: str | None,
    profile: str | None,
    path: Path | None,
) -> Credentials:
    """Combine flags/environment values (already merged by typer), `.env` and the config file.

    Raises:
        ConfigFileError: The file is unusable, a named profile does not exist, or a setting is
            missing everywhere (the message names the flag, variable and file).
        ConfigurationError: `.env` is unreadable, or holds the client secret while other users
            can access it.
    """
    config_path = path or default_path()
    name = profile or os.environ.get(ENV_PROFILE) or DEFAULT_PROFILE
    given = {"base_url": base_url, "client_id": client_id, "client_secret": client_secret}
    if not all(given.values()):
        dotenv = read_dotenv()
        given = {k: v or dotenv.get(f"CLOUDCONNEXA_{k.upper()}") for k, v in given.items()}
    stored: dict[str, str] = {}
    if not all(given.values()):
        profiles = load_profiles(config_path)
        if name in profiles:
            stored = profiles[name]
        elif profile is not None:
            raise ConfigFileError(f"no profile [{name}] in {config_path}")
    merged = {k: given[k] or stored.get(k, "") for k in KEYS}
    missing = [k for k in KEYS if not merged[k]]
    if missing:
        hints = ", ".join(f"--{k.replace('_', '-')} / CLOUDCONNEXA_{k.upper()}" for k in missing)
        raise ConfigFileError(
            f"missing {', '.join(missing)}: pass {hints}, or run `cloudconnexa configure`"
        )
    return Credentials(merged["base_url"], merged["client_id"], merged["client_secret"])
