"""Argument checks and request-body coercion, done before anything is sent."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from cloudconnexa._exceptions import InvalidArgumentError
from cloudconnexa.types import CloudConnexaModel


def check_id(value: str, name: str = "id") -> str:
    """Check an id argument and quote it for a URL path segment.

    Args:
        value: The id given by the caller; surrounding whitespace is dropped.
        name: The argument name, for the error message.

    Returns:
        The stripped id, percent-encoded so that ``/`` and other reserved characters stay
        inside one path segment.

    Raises:
        InvalidArgumentError: ``value`` is not a string or is blank.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{name} must be a non-empty string, got {value!r}")
    return quote(value.strip(), safe="")


def coerce_body(body: Any, model: type[CloudConnexaModel], *, what: str) -> dict[str, Any]:
    """Return the JSON body for ``body``, given as ``model`` or a plain dict.

    A dict may use the API's camelCase keys or the models' snake_case names; it is checked
    against ``model`` strictly (a value of the wrong type fails here and is never converted,
    so ``{"egress": "no"}`` is refused rather than sent as ``false``; unknown keys are passed
    through).

    Args:
        body: An instance of ``model``, or a mapping in the API's JSON shape.
        model: The request model the body must satisfy.
        what: The calling method's name, for error messages (``NetworksService.create``).

    Returns:
        The body as a JSON-ready dict with the API's camelCase keys.

    Raises:
        InvalidArgumentError: ``body`` is another model or not a mapping, or a field has the
            wrong type; the message lists the fields.
    """
    if isinstance(body, model):
        return body.to_api()
    if isinstance(body, BaseModel):
        raise InvalidArgumentError(
            f"{what} expects a {model.__name__} or a dict, got {type(body).__name__}"
        )
    if not isinstance(body, Mapping):
        raise InvalidArgumentError(
            f"{what} expects a {model.__name__} or a dict, got {type(body).__name__}"
        )
    try:
        # Strict: a wrong type is refused (``"no"`` for a boolean, ``"3"`` for an integer)
        # instead of being converted and sent; nested models are checked the same way.
        return model.model_validate(dict(body), strict=True).to_api()
    except PydanticValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
            for err in exc.errors()
        )
        raise InvalidArgumentError(f"{what}: invalid {model.__name__}: {problems}") from None


#: How far back the sessions list and the DNS log may look (API document, ``startDate`` and
#: ``startHour`` parameters: at most 30 days).
MAX_LOOKBACK = timedelta(days=30)


def format_instant(
    value: datetime | str | None,
    name: str,
    *,
    max_age: timedelta | None = None,
    now: datetime | None = None,
) -> str | None:
    """Format a timestamp as the API's ISO instant (``2022-11-08T14:53:43Z``).

    Naive datetimes and strings without an offset are taken as UTC.

    Args:
        value: A datetime, an ISO 8601 string, or ``None`` (the parameter is left out).
        name: The argument name, for error messages.
        max_age: Reject instants further back than this from ``now``.
        now: The current time (default: the system clock, UTC).

    Raises:
        InvalidArgumentError: ``value`` is neither a datetime nor an ISO 8601 string, or it lies
            further back than ``max_age``.

    Returns:
        The instant in UTC as ``YYYY-MM-DDTHH:MM:SSZ``, or ``None`` when ``value`` is ``None``.
    """
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        raise InvalidArgumentError(f"{name} must not be empty")
    if not isinstance(value, datetime | str):
        raise InvalidArgumentError(f"{name} must be a datetime or an ISO string, got {value!r}")
    moment = as_datetime(value)
    if moment is None:
        raise InvalidArgumentError(
            f"{name} must be an ISO 8601 instant such as 2022-11-08T14:53:43Z, got {value!r}"
        )
    moment = moment.astimezone(UTC)
    if max_age is not None and moment < (now or datetime.now(UTC)) - max_age:
        raise InvalidArgumentError(
            f"{name} must be at most {max_age.days} days back (an API limit), "
            f"got {moment.strftime('%Y-%m-%dT%H:%M:%SZ')}"
        )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def as_datetime(value: datetime | str | None) -> datetime | None:
    """Parse an ISO 8601 instant into an aware datetime.

    Args:
        value: A datetime, an ISO 8601 string (a trailing ``Z`` is accepted), or ``None``.

    Returns:
        The datetime, with UTC attached when ``value`` had no offset; ``None`` when ``value``
        is ``None`` or a string that does not parse.
    """
    if value is None or isinstance(value, datetime):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def check_range(value: int, name: str, low: int, high: int) -> int:
    """Check that an integer argument lies in an inclusive range.

    Args:
        value: The argument given by the caller.
        name: The argument name, for the error message.
        low: Smallest allowed value.
        high: Largest allowed value.

    Returns:
        ``value``, unchanged.

    Raises:
        InvalidArgumentError: ``value`` is not an integer (a bool does not count) or lies
            outside ``low..high``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be an integer in {low}..{high}, got {value!r}")
    return value


def check_parent(value: str, name: str) -> str:
    """Check a parent id (``network_id``, ``host_id``, ...) used as a query parameter.

    Args:
        value: The id given by the caller.
        name: The argument name, for the error message.

    Returns:
        The id without surrounding whitespace (not percent-encoded: httpx encodes queries).

    Raises:
        InvalidArgumentError: ``value`` is not a string or is blank.
    """  # noqa: DOC502
    check_id(value, name)
    return value.strip()


def plain_text(text: str) -> str:
    """Unwrap a text response that the API may have sent as a JSON string.

    Args:
        text: The response body.

    Returns:
        The decoded string when ``text`` is a JSON string literal, else ``text`` unchanged.
    """
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        try:
            value = json.loads(stripped)
        except ValueError:
            return text
        return value if isinstance(value, str) else text
    return text
