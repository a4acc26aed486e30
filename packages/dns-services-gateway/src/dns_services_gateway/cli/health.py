"""``dns-services health``: an authenticated probe of the API, timed."""

import typer

from dns_services_gateway.cli._context import (
    EXIT_CONNECTION,
    EXIT_FAILURE,
    exit_code,
    fail,
    guarded,
    state,
)


@guarded
def health(ctx: typer.Context) -> None:
    """Probe the API (GET /api/details) and show latency, account and rate-limit headers.

    Exits 3 when the credentials are refused, 2 on bad configuration, and 5 when the API is
    unreachable or unhealthy (timeouts, rate limits, 5xx).
    """
    cli = state(ctx)
    with cli.client() as client:
        status = client.health()
    printer = cli.printer
    data = status.model_dump(mode="json")
    printer.emit(data, lambda: printer.fields(data, title="Health"))
    if not status.ok:
        code = exit_code(status.error_type)
        fail(ctx, f"unhealthy: {status.error}", EXIT_CONNECTION if code == EXIT_FAILURE else code)
