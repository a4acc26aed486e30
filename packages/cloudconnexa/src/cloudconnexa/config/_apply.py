"""Carrying out a plan: creates and updates in dependency order, then guarded deletes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudconnexa._exceptions import CloudConnexaError
from cloudconnexa.config._export import Entry
from cloudconnexa.config._plan import Action, Change, Plan
from cloudconnexa.config._schema import IPSEC_SECRETS, KIND_BY_NAME, Kind, Names, to_body

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient
    from cloudconnexa._sync._client import CloudConnexaClient

#: ``apply(prune=True)`` refuses when more than this share of a kind's objects would go.
PRUNE_THRESHOLD = 0.30


class PruneRefusedError(CloudConnexaError):
    """``apply`` would delete more than 30 % of a kind's objects; nothing was changed.

    Args:
        message: What would go, per kind.
        kinds: Kind name to ``(deletes, objects in the tenant)`` of each kind over the
            threshold.
    """

    def __init__(self, message: str, kinds: Mapping[str, tuple[int, int]]) -> None:
        super().__init__(message)
        self.kinds = dict(kinds)


@dataclass(frozen=True)
class ApplyResult:
    """What ``apply`` did.

    Attributes:
        plan: The plan that was applied.
        applied: The changes carried out, in order.
        skipped: The deletes left out because ``prune`` was off.
        failed: The change that failed (set only on the ``result`` of an ``ApplyError``).
    """

    plan: Plan
    applied: tuple[Change, ...]
    skipped: tuple[Change, ...] = ()
    failed: Change | None = None


class ApplyError(CloudConnexaError):
    """A change failed; ``apply`` stopped there. The cause is chained (``__cause__``).

    Args:
        message: The failed change and the cause.
        result: What was applied before the failure (``result.failed`` is the change).
    """

    def __init__(self, message: str, result: ApplyResult) -> None:
        super().__init__(message)
        self.result = result


def check_prune(the_plan: Plan, *, threshold: float = PRUNE_THRESHOLD) -> None:
    """Refuse a plan that deletes more than ``threshold`` of any kind's objects.

    Args:
        the_plan: The plan.
        threshold: The largest share (0..1) of a kind's objects that may go.

    Raises:
        PruneRefusedError: Some kind is over the threshold (the message lists each).
    """
    deletes = Counter(c.kind for c in the_plan.changes if c.action is Action.DELETE)
    over = {
        kind: (count, the_plan.totals.get(kind, count))
        for kind, count in deletes.items()
        if count > threshold * the_plan.totals.get(kind, count)
    }
    if over:
        listed = ", ".join(f"{k}: {n} of {t}" for k, (n, t) in sorted(over.items()))
        raise PruneRefusedError(
            f"refusing to delete more than {threshold:.0%} of a kind ({listed}); "
            "check the document, or pass force=True (--force)",
            over,
        )


class _Applier:
    # Turns each change into one service call; the sync and async loops share it.

    def __init__(
        self, client: CloudConnexaClient | AsyncCloudConnexaClient, the_plan: Plan
    ) -> None:
        self.client = client
        self.snapshot = the_plan._snapshot
        self.names = Names()
        self.by_id: dict[str, Entry] = {}
        for entries in self.snapshot.entries.values():
            for entry in entries:
                self.names.add(entry.kind.name, entry.id, entry.key, entry.parent_id)
                self.by_id[entry.id] = entry

    def parent_id(self, kind: Kind, change: Change) -> str | None:
        if kind.parent is None or change.parent is None:
            return None
        return self.names.id(kind.parent, change.parent)

    def step(self, change: Change) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
        # The service method, its arguments and keywords that carry out `change`.
        if change.kind == "settings":
            return self.client.settings.set, (change.key, change.item["value"]), {}
        kind = KIND_BY_NAME[change.kind]
        service = getattr(self.client, kind.service)
        parent_id = self.parent_id(kind, change)
        if change.action is Action.DELETE:
            return service.delete, (change.id,), {}
        body = to_body(kind, change.item, self.names, parent_id)
        if change.action is Action.CREATE:
            extra = {kind.parent_arg: parent_id} if kind.parent_arg else {}
            return service.create, (body,), extra
        assert change.id is not None
        raw = self.by_id[change.id].raw
        allowed = {info.alias or name for name, info in service._update_model.model_fields.items()}
        merged = {k: v for k, v in raw.items() if k in allowed}
        merged.update(body)
        _keep_secrets(merged, raw)
        return service.update, (change.id, {k: v for k, v in merged.items() if k in allowed}), {}

    def done(self, change: Change, answer: Any) -> None:
        # Record the id of a created object, for the references of later changes.
        if change.action is Action.CREATE and change.kind != "settings":
            kind = KIND_BY_NAME[change.kind]
            self.names.add(kind.name, str(answer.id), change.key, self.parent_id(kind, change))


def _failure(
    the_plan: Plan, applied: list[Change], skipped: list[Change], change: Change, exc: Exception
) -> ApplyError:
    result = ApplyResult(the_plan, tuple(applied), tuple(skipped), change)
    return ApplyError(
        f"{change.action.value} {change.address} failed: {type(exc).__name__}: {exc} "
        f"({len(applied)} change(s) applied before it)",
        result,
    )


def _keep_secrets(body: dict[str, Any], raw: Mapping[str, Any]) -> None:
    """Carry the tenant's IPsec secrets into a PUT body that does not set them itself."""
    new, old = body.get("ipSecConfig"), raw.get("ipSecConfig")
    if isinstance(new, dict) and isinstance(old, Mapping):
        body["ipSecConfig"] = {
            **{k: old[k] for k in IPSEC_SECRETS if k in old and k not in new},
            **new,
        }
