"""Page arithmetic: page-size checks, the next page number and the next cursor.

The page and cursor conventions are those of cloudconnexa-api.md §4.
"""

from __future__ import annotations

from cloudconnexa._exceptions import (
    CloudConnexaError,
    ConfigurationError,
)

MAX_PAGE_SIZE = 1000


def check_page_size(
    size: int,
    *,
    low: int = 1,
    high: int = MAX_PAGE_SIZE,
    error: type[CloudConnexaError] = ConfigurationError,
) -> int:
    """Validate a page size (``size`` query parameter, 1..1000 per cloudconnexa-api.md §4).

    Args:
        size: The page size.
        low: Smallest allowed size.
        high: Largest allowed size.
        error: The exception class to raise (``ConfigurationError`` for the client setting,
            ``InvalidArgumentError`` for a call argument).

    Returns:
        ``size``, unchanged.

    Raises:
        ConfigurationError: ``size`` is not an integer in ``low..high`` (the class given as
            ``error`` is raised instead when one is given, such as ``InvalidArgumentError``).
    """  # noqa: DOC503
    if isinstance(size, bool) or not isinstance(size, int) or not low <= size <= high:
        raise error(f"page_size must be an integer in {low}..{high}, got {size!r}")
    return size


def next_page_number(page: int, total_pages: int, item_count: int) -> int | None:
    """Compute the number of the page after ``page``.

    Args:
        page: The 0-based number of the page just read.
        total_pages: The ``totalPages`` of the page envelope.
        item_count: How many items that page held (an empty page ends the walk).

    Returns:
        The next 0-based page number, or ``None`` when ``page`` was the last one.
    """
    if item_count == 0 or page + 1 >= total_pages:
        return None
    return page + 1


def next_cursor(previous: str | None, cursor: str | None) -> str | None:
    """Compute the cursor of the next batch of a cursor walk.

    Args:
        previous: The cursor the last batch was requested with (``None`` for the first).
        cursor: The ``nextCursor`` of the last batch.

    Returns:
        The cursor to request next, or ``None`` when the walk is done (no cursor, or the same
        cursor again).
    """
    if not cursor or cursor == previous:
        return None
    return cursor
