"""CRUD command groups generated from the library's service table.

Every resource declared in `cloudconnexa._resources.RESOURCES` gets a command group with
`list`, `get`, `create`, `update` and `delete`, named after it in kebab case (`user-groups`,
`dns-records`, ...). Parent ids are read from the service methods' keyword-only
parameters (`network_id` becomes `--network-id`), so the commands follow the library as it
changes instead of being written by hand.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from cloudconnexa import CloudConnexaClient
from cloudconnexa._resources import RESOURCES
from cloudconnexa.cli import _output
from cloudconnexa.cli._common import (
    OutputOverride,
    UsageProblem,
    handle_errors,
    limited,
    read_body,
    state,
)
from cloudconnexa.cli._edit import merged_body
from cloudconnexa.cli.verbs import IdArgument

CRUD_VERBS = ("list", "get", "create", "update", "delete")
SKIPPED_KEYWORDS = frozenset({"page_size"})


def crud_services() -> list[str]:
    """Return the client attributes of the CRUD resources, in the table's order."""
    return list(RESOURCES)


def command_name(service: str) -> str:
    """Return the CLI name of a service attribute (`user_groups` -> `user-groups`)."""
    return RESOURCES[service].cli_name if service in RESOURCES else service.replace("_", "-")


def service_class(service: str) -> type[Any]:
    """Return the service class behind `CloudConnexaClient.<service>`."""
    prop = CloudConnexaClient.__dict__[service]
    hints = typing.get_type_hints(prop.func)
    cls: type[Any] = hints["return"]
    return cls


def _keywords(method: Callable[..., Any]) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(method).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name not in SKIPPED_KEYWORDS
    ]


def _option(param: inspect.Parameter) -> inspect.Parameter:
    flag = "--" + param.name.replace("_", "-")
    required = param.default is inspect.Parameter.empty
    annotation: Any = Annotated[
        str | None,
        typer.Option(
            flag, help=f"The {param.name.replace('_', ' ')}" + (" (required)." if required else ".")
        ),
    ]
    return inspect.Parameter(
        param.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


#: Parent id parameters and the resource whose natural key names the parent.
PARENT_RESOURCES = {"network_id": "networks", "host_id": "hosts", "user_id": "users"}


def _name_option(param: inspect.Parameter) -> list[inspect.Parameter]:
    """The ``--network NAME`` (``--host``, ``--user``) twin of a parent id option, if any."""
    resource = PARENT_RESOURCES.get(param.name)
    if resource is None:
        return []
    noun = param.name.removesuffix("_id")
    key = RESOURCES[resource].key
    annotation: Any = Annotated[
        str | None,
        typer.Option(f"--{noun}", help=f"The {noun} by its {key} instead of --{noun}-id."),
    ]
    return [
        inspect.Parameter(
            f"{noun}_name", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
        )
    ]


def resolve_parent_names(ctx: typer.Context, kwargs: dict[str, Any]) -> None:
    """Replace ``--network NAME`` (and its kin) in ``kwargs`` by the parent's id.

    Args:
        ctx: The command's context.
        kwargs: The command's keyword arguments; changed in place.

    Raises:
        UsageProblem: Both the id and the name of a parent are given.
    """
    for id_param, resource in PARENT_RESOURCES.items():
        name_param = id_param.removesuffix("_id") + "_name"
        if name_param not in kwargs:
            continue
        name = kwargs.pop(name_param)
        if name is None:
            continue
        flag = id_param.replace("_", "-")
        if kwargs.get(id_param) is not None:
            raise UsageProblem(f"give --{flag} or --{flag.removesuffix('-id')}, not both")
        parent = getattr(state(ctx).client(), resource).get_by_name(name)
        kwargs[id_param] = str(parent.id)


def _scope_option(param: inspect.Parameter) -> inspect.Parameter:
    flag = "--" + param.name.replace("_", "-")
    annotation: Any = Annotated[
        str | None,
        typer.Option(flag, help=f"With --name: search the items of this {param.name[:-3]} only."),
    ]
    return inspect.Parameter(
        param.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


CTX = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
ID = inspect.Parameter(
    "item_id",
    inspect.Parameter.POSITIONAL_OR_KEYWORD,
    default=None,
    annotation=IdArgument,
)
SET = inspect.Parameter(
    "set",
    inspect.Parameter.KEYWORD_ONLY,
    default=None,
    annotation=Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FIELD=VALUE",
            help="Change one field of the current item (repeatable); the other fields are kept. "
            "Text fields take the text, others JSON (true, 3, [..]); null clears.",
        ),
    ],
)
BODY = [
    inspect.Parameter(
        "data",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None, typer.Option("--data", help="Request body as a JSON object.")
        ],
    ),
    inspect.Parameter(
        "file",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Path | None,
            typer.Option("--file", help="Read the JSON request body from a file ('-' for stdin)."),
        ],
    ),
]
LIST_OPTIONS = [
    inspect.Parameter(
        "page_size",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            int | None, typer.Option(min=1, max=1000, help="Items per API request (1..1000).")
        ],
    ),
    inspect.Parameter(
        "limit",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[int | None, typer.Option(min=1, help="Stop after this many items.")],
    ),
]
OUTPUT = inspect.Parameter(
    "output", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OutputOverride
)
YES = inspect.Parameter(
    "yes",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")],
)


