"""Configuration as code (`cloudconnexa.config`) against the stateful fake."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudconnexa import BadRequestError, CloudConnexaClient, InvalidArgumentError
from cloudconnexa import config as cfg
from cloudconnexa.testing import FakeCloudConnexa

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeCloudConnexa]:
    with FakeCloudConnexa(client_id="id", client_secret="secret") as fake:
        yield fake


@pytest.fixture
def client(server: FakeCloudConnexa) -> Iterator[CloudConnexaClient]:
    server.reset()
    with CloudConnexaClient(server.base_url, "id", "secret") as c:
        yield c


def populate(client: CloudConnexaClient) -> dict[str, str]:
    """Build a tenant with one object of most kinds; return some ids."""
    group = client.user_groups.create(
        {
            "name": "engineering",
            "vpnRegionIds": ["de-fra"],
            "internetAccess": "SPLIT_TUNNEL_ON",
            "maxDevice": 2,
            "connectAuth": "ON_PRIOR_AUTH",
            "allRegionsIncluded": False,
        }
    )
    user = client.users.create(
        {
            "username": "alice",
            "firstName": "Alice",
            "lastName": "Liddell",
            "email": "alice@example.com",
            "groupId": group.id,
            "role": "MEMBER",
        }
    )
    network = client.networks.create({"name": "hq", "description": "head office"})
    route = client.routes.create(
        {"value": "10.10.0.0/24", "description": "lan"}, network_id=network.id
    )
    client.network_connectors.create(
        {"name": "hq-gw", "vpnRegionId": "de-fra"}, network_id=network.id
    )
    service = client.network_ip_services.create(
        {
            "name": "intranet",
            "type": "SERVICE_DESTINATION",
            "routes": [{"value": "10.10.0.0/24"}],
            "config": {"serviceTypes": ["ANY"]},
        },
        network_id=network.id,
    )
    client.network_applications.create(
        {
            "name": "wiki",
            "routes": [{"value": "wiki.example.com"}],
            "config": {"serviceTypes": ["ANY"]},
        },
        network_id=network.id,
    )
    host = client.hosts.create({"name": "build-box", "description": "CI"})
    client.host_connectors.create({"name": "box-conn", "vpnRegionId": "de-fra"}, host_id=host.id)
    client.host_ip_services.create(
        {"name": "ssh", "config": {"serviceTypes": ["ANY"]}}, host_id=host.id
    )
    client.access_groups.create(
        {
            "name": "eng-to-intranet",
            "description": "engineers reach the intranet",
            "source": [{"type": "USER_GROUP", "parent": group.id}],
            "destination": [
                {"type": "NETWORK_SERVICE", "parent": network.id, "children": [service.id]}
            ],
        }
    )
    client.dns_records.create({"domain": "db.example.com", "ipv4Addresses": ["10.10.0.5"]})
    client.location_contexts.create(
        {
            "name": "office-only",
            "userGroupsIds": [group.id],
            "ipCheck": {"allowed": True, "ips": [{"ip": "203.0.113.0/24"}]},
            "defaultCheck": {"allowed": False},
        }
    )
    client.device_postures.create(
        {"name": "managed", "userGroupsIds": [group.id], "linux": {"allowed": True}}
    )
    return {
        "group": str(group.id),
        "user": str(user.id),
        "network": str(network.id),
        "route": str(route.id),
    }


def test_export_writes_names_and_no_ids_or_secrets(client: CloudConnexaClient) -> None:
    populate(client)
    document = cfg.export(client)
    text = cfg.dump_document({k: v for k, v in document.items() if k != "settings"})
    assert document["version"] == cfg.SCHEMA_VERSION
    assert UUID.search(text) is None, "an id leaked into the export"
    for server_field in (
        "systemSubnets",
        "ipV4Address:",
        "connectionStatus",
        "status:",
        "networkItemId",
    ):
        assert server_field not in text
    (alice,) = document["users"]
    assert alice["group"] == "engineering"
    (hq,) = document["networks"]
    assert hq["routes"] == [{"subnet": "10.10.0.0/24", "description": "lan"}]
    assert [c["name"] for c in hq["connectors"]] == ["hq-gw"]
    assert hq["ipServices"][0]["routes"] == ["10.10.0.0/24"]
    assert hq["applications"][0]["routes"] == [
        {"domain": "wiki.example.com", "allowEmbeddedIp": False}
    ]
    groups = {g["name"]: g for g in document["access-groups"]}
    destination = groups["eng-to-intranet"]["destination"][0]
    assert destination["parent"] == "hq"
    assert destination["children"] == ["intranet"]
    assert document["location-contexts"][0]["userGroups"] == ["engineering"]
    assert document["device-postures"][0]["userGroups"] == ["engineering"]
    assert document["settings"]["wpc/topology"] == "FULL_MESH"
    assert "auth/ldap/group-mappings" not in document["settings"]


def test_export_of_some_resources(client: CloudConnexaClient) -> None:
    populate(client)
    document = cfg.export(client, ["users", "dns-records"])
    assert list(document) == ["version", "users", "dns-records"]
    with pytest.raises(cfg.DocumentError, match="unknown resource kind 'widgets'"):
        cfg.export(client, ["widgets"])


def test_round_trip_export_then_plan_has_no_changes(
    client: CloudConnexaClient, tmp_path: Path
) -> None:
    populate(client)
    path = tmp_path / "tenant.yaml"
    path.write_text(cfg.dump_document(cfg.export(client)), encoding="utf-8")
    the_plan = cfg.plan(client, path)
    assert the_plan.changes == ()
    assert not the_plan.has_changes
    assert the_plan.summary() == {"create": 0, "update": 0, "delete": 0}


def test_edit_plan_apply_plan(client: CloudConnexaClient, server: FakeCloudConnexa) -> None:
    ids = populate(client)
    document = cfg.export(client)
    edited = copy.deepcopy(document)
    edited["user-groups"].append(
        {"name": "sales", "vpnRegionIds": ["de-fra"], "internetAccess": "SPLIT_TUNNEL_ON"}
    )
    alice = edited["users"][0]
    alice["lastName"] = "Pleasance"
    alice["group"] = "sales"
    edited["users"].append(
        {
            "username": "bob",
            "firstName": "Bob",
            "lastName": "B",
            "email": "bob@example.com",
            "group": "sales",
        }
    )
    hq = edited["networks"][0]
    hq["description"] = "headquarters"
    hq["routes"][0]["description"] = "office lan"
    hq["routes"].append({"subnet": "10.20.0.0/24", "description": "lab"})
    edited["networks"].append({"name": "branch", "routes": [{"subnet": "10.30.0.0/24"}]})
    edited["dns-records"][0]["ipv4Addresses"] = ["10.10.0.6"]
    edited["settings"]["wpc/topology"] = "CUSTOM"
    edited["settings"]["user/device-allowance"] = 5

    the_plan = cfg.plan(client, edited)
    actions = [(c.action.value, c.address) for c in the_plan.changes]
    assert actions == [
        ("create", "user-groups sales"),
        ("update", "users alice"),
        ("create", "users bob"),
        ("update", "networks hq"),
        ("create", "networks branch"),
        ("update", "network-routes hq/10.10.0.0/24"),
        ("create", "network-routes hq/10.20.0.0/24"),
        ("create", "network-routes branch/10.30.0.0/24"),
        ("update", "dns-records db.example.com"),
        ("update", "settings user/device-allowance"),
        ("update", "settings wpc/topology"),
    ]
    update_alice = the_plan.changes[1]
    assert [(f.field, f.before, f.after) for f in update_alice.fields] == [
        ("lastName", "Liddell", "Pleasance"),
        ("group", "engineering", "sales"),
    ]
    assert the_plan.to_dict()["summary"] == {"create": 5, "update": 6, "delete": 0}

    server.clear_requests()
    result = cfg.apply(client, the_plan)
    assert result.applied == the_plan.changes
    methods = [(r.method, r.path) for r in server.requests if r.method != "GET"]
    assert not [m for m in methods if m[0] == "DELETE"], "nothing is deleted and recreated"
    assert ("PUT", f"/api/v1/users/{ids['user']}") in methods
    assert ("PUT", f"/api/v1/networks/routes/{ids['route']}") in methods
    posts = [p for m, p in methods if m == "POST"]
    assert posts.index("/api/v1/user-groups") < posts.index("/api/v1/users")
    assert posts.index("/api/v1/networks") < posts.index("/api/v1/networks/routes")

    assert cfg.plan(client, edited).changes == ()
    alice_now = client.users.get(ids["user"])
    assert alice_now.last_name == "Pleasance"
    assert alice_now.status is not None  # kept from the tenant in the full PUT body
    assert client.settings.get("wpc/topology") == "CUSTOM"


def test_drift_shows_exactly_the_changed_fields(client: CloudConnexaClient) -> None:
    ids = populate(client)
    document = cfg.export(client)
    client.networks.update(
        ids["network"], {"name": "hq", "description": "changed by hand", "egress": True}
    )
    user = client.users.get(ids["user"])
    client.users.update(
        ids["user"],
        {
            "firstName": "Alicia",
            "lastName": user.last_name,
            "email": user.email,
            "groupId": user.group_id,
        },
    )
    client.settings.set(
        "dns/custom-servers", {"primaryIpV4": "9.9.9.9", "secondaryIpV4": "8.8.8.8"}
    )
    the_plan = cfg.plan(client, document)
    found = {c.address: [(f.field, f.before, f.after) for f in c.fields] for c in the_plan.changes}
    assert found == {
        "networks hq": [("description", "changed by hand", "head office"), ("egress", True, False)],
        "users alice": [("firstName", "Alicia", "Alice")],
        "settings dns/custom-servers": [("primaryIpV4", "9.9.9.9", "1.1.1.1")],
    }
    cfg.apply(client, the_plan)
    assert cfg.plan(client, document).changes == ()


def test_unmanaged_fields_and_sections_are_left_alone(client: CloudConnexaClient) -> None:
    populate(client)
    document = {"version": 1, "networks": [{"name": "hq", "description": "head office"}]}
    assert cfg.plan(client, document).changes == ()


def _dns_document(count: int) -> dict[str, Any]:
    return {
        "version": 1,
        "dns-records": [
            {"domain": f"host{i}.example.com", "ipv4Addresses": [f"10.0.0.{i + 1}"]}
            for i in range(count)
        ],
    }


def test_deletes_need_prune_and_stay_under_the_threshold(client: CloudConnexaClient) -> None:
    cfg.apply(client, _dns_document(10))
    smaller = _dns_document(6)  # 4 of 10 would go: 40 % > 30 %
    the_plan = cfg.plan(client, smaller)
    assert [c.action for c in the_plan.changes] == [cfg.Action.DELETE] * 4
    result = cfg.apply(client, the_plan)
    assert result.applied == () and len(result.skipped) == 4
    assert len(list(client.dns_records.list())) == 10
    with pytest.raises(cfg.PruneRefusedError, match="dns-records: 4 of 10") as caught:
        cfg.apply(client, smaller, prune=True)
    assert caught.value.kinds == {"dns-records": (4, 10)}
    assert len(list(client.dns_records.list())) == 10
    result = cfg.apply(client, _dns_document(7), prune=True)  # 3 of 10: allowed
    assert [c.key for c in result.applied] == [f"host{i}.example.com" for i in (7, 8, 9)]
    cfg.apply(client, _dns_document(1), prune=True, force=True)
    assert [r.domain for r in client.dns_records.list()] == ["host0.example.com"]


def test_builtin_access_group_is_never_pruned(client: CloudConnexaClient) -> None:
    the_plan = cfg.plan(client, {"version": 1, "access-groups": []})
    assert the_plan.changes == ()


def test_children_of_an_item_without_the_section_are_not_managed(
    client: CloudConnexaClient,
) -> None:
    populate(client)
    the_plan = cfg.plan(client, {"version": 1, "networks": [{"name": "hq"}]})
    assert the_plan.changes == ()
    the_plan = cfg.plan(client, {"version": 1, "networks": [{"name": "hq", "routes": []}]})
    assert [c.address for c in the_plan.changes] == ["network-routes hq/10.10.0.0/24"]


def test_a_failure_stops_apply_and_reports_what_was_applied(client: CloudConnexaClient) -> None:
    document = _dns_document(5)
    document["dns-records"][2]["ipv4Addresses"] = ["not-an-address"]
    with pytest.raises(cfg.ApplyError) as caught:
        cfg.apply(client, document)
    error = caught.value
    assert isinstance(error.__cause__, BadRequestError)
    assert [c.key for c in error.result.applied] == ["host0.example.com", "host1.example.com"]
    assert error.result.failed is not None and error.result.failed.key == "host2.example.com"
    assert "create dns-records host2.example.com failed" in str(error)
    assert sorted(r.domain or "" for r in client.dns_records.list()) == [
        "host0.example.com",
        "host1.example.com",
    ]
    document["dns-records"][2]["ipv4Addresses"] = ["10.0.0.3"]
    assert [c.key for c in cfg.plan(client, document).changes] == [
        "host2.example.com",
        "host3.example.com",
        "host4.example.com",
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "a tenant document is a mapping"),
        ({"users": []}, "unsupported document version None"),
        ({"version": 2}, "unsupported document version 2"),
        ({"version": 1, "widgets": []}, "unknown section 'widgets'"),
        ({"version": 1, "users": {}}, "users must be a list"),
        ({"version": 1, "users": ["alice"]}, r"users\[0\] must be a mapping"),
        ({"version": 1, "users": [{"email": "a@b.c"}]}, "needs 'username'"),
        ({"version": 1, "users": [{"username": "a", "groupId": "x"}]}, "unknown field 'groupId'"),
        ({"version": 1, "users": [{"username": "a"}, {"username": "a"}]}, "'a' appears twice"),
        (
            {"version": 1, "networks": [{"name": "n", "routes": [{"description": "x"}]}]},
            "needs 'subnet'",
        ),
        ({"version": 1, "settings": {"auth/ldap/group-mappings": {}}}, "not a writable setting"),
        ({"version": 1, "settings": []}, "settings must be a mapping"),
    ],
)
def test_invalid_documents_are_refused(document: Any, message: str) -> None:
    with pytest.raises(cfg.DocumentError, match=message):
        cfg.check_document(document)


def test_unknown_reference_is_refused_before_anything_is_sent(
    client: CloudConnexaClient, server: FakeCloudConnexa
) -> None:
    server.clear_requests()
    document = {"version": 1, "users": [{"username": "carol", "group": "nobody"}]}
    with pytest.raises(cfg.DocumentError, match="no user-groups item named 'nobody'"):
        cfg.plan(client, document)
    assert all(r.method == "GET" for r in server.requests if r.path != "/api/v1/oauth/token")


def test_wrong_field_type_is_refused_by_plan(client: CloudConnexaClient) -> None:
    document = {"version": 1, "user-groups": [{"name": "g", "vpnRegionIds": "de-fra"}]}
    with pytest.raises(InvalidArgumentError):
        cfg.plan(client, document)


def test_tenant_duplicates_are_reported(client: CloudConnexaClient) -> None:
    client.networks.create({"name": "twin"})
    client.networks.create({"name": "twin"})
    with pytest.raises(cfg.DocumentError, match="more than one networks item with name 'twin'"):
        cfg.plan(client, {"version": 1, "networks": [{"name": "twin"}]})


def test_load_document_errors(tmp_path: Path) -> None:
    with pytest.raises(cfg.DocumentError, match="cannot read"):
        cfg.load_document(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("version: 1\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(cfg.DocumentError, match="not UTF-8"):
        cfg.load_document(latin)
    with pytest.raises(cfg.DocumentError, match="not valid YAML at line 3"):
        cfg.load_document("version: 1\nusers: [\n")
    assert cfg.load_document("version: 1\n") == {"version": 1}


def test_access_group_references_resolve_on_apply(client: CloudConnexaClient) -> None:
    document: dict[str, Any] = {
        "version": 1,
        "user-groups": [{"name": "ops", "vpnRegionIds": ["de-fra"]}],
        "networks": [
            {
                "name": "dc",
                "routes": [{"subnet": "10.50.0.0/24"}],
                "ipServices": [
                    {
                        "name": "db",
                        "type": "SERVICE_DESTINATION",
                        "routes": ["10.50.0.0/24"],
                        "config": {"serviceTypes": ["ANY"]},
                    }
                ],
            }
        ],
        "access-groups": [
            {
                "name": "ops-to-db",
                "source": [{"type": "USER_GROUP", "parent": "ops"}],
                "destination": [{"type": "NETWORK_SERVICE", "parent": "dc", "children": ["db"]}],
            }
        ],
        "location-contexts": [
            {"name": "anywhere", "userGroups": ["ops"], "defaultCheck": {"allowed": True}}
        ],
    }
    cfg.apply(client, document)
    left = cfg.plan(client, document).changes
    # Only the built-in "Default" user group, which the document does not list, differs.
    assert [(c.action, c.address) for c in left] == [(cfg.Action.DELETE, "user-groups Default")]
    group = next(g for g in client.access_groups.list() if g.name == "ops-to-db")
    assert group.destination is not None and group.destination[0].children
    with pytest.raises(cfg.DocumentError, match="no service named 'cache'"):
        bad = copy.deepcopy(document)
        bad["access-groups"][0]["destination"][0]["children"] = ["cache"]
        cfg.plan(client, bad)


def test_ipsec_secrets_are_not_exported_and_survive_an_update(client: CloudConnexaClient) -> None:
    network = client.networks.create({"name": "dc"})
    connector = client.network_connectors.create(
        {
            "name": "tunnel",
            "vpnRegionId": "de-fra",
            "ipSecConfig": {
                "platform": "AWS",
                "remoteSitePublicIp": "198.51.100.7",
                "preSharedKey": "s3cret-psk",
            },
        },
        network_id=network.id,
    )
    document = cfg.export(client, ["networks"])
    text = cfg.dump_document(document)
    assert "s3cret-psk" not in text and "preSharedKey" not in text
    ipsec = document["networks"][0]["connectors"][0]["ipSecConfig"]
    assert ipsec["remoteSitePublicIp"] == "198.51.100.7"
    assert "connectorState" not in ipsec
    document["networks"][0]["connectors"][0]["description"] = "to the data centre"
    the_plan = cfg.plan(client, document)
    assert [(c.address, [f.field for f in c.fields]) for c in the_plan.changes] == [
        ("network-connectors dc/tunnel", ["description"])
    ]
    cfg.apply(client, the_plan)
    stored = client.network_connectors.get(str(connector.id))
    assert stored.description == "to the data centre"
    assert stored.ip_sec_config is not None
    assert stored.ip_sec_config.pre_shared_key == "s3cret-psk"
    assert cfg.plan(client, document).changes == ()


def test_the_guide_python_example_runs(
    server: FakeCloudConnexa,
    client: CloudConnexaClient,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = (
        Path(__file__).resolve().parents[3] / "docs" / "cloudconnexa" / "configuration-as-code.md"
    )
    blocks = re.findall(r"^```python\n(.*?)^```\n", page.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) == 1
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLOUDCONNEXA_BASE_URL", server.base_url)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_ID", server.client_id)
    monkeypatch.setenv("CLOUDCONNEXA_CLIENT_SECRET", server.client_secret)
    populate(client)
    exec(compile(blocks[0], "configuration-as-code.md", "exec"), {})
    assert (tmp_path / "tenant.yaml").read_text(encoding="utf-8").startswith("version: 1\n")
    assert capsys.readouterr().out == "0 applied; 0 deletes skipped\n"


async def test_async_export_plan_apply(
    client: CloudConnexaClient, server: FakeCloudConnexa
) -> None:
    from cloudconnexa import AsyncCloudConnexaClient

    populate(client)
    async with AsyncCloudConnexaClient(server.base_url, "id", "secret") as aclient:
        document = await cfg.aexport(aclient)
        assert document == cfg.export(client)
        assert (await cfg.aplan(aclient, document)).changes == ()
        document["networks"][0]["routes"].append({"subnet": "10.40.0.0/24"})
        document["users"][0]["email"] = "alice@example.org"
        document["settings"]["wpc/snat"] = True
        document["dns-records"] = []
        seen: list[str] = []
        result = await cfg.aapply(
            aclient, document, prune=True, force=True, on_change=lambda c: seen.append(c.address)
        )
        assert seen == [c.address for c in result.applied]
        assert seen == [
            "users alice",
            "network-routes hq/10.40.0.0/24",
            "settings wpc/snat",
            "dns-records db.example.com",
        ]
        assert (await cfg.aplan(aclient, document)).changes == ()
        with pytest.raises(cfg.PruneRefusedError):
            await cfg.aapply(aclient, {"version": 1, "users": []}, prune=True)
        bad = {"version": 1, "dns-records": [{"domain": "x.example.com", "ipv4Addresses": ["?"]}]}
        with pytest.raises(cfg.ApplyError) as caught:
            await cfg.aapply(aclient, bad)
        assert caught.value.result.applied == ()
