"""A stateful fake of the CloudConnexa API 1.1.0 for tests, demos and benchmarks.

`FakeCloudConnexa` serves the whole API (all 144 operations of openapi-1.1.0.json) over real
HTTP on a loopback port from a background thread. It emulates what
cloudconnexa-api.md §11 lists:

* OAuth2 client credentials at `POST /api/v1/oauth/token` (query parameters or HTTP Basic),
  bearer tokens that expire on a controllable clock (`fake.clock.advance(seconds)`), and
  `expire_tokens()` / `revoke_tokens()` to force renewals.
* Relations: networks own connectors, routes, IP services and applications; hosts own
  connectors, IP services and applications; users belong to groups and own devices.
* The real status quirks (201/200/204 per resource, 400 "not found" for DNS records, the gateway
  404 body for unknown paths, 405 for wrong methods) and `ErrorResponse` validation errors.
* Page/size pagination with the real envelope, cursor pagination for sessions, and the audit
  log answering 404 unless `newer_api=True`.
* A token bucket per API client with the four `X-RateLimit-*` headers and empty-bodied 429s
  (`RateLimit`), and fault injection through `fake.faults`.

Example::

    from cloudconnexa.testing import FakeCloudConnexa, RateLimit

    with FakeCloudConnexa(client_id="id", client_secret="secret",
                          rate_limit=RateLimit(burst=20, refill_per_second=10)) as fake:
        fake.seed_users(100)
        fake.faults.fail_next(2, 503)
        ...  # point a client at fake.base_url

Requires the `testing` extra (`pip install 'cloudconnexa[testing]'`), which brings uvicorn.
"""

from cloudconnexa.testing._app import RecordedRequest
from cloudconnexa.testing._clock import Clock
from cloudconnexa.testing._faults import Faults
from cloudconnexa.testing._ratelimit import RateLimit
from cloudconnexa.testing._server import FakeCloudConnexa

__all__ = ["Clock", "FakeCloudConnexa", "Faults", "RateLimit", "RecordedRequest"]
