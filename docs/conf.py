"""Sphinx configuration of the documentation site (``make docs`` builds ``docs/_build/html``)."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "DNS and private-network automation"
author = "The maintainers"
copyright = "2026, the maintainers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_autodoc_typehints",
    "sphinxcontrib.typer",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]
root_doc = "index"

# MyST: heading anchors for `page.md#section` links, fenced directives, definition lists.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]

# autodoc with Google docstrings (napoleon) and the annotations as the source of types.
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
always_document_param_types = False
typehints_fully_qualified = False

# Nitpicky mode (-n) checks every cross-reference. Names from libraries whose inventories the
# build cannot fetch (it runs offline) are listed here instead of being silenced wholesale.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(httpx|pydantic|typer|click|sqlalchemy|fastapi|starlette|dns|jwt|yaml)(\..*)?"),
    (r"py:.*", r"(certbot|acme|octodns)(\..*)?"),
    (r"py:.*", r"(collections\.abc|typing|typing_extensions|datetime|enum|pathlib|ssl)\..*"),
    (r"py:.*", r"(asyncio|logging|ipaddress|concurrent\.futures|types|os|http)\..*"),
    (r"py:.*", r"(threading|random)\..*"),
    (r"py:class", r"(Any|Self|TypeVar|Callable|Iterator|AsyncIterator|Mapping|Sequence|T|ModelT)"),
    (r"py:class", r"(pydantic_settings|annotated_types|uvicorn)(\..*)?"),
]

html_theme = "furo"
html_title = "DNS and private-network automation"
html_static_path: list[str] = []


def _settings_signature(app, what, name, obj, options, signature, return_annotation):  # type: ignore[no-untyped-def]
    """Show settings classes without pydantic-settings' private constructor options.

    A ``BaseSettings`` subclass accepts every field as a keyword plus ``_env_file``,
    ``_cli_parse_args`` and a dozen more private options; its fields are documented on the class,
    so the signature would only repeat them.
    """
    from pydantic_settings import BaseSettings

    if what == "class" and isinstance(obj, type) and issubclass(obj, BaseSettings):
        return "(**fields)", None
    return None


_RAISES_ENTRY = re.compile(r"^(\s+)([A-Z]\w*(?:Error|Exception|Warning)):")
_PACKAGES = ("dns_validation", "dns_services_gateway", "cloudconnexa")


def _qualify_raises(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    """Qualify bare exception names in Raises sections with the package that exports them.

    Both clients export exceptions of the same name (``NotFoundError``, ...). A bare name in a
    Google ``Raises:`` entry would be ambiguous across the site, so ``NotFoundError:`` in a
    docstring of ``dns_services_gateway`` becomes ``~dns_services_gateway.NotFoundError:``
    before napoleon turns it into a cross-reference.
    """
    package = name.split(".", 1)[0]
    if package not in _PACKAGES:
        return
    exported = vars(importlib.import_module(package))
    in_raises = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.endswith(":") and not line.startswith((" ", "\t")):
            in_raises = stripped == "Raises:"
            continue
        match = _RAISES_ENTRY.match(line) if in_raises else None
        if match and match.group(2) in exported:
            indent, error = match.group(1), match.group(2)
            lines[index] = f"{indent}~{package}.{error}:{line[match.end() :]}"


def setup(app):  # type: ignore[no-untyped-def]
    """Register the hooks of this configuration."""
    # Before napoleon (priority 500) reads the Google sections.
    app.connect("autodoc-process-docstring", _qualify_raises, priority=400)
    # After sphinx-autodoc-typehints (priority 500), which would otherwise write the signature.
    app.connect("autodoc-process-signature", _settings_signature, priority=900)
