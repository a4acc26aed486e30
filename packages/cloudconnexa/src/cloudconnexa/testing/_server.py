"""`FakeCloudConnexa`: the fake API served over real HTTP on loopback from a background thread."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from types import TracebackType
from typing import Any

import uvicorn

from cloudconnexa.testing._activity import iso, session_record
from cloudconnexa.testing._app import Auth, FakeApp, RecordedRequest
from cloudconnexa.testing._clock import Clock
from cloudconnexa.testing._faults import Faults
from cloudconnexa.testing._ratelimit import RateLimit
from cloudconnexa.testing._state import FakeState, Options, UserStatus
from cloudconnexa.testing._users import new_user

DEFAULT_RATE_LIMIT = RateLimit(burst=1000, refill_per_second=1000)
_UNSET: Any = object()


class FakeCloudConnexa:
    """A stateful fake of the CloudConnexa API 1.1.0, served on `http://127.0.0.1:<port>`.

    It implements all 144 operations of openapi-1.1.0.json with the relations, status codes,
    error bodies, OAuth2 client-credentials tokens, token-bucket rate limits and pagination
    described in cloudconnexa-api.md §11. Use it as a context manager (or call
    `start`/`stop`)::

        with FakeCloudConnexa(client_id="id", client_secret="secret") as fake:
            client = CloudConnexaClient(fake.base_url, "id", "secret")

    Args:
        client_id: The OAuth2 client id the token endpoint accepts.
        client_secret: The matching client secret.
        rate_limit: Per-client token bucket; the default is generous (burst 1000, 1000/s);
            None disables limiting and the `X-RateLimit-*` headers.
        token_lifetime: `expires_in` of issued access tokens, in seconds (real: 43199).
        initial_user_status: `status` of new users, INVITED (default) or ACTIVE.
        newer_api: Also serve v1.1.1/v1.2 additions (audit log, user and connector
            activate/suspend, the `licensed` field). Off, `/api/v1/audit-log` answers 404 as
            on a 1.1.0 tenant.
        forbid_deleting_groups_in_use: Deleting a user group that still has users gives 400
            (inferred behaviour; cloudconnexa-api.md §11 item 8).
        token_error_body: JSON body of the token endpoint's 401 for bad credentials (the real
            one is unverified; default `{"error": "invalid_client", ...}`, RFC 6749 §5.2).
        host: Loopback address to bind.
        port: TCP port; 0 picks a free one.

    Raises:
        ValueError: If `host` is not a loopback address.
    """

    def __init__(
        self,
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret",
        *,
        rate_limit: RateLimit | None = _UNSET,
        token_lifetime: int = 43199,
        initial_user_status: UserStatus = "INVITED",
        newer_api: bool = False,
        forbid_deleting_groups_in_use: bool = True,
        token_error_body: dict[str, Any] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise ValueError(f"the fake only listens on loopback, not {host!r}")
        self.clock = Clock()
        self.faults = Faults()
        self.state = FakeState(
            self.clock,
            Options(
                initial_user_status=initial_user_status,
                forbid_deleting_groups_in_use=forbid_deleting_groups_in_use,
                newer_api=newer_api,
            ),
        )
        self._auth = Auth(client_id, client_secret, token_lifetime)
        if token_error_body is not None:
            self._auth.error_body = token_error_body
        self.app = FakeApp(
            self.state,
            self._auth,
            self.faults,
            self.clock,
            DEFAULT_RATE_LIMIT if rate_limit is _UNSET else rate_limit,
        )
        self._initial = (self.app.rate_limit, token_lifetime, initial_user_status, newer_api)
        self._host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def __repr__(self) -> str:
        return f"FakeCloudConnexa(base_url={self.base_url!r}, client_id={self.client_id!r})"

    # ------------------------------------------------------------ lifecycle

    def start(self) -> FakeCloudConnexa:
        """Bind the port and serve in a daemon thread; return when the server is up.

        Returns:
            `self`, so that `fake = FakeCloudConnexa().start()` works.

        Raises:
            RuntimeError: If it is already running or does not start within 10 seconds.
            OSError: If the port cannot be bound.
        """
        if self._server is not None:
            raise RuntimeError("the fake is already running")
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._port))
        except OSError:
            sock.close()
            raise
        self._port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            self.app,
            log_config=None,
            log_level="critical",
            access_log=False,
            lifespan="on",
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name="fake-cloudconnexa",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake CloudConnexa server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._server is None:
            return
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = None
        self._thread = None
        self._socket = None

    def __enter__(self) -> FakeCloudConnexa:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------ facts

    @property
    def base_url(self) -> str:
        """The API base URL, `http://127.0.0.1:<port>` (no path)."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    @property
    def port(self) -> int:
        """The bound TCP port (0 before `start` when none was given)."""
        return self._port

    @property
    def client_id(self) -> str:
        """The accepted OAuth2 client id."""
        return self._auth.client_id

    @property
    def client_secret(self) -> str:
        """The accepted client secret."""
        return self._auth.client_secret

    @property
    def tokens_issued(self) -> int:
        """How many access tokens the token endpoint has issued."""
        return self._auth.issued

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (secrets redacted)."""
        return list(self.app.requests)

    @property
    def rate_limit(self) -> RateLimit | None:
        """The token-bucket settings; assigning replaces them and refills every bucket."""
        return self.app.rate_limit

    @rate_limit.setter
    def rate_limit(self, value: RateLimit | None) -> None:
        self.app.rate_limit = value

    @property
    def newer_api(self) -> bool:
        """Whether v1.1.1/v1.2 additions (audit log, …) are served; assignable."""
        return self.state.options.newer_api

    @newer_api.setter
    def newer_api(self, value: bool) -> None:
        self.state.options.newer_api = value

    # ------------------------------------------------------------ knobs

    def expire_tokens(self) -> None:
        """Make every issued access token expired, so the next API call gets 401."""
        with self.app._lock:
            for token in self._auth.tokens.values():
                token.expires_at = self.clock.monotonic()

    def revoke_tokens(self) -> None:
        """Forget every issued access token (the next API call gets 401)."""
        with self.app._lock:
            self._auth.tokens.clear()

    def clear_requests(self) -> None:
        """Empty the request log."""
        with self.app._lock:
            self.app.requests.clear()

    @property
    def token_lifetime(self) -> int:
        """`expires_in` of newly issued access tokens, in seconds; assignable."""
        return self._auth.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: int) -> None:
        if seconds < 1:
            raise ValueError(f"token_lifetime must be at least 1 second, got {seconds!r}")
        self._auth.token_lifetime = seconds

    def reset(self) -> None:
        """Return to a new tenant with the constructor's settings.

        Clears the data (re-seeding the built-in objects), issued tokens, the clock offset,
        queued faults, the request log and the token buckets, and restores `rate_limit`,
        `token_lifetime`, the initial user status and `newer_api`.
        """
        rate_limit, lifetime, user_status, newer_api = self._initial
        self.state.options.initial_user_status = user_status
        self.state.options.newer_api = newer_api
        self.revoke_tokens()
        self.clock.reset()
        self.state.reset()
        self.faults.clear()
        self.clear_requests()
        self.app.rate_limit = rate_limit
        self._auth.token_lifetime = lifetime

    # ------------------------------------------------------------ seeders

    def seed_users(self, n: int, *, group_id: str | None = None, prefix: str = "user") -> list[str]:
        """Create `n` users directly in the store (no HTTP, no rate limit).

        Args:
            n: How many users.
            group_id: Their group (the built-in "Default" group if None).
            prefix: Username prefix; usernames are `<prefix><index>` from the current count.

        Returns:
            The new users' ids, in creation order.

        Raises:
            ValueError: If `n` is negative or the group does not exist.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n!r}")
        with self.state.lock:
            group = group_id or self.state.default_group_id
            if group not in self.state.table("user_groups"):
                raise ValueError(f"no user group with id {group!r}")
            start = len(self.state.table("users"))
            return [
                new_user(
                    self.state,
                    username=f"{prefix}{i}",
                    email=f"{prefix}{i}@example.com",
                    group_id=group,
                    first_name="Test",
                    last_name=f"User {i}",
                )["id"]
                for i in range(start, start + n)
            ]

    def seed_user_groups(self, n: int, *, prefix: str = "group") -> list[str]:
        """Create `n` user groups directly in the store and return their ids.

        Each group is named `<prefix><index>` (index from 0), allows region `de-fra`, uses a
        split tunnel and gets fresh system subnets; no HTTP request is made.

        Args:
            n: How many groups.
            prefix: Group name prefix.

        Returns:
            The new groups' ids, in creation order.
        """
        with self.state.lock:
            return [
                self.state.insert(
                    "user_groups",
                    {
                        "name": f"{prefix}{i}",
                        "vpnRegionIds": ["de-fra"],
                        "allRegionsIncluded": False,
                        "internetAccess": "SPLIT_TUNNEL_ON",
                        "maxDevice": 3,
                        "connectAuth": "ON_PRIOR_AUTH",
                        "systemSubnets": self.state.system_subnets(),
                        "gatewaysIds": [],
                    },
                )["id"]
                for i in range(n)
            ]

    def seed_networks(self, n: int, *, prefix: str = "network") -> list[str]:
        """Create `n` networks (no routes or connectors) directly and return their ids.

        Each network is named `<prefix><index>` (index from 0), is not an egress network, uses
        OpenVPN with a split tunnel and gets fresh system subnets; no HTTP request is made.

        Args:
            n: How many networks.
            prefix: Network name prefix.

        Returns:
            The new networks' ids, in creation order.
        """
        with self.state.lock:
            return [
                self.state.insert(
                    "networks",
                    {
                        "name": f"{prefix}{i}",
                        "description": f"Seeded network {i}",
                        "egress": False,
                        "internetAccess": "SPLIT_TUNNEL_ON",
                        "tunnelingProtocol": "OPENVPN",
                        "gatewaysIds": [],
                        "systemSubnets": self.state.system_subnets(),
                    },
                )["id"]
                for i in range(n)
            ]

    def seed_sessions(self, n: int, *, status: str | None = None, hours: float = 23.0) -> None:
        """Add `n` sessions spread evenly over the last `hours` hours.

        Args:
            n: How many sessions.
            status: ACTIVE, COMPLETED or FAILED for all of them; cycles through the three if
                None.
            hours: How far back the oldest session starts, in hours.

        Raises:
            ValueError: For an unknown status.
        """
        statuses = ("COMPLETED", "ACTIVE", "FAILED")
        if status is not None and status not in statuses:
            raise ValueError(f"status must be one of {statuses}, got {status!r}")
        with self.state.lock:
            now = self.clock.now()
            users = list(self.state.table("users").values())
            base = len(self.state.sessions)
            for i in range(n):
                moment = now - timedelta(hours=hours) + timedelta(hours=hours) * (i / max(n, 1))
                user = users[i % len(users)] if users else None
                self.state.sessions.append(
                    session_record(moment, status or statuses[i % 3], base + i, user)
                )
            self.state.sessions.sort(key=lambda s: s["_start"])

    def seed_dns_resolutions(self, n: int, *, hours_ago: float = 0.0) -> None:
        """Add `n` DNS-log entries at one moment, `hours_ago` hours before now.

        Entry `i` resolves `host<i>.example.com` for `member-<i % 10>`, allowed once.

        Args:
            n: How many entries.
            hours_ago: How far before the fake's current time they are dated, in hours.
        """
        with self.state.lock:
            moment = self.clock.now() - timedelta(hours=hours_ago)
            for i in range(n):
                self.state.dns_resolutions.append(
                    {
                        "_time": moment,
                        "time": iso(moment),
                        "domain": f"host{i}.example.com",
                        "memberId": f"member-{i % 10}",
                        "internalDomain": i % 2 == 0,
                        "allowedCount": 1,
                        "blockedCount": 0,
                        "failedCount": 0,
                    }
                )
