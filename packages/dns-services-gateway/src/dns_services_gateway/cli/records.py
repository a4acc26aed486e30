"""``dns-services records list|create|update|delete|apply``."""

from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import typer
import yaml

from dns_services_gateway import (
    BatchResult,
    InvalidArgumentError,
    OperationResponse,
    PlannedChange,
    Record,
    RecordChange,
)
from dns_services_gateway.cli._context import (
    EXIT_FAILURE,
    EXIT_INPUT,
    CLIState,
    exit_code,
    fail,
    guarded,
    state,
    verify_level,
)

app = typer.Typer(help="List and change the records of hosted zones.", no_args_is_help=True)

VerifyOption = Annotated[
    str,
    typer.Option(
        "--verify",
        help="none, api (re-read the zone and check the SOA serial) or dns (also ask the "
        "authoritative nameservers).",
    ),
]
DeadlineOption = Annotated[
    float | None,
    typer.Option(help="With --verify dns: seconds to keep polling the nameservers (default 30)."),
]
DNSTimeoutOption = Annotated[
    float | None,
    typer.Option(help="With --verify dns: seconds to wait for one DNS answer (default 2)."),
]
DomainArgument = Annotated[str, typer.Argument(help="The zone name, for example example.com.")]
TypeOption = Annotated[str, typer.Option("--type", "-t", help="RRtype: A, AAAA, CNAME, MX, ...")]

_RECORD_COLUMNS = ["id", "name", "type", "content", "ttl", "priority"]


def _record_row(record: Record) -> tuple[Any, ...]:
    return (record.id, record.name, record.type, record.content, record.ttl, record.priority)


@app.command("list")
@guarded
def list_records(
    ctx: typer.Context,
    domain: DomainArgument,
    name: Annotated[str | None, typer.Option(help="Only this owner name.")] = None,
    record_type: Annotated[str | None, typer.Option("--type", "-t", help="Only this type.")] = None,
) -> None:
    """List a zone's records (SOA excluded), optionally filtered by name and type."""
    with state(ctx).client() as client:
        records = client.records.list(domain, name=name, record_type=record_type)
    printer = state(ctx).printer
    printer.emit(
        [record.model_dump(mode="json") for record in records],
        lambda: printer.table(
            _RECORD_COLUMNS, [_record_row(r) for r in records], title=f"Records of {domain}"
        ),
    )


def _report(ctx: typer.Context, response: OperationResponse) -> None:
    """Print an operation envelope; exit non-zero on an error or a failed verification.

    A change that was applied but not verified (``verified`` false, or null when the
    verification could not tell) exits with :data:`EXIT_FAILURE` and says why.
    """
    printer = state(ctx).printer
    data = response.model_dump(mode="json")

    def render() -> None:
        verification = response.data.verification
        summary: dict[str, Any] = {
            "status": response.status,
            "operation": response.operation,
            "verified": response.data.verified,
            "verification": verification.reason if verification is not None else None,
            **response.metadata,
        }
        if response.error is not None:
            summary["error"] = f"{response.error.type}: {response.error.message}"
        printer.fields(summary, title=f"{response.operation} {response.status}")

    printer.emit(data, render)
    if response.error is not None:
        fail(
            ctx,
            f"{response.error.type}: {response.error.message}",
            exit_code(response.error.type),
        )
    verification = response.data.verification
    if verification is not None and verification.level != "none" and not verification.verified:
        verdict = "not verified" if verification.verified is False else "could not verify"
        fail(ctx, f"{response.operation} sent but {verdict}: {verification.reason}", EXIT_FAILURE)


def _manage(
    ctx: typer.Context,
    action: Literal["create", "update", "delete", "ensure"],
    domain: str,
    record_type: str,
    data: dict[str, Any],
    verify: str,
    deadline: float | None,
    dns_timeout: float | None,
    missing_ok: bool = False,
) -> None:
    level = verify_level(verify)
    payload = {key: value for key, value in data.items() if value is not None}
    with state(ctx).client() as client:
        response = client.manage_record(
            action=action,
            domain=domain,
            record_type=record_type,
            data=payload,
            verify=level,
            missing_ok=missing_ok,
            deadline=deadline,
            dns_timeout=dns_timeout,
        )
    _report(ctx, response)


