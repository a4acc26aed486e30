"""The documentation's quick start (docs/cloudconnexa/quickstart.md) runs as written.

The page's Python blocks run in order in one namespace, and each block's printed output must
match the ``text`` block that follows it. The command-line section runs as a user would run
it: the ``sandbox`` line starts in a background process, its ``export`` lines go into the
environment, and the second ``console`` block runs through bash. Its output must match the
lines shown on the page, where ``...`` stands for ids, ports and other values that change from
run to run.

The Python examples of the other cloudconnexa pages run too, each on its own, with a ``client``
connected to a fake and the fake's URL and credentials in the environment.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[3] / "docs" / "cloudconnexa"
PAGE = DOCS / "quickstart.md"
OTHER_PAGES = ("authentication.md", "errors.md", "pagination.md", "rate-limits.md")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\n", re.S | re.M)
BIN = Path(sys.executable).parent


def fences(page: Path = PAGE) -> list[tuple[str, str]]:
    """Return a page's fenced blocks, in order.

    Args:
        page: The Markdown page.

    Returns:
        One ``(language, text)`` pair per fenced block.
    """
    return FENCE.findall(page.read_text(encoding="utf-8"))


def python_examples() -> list[tuple[str, str | None]]:
    """Pair each Python block of the quick start with the output the page shows for it.

    Returns:
        ``(code, output)`` per Python block; ``output`` is the ``text`` block right after it,
        or ``None`` when the next block is not one.
    """
    blocks = fences()
    pairs = []
    for index, (language, code) in enumerate(blocks):
        if language != "python":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        output = following[1] if following and following[0] == "text" else None
        pairs.append((code, output))
    return pairs


def console_blocks() -> list[str]:
    """Return the quick start's ``console`` blocks that show a prompt (``$ ``).

    Returns:
        The blocks' text, in page order.
    """
    return [text for language, text in fences() if language == "console" and "$ " in text]


def pattern(expected: list[str]) -> re.Pattern[str]:
    """Turn the output lines a page shows into a pattern for the whole actual output.

    Args:
        expected: The shown lines; ``...`` in a line matches any text within that line.

    Returns:
        A pattern to ``fullmatch`` against the output (a final newline is optional).
    """
    lines = [r"[^\n]*?".join(re.escape(part) for part in line.split("...")) for line in expected]
    return re.compile("\n".join(lines) + "\n?")


def assert_output(shown: str, actual: str, where: str) -> None:
    expected = shown.rstrip("\n").split("\n")
    assert pattern(expected).fullmatch(actual), f"{where}: expected\n{shown}\ngot\n{actual}"


def test_the_page_has_the_examples_the_tests_rely_on() -> None:
    examples = python_examples()
    codes = [code for code, _ in examples]
    assert len(examples) >= 6
    assert "FakeCloudConnexa(" in codes[0]
    assert "fake.stop()" in codes[-1]
    assert any("except BadRequestError" in code for code in codes)
    assert any(".pages()" in code for code in codes)
    assert all(output is not None for _, output in examples[:-1])
    prompts = console_blocks()
    assert len(prompts) == 2
    assert prompts[0].startswith("$ cloudconnexa sandbox ")


def test_python_examples_run_and_print_what_the_page_shows() -> None:
    namespace: dict[str, Any] = {"__name__": "quickstart"}
    try:
        for number, (code, output) in enumerate(python_examples(), start=1):
            captured = io.StringIO()
            with contextlib.redirect_stdout(captured):
                exec(compile(code, f"quickstart.md block {number}", "exec"), namespace)
            if output is not None:
                assert_output(output, captured.getvalue(), f"block {number}")
        fake = namespace["fake"]
        assert fake.port != 0
        assert fake.state.table("networks") == {}
        assert fake.state.table("routes") == {}
    finally:
        # Close the client and stop the fake even when a block failed before the page's own
        # clean-up (both calls are harmless when the page already made them).
        if "client" in namespace:
            namespace["client"].close()
        if "fake" in namespace:
            namespace["fake"].stop()


def shell_lines(block: str) -> tuple[list[str], str]:
    """Split a console block into its commands and the output it shows.

    Args:
        block: The block's text.

    Returns:
        The commands (without the ``$ `` prompt) and the other lines, joined with newlines.
    """
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    shown = "".join(line + "\n" for line in block.splitlines() if not line.startswith("$ "))
    return commands, shown


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("jq") is None, reason="the page's shell example uses jq")
def test_command_line_examples_run_and_print_what_the_page_shows(tmp_path: Path) -> None:
    sandbox_block, session_block = console_blocks()
    (sandbox_command,), sandbox_shown = shell_lines(sandbox_block)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        "CLOUDCONNEXA_CONFIG": str(tmp_path / "no-config.toml"),
        "COLUMNS": "200",
    }
    for name in ("CLOUDCONNEXA_BASE_URL", "CLOUDCONNEXA_CLIENT_ID", "CLOUDCONNEXA_CLIENT_SECRET"):
        env.pop(name, None)
    sandbox = subprocess.Popen(
        ["bash", "-c", f"exec {sandbox_command}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert sandbox.stdout is not None
        printed = "".join(sandbox.stdout.readline() for _ in sandbox_shown.splitlines())
        assert_output(sandbox_shown, printed, "sandbox")
        exports = [line for line in printed.splitlines() if line.startswith("export ")]
        commands, shown = shell_lines(session_block)
        script = "\n".join([*exports, *commands]) + "\n"
        result = subprocess.run(
            ["bash", "-c", "exec 2>&1\n" + script],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert commands, "the console block has no commands"
        assert_output(shown, result.stdout, "command-line session")
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=30)
        if sandbox.stdout is not None:
            sandbox.stdout.close()


def test_other_pages_have_python_examples() -> None:
    counts = {
        name: sum(lang == "python" for lang, _ in fences(DOCS / name)) for name in OTHER_PAGES
    }
    assert all(counts.values()), counts


@pytest.mark.parametrize("name", OTHER_PAGES)
def test_other_pages_python_examples_run(
    name: str, fake: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cloudconnexa import CloudConnexaClient

    monkeypatch.setenv("CLOUDCONNEXA_BASE_URL", fake.base_url)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_SECRET", fake.client_secret)
    fake.seed_users(3)
    blocks = [code for lang, code in fences(DOCS / name) if lang == "python"]
    with CloudConnexaClient(fake.base_url, fake.client_id, fake.client_secret) as client:
        for number, code in enumerate(blocks, start=1):
            # Each block on its own, as the page presents them; `record_id` names no record.
            namespace = {"client": client, "record_id": "no-such-record"}
            exec(compile(code, f"{name} block {number}", "exec"), namespace)
    if name == "pagination.md":
        assert capsys.readouterr().out.splitlines()[:3] == ["user0", "user1", "user2"]
