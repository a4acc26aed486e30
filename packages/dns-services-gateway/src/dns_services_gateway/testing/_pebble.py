"""Pebble, the ACME test server, on loopback, and certbot run against it.

Pebble (the Debian package ``pebble``) serves an ACME directory over HTTPS and validates DNS-01
challenges by asking the DNS server given with ``-dnsserver``; pointed at the fake's
authoritative nameserver (:attr:`FakeDNSServices.nameserver
<dns_services_gateway.testing.FakeDNSServices.nameserver>`), it issues certificates offline.
The environment variables set here are described in pebble's README
(https://github.com/letsencrypt/pebble#testing-at-full-speed).

The listener certificate is made with ``cryptography``, which the ``certbot`` extra installs.
"""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

import httpx

__all__ = ["CertbotRun", "PebbleServer"]

#: Settings that make pebble deterministic: validate at once (no random pause), never answer
#: with a random ``badNonce``, and run every order's challenges (no authorization reuse).
_PEBBLE_ENV = {"PEBBLE_VA_NOSLEEP": "1", "PEBBLE_WFE_NONCEREJECT": "0", "PEBBLE_AUTHZREUSE": "0"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_listener_certificate(directory: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for ``127.0.0.1`` and ``localhost``, and its key.

    Args:
        directory: where ``cert.pem`` and ``key.pem`` (mode 0600) are written.

    Returns:
        The certificate path and the key path.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pebble test listener")])
    now = datetime.datetime.now(datetime.UTC)
    names: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.touch(mode=0o600)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclasses.dataclass(frozen=True)
class CertbotRun:
    """The outcome of one ``certbot certonly`` run.

    Attributes:
        returncode: certbot's exit status (0 on success).
        stdout: what certbot printed on standard output.
        stderr: what certbot printed on standard error.
        certificate: where certbot puts the issued certificate
            (``<workdir>/config/live/<cert name>/cert.pem``); it exists only if one was issued.
    """

    returncode: int
    stdout: str
    stderr: str
    certificate: Path

    @property
    def output(self) -> str:
        """Standard output and standard error together."""
        return self.stdout + self.stderr

    @property
    def issued(self) -> bool:
        """Whether certbot succeeded and the certificate file is there."""
        return self.returncode == 0 and self.certificate.exists()


class PebbleServer:
    """Pebble on free loopback ports, with its own scratch configuration and listener certificate.

    Every port pebble opens (ACME directory, management, HTTP-01 and TLS-ALPN-01 validation) is
    on ``127.0.0.1``. Pebble resolves DNS-01 challenges through ``dns_server`` only.

    Args:
        directory: scratch directory for the configuration, the listener certificate and key,
            and pebble's log (``pebble.log``); created if missing.
        dns_server: ``(host, port)`` of the DNS server pebble asks, for example
            ``fake.nameserver``.
        binary: the ``pebble`` executable; by default the one on ``PATH``.

    Constructing writes nothing and starts nothing; :meth:`start` (or ``with``) does.
    """

    def __init__(
        self,
        directory: Path,
        dns_server: tuple[str, int],
        *,
        binary: str | Path | None = None,
    ) -> None:
        self.directory = directory
        self.dns_server = dns_server
        found = shutil.which("pebble") if binary is None else str(binary)
        self.binary: Path | None = None if found is None else Path(found)
        self.port = 0
        self.ca_bundle = directory / "cert.pem"
        self.log_path = directory / "pebble.log"
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        """Whether a ``pebble`` program is on ``PATH``.

        Returns:
            True if ``shutil.which("pebble")`` finds one.
        """
        return shutil.which("pebble") is not None

    @property
    def directory_url(self) -> str:
        """The ACME directory URL, ``https://127.0.0.1:<port>/dir`` (certbot's ``--server``)."""
        return f"https://127.0.0.1:{self.port}/dir"

    def log_tail(self, chars: int = 3000) -> str:
        """The end of pebble's log, for failure messages.

        Args:
            chars: how many characters from the end to return at most.

        Returns:
            The last ``chars`` characters of the log, or ``""`` if there is no log yet.
        """
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return ""

    def _config(self, cert: Path, key: Path) -> str:
        return json.dumps(
            {
                "pebble": {
                    "listenAddress": f"127.0.0.1:{self.port}",
                    "managementListenAddress": f"127.0.0.1:{_free_port()}",
                    "certificate": str(cert),
                    "privateKey": str(key),
                    "httpPort": _free_port(),
                    "tlsPort": _free_port(),
                    "ocspResponderURL": "",
                    "externalAccountBindingRequired": False,
                }
            }
        )

    def start(self, timeout: float = 10.0) -> None:
        """Write the configuration, start pebble, and wait until its directory answers.

        Args:
            timeout: seconds to wait for an HTTP 200 from the directory URL.

        Raises:
            FileNotFoundError: no ``pebble`` program was found, or ``binary`` does not exist.
            RuntimeError: pebble exited while starting (the message ends with its log).
            TimeoutError: the directory did not answer within ``timeout``; pebble is stopped
                first.
        """
        if self.binary is None or not self.binary.exists():
            raise FileNotFoundError("pebble is not installed (apt-get install pebble)")
        self.directory.mkdir(parents=True, exist_ok=True)
        cert, key = _write_listener_certificate(self.directory)
        self.port = _free_port()
        config = self.directory / "pebble-config.json"
        config.write_text(self._config(cert, key))
        host, port = self.dns_server
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(self.binary), "-config", str(config), "-dnsserver", f"{host}:{port}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **_PEBBLE_ENV},
            )
        context = ssl.create_default_context(cafile=str(cert))
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"pebble exited while starting: {self.log_tail(2000)}")
            try:
                httpx.get(self.directory_url, verify=context, timeout=1.0).raise_for_status()
                return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"pebble did not answer within {timeout:g} s")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop pebble (idempotent): SIGTERM, then SIGKILL after 10 s."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - pebble ignores SIGTERM
            process.kill()
            process.wait()

    def run_certbot(
        self,
        workdir: Path,
        names: Sequence[str],
        *args: str,
        cert_name: str | None = None,
        env: Mapping[str, str] | None = None,
        certbot: Path | None = None,
        timeout: float = 300.0,
    ) -> CertbotRun:
        """Run ``certbot certonly`` non-interactively against this pebble.

        certbot registers a new account without an e-mail address, keeps its configuration,
        work and log directories under ``workdir``, and trusts pebble's listener through
        ``REQUESTS_CA_BUNDLE``.

        Args:
            workdir: certbot's scratch directory (``config``, ``work`` and ``logs`` go under it).
            names: the names to request (at least one), each passed as ``-d``.
            *args: further certbot options, for example ``"--authenticator", "dns-services"``.
            cert_name: the ``--cert-name`` (the directory under ``config/live``); by default
                the first name without a leading ``*.``.
            env: variables added to the environment certbot (and its hooks) run with.
            certbot: the ``certbot`` executable; by default the one next to the running Python.
            timeout: seconds certbot may run; after that it is killed and ``subprocess.run``'s
                ``TimeoutExpired`` propagates.

        Returns:
            The exit status, output and certificate path of the run.

        Raises:
            RuntimeError: pebble is not running.
            FileNotFoundError: the certbot executable does not exist.
        """
        if self.process is None:
            raise RuntimeError("pebble is not running")
        program = Path(sys.executable).parent / "certbot" if certbot is None else certbot
        if not program.exists():
            raise FileNotFoundError(f"{program} is absent (install the 'certbot' extra)")
        command = [
            str(program),
            "certonly",
            "--non-interactive",
            "--agree-tos",
            "--register-unsafely-without-email",
            "--server",
            self.directory_url,
            "--config-dir",
            str(workdir / "config"),
            "--work-dir",
            str(workdir / "work"),
            "--logs-dir",
            str(workdir / "logs"),
        ]
        lineage = names[0].removeprefix("*.") if cert_name is None else cert_name
        command += ["--cert-name", lineage, *args]
        for name in names:
            command += ["-d", name]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={**os.environ, "REQUESTS_CA_BUNDLE": str(self.ca_bundle), **(env or {})},
            timeout=timeout,
            check=False,
        )
        return CertbotRun(
            returncode=done.returncode,
            stdout=done.stdout,
            stderr=done.stderr,
            certificate=workdir / "config" / "live" / lineage / "cert.pem",
        )

    def __enter__(self) -> PebbleServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
