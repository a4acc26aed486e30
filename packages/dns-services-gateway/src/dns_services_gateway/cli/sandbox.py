"""``dns-services sandbox``: run the fake DNS.services API and nameserver for local use."""

import contextlib
import math
import secrets
import signal
import threading
from collections.abc import Iterator
from typing import Annotated

import typer

from dns_services_gateway.cli._context import EXIT_INPUT, fail, guarded, state
from dns_services_gateway.testing import FakeDNSServices

SANDBOX_TOKEN_PATH = "~/.dns-services/sandbox-token"
"""Token file suggested for the sandbox, so that it never replaces a real account's token."""


@guarded
def sandbox(
    ctx: typer.Context,
    zone: Annotated[
        list[str] | None,
        typer.Option("--zone", help="Zone to host (repeatable; default example.com)."),
    ] = None,
    username: Annotated[
        str, typer.Option("--sandbox-username", help="Account e-mail the sandbox accepts.")
    ] = "sandbox@example.com",
    password: Annotated[
        str | None,
        typer.Option("--sandbox-password", help="Password the sandbox accepts (default: random)."),
    ] = None,
    port: Annotated[int, typer.Option(help="HTTP port (0: any free port).")] = 0,
    dns_port: Annotated[int, typer.Option(help="DNS port, UDP and TCP (0: any free port).")] = 0,
    propagation_delay: Annotated[
        float, typer.Option(help="Seconds before a change reaches the nameserver.")
    ] = 0.0,
    token_lifetime: Annotated[
        float, typer.Option(help="Access token lifetime in seconds.")
    ] = 3600.0,
    exit_after: Annotated[
        float | None, typer.Option(hidden=True, help="Stop after this many seconds (tests).")
    ] = None,
) -> None:
    """Start a local fake of DNS.services (API + authoritative DNS) until Ctrl-C or SIGTERM.

    The sandbox keeps everything in memory on 127.0.0.1. Point the library or this CLI at it
    with the printed DNS_SERVICES_* variables (DNS_SERVICES_NAMESERVERS points DNS
    verification at the sandbox's nameserver). Bad options (a port outside
    0-65535, a token lifetime <= 0 seconds, a negative propagation delay, an invalid zone
    name) exit with status 2 before anything starts.
    """
    cli = state(ctx)
    for option, value, ok in (
        ("--port", port, 0 <= port <= 65535),
        ("--dns-port", dns_port, 0 <= dns_port <= 65535),
        ("--token-lifetime", token_lifetime, math.isfinite(token_lifetime) and token_lifetime > 0),
        (
            "--propagation-delay",
            propagation_delay,
            math.isfinite(propagation_delay) and propagation_delay >= 0,
        ),
    ):
        if not ok:
            fail(ctx, f"InvalidArgumentError: {option}: out of range, got {value!r}", EXIT_INPUT)
    secret = password or secrets.token_urlsafe(12)
    fake = FakeDNSServices(
        username=username,
        password=secret,
        token_lifetime=token_lifetime,
        http_port=port,
        dns_port=dns_port,
    )
    fake.faults.dns_propagation_delay = propagation_delay
    for name in zone or ["example.com"]:
        try:
            hosted = fake.add_zone(name)
        except ValueError as exc:
            fail(ctx, f"InvalidArgumentError: --zone: {exc}", EXIT_INPUT)
        hosted.add_record("www", "A", "192.0.2.10", ttl=3600)
        hosted.add_record("@", "MX", f"mail.{hosted.name}", ttl=3600, priority=10)
        hosted.add_record("@", "TXT", "v=spf1 -all", ttl=3600)
        fake.add_domain(hosted.name)
    with fake:
        host, dns = fake.nameserver
        environment = {
            "DNS_SERVICES_BASE_URL": fake.base_url,
            "DNS_SERVICES_USERNAME": username,
            "DNS_SERVICES_PASSWORD": secret,
            # Keep the sandbox's token away from the token file of a real account.
            "DNS_SERVICES_TOKEN_PATH": SANDBOX_TOKEN_PATH,
            # DNS verification asks the sandbox's nameserver, not the zone's NS records.
            "DNS_SERVICES_NAMESERVERS": f"{host}:{dns}",
        }
        info = {
            "environment": environment,
            "token_path": SANDBOX_TOKEN_PATH,
            "base_url": fake.base_url,
            "api_url": fake.api_url,
            "username": username,
            "password": secret,
            "nameserver": {"host": host, "port": dns},
            "zones": [z.name for z in fake.zones],
        }
        printer = cli.printer

        def render() -> None:
            printer.fields(
                {
                    "API": fake.api_url,
                    "username": username,
                    "password": secret,
                    "nameserver": f"{host}:{dns} (UDP and TCP)",
                    "zones": info["zones"],
                },
                title="DNS.services sandbox",
            )
            for variable, value in environment.items():
                printer.message(f"export {variable}={value}")
            printer.message("DNS verification (--verify dns) then asks the sandbox's nameserver.")
            printer.message("Press Ctrl-C to stop.")

        printer.emit(info, render)
        stop = threading.Event()
        with contextlib.suppress(KeyboardInterrupt), _stop_on_sigterm(stop):
            stop.wait(exit_after)
    printer.message("Sandbox stopped.")


@contextlib.contextmanager
def _stop_on_sigterm(stop: threading.Event) -> Iterator[None]:
    """Let ``kill`` (SIGTERM) stop the sandbox like Ctrl-C: cleanly, with exit status 0.

    Ctrl-C alone is not enough: a job started with ``&`` from a script ignores SIGINT.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
