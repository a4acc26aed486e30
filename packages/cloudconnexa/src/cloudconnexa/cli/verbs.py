"""Commands beyond the five CRUD verbs, added to the generated resource groups.

`access-groups add-source|remove-source|add-destination|remove-destination`,
`network-connectors ipsec-start|ipsec-stop` and `users activate|suspend`. Each takes the item
as its `ID` or by `--name`, like `get`.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OutputOverride, UsageProblem, handle_errors, read_body, state
from cloudconnexa.cli.bulk import add_import

IdArgument = Annotated[
    str | None,
    typer.Argument(metavar="[ID]", help="The item's id (or give --name).", show_default=False),
]
NameOption = Annotated[
    str | None, typer.Option("--name", help="Find the item by its natural key instead of its ID.")
]
DataOption = Annotated[str | None, typer.Option("--data", help="The item as a JSON object.")]
FileOption = Annotated[
    Path | None, typer.Option("--file", help="Read the JSON item from a file ('-' for stdin).")
]


def resolve(ctx: typer.Context, service: str, item_id: str | None, name: str | None) -> str:
    """Return the id given, or the id of the one item of ``service`` named ``name``.

    Args:
        ctx: The command's context.
        service: The client attribute of the resource (``access_groups``).
        item_id: The ``ID`` argument, if given.
        name: The ``--name`` option, if given.

    Returns:
        The item's id.

    Raises:
        UsageProblem: Both or neither given.
    """
    if (item_id is None) == (name is None):
        raise UsageProblem("give the item by ID or by --name, exactly one of them")
    if item_id is not None:
        return item_id
    found = getattr(state(ctx).client(), service).get_by_name(name)
    return str(found.id)


def _access_items(group: typer.Typer) -> None:
    for side in ("source", "destination"):

        def add(
            ctx: typer.Context,
            item_id: IdArgument = None,
            name: NameOption = None,
            data: DataOption = None,
            file: FileOption = None,
            output: OutputOverride = None,
            side: str = side,
        ) -> None:
            group_id = resolve(ctx, "access_groups", item_id, name)
            service = state(ctx).client().access_groups
            method = service.add_source if side == "source" else service.add_destination
            _output.emit_one(method(group_id, read_body(data, file)), state(ctx).output)

        def remove(
            ctx: typer.Context,
            item_id: IdArgument = None,
            name: NameOption = None,
            type: Annotated[
                str, typer.Option("--type", help="The item's type, such as USER_GROUP.")
            ] = "",
            parent_id: Annotated[
                str | None, typer.Option("--parent-id", help="The parent item's id.")
            ] = None,
            child_id: Annotated[
                str | None, typer.Option("--child-id", help="The child item's id.")
            ] = None,
            output: OutputOverride = None,
            side: str = side,
        ) -> None:
            if not type:
                raise UsageProblem("missing option --type")
            group_id = resolve(ctx, "access_groups", item_id, name)
            service = state(ctx).client().access_groups
            method = service.remove_source if side == "source" else service.remove_destination
            result = method(group_id, type=type, parent_id=parent_id, child_id=child_id)
            _output.emit_one(result, state(ctx).output)

        _hide(add, "side")
        _hide(remove, "side")
        group.command(f"add-{side}", help=f"Add a {side} item (JSON body) to an access group.")(
            handle_errors(add)
        )
        group.command(f"remove-{side}", help=f"Remove a {side} item from an access group.")(
            handle_errors(remove)
        )


def _switch(
    group: typer.Typer, service: str, verbs: dict[str, tuple[str, str]], show: bool
) -> None:
    for command, (method_name, summary) in verbs.items():

        def run(
            ctx: typer.Context,
            item_id: IdArgument = None,
            name: NameOption = None,
            output: OutputOverride = None,
            method_name: str = method_name,
            command: str = command,
        ) -> None:
            target = resolve(ctx, service, item_id, name)
            result = getattr(getattr(state(ctx).client(), service), method_name)(target)
            if show and result is not None:
                _output.emit_one(result, state(ctx).output)
            else:
                _output.note(f"{command}: done for {target}")

        _hide(run, "method_name", "command")
        group.command(command, help=summary)(handle_errors(run))


def _hide(func: Callable[..., Any], *names: str) -> None:
    """Drop the loop-binding parameters from the signature typer reads."""
    import inspect

    signature = inspect.signature(func)
    params = [p for p in signature.parameters.values() if p.name not in names]
    func.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]


#: Extra commands per client attribute of a generated group.
EXTRA_COMMANDS: dict[str, Callable[[typer.Typer], None]] = {
    "access_groups": _access_items,
    "network_connectors": lambda group: _switch(
        group,
        "network_connectors",
        {
            "ipsec-start": ("start_ipsec", "Start the IPsec tunnel of an IPsec connector."),
            "ipsec-stop": ("stop_ipsec", "Stop the IPsec tunnel of an IPsec connector."),
        },
        show=False,
    ),
    "users": lambda group: _users(group),
    "routes": lambda group: add_import(group, "routes"),
    "dns_records": lambda group: add_import(group, "dns_records"),
}


def _users(group: typer.Typer) -> None:
    add_import(group, "users")
    _switch(
        group,
        "users",
        {
            "activate": ("activate", "Activate a user (API 1.1.1+ tenants)."),
            "suspend": ("suspend", "Suspend a user (API 1.1.1+ tenants)."),
        },
        show=True,
    )
