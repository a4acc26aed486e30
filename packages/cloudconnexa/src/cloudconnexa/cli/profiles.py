"""`cloudconnexa profiles`: download or revoke connector and device VPN profiles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OperationFailed, UsageProblem, handle_errors, state
from cloudconnexa.cli._files import write_private

app = typer.Typer(help="Connector and device VPN profiles (.ovpn text).", no_args_is_help=True)


class Kind(StrEnum):
    """Whose profile: a network connector, a host connector or a user's device."""

    network = "network"
    host = "host"
    device = "device"


IdArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[ID]", help="Connector or device id (or give --name).", show_default=False
    ),
]
KindOption = Annotated[Kind, typer.Option("--kind", help="Whose profile the id names.")]
UserOption = Annotated[
    str | None, typer.Option("--user-id", help="The device's user (device profiles).")
]


NameOption = Annotated[
    str | None,
    typer.Option("--name", help="Find the connector (or the user's device) by name instead of ID."),
]


def _resolve(
    client: Any, item_id: str | None, name: str | None, kind: Kind, user_id: str | None
) -> str:
    """Return the id given, or the id of the connector or device named ``name``."""
    if (item_id is None) == (name is None):
        raise UsageProblem("give the connector or device by ID or by --name, exactly one of them")
    if item_id is not None:
        return item_id
    assert name is not None
    if kind is Kind.device:
        if not user_id:
            raise UsageProblem("device profiles need --user-id")
        return str(client.devices.get_by_name(name, user_id=user_id).id)
    service = client.host_connectors if kind is Kind.host else client.network_connectors
    return str(service.get_by_name(name).id)


def _family(kind: Kind) -> Literal["network", "host"]:
    return "host" if kind is Kind.host else "network"


@app.command("download")
@handle_errors
def download(
    ctx: typer.Context,
    item_id: IdArgument = None,
    name: NameOption = None,
    kind: KindOption = Kind.network,
    user_id: UserOption = None,
    region_id: Annotated[
        str | None, typer.Option("--region-id", help="VPN region (device profiles).")
    ] = None,
    to: Annotated[
        Path | None, typer.Option("--to", help="Write the profile to this file (mode 0600).")
    ] = None,
) -> None:
    """Generate a profile and print it (or save it with --to)."""
    client = state(ctx).client()
    item_id = _resolve(client, item_id, name, kind, user_id)
    if kind is Kind.device:
        if not user_id or not region_id:
            raise UsageProblem("device profiles need --user-id and --region-id")
        text = client.profiles.download_device(item_id, user_id=user_id, region_id=region_id)
    else:
        text = client.profiles.download_connector(item_id, family=_family(kind))
    if to is None:
        _output.emit_text(text)
    else:
        try:
            write_private(to, text)
        except OSError as exc:
            raise OperationFailed(f"cannot write {to}: {exc.strerror or exc}") from None
        _output.note(f"Saved the profile to {to}")


@app.command("revoke")
@handle_errors
def revoke(
    ctx: typer.Context,
    item_id: IdArgument = None,
    name: NameOption = None,
    kind: KindOption = Kind.network,
    user_id: UserOption = None,
) -> None:
    """Revoke a connector's or device's profile."""
    client = state(ctx).client()
    item_id = _resolve(client, item_id, name, kind, user_id)
    if kind is Kind.device:
        if not user_id:
            raise UsageProblem("device profiles need --user-id")
        client.profiles.revoke_device(item_id, user_id=user_id)
    else:
        client.profiles.revoke_connector(item_id, family=_family(kind))
    _output.note(f"Revoked the profile of {kind.value} {item_id}")


class BundleType(StrEnum):
    """Installer bundle: macOS (DMG) or Windows (MSI)."""

    DMG = "DMG"
    MSI = "MSI"


ConnectorKind = Annotated[
    Kind, typer.Option("--kind", help="Whose profile the id names (network or host).")
]


def _connector_family(kind: Kind) -> Literal["network", "host"]:
    if kind is Kind.device:
        raise UsageProblem(
            "only connector profiles can be encrypted or bundled (--kind network|host)"
        )
    return _family(kind)


@app.command("encrypt")
@handle_errors
def encrypt(
    ctx: typer.Context,
    item_id: IdArgument = None,
    name: NameOption = None,
    kind: ConnectorKind = Kind.network,
) -> None:
    """Generate an encrypted profile of a connector and print its token."""
    client = state(ctx).client()
    item_id = _resolve(client, item_id, name, kind, None)
    _output.emit_text(client.profiles.encrypt_connector(item_id, family=_connector_family(kind)))


@app.command("bundle")
@handle_errors
def bundle(
    ctx: typer.Context,
    item_id: IdArgument = None,
    name: NameOption = None,
    bundle_type: Annotated[
        BundleType, typer.Option("--type", help="DMG (macOS) or MSI (Windows).")
    ] = BundleType.MSI,
    kind: ConnectorKind = Kind.network,
) -> None:
    """Build an installer bundle with a connector's profile and print its download URL."""
    client = state(ctx).client()
    item_id = _resolve(client, item_id, name, kind, None)
    url = client.profiles.bundle_connector(
        item_id, bundle_type=bundle_type.value, family=_connector_family(kind)
    )
    _output.emit_text(url)