@app.command()
@guarded
def create(
    ctx: typer.Context,
    domain: DomainArgument,
    record_type: TypeOption,
    name: Annotated[str, typer.Option(help="Owner name: relative, FQDN or @.")],
    content: Annotated[str, typer.Option(help="Record data.")],
    ttl: Annotated[int | None, typer.Option(help="TTL in seconds (default 3600).")] = None,
    priority: Annotated[int | None, typer.Option(help="MX/SRV priority.")] = None,
    verify: VerifyOption = "api",
    deadline: DeadlineOption = None,
    dns_timeout: DNSTimeoutOption = None,
) -> None:
    """Create a record and print the operation envelope.

    An identical record (name, type, content, TTL, priority) already in the zone is left
    alone: nothing is sent and the outcome is "unchanged".
    """
    _manage(
        ctx,
        "create",
        domain,
        record_type,
        {"name": name, "content": content, "ttl": ttl, "priority": priority},
        verify,
        deadline,
        dns_timeout,
    )


@app.command()
@guarded
def ensure(
    ctx: typer.Context,
    domain: DomainArgument,
    record_type: TypeOption,
    name: Annotated[str, typer.Option(help="Owner name: relative, FQDN or @.")],
    content: Annotated[str, typer.Option(help="Record data.")],
    ttl: Annotated[
        int | None, typer.Option(help="TTL in seconds (default: keep; 3600 when created).")
    ] = None,
    priority: Annotated[int | None, typer.Option(help="MX/SRV priority.")] = None,
    verify: VerifyOption = "api",
    deadline: DeadlineOption = None,
    dns_timeout: DNSTimeoutOption = None,
) -> None:
    """Make the zone hold a record: create it, or update the one with this content.

    The record with this name, type and content gets --ttl and --priority; a CNAME is
    updated whatever its target; when the record is already as asked nothing is sent.
    """
    _manage(
        ctx,
        "ensure",
        domain,
        record_type,
        {"name": name, "content": content, "ttl": ttl, "priority": priority},
        verify,
        deadline,
        dns_timeout,
    )


@app.command()
@guarded
def update(
    ctx: typer.Context,
    domain: DomainArgument,
    record_type: TypeOption,
    record_id: Annotated[str | None, typer.Option("--id", help="The record id.")] = None,
    name: Annotated[str | None, typer.Option(help="Owner name of the record.")] = None,
    match_content: Annotated[
        str | None, typer.Option(help="Current content, to pick one record of a set.")
    ] = None,
    content: Annotated[str | None, typer.Option(help="New content.")] = None,
    ttl: Annotated[int | None, typer.Option(help="New TTL in seconds.")] = None,
    priority: Annotated[int | None, typer.Option(help="New MX/SRV priority.")] = None,
    new_name: Annotated[str | None, typer.Option(help="Rename the record.")] = None,
    verify: VerifyOption = "api",
    deadline: DeadlineOption = None,
    dns_timeout: DNSTimeoutOption = None,
) -> None:
    """Update one record, chosen by --id or by --name (and --match-content)."""
    if record_id is None and name is None:
        fail(ctx, "give --id or --name to choose the record", EXIT_INPUT)
    _manage(
        ctx,
        "update",
        domain,
        record_type,
        {
            "id": record_id,
            "name": name,
            "match_content": match_content,
            "content": content,
            "ttl": ttl,
            "priority": priority,
            "new_name": new_name,
        },
        verify,
        deadline,
        dns_timeout,
    )


@app.command()
@guarded
def delete(
    ctx: typer.Context,
    domain: DomainArgument,
    record_type: TypeOption,
    record_id: Annotated[str | None, typer.Option("--id", help="The record id.")] = None,
    name: Annotated[str | None, typer.Option(help="Owner name of the record set.")] = None,
    content: Annotated[
        str | None, typer.Option(help="Only the record with this content (default: all).")
    ] = None,
    missing_ok: Annotated[
        bool,
        typer.Option(
            "--missing-ok", help="Succeed (outcome absent) when no record matches; send nothing."
        ),
    ] = False,
    verify: VerifyOption = "api",
    deadline: DeadlineOption = None,
    dns_timeout: DNSTimeoutOption = None,
) -> None:
    """Delete a record by --id, or the records of --name and --type (optionally --content)."""
    if record_id is None and name is None:
        fail(ctx, "give --id or --name to choose the record", EXIT_INPUT)
    _manage(
        ctx,
        "delete",
        domain,
        record_type,
        {"id": record_id, "name": name, "content": content},
        verify,
        deadline,
        dns_timeout,
        missing_ok=missing_ok,
    )


