"""``dns-services health``: an authenticated probe of the API, timed."""

import typer

from dns_services_gateway.cli._context import EXIT_CONNECTION, fail, guarded, state


@guarded
def health(ctx: typer.Context) -> None:
    """Probe the API (GET /api/details) and show latency, account and rate-limit headers."""
    cli = state(ctx)
    with cli.client() as client:
        status = client.health()
    printer = cli.printer
    data = status.model_dump(mode="json")
    printer.emit(data, lambda: printer.fields(data, title="Health"))
    if not status.ok:
        fail(ctx, f"unhealthy: {status.error}", EXIT_CONNECTION)
