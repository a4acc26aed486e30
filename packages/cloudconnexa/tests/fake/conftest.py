"""Fixtures for the fake-server tests: a running fake, an authorised httpx client, and the
OpenAPI document (patched) as a response validator."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest

from cloudconnexa.testing import FakeCloudConnexa

HTTP_METHODS = ("get", "post", "put", "delete", "patch")
TOKEN_PATH = "/api/v1/oauth/token"
GATEWAY_KEYS = {"path", "requestId", "status", "statusError", "timestamp"}


def _patch(node: Any) -> Any:
    """Fix the document's invalid `"type": "int32"` and make every object schema strict."""
    if isinstance(node, dict):
        out = {k: _patch(v) for k, v in node.items()}
        if out.get("type") == "int32":
            out["type"] = "integer"
            out["format"] = "int32"
        if (
            out.get("type") == "object"
            and "properties" in out
            and "additionalProperties" not in out
        ):
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_patch(v) for v in node]
    return node


class Spec:
    """The patched OpenAPI document with response validation."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = _patch(document)
        self.components = self.document["components"]

    def template_for(self, method: str, path: str) -> str | None:
        """Return the documented path template serving (method, path), literal segments first."""
        best: tuple[int, str] | None = None
        for template, item in self.document["paths"].items():
            if method.lower() not in item:
                continue
            parts = template.strip("/").split("/")
            pattern = "/" + "/".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
            if re.fullmatch(pattern, path):
                literals = sum(1 for p in parts if not p.startswith("{"))
                if best is None or literals > best[0]:
                    best = (literals, template)
        return best[1] if best else None

    def check_any(self, response: httpx.Response) -> None:
        """Validate whatever the fake answered: documented successes against their operation,
        errors as `ErrorResponse` (empty for 429), unknown paths as the gateway body."""
        response.read()
        request = response.request
        status = response.status_code
        if status == 401 or (request.url.path == TOKEN_PATH and status >= 400):
            return  # OAuth2 error bodies (RFC 6749 §5.2, RFC 6750 §3) are not in the document
        if status == 429:
            assert response.content == b"", "429 must have an empty body"
            return
        template = self.template_for(request.method, request.url.path)
        if template is None:  # undocumented: unknown paths, wrong methods, newer endpoints
            if status >= 400 and set(response.json()) != GATEWAY_KEYS:
                self.validate_error(response)
            return
        if status < 300:
            self.validate(response, request.method, template)
        elif response.json().keys() == GATEWAY_KEYS:
            assert status in (404, 405)
        else:
            self.validate_error(response)

    def operations(self) -> set[tuple[str, str]]:
        return {
            (method.upper(), path)
            for path, item in self.document["paths"].items()
            for method in item
            if method in HTTP_METHODS
        }

    def schema(self, ref_or_schema: dict[str, Any]) -> dict[str, Any]:
        return {**copy.deepcopy(ref_or_schema), "components": self.components}

    def validate_instance(self, schema: dict[str, Any], instance: Any) -> None:
        jsonschema.Draft7Validator(self.schema(schema)).validate(instance)

    def validate_error(self, response: httpx.Response) -> None:
        """An error reply must be an `ErrorResponse` (or empty for 429)."""
        if response.status_code == 429:
            assert response.content == b""
            return
        self.validate_instance({"$ref": "#/components/schemas/ErrorResponse"}, response.json())

    def validate(self, response: httpx.Response, method: str, template: str) -> None:
        """Check a response's status and body against the operation in the document."""
        operation = self.document["paths"][template][method.lower()]
        responses = operation["responses"]
        status = str(response.status_code)
        documented = status in responses or ("default" in responses and status == "200")
        where = f"{method} {template}"
        assert documented, f"{where}: status {status} not in {sorted(responses)}: {response.text}"
        declared = responses.get(status, responses.get("default", {}))
        content = declared.get("content", {})
        if not content:
            assert response.content == b"", f"{method} {template}: expected no body"
            return
        if all(not c.get("schema") for c in content.values()):
            return  # a media type without a schema documents no body shape
        media = (
            content.get("*/*") or content.get("application/json") or next(iter(content.values()))
        )
        schema = media["schema"]
        if response.headers.get("content-type", "").startswith("text/plain"):
            instance: Any = response.text
        else:
            instance = response.json()
        try:
            self.validate_instance(schema, instance)
        except jsonschema.ValidationError as exc:
            pytest.fail(f"{method} {template}: {exc.message} at {list(exc.absolute_path)}")


@pytest.fixture(scope="session")
def spec(openapi_document: dict[str, Any]) -> Spec:
    return Spec(openapi_document)


@pytest.fixture(scope="session")
def running_fake() -> Iterator[FakeCloudConnexa]:
    with FakeCloudConnexa(client_id="id", client_secret="secret") as server:
        yield server


@pytest.fixture
def fake(running_fake: FakeCloudConnexa) -> FakeCloudConnexa:
    """The session's fake, returned to a new tenant with default knobs for each test."""
    running_fake.reset()
    return running_fake


def token_for(fake: FakeCloudConnexa) -> str:
    response = httpx.post(
        f"{fake.base_url}/api/v1/oauth/token",
        params={
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "grant_type": "client_credentials",
        },
    )
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
def http(fake: FakeCloudConnexa, spec: Spec) -> Iterator[httpx.Client]:
    """An authorised client that validates every response it receives against the document."""
    with httpx.Client(
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {token_for(fake)}"},
        timeout=10,
        event_hooks={"response": [spec.check_any]},
    ) as client:
        yield client


@pytest.fixture
def unchecked_http(fake: FakeCloudConnexa) -> Iterator[httpx.Client]:
    """An authorised client without validation, for deliberately broken (fault) responses."""
    with httpx.Client(
        base_url=fake.base_url, headers={"Authorization": f"Bearer {token_for(fake)}"}, timeout=10
    ) as client:
        yield client
