r"""A certbot DNS-01 authenticator for DNS.services (install the ``certbot`` extra).

Registered through certbot's ``certbot.plugins`` entry point as ``dns-services``::

    certbot certonly --authenticator dns-services \
        --dns-services-credentials ~/.secrets/dns-services.ini \
        -d example.com -d '*.example.com'

The credentials file holds ``dns_services_username``, ``dns_services_password`` and,
optionally, ``dns_services_base_url`` and ``dns_services_nameservers`` (``host[:port]``,
comma-separated, for the propagation check); it is refused when group or others may access it.
The plugin creates every challenge TXT value, then polls each authoritative nameserver until it
serves all of them (``--dns-services-propagation-timeout`` seconds at most; no fixed sleep),
and after validation removes exactly the values it created.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import certbot.errors
from certbot.plugins import dns_common

from ._acme import (
    DEFAULT_PROPAGATION_TIMEOUT,
    Challenge,
    add_challenges,
    challenge_name,
    parse_nameservers,
    read_credentials,
    remove_challenges,
    wait_for_challenges,
)
from ._exceptions import DNSServicesError
from ._sync._client import DNSServicesClient

__all__ = ["Authenticator"]

_PREFIX = "dns_services_"


def _record_name(achall: Any) -> str:
    """The TXT name of a challenge; a wildcard shares the apex's name (RFC 8555 §8.4)."""
    name = str(achall.validation_domain_name(achall.identifier.value))
    return challenge_name(name.rstrip(".").lower().replace("_acme-challenge.*.", ""))


class Authenticator(dns_common.DNSAuthenticator):
    """The ``dns-services`` authenticator: DNS-01 challenges as TXT records on DNS.services.

    Args:
        config: certbot's configuration namespace.
        name: The plugin name certbot registered (``dns-services``).
    """

    description = (
        "Obtain certificates using DNS TXT records on DNS.services, checked on the zone's "
        "authoritative nameservers before validation (no fixed wait)."
    )

    def __init__(self, config: Any, name: str) -> None:
        super().__init__(config, name)
        self._client: DNSServicesClient | None = None
        self._added: list[Challenge] = []

    @classmethod
    def add_parser_arguments(cls, add: Any, default_propagation_seconds: int = 0) -> None:
        """Declare ``--dns-services-credentials`` and ``--dns-services-propagation-timeout``.

        Args:
            add: certbot's option adder (prefixes the plugin name).
            default_propagation_seconds: Unused: the plugin polls instead of sleeping.
        """
        add(
            "credentials",
            help="DNS.services credentials INI file (dns_services_username, "
            "dns_services_password, optional dns_services_base_url and dns_services_nameservers).",
            default=None,
        )
        add(
            "propagation-timeout",
            type=float,
            default=DEFAULT_PROPAGATION_TIMEOUT,
            help="Seconds to wait for every authoritative nameserver to serve the TXT values.",
        )

    def more_info(self) -> str:
        """Describe the plugin for ``certbot plugins``.

        Returns:
            One sentence.
        """
        return (
            "Creates the DNS-01 TXT records through the DNS.services API and waits until the "
            "zone's authoritative nameservers serve them."
        )

    def auth_hint(self, failed_achalls: list[Any]) -> str:
        """Say what to check when the CA could not validate.

        Args:
            failed_achalls: The challenges that failed.

        Returns:
            The hint certbot prints.
        """
        return (
            "The CA could not see the TXT records created by --authenticator dns-services. "
            "Check that the names are in a zone hosted by this DNS.services account, and that "
            "the zone's NS records are the nameservers the CA asks."
        )

    def _setup_credentials(self) -> None:
        if self._client is not None:
            return
        path = self.conf("credentials")
        if not path:
            raise certbot.errors.PluginError(
                "--dns-services-credentials FILE is required (an INI file with "
                "dns_services_username and dns_services_password)"
            )
        try:
            values = read_credentials(path)
            missing = [
                _PREFIX + key for key in ("username", "password") if not values.get(_PREFIX + key)
            ]
            if missing:
                raise certbot.errors.PluginError(f"{path}: missing {', '.join(missing)}")
            self._client = DNSServicesClient(
                username=values[_PREFIX + "username"],
                password=values[_PREFIX + "password"],
                base_url=values.get(_PREFIX + "base_url") or None,
                store_token=False,
                nameservers=parse_nameservers(values.get(_PREFIX + "nameservers")),
            )
        except DNSServicesError as exc:
            raise certbot.errors.PluginError(f"{type(exc).__name__}: {exc.message}") from None

    def _client_or_fail(self) -> DNSServicesClient:
        self._setup_credentials()
        assert self._client is not None
        return self._client

    def perform(self, achalls: list[Any]) -> list[Any]:
        """Create every challenge value, then wait until all nameservers serve them.

        Args:
            achalls: certbot's annotated DNS-01 challenges.

        Returns:
            The challenge responses, in order.

        Raises:
            certbot.errors.PluginError: A value could not be created, or the nameservers did
                not serve every value within the propagation timeout.
        """
        client = self._client_or_fail()
        self._attempt_cleanup = True
        items = [(_record_name(a), a.validation(a.account_key)) for a in achalls]
        try:
            challenges = add_challenges(client, items)
            self._added.extend(c for c in challenges if c.added is not None)
            result = wait_for_challenges(
                client, challenges, timeout=float(self.conf("propagation-timeout"))
            )
        except DNSServicesError as exc:
            raise certbot.errors.PluginError(f"{type(exc).__name__}: {exc.message}") from None
        if result.ok is not True:
            raise certbot.errors.PluginError(f"the TXT records are not served yet: {result.reason}")
        return [a.response(a.account_key) for a in achalls]

    def cleanup(self, achalls: list[Any]) -> None:
        """Remove exactly the values this run created for these challenges.

        Args:
            achalls: certbot's annotated DNS-01 challenges.

        Raises:
            certbot.errors.PluginError: The API refused a delete.
        """
        if not self._attempt_cleanup or self._client is None:
            return
        wanted = {(_record_name(a), a.validation(a.account_key)) for a in achalls}
        mine = [c for c in self._added if (c.fqdn, c.value) in wanted]
        try:
            remove_challenges(self._client, [(c.fqdn, c.value) for c in mine])
        except DNSServicesError as exc:
            raise certbot.errors.PluginError(f"{type(exc).__name__}: {exc.message}") from None
        self._added = [c for c in self._added if c not in mine]
        if not self._added:
            self._client.close()
            self._client = None

    def _perform(self, domain: str, validation_name: str, validation: str) -> None:
        self._perform_many([(validation_name, validation)])

    def _perform_many(self, items: Iterable[tuple[str, str]]) -> None:
        client = self._client_or_fail()
        try:
            self._added.extend(c for c in add_challenges(client, items) if c.added is not None)
        except DNSServicesError as exc:
            raise certbot.errors.PluginError(f"{type(exc).__name__}: {exc.message}") from None

    def _cleanup(self, domain: str, validation_name: str, validation: str) -> None:
        if self._client is None:
            return
        fqdn = validation_name.rstrip(".").lower()
        mine = [c for c in self._added if (c.fqdn, c.value) == (fqdn, validation)]
        try:
            remove_challenges(self._client, [(c.fqdn, c.value) for c in mine])
        except DNSServicesError as exc:
            raise certbot.errors.PluginError(f"{type(exc).__name__}: {exc.message}") from None
