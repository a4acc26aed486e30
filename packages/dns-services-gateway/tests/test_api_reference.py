"""The API reference page documents every exported name with a directive of its own."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import dns_services_gateway
import dns_services_gateway.testing
import dns_services_gateway.types
import dns_services_gateway.zonefile

try:  # the certbot plugin needs the 'certbot' extra
    import dns_services_gateway.certbot as certbot_plugin
except ImportError:  # pragma: no cover
    certbot_plugin = None

PAGE = Path(__file__).resolve().parents[3] / "docs" / "api" / "dns-services-gateway.md"

# ".. autoclass:: dns_services_gateway.DNSServicesClient" and friends, also with an explicit
# signature ("Settings(**values)"); py: directives for aliases and constants.
_DIRECTIVE = re.compile(
    r"^\s*\.\. (?:auto(?:class|exception|function|data|attribute|module)|py:\w+)::\s*"
    r"(?P<target>[A-Za-z_][\w.]*)",
    re.MULTILINE,
)
_EVAL_RST = re.compile(r"^```\{eval-rst\}\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)

_NAMESPACES: list[tuple[str, ModuleType]] = [
    ("dns_services_gateway", dns_services_gateway),
    ("dns_services_gateway.types", dns_services_gateway.types),
    ("dns_services_gateway.testing", dns_services_gateway.testing),
    ("dns_services_gateway.zonefile", dns_services_gateway.zonefile),
]
if certbot_plugin is not None:
    _NAMESPACES.append(("dns_services_gateway.certbot", certbot_plugin))
try:  # the octodns provider needs the 'octodns' extra
    import dns_services_gateway.octodns as octodns_provider
except ImportError:  # pragma: no cover
    octodns_provider = None
if octodns_provider is not None:
    _NAMESPACES.append(("dns_services_gateway.octodns", octodns_provider))


def directive_targets(text: str) -> set[str]:
    """Return the dotted targets of the directives inside the page's ``{eval-rst}`` blocks."""
    targets: set[str] = set()
    for block in _EVAL_RST.finditer(text):
        targets.update(m["target"] for m in _DIRECTIVE.finditer(block["body"]))
    return targets


def missing_names(targets: set[str]) -> list[str]:
    """Return ``module.name`` for each exported name that has no directive.

    A name of ``dns_services_gateway.types`` that the package re-exports counts as documented
    when it has a directive under either path (it is the same object).
    """
    missing = []
    for module_name, module in _NAMESPACES:
        for name in module.__all__:
            paths = {f"{module_name}.{name}"}
            if module is dns_services_gateway.types and name in dns_services_gateway.__all__:
                paths.add(f"dns_services_gateway.{name}")
            if not paths & targets:
                missing.append(f"{module_name}.{name}")
    return missing


def _resolve(target: str) -> object:
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(target)


@pytest.fixture(scope="module")
def targets() -> set[str]:
    return directive_targets(PAGE.read_text(encoding="utf-8"))


def test_every_exported_name_has_a_directive(targets: set[str]) -> None:
    assert missing_names(targets) == []


def test_every_directive_target_exists(targets: set[str]) -> None:
    unresolved = []
    for target in sorted(targets):
        try:
            _resolve(target)
        except (ImportError, AttributeError):
            unresolved.append(target)
    assert unresolved == []


def test_public_paths_name_exported_objects(targets: set[str]) -> None:
    # A directive under a public path documents a name that path exports (a stale entry
    # after a rename would otherwise linger); private module paths are the documented
    # exception for classes reached only as attributes or annotations.
    stale = []
    for target in sorted(targets - {name for name, _ in _NAMESPACES}):
        module_name, _, name = target.rpartition(".")
        module = dict(_NAMESPACES).get(module_name)
        if module is None:
            allowed = any(part.startswith("_") for part in target.split(".")[1:])
        else:
            allowed = name in module.__all__
        if not allowed:
            stale.append(target)
    assert stale == []


def test_a_name_without_directive_is_reported() -> None:
    page = (
        "# Reference\n\n```{eval-rst}\n.. autoclass:: dns_services_gateway.DNSServicesClient\n"
        "   :members:\n```\n\n.. autoclass:: dns_services_gateway.Settings\n"
    )
    found = directive_targets(page)
    assert found == {"dns_services_gateway.DNSServicesClient"}
    missing = missing_names(found)
    assert "dns_services_gateway.Settings" in missing
    assert "dns_services_gateway.testing.FakeDNSServices" in missing
    assert "dns_services_gateway.DNSServicesClient" not in missing
