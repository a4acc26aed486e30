"""Meta tests: the OpenAPI document against the client's declared data."""

from __future__ import annotations

import inspect
import runpy
from pathlib import Path

import pytest

from cloudconnexa import AsyncCloudConnexaClient, CloudConnexaClient
from cloudconnexa._async import _crud, _hosts, _networks, _policies, _users
from cloudconnexa._operations import NEWER_OPERATIONS, OPERATIONS, SETTINGS

HTTP_METHODS = {"get", "post", "put", "delete", "patch", "head", "options"}
GENERATOR = Path(__file__).resolve().parents[3] / "scripts" / "generate_cloudconnexa_types.py"


def test_every_document_operation_has_a_client_method(spec):
    documented = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    assert len(spec["paths"]) == 73
    assert len(documented) == 144
    mapped = [(method, path) for method, path, _ in OPERATIONS]
    assert len(mapped) == len(set(mapped)), "an operation is mapped twice"
    assert set(mapped) == documented


@pytest.mark.parametrize("client_class", [AsyncCloudConnexaClient, CloudConnexaClient])
def test_every_target_exists(client_class):
    client = client_class("acme", "id", "secret")
    for _, path, target in (*OPERATIONS, *NEWER_OPERATIONS):
        name, _, argument = target.partition(":")
        owner = client
        for part in name.split("."):
            owner = getattr(owner, part)
        assert callable(owner), target
        if argument:
            assert argument in SETTINGS, target
            assert path.endswith("/settings/" + argument)


def test_settings_table_matches_document(spec):
    documented = {
        p.removeprefix("/api/v1/settings/")
        for p in spec["paths"]
        if p.startswith("/api/v1/settings/")
    }
    assert documented == set(SETTINGS)
    for name, setting in SETTINGS.items():
        item = spec["paths"]["/api/v1/settings/" + name]
        assert setting.writable == ("put" in item), name
        if "put" in item:
            content = item["put"]["requestBody"]["content"]
            assert setting.text_plain == ("text/plain" in content), name
            enum = content.get("text/plain", {}).get("schema", {}).get("enum")
            assert tuple(enum or ()) == setting.choices, name


def test_every_crud_service_declares_its_data(spec):
    services = [
        cls
        for module in (_hosts, _networks, _policies, _users)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, _crud.AsyncCrudService) and cls.__module__ == module.__name__
    ]
    assert len(services) == 16
    schemas = spec["components"]["schemas"]
    for cls in services:
        assert "/api/v1" + cls._path in spec["paths"], cls
        for attribute in ("_model", "_create_model", "_update_model"):
            assert getattr(cls, attribute).__name__ in schemas, (cls, attribute)


def test_generated_models_are_current():
    with pytest.raises(SystemExit) as info:
        _check()
    assert info.value.code == 0, "run scripts/generate_cloudconnexa_types.py: the models are stale"


def _check() -> None:
    import sys

    argv = sys.argv
    sys.argv = [str(GENERATOR), "--check"]
    try:
        runpy.run_path(str(GENERATOR), run_name="__main__")
    finally:
        sys.argv = argv
