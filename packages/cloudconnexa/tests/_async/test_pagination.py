"""Page/size and cursor walks: laziness, stop rules, page access and page size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from cloudconnexa import (
    AsyncCloudConnexaClient,
    ConfigurationError,
    InvalidArgumentError,
    NotSupportedError,
)

BASE = "http://127.0.0.1:9"
USERS = "/api/v1/users"

# Sessions and the DNS log look back at most 30 days, so tests use a recent instant.
RECENT = (datetime.now(UTC) - timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")


def make(api, fast_retry, **kwargs) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(
        BASE, "id", "secret", transport=api.transport(), retry=fast_retry, **kwargs
    )


def paged(total: int):
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        size = int(request.url.params["size"])
        items = [
            {"id": f"u{i}", "username": f"user{i}"}
            for i in range(page * size, min(total, (page + 1) * size))
        ]
        pages = (total + size - 1) // size
        return httpx.Response(
            200,
            json={
                "content": items,
                "totalElements": total,
                "totalPages": pages,
                "numberOfElements": len(items),
                "page": page,
                "size": size,
            },
        )

    return handler


async def test_list_walks_every_page_lazily(api, fast_retry):
    api.on("GET", USERS, paged(25))
    async with make(api, fast_retry, page_size=10) as client:
        pager = client.users.list()
        assert api.requests == []  # nothing sent until iteration
        ids = [user.id async for user in pager]
    assert ids == [f"u{i}" for i in range(25)]
    pages = [r.url.params["page"] for r in api.calls("GET", USERS)]
    assert pages == ["0", "1", "2"]


async def test_pages_give_page_objects(api, fast_retry):
    api.on("GET", USERS, paged(5))
    async with make(api, fast_retry) as client:
        pages = [page async for page in client.users.list(page_size=2).pages()]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert pages[0].total_elements == 5 and pages[0].total_pages == 3
    assert [u.id for u in pages[2]] == ["u4"]
    assert pages[1].page == 1 and pages[1].size == 2


async def test_empty_collection_stops_after_one_request(api, fast_retry):
    api.on("GET", USERS, paged(0))
    async with make(api, fast_retry) as client:
        assert await client.users.list().to_list() == []
    assert len(api.calls("GET", USERS)) == 1


async def test_empty_page_stops_even_if_total_pages_lies(api, fast_retry):
    api.json("GET", USERS, {"content": [], "totalPages": 99, "page": 0, "size": 10})
    async with make(api, fast_retry) as client:
        assert await client.users.list().to_list() == []
    assert len(api.calls("GET", USERS)) == 1


async def test_page_size_validation(api, fast_retry):
    async with make(api, fast_retry) as client:
        with pytest.raises(InvalidArgumentError, match=r"1\.\.1000"):
            client.users.list(page_size=1001)
        with pytest.raises(InvalidArgumentError):
            client.users.list(page_size=0)
        with pytest.raises(InvalidArgumentError, match=r"10\.\.10000"):
            client.dns_log.list(start_hour=RECENT, page_size=5)
    with pytest.raises(ConfigurationError):
        make(api, fast_retry, page_size=5000)


async def test_child_list_filters_by_parent(api, fast_retry):
    api.on("GET", "/api/v1/networks/routes", paged(1))
    async with make(api, fast_retry) as client:
        await client.routes.list(network_id="net-1").to_list()
        await client.routes.list().to_list()
    first, second = api.calls("GET", "/api/v1/networks/routes")
    assert first.url.params["networkId"] == "net-1"
    assert "networkId" not in second.url.params


async def test_sessions_walked_by_cursor(api, fast_retry):
    def sessions(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        if cursor is None:
            return httpx.Response(
                200, json={"sessions": [{"id": "s1"}, {"id": "s2"}], "nextCursor": "c2"}
            )
        if cursor == "c2":
            return httpx.Response(200, json={"sessions": [{"id": "s3"}], "nextCursor": "c3"})
        return httpx.Response(200, json={"sessions": []})

    api.on("GET", "/api/v1/sessions", sessions)
    async with make(api, fast_retry) as client:
        pager = client.connections.list(
            start_date=RECENT, status="ACTIVE", size=2, return_only_new=True
        )
        ids = [s.id async for s in pager]
    assert ids == ["s1", "s2", "s3"]
    calls = api.calls("GET", "/api/v1/sessions")
    assert len(calls) == 3
    assert calls[0].url.params["size"] == "2"
    assert calls[0].url.params["status"] == "ACTIVE"
    assert calls[0].url.params["returnOnlyNew"] == "true"
    assert calls[1].url.params["cursor"] == "c2"


async def test_audit_log_not_supported_on_404(api, fast_retry):
    async with make(api, fast_retry) as client:
        pager = client.audit_logs.list(
            start_date="2026-11-20T00:00:00Z", end_date="2026-11-20T12:00:00Z"
        )
        with pytest.raises(NotSupportedError, match=r"1\.2\.0"):
            await pager.to_list()


async def test_audit_log_walks_cursor(api, fast_retry):
    api.json("GET", "/api/v1/audit-log", {"auditLogs": [{"id": "a1", "action": "LOGIN"}]})
    async with make(api, fast_retry) as client:
        entries = await client.audit_logs.list(
            start_date="2026-11-20T00:00:00Z", end_date="2026-11-20T12:00:00Z"
        ).to_list()
    assert entries[0].action == "LOGIN"


async def test_pager_reprs_and_page_start(api, fast_retry):
    api.on("GET", USERS, paged(30))
    async with make(api, fast_retry, page_size=10) as client:
        pager = client.users.list()
        assert "/api/v1/users" in repr(pager)
        assert "sessions" in repr(client.connections.list())
        pages = [page.page async for page in pager.pages(start=1)]
    assert pages == [1, 2]


async def test_bad_envelopes_raise(api, fast_retry):
    from cloudconnexa import APIResponseValidationError

    api.json("GET", USERS, ["not", "an", "envelope"])
    api.json("GET", "/api/v1/sessions", ["nope"])
    async with make(api, fast_retry) as client:
        with pytest.raises(APIResponseValidationError):
            await client.users.list().to_list()
        with pytest.raises(APIResponseValidationError):
            await client.connections.list().to_list()


async def test_cursor_pages_start_at_a_cursor(api, fast_retry):
    api.json("GET", "/api/v1/sessions", {"sessions": [{"id": "s9"}], "extraField": 1})
    async with make(api, fast_retry) as client:
        batches = [b async for b in client.connections.list().pages(cursor="c5")]
    assert batches[0].extra == {"extraField": 1}
    assert batches[0].next_cursor is None
    assert api.calls("GET", "/api/v1/sessions")[0].url.params["cursor"] == "c5"


async def test_other_404_on_cursor_list_stays_not_found(api, fast_retry):
    from cloudconnexa import NotFoundError

    async with make(api, fast_retry) as client:
        with pytest.raises(NotFoundError) as info:
            await client.connections.list().to_list()
    assert not isinstance(info.value, NotSupportedError)
