"""The NSD helper of dns_validation.testing: configuration, start-up checks and reloads."""

import socket
import time
from pathlib import Path

import dns.message
import dns.query
import pytest

from dns_validation.testing import NSD_PATH, NSDServer, free_port

ZONE = """$ORIGIN helper.test.
$TTL 60
@       IN SOA  ns1.helper.test. hostmaster.helper.test. {serial} 60 60 600 60
@       IN NS   ns1.helper.test.
ns1     IN A    127.0.0.1
@       IN TXT  "{text}"
"""


def test_free_port_is_free_for_udp_and_tcp() -> None:
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket() as tcp:
        udp.bind(("127.0.0.1", port))
        tcp.bind(("127.0.0.1", port))


def test_missing_binary_is_a_clear_error(tmp_path: Path) -> None:
    server = NSDServer(tmp_path, {"helper.test": ""}, binary=tmp_path / "no-nsd")
    with pytest.raises(FileNotFoundError, match="apt-get install nsd"):
        server.start()
    server.stop()  # idempotent when nothing runs


def test_update_needs_a_running_server(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not running"):
        NSDServer(tmp_path, {"helper.test": ""}).update("helper.test", "")


def test_config_names_every_zone_and_turns_rate_limiting_off(tmp_path: Path) -> None:
    server = NSDServer(tmp_path, {"a.test": "", "b.test": ""}, minimal_responses=True)
    config = server._config()
    assert "rrl-ratelimit: 0" in config
    assert "minimal-responses: yes" in config
    assert "name: a.test" in config and "name: b.test" in config


@pytest.mark.daemon
@pytest.mark.skipif(not NSD_PATH.exists(), reason=f"{NSD_PATH} is absent (apt-get install nsd)")
def test_serves_and_reloads_a_zone(tmp_path: Path) -> None:
    def txt(server: NSDServer) -> str:
        query = dns.message.make_query("helper.test", "TXT")
        response = dns.query.udp(query, "127.0.0.1", port=server.port, timeout=1)
        return " ".join(str(rrset) for rrset in response.answer)

    with NSDServer(tmp_path, {"helper.test": ZONE.format(serial=1, text="one")}) as server:
        assert server.address == f"127.0.0.1:{server.port}"
        assert '"one"' in txt(server)
        server.update("helper.test", ZONE.format(serial=2, text="two"))
        for _ in range(100):
            if '"two"' in txt(server):
                break
            time.sleep(0.05)
        assert '"two"' in txt(server)
    assert server.process is None
