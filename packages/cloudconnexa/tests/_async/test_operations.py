"""Every (method, path) of the 1.1.0 document is served by its declared client method.

Each operation's method is called with arguments derived from its signature, against a
MockTransport that answers in the documented shape; the test checks the request it sent.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from cloudconnexa import AsyncCloudConnexaClient, RetryPolicy
from cloudconnexa._operations import OPERATIONS, SETTINGS
from cloudconnexa.types import CloudConnexaModel

BASE = "http://127.0.0.1:9"
SAMPLES: dict[Any, Any] = {bool: True, int: 7, str: "FULL_MESH", list[str]: ["verb 3"]}

# Sessions and the DNS log look back at most 30 days, so tests use a recent instant.
RECENT = (datetime.now(UTC) - timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")


def sample_setting(name: str) -> Any:
    setting = SETTINGS[name]
    if setting.choices:
        return setting.choices[0]
    if isinstance(setting.value_type, type) and issubclass(setting.value_type, CloudConnexaModel):
        return {}
    return SAMPLES[setting.value_type]


def reply_for(method: str, path: str, target: str) -> httpx.Response:
    if target.startswith("settings."):
        name = target.split(":", 1)[1]
        setting = SETTINGS[name]
        value = sample_setting(name)
        if setting.value_type is str and setting.text_plain:
            return httpx.Response(200, text=value)
        return httpx.Response(200, json=value)
    if "/profile" in path:
        return httpx.Response(200, text="true" if method == "DELETE" else "client\nremote x\n")
    if target == "regions.list":
        return httpx.Response(200, json=[{"id": "it-mxp", "country": "Italy"}])
    if target == "connections.list":
        return httpx.Response(200, json={"sessions": [{"id": "s1"}]})
    if target.endswith(".list"):
        return httpx.Response(
            200,
            json={
                "content": [{"id": "i1"}],
                "totalElements": 1,
                "totalPages": 1,
                "numberOfElements": 1,
                "page": 0,
                "size": 100,
            },
        )
    if "/ipsec/" in path or "/dns-log/" in path or "/cybershield/" in path:
        return httpx.Response(200)
    if method == "DELETE" and path.endswith("{id}"):
        return httpx.Response(204)
    return httpx.Response(201 if method == "POST" else 200, json={"id": "obj-1"})


def argument(name: str, target: str) -> Any:
    values = {
        "id": "obj-1",
        "body": {},
        "item": {},
        "domains": ["example.com"],
        "type": "USER_GROUP",
        "bundle_type": "MSI",
        "start_hour": RECENT,
    }
    if name == "name":
        return target.split(":", 1)[1]
    if name == "value":
        return sample_setting(target.split(":", 1)[1])
    if name.endswith("_id"):
        return "p-1"
    return values[name]


@pytest.mark.parametrize(("method", "path", "target"), OPERATIONS, ids=lambda v: str(v))
async def test_operation_sends_documented_request(api, method, path, target):
    concrete = path.replace("{id}", "obj-1")
    api.on(method, concrete, reply_for(method, path, target))
    policy = RetryPolicy(max_retries=0)
    async with AsyncCloudConnexaClient(
        BASE, "id", "secret", transport=api.transport(), retry=policy
    ) as client:
        owner: Any = client
        name = target.split(":", 1)[0]
        *services, verb = name.split(".")
        for service in services:
            owner = getattr(owner, service)
        function = getattr(owner, verb)
        positional = []
        keywords = {}
        for parameter in inspect.signature(function).parameters.values():
            if parameter.default is not inspect.Parameter.empty:
                continue
            value = argument(parameter.name, target)
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                keywords[parameter.name] = value
            else:
                positional.append(value)
        result = function(*positional, **keywords)
        if inspect.isawaitable(result):
            result = await result
        if hasattr(result, "to_list"):
            result = await result.to_list()
    sent = [(r.method, r.url.path) for r in api.requests]
    assert (method, concrete) in sent
    if target.endswith(".list") and target != "regions.list":
        assert len(result) == 1
