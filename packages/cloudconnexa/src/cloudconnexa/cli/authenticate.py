"""`cloudconnexa authenticate`: obtain a token now, to check the credentials."""

from __future__ import annotations

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OutputOverride, handle_errors, state


@handle_errors
def authenticate(ctx: typer.Context, output: OutputOverride = None) -> None:
    """Request an access token (POST /api/v1/oauth/token) and show its type, scope and expiry.

    The token itself is never printed.
    """
    token = state(ctx).client().authenticate(force=True)
    shown = {
        "tokenType": token.token_type,
        "scope": token.scope,
        "expiresIn": token.expires_in,
        "expiresAt": token.expires_at.isoformat(),
    }
    _output.emit_one(shown, state(ctx).output)
