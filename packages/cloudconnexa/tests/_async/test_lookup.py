"""Lookup by natural key: ``find`` and ``get_by_name`` on every CRUD service (issue 9)."""

from __future__ import annotations

import pytest

from cloudconnexa import AsyncCloudConnexaClient, InvalidArgumentError, NotFoundError
from cloudconnexa._async._crud import AsyncCrudService
from cloudconnexa._operations import OPERATIONS


def client_for(fake) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(fake.base_url, fake.client_id, fake.client_secret)


def crud_services(client) -> dict[str, AsyncCrudService]:
    names = {target.partition(".")[0] for _, _, target in OPERATIONS}
    return {
        name: getattr(client, name)
        for name in sorted(names)
        if isinstance(getattr(client, name, None), AsyncCrudService)
    }


async def test_every_crud_service_has_a_natural_key_of_its_model(fake):
    async with client_for(fake) as client:
        services = crud_services(client)
    assert len(services) >= 12
    for name, service in services.items():
        assert service._key in type(service)._model.model_fields, name
        assert callable(service.find) and callable(service.get_by_name), name


async def test_find_and_get_by_name_on_the_fake(fake):
    async with client_for(fake) as client:
        network = await client.networks.create({"name": "hq", "internetAccess": "SPLIT_TUNNEL_ON"})
        await client.networks.create({"name": "branch"})
        assert [n.id for n in await client.networks.find("hq")] == [network.id]
        assert (await client.networks.get_by_name("hq")).id == network.id
        assert await client.networks.find("HQ") == []  # exact, case-sensitive
        with pytest.raises(NotFoundError) as missing:
            await client.networks.get_by_name("nowhere")
        assert missing.value.status_code is None

        user_id = fake.seed_users(2)[1]
        assert (await client.users.get_by_name("user1")).id == user_id
        record = await client.dns_records.create(
            {"domain": "db.example.com", "ipv4Addresses": ["10.0.0.7"]}
        )
        assert (await client.dns_records.get_by_name("db.example.com")).id == record.id
        route = await client.routes.create(
            {"type": "IP_V4", "value": "10.20.0.0/24"}, network_id=network.id
        )
        found = await client.routes.get_by_name("10.20.0.0/24", network_id=network.id)
        assert found.id == route.id


async def test_duplicates_and_bad_arguments(fake):
    async with client_for(fake) as client:
        user_id = fake.seed_users(1)[0]
        for _ in range(2):
            await client.devices.create({"name": "laptop"}, user_id=user_id)
        assert len(await client.devices.find("laptop", user_id=user_id)) == 2
        with pytest.raises(InvalidArgumentError, match="2 items of devices"):
            await client.devices.get_by_name("laptop", user_id=user_id)
        with pytest.raises(InvalidArgumentError):
            await client.networks.find("")
        with pytest.raises(InvalidArgumentError, match="filters of list"):
            await client.networks.find("hq", colour="red")


async def test_connectors_by_name(fake):
    async with client_for(fake) as client:
        network = await client.networks.create({"name": "n"})
        connector = await client.network_connectors.create(
            {"name": "edge", "vpnRegionId": "de-fra"}, network_id=network.id
        )
        assert (await client.connectors.get_by_name("edge")).id == connector.id
        assert (await client.network_connectors.get_by_name("edge")).id == connector.id
        assert await client.connectors.find("edge", host_id="no-such-host") == []
