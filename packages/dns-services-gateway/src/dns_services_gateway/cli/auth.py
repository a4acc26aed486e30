"""``dns-services auth login|status|logout``."""

import typer

from dns_services_gateway import AuthStatus
from dns_services_gateway.cli._context import guarded, state

app = typer.Typer(
    help="Log in, inspect and drop the stored JWT access token.", no_args_is_help=True
)


def _show(ctx: typer.Context, status: AuthStatus) -> None:
    printer = state(ctx).printer
    data = status.model_dump(mode="json")
    printer.emit(data, lambda: printer.fields(data, title="Authentication"))


@app.command()
@guarded
def login(ctx: typer.Context) -> None:
    """Log in now (POST /api/login) and store the token in the 0600 token file."""
    with state(ctx).client() as client:
        _show(ctx, client.login())


@app.command()
@guarded
def status(ctx: typer.Context) -> None:
    """Show the credentials held: mode, token presence and expiry (no request is sent)."""
    with state(ctx).client() as client:
        _show(ctx, client.auth_status())


@app.command()
@guarded
def logout(ctx: typer.Context) -> None:
    """Invalidate the access token (POST /api/logout) and delete the token file."""
    with state(ctx).client() as client:
        accepted = client.logout()
    printer = state(ctx).printer
    data = {"logged_out": accepted}
    printer.emit(
        data,
        lambda: printer.message(
            "Logged out."
            if accepted
            else "No token was accepted for logout (none held, or already invalid); "
            "the local token file was removed."
        ),
    )
