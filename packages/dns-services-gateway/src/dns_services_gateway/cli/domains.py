"""``dns-services domains list|show|nameservers``."""

from typing import Annotated

import typer

from dns_services_gateway.cli._context import EXIT_INPUT, fail, guarded, state

app = typer.Typer(help="Registered and hosted domains.", no_args_is_help=True)


@app.command("list")
@guarded
def list_domains(
    ctx: typer.Context,
    nameservers: Annotated[
        bool,
        typer.Option(
            "--nameservers/--no-nameservers",
            help="Also fetch registrar nameservers (one request per registered domain).",
        ),
    ] = False,
) -> None:
    """List domains registered here (/api/domain) joined with hosted zones (/api/dns)."""
    with state(ctx).client() as client:
        domains = client.domains.list(with_nameservers=nameservers)
    printer = state(ctx).printer
    data = [domain.model_dump(mode="json") for domain in domains]
    printer.emit(
        data,
        lambda: printer.table(
            ["name", "status", "expires", "days", "autorenew", "hosted", "zone", "dns ok"],
            [
                (
                    d.name,
                    d.status,
                    d.expires,
                    d.days_to_expiry,
                    d.autorenew,
                    d.hosted,
                    d.zone_id,
                    d.dns_configured,
                )
                for d in domains
            ],
            title="Domains",
        ),
    )


@app.command()
@guarded
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The domain (zone) name.")],
) -> None:
    """Show one domain: SOA, records by type, configuration status, available operations."""
    with state(ctx).client() as client:
        details = client.domains.get(name)
    printer = state(ctx).printer
    data = details.model_dump(mode="json")

    def render() -> None:
        summary = details.domain.model_dump(mode="json")
        summary["configuration_status"] = details.configuration_status
        if details.soa is not None:
            summary["soa"] = details.soa.model_dump(mode="json")
        summary["record_counts"] = details.record_counts
        summary["available_operations"] = details.available_operations
        printer.fields(summary, title=details.domain.name)

    printer.emit(data, render)


@app.command()
@guarded
def nameservers(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The registered domain.")],
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Delegate to this nameserver (repeat for each; at least two). "
            "Nothing is sent when the delegation is already so.",
        ),
    ] = None,
    default: Annotated[
        bool,
        typer.Option("--default", help="Delegate to the provider's default nameservers."),
    ] = False,
) -> None:
    """Show a registered domain's nameservers, or change them with --set or --default."""
    cli = state(ctx)
    if set_ and default:
        fail(ctx, "give --set or --default, not both", EXIT_INPUT)
    with cli.client() as client:
        if set_ or default:
            servers = client.domains.set_nameservers(name, [] if default else set_)
        else:
            servers = client.domains.nameservers(name)
    printer = cli.printer
    printer.emit(
        {"domain": name, "nameservers": servers},
        lambda: printer.table(["nameserver"], [(ns,) for ns in servers], title=name),
    )
