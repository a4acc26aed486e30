"""Everything that lists the check types is derived from ``domain.checks.CHECK_TYPES``."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from dns_validation import create_app, load_settings
from dns_validation.api import gate
from dns_validation.cli import CheckType, app
from dns_validation.domain.checks import CHECK_TYPES, fallback_missing, requirements
from dns_validation.domain.validators import Expectations
from dns_validation.queue.models import TYPE_CONSTRAINT, dns_requests

EXP = Expectations("forward.haltman.io", "mail.abin.lat", 10, "v=spf1 mx -all", "v=DMARC1; p=none")


def test_routes_gate_cli_and_openapi_follow_the_registry() -> None:
    paths = {kind.path for kind in CHECK_TYPES.values()}
    application = create_app(load_settings(dns_servers="127.0.0.1"), run_poller=False)
    document = application.openapi()
    posts = {
        path
        for path, operations in document["paths"].items()
        if "post" in operations and path.startswith("/request/")
    }
    assert posts == paths == {"/request/ui", "/request/email"}
    assert paths == gate._JSON_POSTS
    assert {member.value for member in CheckType} == {kind.slug for kind in CHECK_TYPES.values()}
    schemas = document["components"]["schemas"]
    for kind in CHECK_TYPES.values():
        assert kind.slug in schemas["CheckDNSResponse"]["properties"]
        assert f"has_{kind.slug}" in schemas["Summary"]["properties"]
    assert set(schemas["RequestCreated"]["properties"]["type"]["enum"]) == set(CHECK_TYPES)


def test_cli_help_lists_the_types() -> None:
    result = CliRunner().invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    for kind in CHECK_TYPES.values():
        assert kind.slug in result.output


def test_fallback_matches_the_requirements() -> None:
    for name in CHECK_TYPES:
        reqs = requirements(name, "example.com", EXP)
        items = fallback_missing(name, "example.com", EXP)
        assert [(i["key"], i["type"], i["name"]) for i in items] == [
            (r.key, r.rrtype, r.name) for r in reqs
        ]


def test_model_constraint_is_derived() -> None:
    assert TYPE_CONSTRAINT == "type IN ('UI', 'EMAIL')"
    constraint = next(
        c for c in dns_requests.constraints if getattr(c, "name", "") == "ck_dns_requests_type"
    )
    assert str(getattr(constraint, "sqltext", "")) == TYPE_CONSTRAINT


async def test_migrated_database_enforces_the_registry(engine: AsyncEngine) -> None:
    row: dict[str, Any] = {
        "status": "PENDING",
        "created_at": sa.func.now(),
        "updated_at": sa.func.now(),
        "expires_at": sa.func.now(),
    }
    async with engine.begin() as conn:
        for i, name in enumerate(CHECK_TYPES):
            await conn.execute(
                dns_requests.insert().values(target=f"t{i}.example", type=name, **row)
            )
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(
                dns_requests.insert().values(target="x.example", type="BOGUS", **row)
            )
