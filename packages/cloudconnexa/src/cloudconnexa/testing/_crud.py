"""Generic list/create/get/update/delete handlers for page-based collections."""

from __future__ import annotations

from collections import abc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudconnexa._resources import RESOURCES
from cloudconnexa.testing._errors import FakeAPIError
from cloudconnexa.testing._http import Reply, Request, Router
from cloudconnexa.testing._state import FakeState, paginate
from cloudconnexa.testing._validate import Body

Render = Callable[[FakeState, dict[str, Any]], dict[str, Any]]
Build = Callable[[FakeState, Body, "dict[str, Any] | None", "str | None"], dict[str, Any]]
Hook = Callable[[FakeState, dict[str, Any], Body], None]


@dataclass(frozen=True)
class Collection:
    """Declared behaviour of one collection (cloudconnexa-api.md §6 and §7).

    Attributes:
        path: Collection path, e.g. `/api/v1/networks/routes`.
        table: State table name.
        kind: Human name used in "not found" messages.
        render: Stored record to response body.
        build: Validates a create (existing is None) or update body and returns the fields to
            store; it records problems on the `Body`, which is checked before anything changes.
        parent_param: Query parameter naming the parent (`networkId`, `hostId`); required on POST
            and an optional filter on list.
        parent_table: Table the parent must exist in.
        parent_kind: Human name of the parent.
        parent_key: Record field holding the parent id.
        create_status: 201 for most, 200 for location contexts and device postures.
        delete_status: 204 for most, 200 for location contexts and device postures.
        missing_status: 404, or 400 for DNS records (cloudconnexa-api.md §7).
        after_create: Side effects once the record exists (inline routes, connectors).
        before_delete: Checks and cascades before removal.
    """

    path: str
    table: str
    kind: str
    render: Render
    build: Build
    parent_param: str | None = None
    parent_table: str | None = None
    parent_kind: str = ""
    parent_key: str = "networkItemId"
    create_status: int = 201
    delete_status: int = 204
    missing_status: int = 404
    after_create: Hook | None = None
    before_delete: Callable[[FakeState, dict[str, Any]], None] | None = None

    @classmethod
    def of(
        cls, resource: str, kind: str, render: Render, build: Build, **options: Any
    ) -> Collection:
        """Declare the collection of a resource of ``cloudconnexa._resources.RESOURCES``.

        The path, the state table and the parent's query parameter and table come from the
        resource's declaration; the rest is the fake's own behaviour.

        Args:
            resource: The resource's client attribute (``routes``).
            kind: Human name used in "not found" messages.
            render: Stored record to response body.
            build: Validates a body and returns the fields to store (see the class).
            **options: The other attributes (statuses, hooks, ``parent_kind`` ...).

        Returns:
            The collection.
        """
        declared = RESOURCES[resource]
        if declared.parent is not None:
            options.setdefault("parent_param", declared.parent_param)
            options.setdefault("parent_table", RESOURCES[declared.parent].table)
        return cls(declared.api_path, declared.table, kind, render, build, **options)

    def find(self, state: FakeState, item_id: str) -> dict[str, Any]:
        """Return a stored record or raise this collection's "not found" error.

        Args:
            state: The fake's state.
            item_id: The record id from the path.

        Returns:
            The stored record (the live dict, not a copy).

        Raises:
            FakeAPIError: `missing_status` (404, or 400 for DNS records) with
                `<kind> with id <item_id> not found` when there is no such record.
        """
        record = state.table(self.table).get(item_id)
        if record is None:
            raise FakeAPIError(self.missing_status, f"{self.kind} with id {item_id} not found")
        return record


def register_collection(router: Router, c: Collection) -> None:
    """Register the five CRUD operations of a collection.

    The handlers answer:

    * `GET path`: 200 with the page envelope of rendered records, filtered by
      `parent_param` when given (400 for bad page parameters).
    * `POST path`: `create_status` with the rendered new record; 400 `Required request
      parameter` when `parent_param` is missing, `ErrorResponse` 400 for an invalid body, and
      404 when the parent does not exist.
    * `GET path/{id}`: 200 with the rendered record.
    * `PUT path/{id}`: 200 with the rendered, updated record; 400 for an invalid body.
    * `DELETE path/{id}`: `delete_status` without a body, after `before_delete`.

    An unknown `{id}` is answered with `missing_status` (see :meth:`Collection.find`).

    Args:
        router: The router to add the operations to.
        c: The collection's declared behaviour.
    """

    def list_items(state: FakeState, req: Request) -> Reply:
        records: abc.Collection[dict[str, Any]] = state.table(c.table).values()
        if c.parent_param and req.query.get(c.parent_param):
            wanted = req.query[c.parent_param]
            records = [r for r in records if r.get(c.parent_key) == wanted]
        return Reply.json(paginate(records, req.query, lambda r: c.render(state, r)))

    def create(state: FakeState, req: Request) -> Reply:
        parent_id = None
        if c.parent_param and c.parent_table:
            parent_id = req.required_query(c.parent_param)
            state.find(c.parent_table, parent_id, c.parent_kind)
        body = req.body_object()
        fields = c.build(state, body, None, parent_id)
        body.done()
        record = state.insert(c.table, fields)
        if c.after_create is not None:
            c.after_create(state, record, body)
        return Reply.json(c.render(state, record), c.create_status)

    def get(state: FakeState, req: Request) -> Reply:
        return Reply.json(c.render(state, c.find(state, req.params["id"])))

    def update(state: FakeState, req: Request) -> Reply:
        record = c.find(state, req.params["id"])
        body = req.body_object()
        fields = c.build(state, body, record, record.get(c.parent_key))
        body.done()
        record.update(fields)
        return Reply.json(c.render(state, record))

    def delete(state: FakeState, req: Request) -> Reply:
        record = c.find(state, req.params["id"])
        if c.before_delete is not None:
            c.before_delete(state, record)
        state.table(c.table).pop(record["id"], None)
        return Reply.nothing(c.delete_status)

    router.add("GET", c.path, list_items)
    router.add("POST", c.path, create)
    router.add("GET", c.path + "/{id}", get)
    router.add("PUT", c.path + "/{id}", update)
    router.add("DELETE", c.path + "/{id}", delete)
