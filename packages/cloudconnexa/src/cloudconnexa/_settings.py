"""Tenant settings without I/O: name lookup and value encoding and decoding.

Facts (API document 1.1.0, cloudconnexa-api.md §6): booleans and integers travel as bare JSON
literals, the enum settings are sent as ``text/plain``, objects as JSON; whether string values come
back JSON-quoted or raw is unverified, so both are accepted.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from cloudconnexa._exceptions import APIResponseValidationError, InvalidArgumentError
from cloudconnexa._operations import SETTINGS, Setting
from cloudconnexa._params import coerce_body, plain_text
from cloudconnexa.types import CloudConnexaModel


def find_setting(name: str) -> Setting:
    try:
        return SETTINGS[name]
    except KeyError:
        raise InvalidArgumentError(
            f"unknown setting {name!r}; known settings: {', '.join(sorted(SETTINGS))}"
        ) from None


def decode_setting(setting: Setting, text: str) -> Any:
    stripped = text.strip()
    if setting.value_type is str:
        if stripped.startswith('"'):
            return plain_text(stripped)
        return stripped
    try:
        raw = json.loads(stripped)
        return TypeAdapter(setting.value_type).validate_python(raw)
    except (ValueError, PydanticValidationError) as exc:
        raise APIResponseValidationError(f"unexpected setting value {stripped[:100]!r}") from exc


def encode_setting(name: str, setting: Setting, value: Any) -> Any:
    if isinstance(setting.value_type, type) and issubclass(setting.value_type, CloudConnexaModel):
        return coerce_body(value, setting.value_type, what=f"settings.set({name!r})")
    if setting.value_type is not bool and isinstance(value, bool):
        raise InvalidArgumentError(f"setting {name!r} does not take a boolean")
    try:
        checked = TypeAdapter(setting.value_type).validate_python(value, strict=True)
    except PydanticValidationError:
        kind = getattr(setting.value_type, "__name__", str(setting.value_type))
        raise InvalidArgumentError(
            f"setting {name!r} takes a {kind} value; got {value!r}"
        ) from None
    return checked
