"""``dns-services acme present|cleanup|certbot-auth|certbot-cleanup``: DNS-01 hooks.

``present FQDN VALUE`` and ``cleanup FQDN VALUE`` follow the argument convention of lego's
``exec`` DNS provider (https://go-acme.github.io/lego/dns/exec/); ``certbot-auth`` and
``certbot-cleanup`` are certbot's ``--manual-auth-hook`` and ``--manual-cleanup-hook``, which
read ``CERTBOT_DOMAIN`` and ``CERTBOT_VALIDATION`` from the environment
(https://eff-certbot.readthedocs.io/en/stable/using.html#hooks).
"""

import os
from typing import Annotated

import typer

from dns_services_gateway._acme import (
    DEFAULT_CHALLENGE_TTL,
    DEFAULT_PROPAGATION_TIMEOUT,
    add_challenges,
    challenge_name,
    remove_challenges,
    wait_for_challenges,
)
from dns_services_gateway.cli._context import EXIT_FAILURE, EXIT_USAGE, fail, guarded, state

app = typer.Typer(
    help="DNS-01 challenge hooks for ACME clients (lego exec, certbot manual).",
    no_args_is_help=True,
)

FqdnArgument = Annotated[
    str, typer.Argument(help="The TXT record name, e.g. _acme-challenge.example.com.")
]
ValueArgument = Annotated[str, typer.Argument(help="The TXT value (the challenge digest).")]
TTLOption = Annotated[int, typer.Option("--ttl", help="TTL of the TXT record, seconds.")]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        help="Seconds to wait for every authoritative nameserver to serve the value.",
    ),
]


def _present(ctx: typer.Context, fqdn: str, value: str, ttl: int, timeout: float) -> None:
    printer = state(ctx).printer
    with state(ctx).client() as client:
        challenges = add_challenges(client, [(fqdn, value)], ttl=ttl)
        result = wait_for_challenges(client, challenges, timeout=timeout)
    challenge = challenges[0]
    data = {
        "fqdn": challenge.fqdn,
        "zone": challenge.zone,
        "created": challenge.added is not None,
        "served": result.ok,
        "reason": result.reason,
    }
    printer.emit(data, lambda: printer.fields(data, title=f"present {challenge.fqdn}"))
    if result.ok is not True:
        fail(ctx, f"the value is not served yet: {result.reason}", EXIT_FAILURE)


def _cleanup(ctx: typer.Context, fqdn: str, value: str) -> None:
    printer = state(ctx).printer
    with state(ctx).client() as client:
        removed = remove_challenges(client, [(fqdn, value)])
    data = {"fqdn": fqdn.rstrip(".").lower(), "removed": len(removed)}
    printer.emit(data, lambda: printer.fields(data, title=f"cleanup {data['fqdn']}"))


def _certbot_env(ctx: typer.Context) -> tuple[str, str]:
    domain = os.environ.get("CERTBOT_DOMAIN", "").strip()
    validation = os.environ.get("CERTBOT_VALIDATION", "").strip()
    if not domain or not validation:
        fail(
            ctx,
            "CERTBOT_DOMAIN and CERTBOT_VALIDATION must be set (run this as certbot's "
            "--manual-auth-hook or --manual-cleanup-hook)",
            EXIT_USAGE,
        )
    return challenge_name(domain), validation


@app.command("present")
@guarded
def present(
    ctx: typer.Context,
    fqdn: FqdnArgument,
    value: ValueArgument,
    ttl: TTLOption = DEFAULT_CHALLENGE_TTL,
    timeout: TimeoutOption = DEFAULT_PROPAGATION_TIMEOUT,
) -> None:
    """Add a challenge TXT value and return once every authoritative nameserver serves it.

    The zone is the longest hosted zone of the account that is a suffix of FQDN. A value
    already there is not added twice; other values at the name stay.
    """
    _present(ctx, fqdn, value, ttl, timeout)


@app.command("cleanup")
@guarded
def cleanup(ctx: typer.Context, fqdn: FqdnArgument, value: ValueArgument) -> None:
    """Remove exactly this challenge TXT value (an absent value is not an error)."""
    _cleanup(ctx, fqdn, value)


@app.command("certbot-auth")
@guarded
def certbot_auth(
    ctx: typer.Context,
    ttl: TTLOption = DEFAULT_CHALLENGE_TTL,
    timeout: TimeoutOption = DEFAULT_PROPAGATION_TIMEOUT,
) -> None:
    """Certbot's --manual-auth-hook: add $CERTBOT_VALIDATION at _acme-challenge.$CERTBOT_DOMAIN."""
    fqdn, value = _certbot_env(ctx)
    _present(ctx, fqdn, value, ttl, timeout)


@app.command("certbot-cleanup")
@guarded
def certbot_cleanup(ctx: typer.Context) -> None:
    """Certbot's --manual-cleanup-hook: remove the value certbot-auth added."""
    fqdn, value = _certbot_env(ctx)
    _cleanup(ctx, fqdn, value)
