"""The quick start page (docs/dns-validation/quickstart.md) runs as written.

The page's Python block is saved as ``quickstart.py`` in a scratch directory and run in a fresh
interpreter, as ``uv run python quickstart.py`` would; its output must be the page's ``text``
block, line for line. Every shell line of the page must be one this test knows how to stand in
for, so that a new command on the page cannot go untested.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "dns-validation" / "quickstart.md"

pytestmark = pytest.mark.slow


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", PAGE.read_text(), re.M | re.S)


def test_page_has_one_script_one_output_and_known_commands() -> None:
    assert len(_blocks("python")) == 1
    assert len(_blocks("text")) == 1
    lines = [line for block in _blocks("bash") for line in block.splitlines() if line.strip()]
    assert lines == ["make install", "uv run python quickstart.py"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_install_is_a_target() -> None:
    # `make install` itself is what created the environment running this test; a dry run
    # shows the target exists and what it runs, without syncing again.
    done = subprocess.run(
        ["make", "-n", "install"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "sync --locked --all-packages --all-extras" in done.stdout


def test_quickstart_runs_and_prints_the_documented_output(tmp_path: Path) -> None:
    (script,) = _blocks("python")
    (expected,) = _blocks("text")
    (tmp_path / "quickstart.py").write_text(script)
    done = subprocess.run(
        [sys.executable, "quickstart.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    log = tmp_path / "quickstart.log"
    detail = done.stderr + (log.read_text() if log.exists() else "(no log)")
    assert done.returncode == 0, detail
    assert done.stdout.splitlines() == expected.splitlines(), detail
    assert (tmp_path / "quickstart.db").exists()
    assert '"event": "job.activated"' in log.read_text()