# ----------------------------------------------------------------------------- apply


def load_changes(path: Path) -> list[RecordChange]:
    """Read a YAML or JSON list of changes (or a mapping with a ``changes`` list).

    Args:
        path: The file; JSON is read as YAML (YAML 1.2 is a superset of JSON).

    Returns:
        The validated changes, in file order.

    Raises:
        InvalidArgumentError: The file cannot be read, or is not a list of change mappings of the
            documented shape.
    """
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidArgumentError("file", f"cannot read {path}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError("file", f"{path} is not valid YAML or JSON: {exc}") from None
    if isinstance(document, dict) and "changes" in document:
        document = document["changes"]
    if not isinstance(document, list) or not document:
        raise InvalidArgumentError("file", f"{path} must hold a non-empty list of changes")
    changes = []
    for index, item in enumerate(document):
        try:
            changes.append(RecordChange.model_validate(item))
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "change"
            raise InvalidArgumentError(
                f"changes[{index}].{where}", str(first["msg"]).lower()
            ) from None
    return changes


def _plan_rows(plan: list[PlannedChange]) -> list[tuple[Any, ...]]:
    return [
        (p.index, p.action, p.name, p.type, p.content, p.ttl, ", ".join(p.record_ids) or None)
        for p in plan
    ]


def _apply(
    cli: CLIState, changes: list[RecordChange], stop_on_error: bool, missing_ok: bool
) -> BatchResult:
    """Apply changes one at a time in file order, with a progress bar on stderr."""
    with (
        cli.client() as client,
        cli.printer.progress(len(changes), "Applying changes") as advance,
    ):
        return client.batch(
            changes,
            stop_on_error=stop_on_error,
            missing_ok=missing_ok,
            progress=lambda _index: advance(1),
        )


@app.command()
@guarded
def apply(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="YAML or JSON list of changes.", dir_okay=False)],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Apply the changes (default: dry run).")
    ] = False,
    continue_on_error: Annotated[
        bool, typer.Option(help="Keep going after a failed change.")
    ] = False,
    missing_ok: Annotated[
        bool,
        typer.Option(
            "--missing-ok/--no-missing-ok",
            help="A delete that finds no record succeeds as absent (default), or is an error.",
        ),
    ] = True,
) -> None:
    """Plan (default) or apply (--yes) a list of record changes, in order per zone.

    Changes the zone already reflects plan nothing (unchanged, absent), so a file can be
    applied again: the second run plans no request and succeeds. --no-missing-ok makes a
    delete that finds nothing an error.
    """
    cli = state(ctx)
    changes = load_changes(file)
    if yes:
        result = _apply(cli, changes, stop_on_error=not continue_on_error, missing_ok=missing_ok)
    else:
        with cli.client() as client:
            result = client.batch(changes, dry_run=True, missing_ok=missing_ok)
    printer = cli.printer

    failures = [r for r in result.results if r.status == "error"]

    def render() -> None:
        printer.table(
            ["#", "action", "name", "type", "content", "ttl", "records"],
            _plan_rows(result.plan),
            title="Plan" if result.dry_run else "Changes",
        )
        if not result.dry_run:
            printer.table(
                ["#", "status", "verified", "error"],
                [(r.index, r.status, r.verified, r.error) for r in result.results],
                title="Results",
            )
            return
        if failures:
            printer.table(
                ["#", "error"],
                [(r.index, f"{r.error_type}: {r.error}") for r in failures],
                title="Changes that cannot be applied",
            )
        counts = result.counts()
        done = sum(1 for r in result.results if r.status in ("unchanged", "absent"))
        printer.message(
            f"Dry run: {counts['create']} create(s), {counts['update']} update(s), "
            f"{counts['delete']} delete(s), {done} already applied; nothing was sent. "
            + (
                f"Fix the {len(failures)} change(s) above first."
                if failures
                else "Re-run with --yes to apply."
            )
        )

    printer.emit(result.model_dump(mode="json"), render)
    if not result.ok:
        first = failures[0]
        fail(
            ctx,
            f"{len(failures)} change(s) failed; first: #{first.index} "
            f"{first.error_type}: {first.error}",
            EXIT_FAILURE,
        )
    unverified = [r.index for r in result.results if r.verified is False]
    if unverified:
        fail(
            ctx,
            f"{len(unverified)} change(s) sent but not verified by the zone re-read: "
            f"#{', #'.join(str(i) for i in unverified)}",
            EXIT_FAILURE,
        )
