"""The API reference page has an explicit autodoc directive for every public name."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import dns_validation
from dns_validation import testing

PAGE = Path(__file__).resolve().parents[3] / "docs" / "api" / "dns-validation.md"

# A fenced {eval-rst} block of MyST: its body runs up to the closing fence of the same length.
_EVAL_RST = re.compile(
    r"^(?P<fence>`{3,}|~{3,})\{eval-rst\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# `.. autoclass:: x.y`, `.. py:data:: x.y` ...; an explicit signature after the name is allowed.
_DIRECTIVE = re.compile(
    r"^[ \t]*\.\.[ \t]+(?:py:)?(?:auto)?"
    r"(?:module|class|exception|function|data|attribute|method|property)::[ \t]+"
    r"(?P<target>[\w.]+)",
    re.MULTILINE,
)

PUBLIC = [f"dns_validation.{name}" for name in dns_validation.__all__] + [
    f"dns_validation.testing.{name}" for name in testing.__all__
]


def documented(markdown: str) -> set[str]:
    """The dotted names that have a directive inside an ``{eval-rst}`` block of ``markdown``."""
    return {
        found["target"]
        for block in _EVAL_RST.finditer(markdown)
        for found in _DIRECTIVE.finditer(block["body"])
    }


@pytest.fixture(scope="module")
def page_names() -> set[str]:
    return documented(PAGE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_has_a_directive(name: str, page_names: set[str]) -> None:
    assert name in page_names, f"{PAGE.name} has no autodoc directive for {name}"


def test_directives_outside_eval_rst_do_not_count() -> None:
    markdown = (
        "# Page\n\n"
        ".. autoclass:: dns_validation.Settings\n\n"
        "```{eval-rst}\n"
        ".. autofunction:: dns_validation.create_app\n"
        "   :no-index:\n\n"
        ".. py:data:: dns_validation.__version__\n"
        "```\n\n"
        "```python\n"
        ".. autoexception:: dns_validation.ConfigError\n"
        "```\n"
    )
    assert documented(markdown) == {"dns_validation.create_app", "dns_validation.__version__"}


def test_an_explicit_signature_is_not_part_of_the_name() -> None:
    markdown = "````{eval-rst}\n.. autoclass:: dns_validation.Settings(**values)\n````\n"
    assert documented(markdown) == {"dns_validation.Settings"}


def test_page_documents_nothing_that_is_gone(page_names: set[str]) -> None:
    for name in page_names:
        module_name, _, attribute = name.rpartition(".")
        module = importlib.import_module(module_name)
        assert hasattr(module, attribute), f"{PAGE.name} documents {name}, which does not exist"
