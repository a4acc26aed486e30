"""The quick start page (docs/dns-services-gateway/quickstart.md) runs as written.

The Python block is executed and its output compared with the page's ``text`` block. The
console block is run command by command: the sandbox in a subprocess, every ``dns-services``
line as a subprocess of the installed command, with the page's ``export`` lines as the
environment. The one change: the page's fixed ports are replaced by free ones, so that the test
cannot collide with anything else on the machine. Loopback only.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import re
import shlex
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[3] / "docs" / "dns-services-gateway" / "quickstart.md"
PAGE_HTTP_PORT, PAGE_DNS_PORT = "8480", "8553"
COMMAND = Path(sys.executable).parent / "dns-services"
# Seconds to wait for the sandbox to start and for one command to finish.
START_TIMEOUT, COMMAND_TIMEOUT = 60.0, 120.0


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", PAGE.read_text(), re.M | re.S)


def _free_port() -> int:
    # Free for TCP and UDP alike: the sandbox's DNS server binds both.
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


def test_page_has_the_examples() -> None:
    assert len(_blocks("python")) == 1
    assert len(_blocks("text")) == 1
    assert len(_blocks("console")) == 1
    assert len(_blocks("json")) == 1


def test_python_example_prints_what_the_page_says() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_blocks("python")[0], str(PAGE), "exec"), {"__name__": "__quickstart__"})
    assert out.getvalue() == _blocks("text")[0]


def _commands() -> list[str]:
    text = _blocks("console")[0]
    text = text.replace(PAGE_HTTP_PORT, str(_free_port())).replace(PAGE_DNS_PORT, str(_free_port()))
    lines = [line.removeprefix("$ ") for line in text.splitlines() if line.startswith("$ ")]
    assert lines, "the console block has no commands"
    return lines


@contextlib.contextmanager
def _sandbox(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        while True:
            try:
                line = lines.get(timeout=START_TIMEOUT)
            except queue.Empty:
                pytest.fail(f"the sandbox did not start: {''.join(seen)}")
            if line is None:
                pytest.fail(f"the sandbox exited early: {''.join(seen)}")
            seen.append(line)
            if "Press Ctrl-C to stop." in line:
                break
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=START_TIMEOUT)
        reader.join(timeout=START_TIMEOUT)
        if proc.stdout is not None:
            proc.stdout.close()


def test_console_example_runs_as_written(tmp_path: Path) -> None:
    assert COMMAND.exists(), f"the dns-services command is not installed at {COMMAND}"
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DNS_SERVICES_")}
    env.update(HOME=str(home), PATH=f"{COMMAND.parent}{os.pathsep}{env.get('PATH', '')}")
    env.update(NO_COLOR="1", COLUMNS="200")

    commands = _commands()
    first = commands[0]
    assert first.startswith("dns-services sandbox ") and first.endswith(" &"), first
    outputs: dict[str, str] = {}
    with _sandbox(shlex.split(first.removesuffix(" &")), env) as sandbox:
        for command in commands[1:]:
            if command.startswith("export "):
                key, _, value = command.removeprefix("export ").partition("=")
                env[key] = str(home) + value[1:] if value.startswith("~/") else value
            elif command == "kill %1":
                sandbox.send_signal(signal.SIGTERM)
                assert sandbox.wait(timeout=START_TIMEOUT) == 0, "the sandbox did not stop cleanly"
            else:
                assert command.startswith("dns-services "), command
                done = subprocess.run(
                    shlex.split(command),
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=COMMAND_TIMEOUT,
                    check=False,
                )
                assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
                assert "Traceback" not in done.stderr
                outputs[command] = done.stdout
        assert sandbox.poll() == 0, "the page's last step stops the sandbox"

    by_verb = {" ".join(shlex.split(c)[1:4]): out for c, out in outputs.items()}
    assert "jwt" in by_verb["auth login"] and "sandbox@example.com" in by_verb["auth login"]
    assert "example.com" in by_verb["domains list"]
    assert "success" in by_verb["records create example.com"]
    # The JSON shown on the page is what `-o json records list` printed.
    listed = next(out for c, out in outputs.items() if " -o json records list " in f" {c} ")
    assert json.loads(listed) == json.loads(_blocks("json")[0])
    final = next(out for c, out in reversed(outputs.items()) if " records list " in c)
    assert "v=spf1 -all" in final and "token-123" not in final, "the record was deleted"

    token = home / ".dns-services" / "sandbox-token"
    assert token.is_file(), "auth login stored the token where DNS_SERVICES_TOKEN_PATH says"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
