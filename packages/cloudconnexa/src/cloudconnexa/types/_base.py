"""The pydantic base model shared by every CloudConnexa type."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: Union mode for "known enum or raw string": try the enum first, keep unknown values as text.
_OPEN: Any = Field(union_mode="left_to_right")


class CloudConnexaModel(BaseModel):
    """Base of every model: fields by Python name or API (camelCase) alias, extras kept.

    Newer tenants (1.1.1, 1.2.x) add fields such as ``licensed``; they are kept in
    ``model_extra`` and survive a round trip through :meth:`to_api`.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_api(self) -> dict[str, Any]:
        """Serialise the model as a request body in the API's shape.

        Returns:
            A JSON-ready dict with camelCase keys; fields that were never set are left out,
            and extra fields are kept.
        """
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return data


class CloudConnexaRequestModel(CloudConnexaModel):
    """Base of the request models (``*Request``): values must already have the right type.

    Validation is strict, so nothing is converted silently before it is sent: ``egress="no"``
    or ``maxDevice="3"`` fail with a validation error instead of going out as ``false`` and
    ``3``. Enum fields still take their values as plain strings.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, strict=True)
