"""Private files written by the CLI: the config file (client secrets) and VPN profiles (keys)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600.

    The text goes to a temporary file in the same directory, created private (``mkstemp``
    opens it 0600 and ``fchmod`` makes sure), which then replaces ``path`` in one rename, so
    readers never see a partial file and no other user can read it at any moment.

    Raises:
        OSError: The directory is missing or not writable, or the disk is full; the temporary
            file is removed.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
