"""The API reference page documents every public name of the package.

``docs/api/cloudconnexa.md`` lists each name with its own autodoc directive; a name added to
an ``__all__`` without a directive on that page fails here, before the site silently omits it.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

import cloudconnexa
import cloudconnexa.config
import cloudconnexa.testing
import cloudconnexa.types

PAGE = Path(__file__).resolve().parents[3] / "docs" / "api" / "cloudconnexa.md"
DIRECTIVE = re.compile(
    r"^\s*\.\. auto(?:class|function|data|exception)::\s+([\w.]+)\s*$", re.MULTILINE
)
MODULES = [cloudconnexa, cloudconnexa.types, cloudconnexa.testing, cloudconnexa.config]


def documented(text: str) -> set[str]:
    """Return the dotted names of the autodoc directives in ``text``."""
    return set(DIRECTIVE.findall(text))


def test_directive_pattern_reads_directives_only() -> None:
    text = (
        ".. autoclass:: cloudconnexa.CloudConnexaClient\n"
        "   :members:\n"
        "   .. autodata:: cloudconnexa.__version__\n"
        ".. autoexception:: cloudconnexa.APIError\n"
        ".. autofunction:: cloudconnexa.x.helper\n"
        "Prose mentioning .. autoclass:: cloudconnexa.NotADirective inline.\n"
        ".. automodule:: cloudconnexa.types\n"
    )
    assert documented(text) == {
        "cloudconnexa.CloudConnexaClient",
        "cloudconnexa.__version__",
        "cloudconnexa.APIError",
        "cloudconnexa.x.helper",
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_every_public_name_has_a_directive(module: ModuleType) -> None:
    names = module.__all__
    prefix = module.__name__
    assert names, f"{prefix}.__all__ is empty"
    expected = {f"{prefix}.{name}" for name in names}
    missing = sorted(expected - documented(PAGE.read_text(encoding="utf-8")))
    assert not missing, f"{PAGE.name} has no autodoc directive for: {', '.join(missing)}"
