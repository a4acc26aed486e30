"""``dns-services verify``: check a record through the API and on the nameservers."""

from typing import Annotated

import typer

from dns_services_gateway.cli._context import (
    EXIT_FAILURE,
    EXIT_INPUT,
    fail,
    guarded,
    state,
)


@guarded
def verify(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="The zone name.")],
    record_type: Annotated[str, typer.Option("--type", "-t", help="RRtype.")],
    name: Annotated[str, typer.Option(help="Owner name: relative, FQDN or @.")],
    content: Annotated[str, typer.Option(help="Expected record data.")],
    priority: Annotated[int | None, typer.Option(help="Expected MX/SRV priority.")] = None,
    absent: Annotated[
        bool, typer.Option("--absent", help="Require the record to be gone instead.")
    ] = False,
    level: Annotated[
        str, typer.Option(help="api (zone re-read) or dns (also the nameservers).")
    ] = "dns",
    deadline: Annotated[
        float | None, typer.Option(help="Seconds to keep polling DNS (default 30).")
    ] = None,
    dns_timeout: Annotated[
        float | None, typer.Option(help="Seconds to wait for one DNS answer (default 2).")
    ] = None,
) -> None:
    """Verify a record: exit 0 when verified, 1 when not (or when it cannot tell, with why)."""
    cli = state(ctx)
    chosen = level.strip().lower()
    if chosen not in ("api", "dns"):
        fail(ctx, f"InvalidArgumentError: level: must be api or dns, got {level!r}", EXIT_INPUT)
    with cli.client() as client:
        result = client.verify(
            domain,
            name=name,
            record_type=record_type,
            content=content,
            priority=priority,
            present=not absent,
            level="api" if chosen == "api" else "dns",
            dns_timeout=dns_timeout,
            deadline=deadline,
        )
    printer = cli.printer
    data = result.model_dump(mode="json")

    def render() -> None:
        rows = [("verdict", result.verified, result.reason)]
        for label, check in (("api", result.api), ("dns", result.dns)):
            if check is not None:
                rows.append((label, check.ok, check.reason))
        printer.table(["check", "ok", "reason"], rows, title=f"Verification ({result.level})")

    printer.emit(data, render)
    if result.verified is not True:
        verdict = "not verified" if result.verified is False else "could not verify"
        fail(ctx, f"{verdict}: {result.reason}", EXIT_FAILURE)
