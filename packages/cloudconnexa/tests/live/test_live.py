"""Opt-in checks against a real CloudConnexa tenant (marked ``live``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from cloudconnexa import CloudConnexaClient
from cloudconnexa.types import NetworkResponse

pytestmark = pytest.mark.live


def test_real_authentication(live_client: CloudConnexaClient) -> None:
    state = live_client.authenticate(force=True)
    assert state.access_token.get_secret_value()
    assert state.token_type.lower() == "bearer"
    assert state.expires_at > datetime.now(UTC)
    assert state.access_token.get_secret_value() not in repr(state)


def test_real_network_list(live_client: CloudConnexaClient) -> None:
    networks = list(live_client.networks.list())
    assert all(isinstance(network, NetworkResponse) for network in networks)
    ids = [network.id for network in networks]
    assert len(ids) == len(set(ids))


def test_real_network_create_and_delete(
    live_client: CloudConnexaClient, cleanup: Callable[[str], None]
) -> None:
    regions = live_client.regions.list()
    assert regions, "the tenant lists no VPN region"
    name = f"live-test-{uuid.uuid4().hex[:10]}"
    network = live_client.networks.create(
        {
            "name": name,
            "description": "created by the cloudconnexa live tests; safe to delete",
            "internetAccess": "SPLIT_TUNNEL_ON",
            "egress": False,
            "connectors": [{"name": f"{name}-gw", "vpnRegionId": regions[0].id}],
        }
    )
    assert network.id
    cleanup(network.id)
    assert network.name == name
    assert live_client.networks.get(network.id).name == name
    live_client.networks.delete(network.id)
    assert network.id not in {listed.id for listed in live_client.networks.list()}
