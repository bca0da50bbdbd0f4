"""Staff credentials: issuing bearer tokens and finding who holds one."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid

from application.errors import NotFound, Unauthenticated
from application.ports import Clock, EventStore
from application.streams import STAFF_CREDENTIAL
from domain import staff
from domain.actors import Actor, Role
from domain.calendar import WorkingCalendar, business_date
from domain.context import Context


def token_hash(token: str) -> str:
    """The SHA-256 of a token: tokens are 256 random bits, so no slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


class StaffDirectory:
    """Issues tokens and authenticates them.

    A credential found is trusted for `cache_seconds` (30 by default) without another read: a revocation
    made by another process takes up to that long to take effect.
    """

    def __init__(self, store: EventStore, clock: Clock, cache_seconds: float = 30.0) -> None:
        self._store = store
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, staff.Credential]] = {}

    def add(self, name: str, roles: tuple[Role, ...], actor: Actor, person_id: str | None = None) -> tuple[str, str]:
        """A new person (or a new token for a known person id); returns (person_id, token)."""
        token = secrets.token_urlsafe(32)
        person = person_id or f"staff-{uuid.uuid4().hex[:12]}"
        now = self._clock.now()
        ctx = Context(actor=actor, now=now, today=business_date(now), calendar=WorkingCalendar())
        self._store.append([staff.issue(person, name, roles, token_hash(token), ctx)])
        return person, token

    def authenticate(self, token: str) -> staff.Credential:
        """The credential a bearer token belongs to; Unauthenticated when none or revoked."""
        if not token:
            raise Unauthenticated("send 'Authorization: Bearer <token>'")
        key = token_hash(token)
        cached = self._cache.get(key)
        if cached is not None and time.monotonic() < cached[0]:
            return cached[1]
        try:
            credential = self._store.load(STAFF_CREDENTIAL, staff.credential_id(key))
        except NotFound:
            raise Unauthenticated("the bearer token is not valid") from None
        if credential.revoked:
            raise Unauthenticated("the bearer token was revoked")
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (time.monotonic() + self._cache_seconds, credential)
        return credential
