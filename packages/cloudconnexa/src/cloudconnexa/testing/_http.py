"""Request and reply values and the path router of the fake."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudconnexa.testing._errors import FakeAPIError
from cloudconnexa.testing._validate import Body

if TYPE_CHECKING:
    from cloudconnexa.testing._state import FakeState


@dataclass
class Request:
    """One HTTP request as the handlers see it.

    Attributes:
        method: Upper-case HTTP method.
        path: The URL path.
        query: Query parameters (first value of each).
        headers: Headers with lower-case names.
        body: The raw body.
        params: Path parameters filled in by the router.
        client_id: The API client whose access token authorised the request.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)
    client_id: str = ""

    def json(self) -> Any:
        """Decode the body as JSON.

        Returns:
            The decoded value (any JSON type).

        Raises:
            FakeAPIError: 400 `Required request body is missing` when the body is empty or
                blank, 400 `Malformed JSON request` when it is not JSON.
        """
        if not self.body.strip():
            raise FakeAPIError(400, "Required request body is missing")
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise FakeAPIError(400, "Malformed JSON request") from exc

    def body_object(self) -> Body:
        """Decode the body as a JSON object for field-by-field validation.

        The 400 `FakeAPIError` of :meth:`json` (no body, not JSON) and of `Body` (not an object)
        propagates.

        Returns:
            A `Body` over the object, with a fresh error collector.
        """
        return Body(self.json())

    def text(self) -> str:
        """Return the body as text, unquoting a JSON string (both forms are accepted).

        Returns:
            The body decoded as UTF-8 (invalid bytes replaced) and stripped; a body that is a
            JSON string is unquoted, and one that only starts with a quote is returned as is.
        """
        raw = self.body.decode("utf-8", errors="replace").strip()
        if raw.startswith('"'):
            try:
                value = json.loads(raw)
            except ValueError:
                return raw
            return str(value)
        return raw

    def required_query(self, name: str) -> str:
        """Return a required query parameter.

        Args:
            name: The query parameter's name.

        Returns:
            Its value (the first one when it is repeated).

        Raises:
            FakeAPIError: 400 naming the parameter when it is missing or blank.
        """
        value = self.query.get(name, "")
        if not value:
            raise FakeAPIError(
                400,
                f"Required request parameter '{name}' is not present",
                {name: [{"errorCode": "0-10-1", "message": "must not be null"}]},
            )
        return value


@dataclass
class Reply:
    """A handler's answer.

    Attributes:
        status: HTTP status.
        body: JSON body; ignored when `text` is set or `empty` is True.
        text: A `text/plain` body.
        empty: Send no body at all.
    """

    status: int
    body: Any = None
    text: str | None = None
    empty: bool = False

    @classmethod
    def json(cls, body: Any, status: int = 200) -> Reply:
        """Return a JSON reply.

        Args:
            body: Any JSON-ready value.
            status: The HTTP status.

        Returns:
            The reply.
        """
        return cls(status, body=body)

    @classmethod
    def plain(cls, text: str, status: int = 200) -> Reply:
        """Return a `text/plain` reply.

        Args:
            text: The body.
            status: The HTTP status.

        Returns:
            The reply.
        """
        return cls(status, text=text)

    @classmethod
    def nothing(cls, status: int) -> Reply:
        """Return a reply without a body (204, or the 200s the document declares empty).

        Args:
            status: The HTTP status.

        Returns:
            The reply.
        """
        return cls(status, empty=True)


Handler = Callable[["FakeState", Request], Reply]


@dataclass(frozen=True)
class Route:
    """One (method, path template) operation."""

    method: str
    template: str
    pattern: re.Pattern[str]
    literals: int
    handler: Handler


class Router:
    """Maps (method, path) to handlers; literal segments win over `{id}` placeholders."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        """Register a handler for a method and an OpenAPI path template.

        Args:
            method: Upper-case HTTP method.
            template: OpenAPI path template such as `/api/v1/networks/{id}`; each `{name}`
                segment matches one path segment and is passed as `Request.params[name]`.
            handler: Called with the state and the request; returns the `Reply`.
        """
        parts = template.strip("/").split("/")
        regex = "/" + "/".join(
            f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts
        )
        literals = sum(1 for p in parts if not p.startswith("{"))
        self.routes.append(Route(method, template, re.compile(regex + "$"), literals, handler))

    def operations(self) -> set[tuple[str, str]]:
        """Return every registered (method, template) pair.

        Returns:
            The set of `(method, template)` pairs.
        """
        return {(r.method, r.template) for r in self.routes}

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | bool:
        """Find the route for a request.

        Args:
            method: Upper-case HTTP method.
            path: The URL path, without the query string.

        Returns:
            `(route, path_params)` on a match, True if the path exists with another method
            (405), or False if the path is unknown (404).
        """
        best: tuple[Route, dict[str, str]] | None = None
        path_known = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            path_known = True
            if route.method != method:
                continue
            if best is None or route.literals > best[0].literals:
                best = (route, found.groupdict())
        if best is not None:
            # A literal route with another method must not let `{id}` swallow it.
            for route in self.routes:
                if route.literals > best[0].literals and route.pattern.match(path):
                    return True
            return best
        return path_known
