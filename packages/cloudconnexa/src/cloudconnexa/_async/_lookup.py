"""Lookup by natural key (a name, a username, a domain, a subnet) over a lazy listing.

The API has no server-side name filter in 1.1.0, so a lookup walks the listing page by page
and compares each item's key; only one page is held at a time.
"""

from __future__ import annotations

from typing import Any, TypeVar

from cloudconnexa._exceptions import InvalidArgumentError, NotFoundError

ItemT = TypeVar("ItemT")


def check_name(name: object, what: str) -> str:
    """Return ``name`` when it is a non-empty string.

    Args:
        name: The value to look for.
        what: The key's name, for the error message (``name``, ``username``).

    Returns:
        ``name``, unchanged.

    Raises:
        InvalidArgumentError: ``name`` is not a string or is blank.
    """
    if not isinstance(name, str) or not name.strip():
        raise InvalidArgumentError(f"{what} must be a non-empty string, got {name!r}")
    return name


async def find_by_key(items: Any, key: str, value: str) -> list[Any]:
    """Return every item of an async listing whose attribute ``key`` equals ``value``.

    Args:
        items: An async iterable of models (a pager).
        key: The attribute compared (snake_case model field).
        value: The value looked for; compared exactly (case-sensitive).

    Returns:
        The matching items, in listing order.
    """
    return [item async for item in items if getattr(item, key, None) == value]


def exactly_one(found: list[ItemT], key: str, value: str, what: str) -> ItemT:
    """Return the single item found by a lookup.

    Args:
        found: The items :func:`find_by_key` returned.
        key: The attribute compared, for the messages.
        value: The value looked for, for the messages.
        what: The collection's name, for the messages (``networks``).

    Returns:
        The only item.

    Raises:
        NotFoundError: No item matched (without an HTTP status: nothing answered 404).
        InvalidArgumentError: Several items matched; the message lists their ids.
    """
    if not found:
        raise NotFoundError(f"no item of {what} has {key} {value!r}")
    if len(found) > 1:
        ids = ", ".join(str(getattr(item, "id", "?")) for item in found)
        raise InvalidArgumentError(
            f"{len(found)} items of {what} have {key} {value!r} (ids {ids}); use the id instead"
        )
    return found[0]
