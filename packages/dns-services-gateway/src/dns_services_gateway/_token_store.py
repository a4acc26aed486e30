"""The JWT token file: 0600 in a 0700 directory, written atomically, refused when exposed."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from ._exceptions import TokenFileError

__all__ = ["StoredTokens", "TokenStore"]


@dataclasses.dataclass(frozen=True)
class StoredTokens:
    """Tokens as kept in memory and on disk.

    Attributes:
        access_token: The JWT access token.
        refresh_token: The refresh token, if the API gave one.
        username: The account the tokens belong to.
        api_url: The API root they were issued by.
    """

    access_token: str
    refresh_token: str | None
    username: str
    api_url: str

    def __repr__(self) -> str:
        return f"StoredTokens(username={self.username!r}, api_url={self.api_url!r}, tokens=***)"


class TokenStore:
    """Read and write the token file.

    The file holds one JSON object ``{"version": 1, "username", "api_url", "access_token",
    "refresh_token"}``. It is created with mode 0600 inside a directory with mode 0700 and
    replaced atomically (temporary file + ``os.replace``). A file readable or writable by the
    group or others is refused. An existing directory of the user's own that is open to
    others is tightened to 0700; a shared one (``/tmp``, the home directory, another user's)
    is refused rather than re-moded.

    Args:
        path: The token file path (``~`` expanded).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()

    def __repr__(self) -> str:
        return f"TokenStore(path={str(self.path)!r})"

    def _check_mode(self, mode: int) -> None:
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise TokenFileError(
                f"token file {self.path} is accessible by group or others "
                f"(mode {stat.S_IMODE(mode):04o}); run `chmod 600 {self.path}` or delete it",
                variable="DNS_SERVICES_TOKEN_PATH",
            )

    def _private_directory(self, directory: Path) -> None:
        """Make sure the token directory is 0700, tightening only a directory of our own.

        A directory shared with others (sticky, like ``/tmp``), owned by someone else, or the
        home directory itself is never re-moded: the token file does not belong there.
        """
        info = directory.stat()
        if not stat.S_IMODE(info.st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
            return
        shared = bool(info.st_mode & stat.S_ISVTX) or info.st_uid != os.getuid()
        if shared or directory.resolve() == Path.home().resolve():
            raise TokenFileError(
                f"token directory {directory} is shared with other users "
                f"(mode {stat.S_IMODE(info.st_mode):04o}); set DNS_SERVICES_TOKEN_PATH to a "
                "file in a private directory such as ~/.dns-services/token",
                variable="DNS_SERVICES_TOKEN_PATH",
            )
        directory.chmod(0o700)

    def load(self, *, username: str, api_url: str) -> StoredTokens | None:
        """Load the tokens for ``username`` at ``api_url``.

        Args:
            username: The account e-mail.
            api_url: The API root.

        Returns:
            The tokens, or None when the file is missing or belongs to another account or URL.

        Raises:
            TokenFileError: The file is accessible by group/others, or is not valid JSON.
        """
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenFileError(
                f"cannot read token file {self.path}: {exc.strerror}",
                variable="DNS_SERVICES_TOKEN_PATH",
            ) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise TokenFileError(
                    f"token file {self.path} is not a regular file",
                    variable="DNS_SERVICES_TOKEN_PATH",
                )
            self._check_mode(info.st_mode)
            chunks = []
            while chunk := os.read(fd, 65536):
                chunks.append(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
        try:
            data: Any = json.loads(raw)
        except ValueError:
            raise TokenFileError(
                f"token file {self.path} is not valid JSON; delete it and log in again",
                variable="DNS_SERVICES_TOKEN_PATH",
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise TokenFileError(
                f"token file {self.path} has an unknown format; delete it and log in again",
                variable="DNS_SERVICES_TOKEN_PATH",
            )
        if data.get("username") != username or data.get("api_url") != api_url:
            return None
        refresh = data.get("refresh_token")
        return StoredTokens(
            access_token=data["access_token"],
            refresh_token=refresh if isinstance(refresh, str) else None,
            username=username,
            api_url=api_url,
        )

    def save(self, tokens: StoredTokens) -> None:
        """Write the tokens atomically with mode 0600 (directory 0700).

        Args:
            tokens: What to store.

        Raises:
            TokenFileError: The directory or file cannot be written, or the directory is
                shared with other users (sticky like ``/tmp``, owned by someone else, or the
                home directory) and so cannot be made 0700.
        """  # noqa: DOC503 (``except BaseException: ... raise`` only cleans up the temp file)
        directory = self.path.parent
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._private_directory(directory)
            payload = json.dumps(
                {
                    "version": 1,
                    "username": tokens.username,
                    "api_url": tokens.api_url,
                    "access_token": tokens.access_token,
                    "refresh_token": tokens.refresh_token,
                }
            ).encode()
            fd, tmp = tempfile.mkstemp(prefix=".token-", dir=directory)
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            raise TokenFileError(
                f"cannot write token file {self.path}: {exc.strerror}",
                variable="DNS_SERVICES_TOKEN_PATH",
            ) from None

    def delete(self) -> bool:
        """Remove the token file.

        Returns:
            True when a file was removed.
        """
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True

    def exists(self) -> bool:
        """Tell whether the token file exists.

        Returns:
            True when something exists at the token path.
        """
        return self.path.exists()
