"""lego issues a certificate for a name and its wildcard from pebble, through DNS.services.

lego's ``exec`` DNS provider runs ``$EXEC_PATH present|cleanup FQDN VALUE``; a two-line script
turns that into ``dns-services acme present|cleanup FQDN VALUE`` against the fake API, whose
authoritative nameserver is the one pebble asks. lego is the Debian package ``lego``; the test
is skipped, with the reason, where it is not installed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

from dns_services_gateway.testing import FakeDNSServices, PebbleServer

from .conftest import PASSWORD, USERNAME

BIN = Path(sys.executable).parent
NAMES = ["example.test", "*.example.test"]


def test_lego_exec_hooks_issue_apex_and_wildcard(
    fake: FakeDNSServices, pebble: PebbleServer, tmp_path: Path
) -> None:
    lego = shutil.which("lego")
    if lego is None:
        pytest.skip("lego (Debian package 'lego', an ACME client) is not installed")
    fake.zone("example.test").add_record("_acme-challenge", "TXT", "not-ours")
    host, port = fake.nameserver
    hook = tmp_path / "dns-services-hook"
    cli = shlex.quote(str(BIN / "dns-services"))
    hook.write_text(f'#!/bin/sh\nexec {cli} --nameserver {host}:{port} acme "$@"\n')
    hook.chmod(0o700)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "DNS_SERVICES_NO_DOTENV": "1",
        "DNS_SERVICES_USERNAME": USERNAME,
        "DNS_SERVICES_PASSWORD": PASSWORD,
        "DNS_SERVICES_BASE_URL": fake.base_url,
        "EXEC_PATH": str(hook),
        "EXEC_PROPAGATION_TIMEOUT": "60",
        "EXEC_POLLING_INTERVAL": "1",
        # lego solves the apex and the wildcard one after the other (one challenge name) and
        # waits this many seconds between them (60 by default).
        "EXEC_SEQUENCE_INTERVAL": "1",
        "LEGO_CA_CERTIFICATES": str(pebble.ca_bundle),
    }
    command = [
        lego,
        "--accept-tos",
        "--email",
        "admin@example.test",
        "--server",
        pebble.directory_url,
        "--path",
        str(tmp_path / "lego"),
        "--dns",
        "exec",
        # `present` returns only once every authoritative nameserver serves the value, so lego's
        # own propagation check (which would look up the provider's NS names) is not needed.
        "--dns.disable-cp",
        *(arg for name in NAMES for arg in ("--domains", name)),
        "run",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, (done.stdout, done.stderr, pebble.log_tail())
    assert PASSWORD not in done.stdout + done.stderr
    cert = x509.load_pem_x509_certificate(
        (tmp_path / "lego" / "certificates" / "example.test.crt").read_bytes()
    )
    extension = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert set(extension.value.get_values_for_type(x509.DNSName)) == set(NAMES)
    # Two values were published at one name (apex and wildcard), then exactly those removed.
    left = sorted(r.content for r in fake.zone("example.test").find("_acme-challenge", "TXT"))
    assert left == ["not-ours"]
