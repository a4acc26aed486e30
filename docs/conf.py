"""Sphinx configuration of the documentation site (``make docs`` builds ``docs/_build/html``)."""

from __future__ import annotations

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
    (r"py:.*", r"(collections\.abc|typing|typing_extensions|datetime|enum|pathlib|ssl)\..*"),
    (r"py:.*", r"(asyncio|logging|ipaddress|concurrent\.futures|types|os|http|threading)\..*"),
    (r"py:class", r"(Any|Self|TypeVar|Callable|Iterator|AsyncIterator|Mapping|Sequence|T|ModelT)"),
    (r"py:class", r"(pydantic_settings|annotated_types|uvicorn)(\..*)?"),
]

html_theme = "furo"
html_title = "DNS and private-network automation"
html_static_path: list[str] = []
