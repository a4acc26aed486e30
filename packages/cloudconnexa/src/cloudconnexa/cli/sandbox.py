"""`cloudconnexa sandbox`: run the fake CloudConnexa API locally for experiments and demos."""

from __future__ import annotations

import secrets
import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OperationFailed, UsageProblem, handle_errors


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@handle_errors
def sandbox(
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="TCP port on 127.0.0.1 (0 picks a free one).")
    ] = 0,
    client_id: Annotated[
        str, typer.Option("--client-id", help="Client id the sandbox accepts.")
    ] = "sandbox",
    client_secret: Annotated[
        str | None, typer.Option("--client-secret", help="Client secret (random if omitted).")
    ] = None,
    users: Annotated[int, typer.Option(min=0, help="Seed this many users.")] = 0,
    networks: Annotated[int, typer.Option(min=0, help="Seed this many networks.")] = 0,
    sessions: Annotated[
        int, typer.Option(min=0, help="Seed this many sessions (last 23 hours).")
    ] = 0,
    strict_rate_limit: Annotated[
        bool,
        typer.Option(
            "--strict-rate-limit", help="Use the real default bucket: burst 20, one token per 15 s."
        ),
    ] = False,
    newer_api: Annotated[
        bool, typer.Option("--newer-api", help="Also serve v1.2 additions such as the audit log.")
    ] = False,
    duration: Annotated[
        float | None, typer.Option(hidden=True, help="Stop after this many seconds.")
    ] = None,
) -> None:
    """Start the fake API on loopback, print its URL and credentials, and run until Ctrl-C.

    SIGTERM stops it as cleanly as Ctrl-C does.
    """
    try:
        from cloudconnexa.testing import FakeCloudConnexa, RateLimit
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise UsageProblem(
            "the sandbox needs the 'testing' extra: pip install 'cloudconnexa[testing]' "
            f"({exc.name} is missing)"
        ) from None
    secret = client_secret or secrets.token_urlsafe(18)
    kwargs = (
        {"rate_limit": RateLimit(burst=20, refill_per_second=1 / 15)} if strict_rate_limit else {}
    )
    fake = FakeCloudConnexa(client_id, secret, port=port, newer_api=newer_api, **kwargs)  # type: ignore[arg-type]
    try:
        fake.start()
    except OSError as exc:
        raise OperationFailed(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    try:
        fake.seed_users(users)
        fake.seed_networks(networks)
        fake.seed_sessions(sessions)
        # The sandbox exists to hand these credentials to the user; they are local and throwaway.
        _output.emit_text(
            f"CloudConnexa sandbox running at {fake.base_url}\n"
            f"export CLOUDCONNEXA_BASE_URL={fake.base_url}\n"
            f"export CLOUDCONNEXA_CLIENT_ID={client_id}\n"
            f"export CLOUDCONNEXA_CLIENT_SECRET={secret}\n"
        )
        _output.note("Press Ctrl-C to stop.")
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            threading.Event().wait(duration)
        finally:
            signal.signal(signal.SIGTERM, previous)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
        _output.note("Sandbox stopped.")
