"""JWT access tokens and rotating refresh tokens for the fake (README section 3)."""

from __future__ import annotations

import dataclasses
import secrets
import threading
import uuid

import jwt

from dns_services_gateway.testing._clock import FakeClock

__all__ = ["IssuedTokens", "TokenStore"]


@dataclasses.dataclass(frozen=True)
class IssuedTokens:
    """A login or refresh result.

    Attributes:
        token: The access token, a JWT with ``sub``, ``iat``, ``exp`` and ``jti`` claims.
        refresh: The single-use refresh token.
    """

    token: str
    refresh: str


class TokenStore:
    """Issues, checks, rotates and revokes the fake's tokens.

    Access tokens are HS256 JWTs signed with a per-instance random key (the live API signs
    RS256 with its own key; clients never verify the signature, they only read ``exp``).
    Refresh tokens are opaque, single use, and rotate on every refresh.

    Args:
        clock: The fake clock that decides expiry.
        access_lifetime: Access token lifetime in seconds.
        refresh_lifetime: Refresh token lifetime in seconds.
    """

    def __init__(self, clock: FakeClock, access_lifetime: float, refresh_lifetime: float) -> None:
        self._clock = clock
        self.access_lifetime = access_lifetime
        self.refresh_lifetime = refresh_lifetime
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._revoked_jti: set[str] = set()
        # refresh token -> (subject, access token jti, expiry)
        self._refresh: dict[str, tuple[str, str, float]] = {}
        self.issued = 0
        self.refreshed = 0

    def issue(self, subject: str) -> IssuedTokens:
        """Issue a new access token and refresh token for ``subject`` (the account e-mail).

        Args:
            subject: The account e-mail, stored as the token's ``sub`` claim.

        Returns:
            An HS256 JWT valid for ``access_lifetime`` seconds of the fake clock, and an
            opaque refresh token valid for ``refresh_lifetime`` seconds.
        """
        now = self._clock.now()
        jti = uuid.uuid4().hex
        claims = {
            "sub": subject,
            "iat": int(now),
            "exp": int(now + self.access_lifetime),
            "jti": jti,
        }
        token = jwt.encode(claims, self._key, algorithm="HS256", headers={"typ": "JWT"})
        refresh = secrets.token_urlsafe(48)
        with self._lock:
            self._refresh[refresh] = (subject, jti, now + self.refresh_lifetime)
            self.issued += 1
        return IssuedTokens(token=token, refresh=refresh)

    def _claims(self, token: str) -> dict[str, object] | None:
        try:
            claims: dict[str, object] = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.PyJWTError:
            return None
        return claims

    def check(self, token: str) -> tuple[str | None, str]:
        """Validate an access token against the fake clock.

        Args:
            token: The bearer token from the ``Authorization`` header.

        Returns:
            ``(subject, "")`` when valid, else ``(None, reason)`` where reason is
            ``"invalidtoken"``, ``"tokenexpired"`` or ``"tokenrevoked"``.
        """
        claims = self._claims(token)
        if claims is None:
            return None, "invalidtoken"
        exp = claims.get("exp")
        if not isinstance(exp, int) or exp <= self._clock.now():
            return None, "tokenexpired"
        with self._lock:
            if claims.get("jti") in self._revoked_jti:
                return None, "tokenrevoked"
        subject = claims.get("sub")
        return (subject if isinstance(subject, str) else None), ""

    def rotate(self, refresh: str) -> IssuedTokens | None:
        """Exchange a refresh token for new tokens; the old refresh token stops working.

        Args:
            refresh: The refresh token from an earlier issue or rotation.

        Returns:
            The new tokens, or None when the refresh token is unknown, used, revoked or
            expired.
        """
        with self._lock:
            entry = self._refresh.pop(refresh, None)
        if entry is None:
            return None
        subject, _jti, expires = entry
        if expires <= self._clock.now():
            return None
        with self._lock:
            self.refreshed += 1
        return self.issue(subject)

    def revoke_access(self, token: str) -> bool:
        """Revoke an access token (``POST /api/logout``); returns whether it was valid.

        Args:
            token: The bearer access token.

        Returns:
            True when the token was valid (now revoked); False when it was invalid, expired
            or already revoked.
        """
        subject, _ = self.check(token)
        claims = self._claims(token)
        if subject is None or claims is None:
            return False
        with self._lock:
            self._revoked_jti.add(str(claims.get("jti")))
        return True

    def revoke_pair(self, *, refresh: str | None = None, token: str | None = None) -> bool:
        """Revoke a refresh token and its access token (``POST /api/revoke``).

        Args:
            refresh: The refresh token to revoke, if given.
            token: A valid access token whose refresh tokens are revoked when ``refresh`` is
                not given.

        Returns:
            Whether anything was revoked.
        """
        with self._lock:
            if refresh is not None:
                entry = self._refresh.pop(refresh, None)
                if entry is None:
                    return False
                self._revoked_jti.add(entry[1])
                return True
        if token is None:
            return False
        claims = self._claims(token)
        if claims is None or self.check(token)[0] is None:
            return False
        jti = str(claims.get("jti"))
        with self._lock:
            self._revoked_jti.add(jti)
            for key in [k for k, v in self._refresh.items() if v[1] == jti]:
                del self._refresh[key]
        return True
