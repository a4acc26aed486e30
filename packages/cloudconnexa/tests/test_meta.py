"""Meta tests: the OpenAPI document against the client's declared data."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from cloudconnexa import AsyncCloudConnexaClient, CloudConnexaClient
from cloudconnexa._async import _crud
from cloudconnexa._operations import NEWER_OPERATIONS, OPERATIONS, SETTINGS
from cloudconnexa._resources import RESOURCES

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
    # Derived from the resource table: each declared resource is a client service whose data
    # (path, models, key) comes from its declaration and exists in the document.
    schemas = spec["components"]["schemas"]
    client = AsyncCloudConnexaClient("acme", "id", "secret")
    for name, resource in RESOURCES.items():
        service = getattr(client, name)
        assert isinstance(service, _crud.AsyncCrudService), name
        assert service._resource is resource, name
        assert service._path == resource.path, name
        assert resource.api_path in spec["paths"], name
        assert resource.api_path + "/{id}" in spec["paths"], name
        for model in (resource.model, resource.create_model, resource.update_model):
            assert model.__name__ in schemas, (name, model)
        assert resource.key in resource.model.model_fields, name
        if resource.parent is not None:
            assert resource.parent in RESOURCES, name
            documented = {
                p["name"] for p in spec["paths"][resource.api_path]["post"].get("parameters", [])
            }
            assert resource.parent_param in documented, name


def test_every_crud_service_class_has_a_declaration():
    # No service may carry data of its own beside the table.
    declared = set()
    for cls in _all_subclasses(_crud.AsyncCrudService):
        if "_resource" in cls.__dict__:
            declared.add(cls._resource.attribute)
        else:
            assert cls.__name__.startswith("AsyncCrud") or cls.__name__.endswith(
                ("ItemService", "TopLevelService", "ChildService")
            ), cls
    assert declared == set(RESOURCES)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_the_fake_serves_every_declared_resource(fake_server):
    import httpx

    fake = fake_server()
    token = httpx.post(
        fake.base_url + "/api/v1/oauth/token", auth=(fake.client_id, fake.client_secret)
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for name, resource in RESOURCES.items():
        params = {resource.parent_param: "x"} if name == "devices" else {}
        answer = httpx.get(fake.base_url + resource.api_path, headers=headers, params=params)
        assert answer.status_code == 200, (name, answer.text)
        assert resource.table in fake.state.tables, name


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
