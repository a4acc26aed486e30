"""Partial updates for the CLI: `update ID --set field=value` merged into the current object.

The API's PUT replaces the whole object (cloudconnexa-api.md §6: updates are PUT with a full
body, there is no PATCH), so the command reads the item, keeps the fields its update model
declares, applies the assignments and sends the result. The library then checks the merged
body strictly, like any other.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from cloudconnexa.cli._common import UsageProblem


def _accepts_text(annotation: Any) -> bool:
    """Whether a field annotation takes a plain string (``str``, or an enum-or-string)."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin in (list, dict, tuple, set, frozenset):
        return False
    return any(_accepts_text(arg) for arg in typing.get_args(annotation))


def _fields(model: type[BaseModel]) -> dict[str, tuple[str, Any]]:
    """Map every accepted spelling of a field (camelCase alias, snake_case) to its alias."""
    spellings: dict[str, tuple[str, Any]] = {}
    for name, info in model.model_fields.items():
        alias = info.alias or name
        spellings[alias] = spellings[name] = (alias, info.annotation)
    return spellings


def parse_assignment(text: str, model: type[BaseModel]) -> tuple[str, Any]:
    """Parse one ``--set FIELD=VALUE`` into the field's API name and its value.

    A field that takes text gets the text as it is (``--set name=hq``); any other field takes
    JSON (``--set egress=false``, ``--set maxDevice=3``, ``--set vpnRegionIds='["de-fra"]'``).
    ``null`` clears a field.

    Args:
        text: The option's value, ``FIELD=VALUE``; the field may be spelt in camelCase (the
            API's name) or snake_case.
        model: The update model of the resource.

    Returns:
        The field's API (camelCase) name and the value.

    Raises:
        UsageProblem: No ``=``, a field the update model does not have (the message lists
            those it has), or a value that is not JSON where JSON is needed.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise UsageProblem(f"--set takes FIELD=VALUE, got {text!r}")
    fields = _fields(model)
    if key not in fields:
        names = sorted({alias for alias, _ in fields.values()})
        raise UsageProblem(
            f"--set: {key!r} is not a field of the update; fields: {', '.join(names)}"
        )
    alias, annotation = fields[key]
    if raw == "null":
        return alias, None
    if _accepts_text(annotation):
        return alias, raw
    try:
        return alias, json.loads(raw)
    except ValueError:
        raise UsageProblem(
            f"--set {alias}=...: this field takes JSON (such as true, 3 or [..]); got {raw!r}"
        ) from None


def merged_body(
    current: BaseModel, model: type[BaseModel], assignments: Sequence[str]
) -> dict[str, Any]:
    """Return the full PUT body: the current item's updatable fields with the assignments applied.

    Args:
        current: The item as the API returned it.
        model: The resource's update model; fields it does not declare (server-generated
            ones such as ``id`` or ``status``) are left out of the body.
        assignments: The ``--set FIELD=VALUE`` values, applied in order.

    Returns:
        The body in the API's camelCase JSON shape.

    Raises:
        UsageProblem: An assignment is malformed (see :func:`parse_assignment`).
    """
    known = {alias for alias, _ in _fields(model).values()}
    data = current.model_dump(mode="json", by_alias=True, exclude_none=True)
    body = {key: value for key, value in data.items() if key in known}
    for text in assignments:
        key, value = parse_assignment(text, model)
        body[key] = value
    return body
