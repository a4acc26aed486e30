"""`cloudconnexa settings`: read and change tenant settings (`/api/v1/settings/...`)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from cloudconnexa._operations import SETTINGS
from cloudconnexa._params import plain_text
from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OutputOverride, UsageProblem, handle_errors, state

app = typer.Typer(help="Tenant settings, one typed value per name.", no_args_is_help=True)

NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="Setting name, e.g. wpc/topology.")
]


def parse_value(name: str, raw: str) -> Any:
    """Turn the command-line text into the setting's value.

    Enum and string settings take the text as is (a JSON-quoted string is unquoted); the others
    take JSON (`true`, `30`, `["--verb 3"]`, `{"primaryIpV4": "1.1.1.1"}`).

    Raises:
        UsageProblem: Unknown setting, or text that is not the JSON the setting needs.
    """
    setting = SETTINGS.get(name)
    if setting is None:
        raise UsageProblem(f"unknown setting {name!r}; see `cloudconnexa settings list`")
    if setting.text_plain or setting.value_type is str:
        return plain_text(raw)
    try:
        return json.loads(raw)
    except ValueError:
        raise UsageProblem(
            f"setting {name!r} takes JSON (such as true, 30, [..] or {{..}}); got {raw!r}"
        ) from None


@app.command("list")
@handle_errors
def list_settings(ctx: typer.Context, output: OutputOverride = None) -> None:
    """List the setting names (no API call)."""
    rows = [
        {
            "name": name,
            "writable": setting.writable,
            "format": "text/plain" if setting.text_plain else "json",
        }
        for name, setting in sorted(SETTINGS.items())
    ]
    _output.emit_many(rows, state(ctx).output)


@app.command("get")
@handle_errors
def get_setting(ctx: typer.Context, name: NameArgument, output: OutputOverride = None) -> None:
    """Show a setting's value."""
    _output.emit_one(state(ctx).client().settings.get(name), state(ctx).output)


@app.command("set")
@handle_errors
def set_setting(
    ctx: typer.Context,
    name: NameArgument,
    value: Annotated[
        str,
        typer.Argument(metavar="VALUE", help="New value (text for enum settings, JSON otherwise)."),
    ],
    output: OutputOverride = None,
) -> None:
    """Change a setting and show the value the API stored."""
    stored = state(ctx).client().settings.set(name, parse_value(name, value))
    _output.emit_one(stored, state(ctx).output)
