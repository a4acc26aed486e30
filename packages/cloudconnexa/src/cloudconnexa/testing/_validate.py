"""Request-body validation that collects every problem into one `ErrorResponse`.

The OpenAPI document declares no `required` lists and no length limits, so the rules here come
from practice (cloudconnexa-api.md §6, §11): names 1..40 characters and
descriptions up to 120 characters (the limits the Terraform provider enforces), required parents,
valid enums, CIDR values. Unknown fields are ignored, as the Spring back end does
(cloudconnexa-api.md §11 item 21).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from cloudconnexa.testing._errors import (
    CODE_INVALID,
    CODE_LENGTH,
    CODE_RANGE,
    CODE_REQUIRED,
    FakeAPIError,
    FieldErrors,
)

NAME_MAX = 40
DESCRIPTION_MAX = 120


class Body:
    """A JSON object from a request, read field by field with errors collected.

    Args:
        raw: The decoded JSON value.
        errors: Where problems go; a new collector if None.
        prefix: Dotted prefix for nested field names.

    Raises:
        FakeAPIError: 400 if `raw` is not a JSON object.
    """

    def __init__(self, raw: Any, errors: FieldErrors | None = None, prefix: str = "") -> None:
        if not isinstance(raw, dict):
            raise FakeAPIError(400, "Request body must be a JSON object")
        self.raw: dict[str, Any] = raw
        self.errors = errors if errors is not None else FieldErrors()
        self.prefix = prefix

    def _name(self, field: str) -> str:
        return f"{self.prefix}{field}"

    def present(self, field: str) -> bool:
        """Return True if the field is present and not null.

        Args:
            field: JSON name.

        Returns:
            Whether the object has `field` with a non-null value.
        """
        return self.raw.get(field) is not None

    def text(
        self,
        field: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        default: str | None = None,
    ) -> str | None:
        """Read a string field.

        Args:
            field: JSON name.
            required: A missing or blank value is an error.
            max_length: Upper length limit (lower limit 1 when required).
            default: Value when absent.

        Returns:
            The string, or `default`.
        """
        value = self.raw.get(field)
        if value is None or (isinstance(value, str) and not value.strip() and required):
            if required:
                self.errors.add(self._name(field), CODE_REQUIRED, "must not be blank")
            return default
        if not isinstance(value, str):
            self.errors.add(self._name(field), CODE_INVALID, "must be a string")
            return default
        if max_length is not None and len(value) > max_length:
            self.errors.add(
                self._name(field),
                CODE_LENGTH,
                "Length must be between {min} and {max}",
                {"min": 1 if required else 0, "max": max_length},
            )
        return value

    def name(self, field: str = "name") -> str:
        """Read the usual required `name` (1..40 characters).

        Args:
            field: JSON name.

        Returns:
            The name, or an empty string when it is missing (the problem is recorded).
        """
        return self.text(field, required=True, max_length=NAME_MAX) or ""

    def description(self, field: str = "description") -> str | None:
        """Read the usual optional `description` (up to 120 characters).

        Args:
            field: JSON name.

        Returns:
            The description, or None when absent.
        """
        return self.text(field, max_length=DESCRIPTION_MAX)

    def enum(
        self,
        field: str,
        values: Iterable[str],
        *,
        required: bool = False,
        default: str | None = None,
    ) -> str | None:
        """Read an enum string field.

        Args:
            field: JSON name.
            values: Allowed values.
            required: A missing value is an error.
            default: Value when absent.

        Returns:
            The value, or `default`.
        """
        allowed = list(values)
        value = self.raw.get(field)
        if value is None:
            if required:
                self.errors.add(self._name(field), CODE_REQUIRED, "must not be null")
            return default
        if value not in allowed:
            self.errors.add(
                self._name(field),
                CODE_INVALID,
                "must be one of {values}",
                {"values": allowed},
            )
            return default
        return str(value)

    def boolean(
        self, field: str, *, required: bool = False, default: bool | None = None
    ) -> bool | None:
        """Read a boolean field.

        Args:
            field: JSON name.
            required: A missing value is an error.
            default: Value when absent or not a boolean.

        Returns:
            The boolean, or `default`.
        """
        value = self.raw.get(field)
        if value is None:
            if required:
                self.errors.add(self._name(field), CODE_REQUIRED, "must not be null")
            return default
        if not isinstance(value, bool):
            self.errors.add(self._name(field), CODE_INVALID, "must be a boolean")
            return default
        return value

    def integer(
        self,
        field: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        default: int | None = None,
    ) -> int | None:
        """Read an integer field with an optional inclusive range.

        Args:
            field: JSON name.
            minimum: Lowest allowed value, or None for no lower bound.
            maximum: Highest allowed value, or None for no upper bound.
            default: Value when absent or not an integer (JSON booleans are not integers).

        Returns:
            The integer (also when out of range, the problem being recorded), or `default`.
        """
        value = self.raw.get(field)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors.add(self._name(field), CODE_INVALID, "must be an integer")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.errors.add(
                self._name(field),
                CODE_RANGE,
                "must be between {min} and {max}",
                {"min": minimum, "max": maximum},
            )
        return value

    def str_list(self, field: str, *, required: bool = False) -> list[str]:
        """Read a list of strings (an empty list when absent).

        Args:
            field: JSON name.
            required: A missing or empty list is an error.

        Returns:
            A copy of the list, or an empty list when absent or not a list of strings.
        """
        value = self.raw.get(field)
        if value is None:
            if required:
                self.errors.add(self._name(field), CODE_REQUIRED, "must not be empty")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.errors.add(self._name(field), CODE_INVALID, "must be a list of strings")
            return []
        if required and not value:
            self.errors.add(self._name(field), CODE_REQUIRED, "must not be empty")
        return list(value)

    def obj(self, field: str, *, required: bool = False) -> Body | None:
        """Read a nested object as a `Body` sharing this one's error collector.

        Args:
            field: JSON name; nested problems are reported as `field.<name>`.
            required: A missing value is an error.

        Returns:
            The nested `Body`, or None when absent or not an object.
        """
        value = self.raw.get(field)
        if value is None:
            if required:
                self.errors.add(self._name(field), CODE_REQUIRED, "must not be null")
            return None
        if not isinstance(value, dict):
            self.errors.add(self._name(field), CODE_INVALID, "must be an object")
            return None
        return Body(value, self.errors, f"{self._name(field)}.")

    def obj_list(self, field: str, *, required: bool = False) -> list[Body]:
        """Read a list of nested objects (an empty list when absent).

        Args:
            field: JSON name; problems of item `i` are reported as `field[i].<name>`.
            required: A missing or empty list is an error.

        Returns:
            One `Body` per item, or an empty list when absent or not a list of objects.
        """
        value = self.raw.get(field)
        if value is None or value == []:
            if required:
                self.errors.add(self._name(field), CODE_REQUIRED, "must not be empty")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.errors.add(self._name(field), CODE_INVALID, "must be a list of objects")
            return []
        return [Body(v, self.errors, f"{self._name(field)}[{i}].") for i, v in enumerate(value)]

    def fail(
        self, field: str, code: str, message: str, params: dict[str, Any] | None = None
    ) -> None:
        """Record a problem found by the caller's own check.

        Args:
            field: JSON name (this body's prefix is added).
            code: The error code.
            message: The message, possibly with `{placeholders}`.
            params: Values for the placeholders.
        """
        self.errors.add(self._name(field), code, message, params)

    def done(self) -> None:
        """Raise the collected 400, if any.

        The 400 `FakeAPIError` of `FieldErrors.raise_if_any` (`Validation failed`, with every
        recorded problem in `errorDetails`) propagates when a field was invalid; nothing
        happens otherwise.
        """
        self.errors.raise_if_any()


def parse_cidr(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """Parse a CIDR such as `10.0.0.0/24`; None if it is not one (host bits are allowed).

    Args:
        value: The text to parse; it must contain a `/`.

    Returns:
        The IPv4 or IPv6 network (host bits cleared), or None.
    """
    if "/" not in value:
        return None
    try:
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None


def is_ip(value: str, version: int) -> bool:
    """Return True if `value` is an IP address of the given version (4 or 6).

    Args:
        value: The text to check.
        version: 4 or 6.

    Returns:
        Whether `value` parses as an address of that version.
    """
    try:
        return ipaddress.ip_address(value).version == version
    except ValueError:
        return False


def is_domain(value: str) -> bool:
    """Return True for a plausible fully qualified domain name (wildcard label allowed).

    At most 253 characters and at least two labels of 1..63 letters, digits and hyphens, not
    starting or ending with a hyphen (RFC 1035 §2.3.1); the first label may be `*`.

    Args:
        value: The name, with or without the trailing dot.

    Returns:
        Whether the name is plausible.
    """
    labels = value.rstrip(".").split(".")
    if len(value) > 253 or len(labels) < 2:
        return False
    for i, label in enumerate(labels):
        if label == "*" and i == 0:
            continue
        if not 1 <= len(label) <= 63 or label.startswith("-") or label.endswith("-"):
            return False
        if not all(c.isalnum() or c == "-" for c in label):
            return False
    return True
