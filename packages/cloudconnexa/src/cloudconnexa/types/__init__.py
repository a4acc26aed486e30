"""Public pydantic models of the CloudConnexa API (generated from the 1.1.0 document).

Responses keep unknown fields (``model_extra``) and accept unknown enum values as plain
strings; requests may be given as these models or as plain dicts in the API's JSON shape, and
both are validated strictly (a value of the wrong type is refused, never converted).
"""

from cloudconnexa.types._base import CloudConnexaModel as CloudConnexaModel
from cloudconnexa.types._base import CloudConnexaRequestModel as CloudConnexaRequestModel
from cloudconnexa.types._extra import AuditLogEntry as AuditLogEntry
from cloudconnexa.types._extra import CursorPage as CursorPage
from cloudconnexa.types._extra import DnsResolution as DnsResolution
from cloudconnexa.types._extra import Page as Page
from cloudconnexa.types._generated import *  # noqa: F403
from cloudconnexa.types._generated import __all__ as _generated_all

__all__ = sorted(
    [
        *_generated_all,
        "AuditLogEntry",
        "CloudConnexaModel",
        "CloudConnexaRequestModel",
        "CursorPage",
        "DnsResolution",
        "Page",
    ]
)