def _required(method: Callable[..., Any], given: dict[str, Any]) -> dict[str, Any]:
    """Check required parent ids before anything is sent; return the keyword arguments."""
    from cloudconnexa.cli._common import UsageProblem

    out: dict[str, Any] = {}
    for param in _keywords(method):
        value = given.get(param.name)
        if value is None and param.default is inspect.Parameter.empty:
            raise UsageProblem(f"missing option --{param.name.replace('_', '-')}")
        if value is not None:
            out[param.name] = value
    return out


def _with_signature(
    func: Callable[..., Any], params: list[inspect.Parameter], doc: str
) -> Callable[..., Any]:
    func.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    func.__doc__ = doc
    return func


def build_group(service: str) -> typer.Typer:
    """Build the `list/get/create/update/delete` group of one service."""
    cls = service_class(service)
    label = command_name(service)
    summary = (cls.__doc__ or label).strip().splitlines()[0].replace("``", "")
    group = typer.Typer(help=summary, no_args_is_help=True)

    def svc(ctx: typer.Context) -> Any:
        return getattr(state(ctx).client(), service)

    @handle_errors
    def list_command(ctx: typer.Context, **kwargs: Any) -> None:
        resolve_parent_names(ctx, kwargs)
        cli = state(ctx)
        page_size, limit = kwargs.pop("page_size"), kwargs.pop("limit")
        pager = svc(ctx).list(page_size=page_size, **_required(cls.list, kwargs))

        def items() -> Iterator[Any]:
            with _output.progress(f"Listing {label}", cli.show_progress()) as update:
                done = 0
                for page in pager.pages():
                    for item in page.items:
                        yield item
                        done += 1
                    update(done, page.total_elements)

        _output.emit_many(limited(items(), limit), cli.output)

    def list_filters(kwargs: dict[str, Any]) -> dict[str, Any]:
        """The parent ids given that ``list()`` also takes, to scope a lookup by name."""
        accepted = {p.name for p in _keywords(cls.list)}
        return {k: v for k, v in kwargs.items() if k in accepted and v is not None}

    def resolve_id(ctx: typer.Context, item_id: str | None, kwargs: dict[str, Any]) -> str:
        name = kwargs.pop("name", None)
        if (item_id is None) == (name is None):
            raise UsageProblem(f"give the {label} item by ID or by --name, exactly one of them")
        if item_id is not None:
            return item_id
        found = svc(ctx).get_by_name(name, **list_filters(kwargs))
        return str(found.id)

    def call_kwargs(method: Callable[..., Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        accepted = {p.name for p in _keywords(method)}
        return _required(method, {k: v for k, v in kwargs.items() if k in accepted})

    @handle_errors
    def get_command(ctx: typer.Context, item_id: str | None, **kwargs: Any) -> None:
        resolve_parent_names(ctx, kwargs)
        item_id = resolve_id(ctx, item_id, kwargs)
        item = svc(ctx).get(item_id, **call_kwargs(cls.get, kwargs))
        _output.emit_one(item, state(ctx).output)

    @handle_errors
    def create_command(ctx: typer.Context, **kwargs: Any) -> None:
        resolve_parent_names(ctx, kwargs)
        body = read_body(kwargs.pop("data"), kwargs.pop("file"))
        created = svc(ctx).create(body, **_required(cls.create, kwargs))
        _output.emit_one(created, state(ctx).output)

    @handle_errors
    def update_command(ctx: typer.Context, item_id: str | None, **kwargs: Any) -> None:
        resolve_parent_names(ctx, kwargs)
        data, file, assignments = kwargs.pop("data"), kwargs.pop("file"), kwargs.pop("set")
        if assignments and (data is not None or file is not None):
            raise UsageProblem("give either --set FIELD=VALUE or a full body (--data/--file)")
        item_id = resolve_id(ctx, item_id, kwargs)
        if assignments:
            current = svc(ctx).get(item_id, **call_kwargs(cls.get, kwargs))
            body = merged_body(current, cls._update_model, assignments)
        else:
            body = read_body(data, file)
        updated = svc(ctx).update(item_id, body, **call_kwargs(cls.update, kwargs))
        _output.emit_one(updated, state(ctx).output)

    @handle_errors
    def delete_command(ctx: typer.Context, item_id: str | None, **kwargs: Any) -> None:
        resolve_parent_names(ctx, kwargs)
        yes = kwargs.pop("yes")
        item_id = resolve_id(ctx, item_id, kwargs)
        if not yes:
            typer.confirm(f"Delete {label} {item_id}?", abort=True)
        svc(ctx).delete(item_id, **call_kwargs(cls.delete, kwargs))
        _output.note(f"Deleted {label} {item_id}")

    parents = {
        verb: [
            option
            for p in _keywords(getattr(cls, verb))
            for option in (_option(p), *_name_option(p))
        ]
        for verb in CRUD_VERBS
    }
    key = cls._key.replace("_", " ")
    lookup = [
        inspect.Parameter(
            "name",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--name", help=f"Find the item by its {key} instead of its ID (exact match)."
                ),
            ],
        )
    ]

    def by_name(verb: str) -> list[inspect.Parameter]:
        """The verb's own parent options, the lookup, and the list filters it lacks."""
        own = {p.name for p in parents[verb]}
        scope = [
            option
            for p in _keywords(cls.list)
            if p.name not in own
            for option in (_scope_option(p), *_name_option(p))
        ]
        return [*parents[verb], *lookup, *scope]

    group.command("list")(
        _with_signature(
            list_command,
            [CTX, *parents["list"], *LIST_OPTIONS, OUTPUT],
            f"List every item of {label}, page by page.",
        )
    )
    group.command("get")(
        _with_signature(
            get_command, [CTX, ID, *by_name("get"), OUTPUT], f"Show one item of {label}."
        )
    )
    group.command("create")(
        _with_signature(
            create_command,
            [CTX, *BODY, *parents["create"], OUTPUT],
            f"Create an item of {label} from a JSON body.",
        )
    )
    group.command("update")(
        _with_signature(
            update_command,
            [CTX, ID, *BODY, SET, *by_name("update"), OUTPUT],
            f"Replace an item of {label} (PUT with the full JSON body), or change some fields "
            "with --set.",
        )
    )
    group.command("delete")(
        _with_signature(
            delete_command, [CTX, ID, *by_name("delete"), YES], f"Delete an item of {label}."
        )
    )
    return group


def register(app: typer.Typer) -> None:
    """Add one command group per CRUD service to the root application."""
    from cloudconnexa.cli.verbs import EXTRA_COMMANDS

    for service in crud_services():
        group = build_group(service)
        if service in EXTRA_COMMANDS:
            EXTRA_COMMANDS[service](group)
        app.add_typer(group, name=command_name(service))
