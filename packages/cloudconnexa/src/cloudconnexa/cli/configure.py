"""`cloudconnexa configure`: save a profile (base URL and client credentials) to the config file."""

from __future__ import annotations

from typing import Annotated

import typer

from cloudconnexa._config import normalize_base_url
from cloudconnexa.cli import _output
from cloudconnexa.cli._common import handle_errors, state
from cloudconnexa.cli._config import DEFAULT_PROFILE, default_path, save_profile


@handle_errors
def configure(
    ctx: typer.Context,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url",
            prompt="Base URL (https://<cloud_id>.api.openvpn.com or a cloud id)",
            help="Tenant base URL or cloud id.",
        ),
    ],
    client_id: Annotated[
        str, typer.Option("--client-id", prompt="Client id", help="API client id.")
    ],
    client_secret: Annotated[
        str,
        typer.Option(
            "--client-secret", prompt="Client secret", hide_input=True, help="API client secret."
        ),
    ],
) -> None:
    """Save a profile to the config file (mode 0600); select it later with --profile."""
    cli = state(ctx)
    normalized = normalize_base_url(base_url)
    path = cli.config or default_path()
    name = cli.profile or DEFAULT_PROFILE
    save_profile(
        path, name, {"base_url": normalized, "client_id": client_id, "client_secret": client_secret}
    )
    _output.note(f"Saved profile [{name}] to {path}")
