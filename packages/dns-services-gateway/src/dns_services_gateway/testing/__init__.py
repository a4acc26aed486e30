"""A stateful fake of the DNS.services API and an authoritative nameserver, for tests.

:class:`FakeDNSServices` serves the DNS.services REST API over real HTTP on ``127.0.0.1``
and answers DNS queries (UDP and TCP) for its zones with the AA flag, from the same state, so
that a create followed by DNS verification runs end to end offline. Its response shapes and
quirks follow ``dns-services-api.md`` and are checked against the recorded live
traffic in this project's tests. :class:`PebbleServer` runs pebble, the ACME test server,
resolving through that nameserver, and certbot against it.

Example:
    >>> from dns_services_gateway.testing import FakeDNSServices
    >>> with FakeDNSServices(username="user@example.com", password="secret") as fake:
    ...     zone = fake.add_zone("example.com")
    ...     fake.faults.fail_next(2, status=503)  # the next two requests get HTTP 503
    ...     fake.clock.advance(3600)  # expire access tokens without sleeping
"""

from dns_services_gateway.testing._api import ApiRequest, ApiResponse
from dns_services_gateway.testing._clock import FakeClock
from dns_services_gateway.testing._faults import Faults, InjectedFault
from dns_services_gateway.testing._http import RequestLogEntry
from dns_services_gateway.testing._pebble import CertbotRun, PebbleServer
from dns_services_gateway.testing._seed import seed_recorded_account, seed_zone_from_body
from dns_services_gateway.testing._server import FakeDNSServices
from dns_services_gateway.testing._state import (
    RECORD_TYPES,
    FakeDomain,
    FakeRecord,
    FakeService,
    FakeZone,
    SOAValues,
)

__all__ = [
    "RECORD_TYPES",
    "ApiRequest",
    "ApiResponse",
    "CertbotRun",
    "FakeClock",
    "FakeDNSServices",
    "FakeDomain",
    "FakeRecord",
    "FakeService",
    "FakeZone",
    "Faults",
    "InjectedFault",
    "PebbleServer",
    "RequestLogEntry",
    "SOAValues",
    "seed_recorded_account",
    "seed_zone_from_body",
]
