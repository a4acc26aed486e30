"""certbot issues a certificate for a name and its wildcard from pebble, through DNS.services.

Once through the ``dns-services`` authenticator plugin and once through certbot's manual hooks
(``dns-services acme certbot-auth`` / ``certbot-cleanup``); both against the fake API, whose
authoritative nameserver is the one pebble asks.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from cryptography import x509

from dns_services_gateway.testing import FakeDNSServices, PebbleServer

from .conftest import PASSWORD, USERNAME

BIN = Path(sys.executable).parent
NAMES = ["example.test", "*.example.test"]


def certbot(
    pebble: PebbleServer, tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> Path:
    done = pebble.run_certbot(tmp_path / "certbot", NAMES, *args, env=env)
    assert done.returncode == 0, (done.stdout, done.stderr, pebble.log_tail())
    assert PASSWORD not in done.output
    return done.certificate


def sans(path: Path) -> set[str]:
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    extension = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    return set(extension.value.get_values_for_type(x509.DNSName))


def challenge_values(fake: FakeDNSServices) -> list[str]:
    return sorted(r.content for r in fake.zone("example.test").find("_acme-challenge", "TXT"))


def test_certbot_plugin_issues_apex_and_wildcard(
    fake: FakeDNSServices, pebble: PebbleServer, tmp_path: Path
) -> None:
    fake.zone("example.test").add_record("_acme-challenge", "TXT", "not-ours")
    credentials = tmp_path / "dns-services.ini"
    host, port = fake.nameserver
    credentials.write_text(
        f"dns_services_username = {USERNAME}\n"
        f"dns_services_password = {PASSWORD}\n"
        f"dns_services_base_url = {fake.base_url}\n"
        f"dns_services_nameservers = {host}:{port}\n"
    )
    credentials.chmod(0o600)
    cert = certbot(
        pebble,
        tmp_path,
        "--authenticator",
        "dns-services",
        "--dns-services-credentials",
        str(credentials),
        "--dns-services-propagation-timeout",
        "30",
    )
    assert sans(cert) == set(NAMES)
    # Two values were published at one name (apex and wildcard), then exactly those removed.
    posts = [e for e in fake.requests if e.method == "POST" and e.path.endswith("/records")]
    deletes = [e for e in fake.requests if e.method == "DELETE"]
    assert len(posts) == 2 and len(deletes) == 2
    assert {p.json()["content"] for p in posts}.isdisjoint({"not-ours"})
    assert challenge_values(fake) == ["not-ours"]


def test_certbot_plugin_refuses_open_credentials(
    fake: FakeDNSServices, pebble: PebbleServer, tmp_path: Path
) -> None:
    credentials = tmp_path / "dns-services.ini"
    credentials.write_text(f"dns_services_username = {USERNAME}\ndns_services_password = x\n")
    credentials.chmod(0o644)
    done = pebble.run_certbot(
        tmp_path / "certbot",
        ["example.test"],
        "--authenticator",
        "dns-services",
        "--dns-services-credentials",
        str(credentials),
    )
    assert done.returncode != 0
    assert "chmod 600" in done.output
    assert [e for e in fake.requests if e.method == "POST" and "/records" in e.path] == []


def test_certbot_manual_hooks_issue_apex_and_wildcard(
    fake: FakeDNSServices, pebble: PebbleServer, tmp_path: Path
) -> None:
    host, port = fake.nameserver
    cli = f"{shlex.quote(str(BIN / 'dns-services'))} --nameserver {host}:{port} acme"
    env = {
        "DNS_SERVICES_BASE_URL": fake.base_url,
        "DNS_SERVICES_USERNAME": USERNAME,
        "DNS_SERVICES_PASSWORD": PASSWORD,
        "DNS_SERVICES_TOKEN_PATH": str(tmp_path / "token" / "token"),
        "DNS_SERVICES_NO_DOTENV": "1",
    }
    cert = certbot(
        pebble,
        tmp_path,
        "--manual",
        "--preferred-challenges",
        "dns",
        "--manual-auth-hook",
        f"{cli} certbot-auth --timeout 30",
        "--manual-cleanup-hook",
        f"{cli} certbot-cleanup",
        env=env,
    )
    assert sans(cert) == set(NAMES)
    assert challenge_values(fake) == []
