"""Generate ``cloudconnexa/types/_generated.py`` from the OpenAPI 1.1.0 document.

Usage: ``python scripts/generate_cloudconnexa_types.py [--check]``. The cloudconnexa meta
test runs it in check mode (so does ``make lint``), so the committed models cannot drift from
the document. Page envelopes are left out (``cloudconnexa.types.Page`` is generic).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "packages" / "cloudconnexa"
SPEC = PACKAGE / "spec" / "openapi-1.1.0.json"
TARGET = PACKAGE / "src" / "cloudconnexa" / "types" / "_generated.py"

ENUM_NAMES: dict[tuple[str, ...], str] = {
    ("INVITED", "ACTIVE", "SUSPENDED", "SUSPENDED_IDP"): "UserStatus",
    ("OWNER", "MEMBER", "ADMIN"): "UserRole",
    ("INTERNAL", "SAML", "LDAP", "GOOGLE", "MICROSOFT"): "AuthType",
    ("ONLINE", "OFFLINE", "ONLINE_WITH_ISSUES"): "ConnectionStatus",
    ("SPLIT_TUNNEL_ON", "SPLIT_TUNNEL_OFF", "RESTRICTED_INTERNET"): "InternetAccess",
    ("NO_AUTH", "ON_PRIOR_AUTH", "EVERY_TIME"): "ConnectAuth",
    ("OPENVPN", "IPSEC"): "TunnelingProtocol",
    ("RESTART", "NONE"): "DeadPeerHandling",
    ("AES128", "AES256", "AES128_GCM_16", "AES256_GCM_16"): "EncryptionAlgorithm",
    ("SHA1", "SHA2_256", "SHA2_384", "SHA2_512"): "IntegrityAlgorithm",
    ("G_1", "G_2", "G_5", "G_14", "G_15", "G_16", "G_19", "G_20", "G_24"): "DiffieHellmanGroup",
    ("IKE_V1", "IKE_V2"): "IkeProtocolVersion",
    ("START", "ATTACH"): "IkeStartupAction",
    ("AWS", "CISCO", "AZURE", "GCP", "OTHER"): "IpSecPlatform",
    ("ACTIVE", "SUSPENDED"): "ConnectorState",
    ("SHARED_SECRET", "CERTIFICATE"): "IpSecAuthenticationType",
    ("NETWORK", "HOST"): "NetworkItemType",
    ("IP_V4", "IP_V6"): "RouteType",
    ("DOMAIN",): "DomainRouteType",
    ("TCP", "UDP", "ICMP"): "ServiceProtocol",
    ("IP_SOURCE", "SERVICE_DESTINATION"): "IpServiceType",
    ("FULL_DISK", "SPECIFIC_VOLUME"): "DiskEncryptionType",
    ("GTE", "LTE", "EQUAL"): "VersionCondition",
    ("USER_GROUP", "NETWORK_SERVICE", "HOST"): "AccessItemSourceType",
    ("USER_GROUP", "NETWORK_SERVICE", "HOST_SERVICE", "PUBLISHED_SERVICE"): (
        "AccessItemDestinationType"
    ),
}


def _snake(name: str) -> str:
    name = name.replace("UUID", "Uuid")
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return name.lower()


def _enum_name(values: list[str]) -> str:
    key = tuple(values)
    if key in ENUM_NAMES:
        return ENUM_NAMES[key]
    if all(v in {"ANY", "CUSTOM", "HTTP", "SSH"} or v.isupper() for v in values) and "BGP" in key:
        return "ServiceType"
    if "AVAST" in key:
        return "Antivirus"
    raise SystemExit(f"no enum name for {values}")


def _annotation(schema: dict[str, object], enums: dict[str, list[str]]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = schema.get("type")
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]  # type: ignore[attr-defined]
        name = _enum_name(values)
        enums[name] = values
        return f"Annotated[{name} | str, _OPEN]"
    if kind == "array":
        return f"list[{_annotation(schema['items'], enums)}]"  # type: ignore[arg-type]
    if kind == "string":
        return "datetime" if schema.get("format") == "date-time" else "str"
    if kind == "integer":
        return "int"
    if kind == "boolean":
        return "bool"
    if kind == "object":
        return "dict[str, Any]"
    raise SystemExit(f"unsupported schema {schema}")


def _base_class(name: str) -> str:
    """Request schemas validate strictly (no silent conversion before sending)."""
    return "CloudConnexaRequestModel" if name.endswith("Request") else "CloudConnexaModel"


def render() -> str:
    """Return the text of the generated module."""
    spec = json.loads(SPEC.read_text())
    schemas: dict[str, dict[str, object]] = spec["components"]["schemas"]
    enums: dict[str, list[str]] = {}
    classes: list[str] = []
    for name in sorted(schemas):
        if name.startswith("Page"):
            continue
        props: dict[str, dict[str, object]] = schemas[name].get("properties", {})  # type: ignore[assignment]
        lines = [
            f"class {name}({_base_class(name)}):",
            f'    """The ``{name}`` schema of the CloudConnexa API 1.1.0 document."""',
            "",
        ]
        for prop, schema in props.items():
            field = _snake(prop)
            annotation = _annotation(schema, enums)
            if field == prop:
                lines.append(f"    {field}: {annotation} | None = None")
            else:
                lines.append(f'    {field}: {annotation} | None = Field(None, alias="{prop}")')
        if not props:
            lines.append("    pass")
        classes.append("\n".join(lines))
    enum_blocks = []
    for name in sorted(enums):
        body = [
            f"class {name}(StrEnum):",
            f'    """Known values of ``{name}``; unknown values stay plain strings."""',
            "",
        ]
        body += [f'    {v} = "{v}"' for v in enums[name]]
        enum_blocks.append("\n".join(body))
    names = sorted([*enums, *(n for n in schemas if not n.startswith("Page"))])
    header = (
        '"""Models generated from the package\'s ``spec/openapi-1.1.0.json``.\n\n'
        "Written by ``scripts/generate_cloudconnexa_types.py``; do not edit.\n"
        "Change the generator and run it instead. Every field is optional (the document has\n"
        "no ``required`` lists); enum fields accept unknown values as plain strings, and unknown\n"
        "fields are kept (``model_extra``), because newer tenants add both. Request models\n"
        'validate strictly: a value of the wrong type is refused, never converted.\n"""\n\n'
        "from __future__ import annotations\n\n"
        "from datetime import datetime\n"
        "from enum import StrEnum\n"
        "from typing import Annotated, Any\n\n"
        "from pydantic import Field\n\n"
        "from cloudconnexa.types._base import (\n"
        "    _OPEN,\n    CloudConnexaModel,\n    CloudConnexaRequestModel,\n)\n\n"
        "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n\n\n"
    )
    text = header + "\n\n\n".join(enum_blocks + classes) + "\n"
    return subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main() -> None:
    """Write the module, or with ``--check`` exit 1 when the committed copy is stale."""
    text = render()
    if "--check" in sys.argv:
        raise SystemExit(0 if TARGET.read_text() == text else 1)
    TARGET.write_text(text)


if __name__ == "__main__":
    main()
