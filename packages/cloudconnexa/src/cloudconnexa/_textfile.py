"""Reading a user's text file with errors that say what went wrong, never a traceback."""

from __future__ import annotations

from pathlib import Path


def read_text(path: Path, error: type[Exception], *, encoding: str = "utf-8") -> str:
    """Return the text of ``path``, raising ``error`` with a readable message on failure.

    Args:
        path: The file to read.
        error: The exception class to raise (the caller's own, such as ``DocumentError``);
            it is called with the message alone.
        encoding: The text encoding (``utf-8-sig`` also accepts a leading byte-order mark).

    Returns:
        The file's text.

    Raises:
        Exception: An instance of ``error``: the file cannot be read (the OS reason is
            given) or is not text in ``encoding``.
    """  # noqa: DOC503
    try:
        return path.read_text(encoding=encoding)
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise error(f"{path} is not UTF-8 text") from None
