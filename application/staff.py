"""The staff directory's use cases: add people, issue and revoke tokens, set roles, list, authenticate.

Authentication reads the directory on every request (no trust cache): a token revoked, a person revoked or
roles changed in one process hold at the next request in every other. The event store keeps the directory's
state cached per process and reads only the events after it, so a request costs one small query.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs

from application.errors import ConcurrencyConflict, NotFound, Unauthenticated
from application.ports import Clock, EventStore, LoggedEvent
from application.saving import Decision, after, decide_and_save
from application.streams import STAFF_DIRECTORY
from domain.actors import Actor, Role
from domain.calendar import WorkingCalendar, business_date
from domain.context import Context
from domain.events import DomainEvent
from domain.staff import decisions, legacy
from domain.staff.events import DIRECTORY_ID, TokenRevoked
from domain.staff.state import Credential, Directory, StaffMember, Token

LegacyLog = Callable[[int], tuple[list[LoggedEvent], int]]
"""The credential events of the one-stream-a-token era after a log position, and the position scanned to."""

LEGACY_MARKER_AFTER = 10_000
"""Record how far the log was scanned for old credentials, even when none was found, once it is this far ahead."""


def token_hash(token: str) -> str:
    """The SHA-256 of a token: tokens are 256 random bits, so no slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


@attrs.frozen
class Issued:
    """A token just issued, to be shown once: the log keeps only its hash."""

    person_id: str
    name: str
    roles: tuple[Role, ...]
    token_id: str
    expires_at: datetime
    replaced: tuple[str, ...]
    """The ids of the person's other tokens, revoked in the same step."""
    token: str = attrs.field(repr=False)


class StaffDirectory:
    """Issues, revokes and authenticates bearer tokens; each change is an event of the staff directory."""

    def __init__(self, store: EventStore, clock: Clock, token_days: int = 180) -> None:
        self._store = store
        self._clock = clock
        self.token_lifetime = timedelta(days=token_days)

    def now(self) -> datetime:
        """The current instant, by the clock tokens expire on."""
        return self._clock.now()

    def directory(self) -> Directory | None:
        """Everyone on the staff and every token, or None before the first person is added."""
        try:
            return self._store.load(STAFF_DIRECTORY, DIRECTORY_ID)
        except NotFound:
            return None

    def authenticate(self, token: str) -> Credential:
        """The credential a bearer token presents; Unauthenticated when none, revoked or expired."""
        if not token:
            raise Unauthenticated("send 'Authorization: Bearer <token>'")
        admitted = decisions.admit(self.directory(), token_hash(token), self._clock.now())
        if isinstance(admitted, str):
            raise Unauthenticated(admitted)
        return admitted

    def add_person(
        self,
        name: str,
        roles: Sequence[Role],
        actor: Actor,
        *,
        person_id: str | None = None,
        same_name_as_another: bool = False,
    ) -> Issued:
        """A new person and their first token; a name already on the staff is refused unless said so."""
        person = person_id or f"staff-{uuid.uuid4().hex[:12]}"
        token = secrets.token_urlsafe(32)

        def decide(state: Directory | None, ctx: Context) -> list[DomainEvent]:
            hashed, lifetime = token_hash(token), self.token_lifetime
            return decisions.add_person(
                state, person, name, roles, hashed, lifetime, ctx, same_name_as_another=same_name_as_another
            )

        return self._issue(token, decide, actor)

    def issue_token(
        self,
        person_id: str,
        name: str,
        actor: Actor,
        *,
        roles: Sequence[Role] = (),
        keep_other_tokens: bool = False,
    ) -> Issued:
        """A new token for a person on the staff; their other tokens are revoked in the same step unless kept."""
        token = secrets.token_urlsafe(32)

        def decide(state: Directory | None, ctx: Context) -> list[DomainEvent]:
            directory, member = _member(state, person_id)
            hashed, lifetime = token_hash(token), self.token_lifetime
            return decisions.issue_token(
                directory, member, name, roles, hashed, lifetime, ctx, keep_other_tokens=keep_other_tokens
            )

        return self._issue(token, decide, actor)

    def add(self, name: str, roles: tuple[Role, ...], actor: Actor) -> tuple[str, str]:
        """A new person whatever their name, for tests and benchmarks that make staff of their own.

        Returns (person id, token). Operators add people through `add_person`, which refuses a name held already.
        """
        issued = self.add_person(name, roles, actor, same_name_as_another=True)
        return issued.person_id, issued.token

    def revoke(self, person_or_token: str, reason: str, actor: Actor) -> StaffMember | Token:
        """Revoke a person (by person id) or one token (by token id); returns what was revoked."""

        def decide(state: Directory | None, ctx: Context) -> list[DomainEvent]:
            member = state.people.get(person_or_token) if state else None
            if state is not None and member is not None:
                return decisions.revoke_person(state, member, reason, ctx)
            token = state.token(person_or_token) if state else None
            if state is None or token is None:
                raise NotFound(f"no person or token has the id {person_or_token}")
            return decisions.revoke_token(state, token, reason, ctx)

        state = self._save(decide, actor)
        revoked = state.people.get(person_or_token) or state.token(person_or_token)
        assert revoked is not None
        return revoked

    def set_roles(self, person_id: str, roles: Sequence[Role], actor: Actor) -> StaffMember:
        """A person's roles from now on, on all their tokens at once."""

        def decide(state: Directory | None, ctx: Context) -> list[DomainEvent]:
            return decisions.set_roles(*_member(state, person_id), roles, ctx)

        return self._save(decide, actor).people[person_id]

    def import_legacy(self, read: LegacyLog, actor: Actor) -> int:
        """Bring credentials of the one-stream-a-token era into the directory; returns how many were new.

        Run at every start; it reads the log only past the position the directory has scanned to.
        """
        before = self.directory()

        def decide(state: Directory | None, ctx: Context) -> list[DomainEvent]:
            scanned_from = state.legacy_scanned_to if state else 0
            found, scanned_to = read(scanned_from)
            if not found and scanned_to - scanned_from < LEGACY_MARKER_AFTER:
                raise _NothingToImport
            return legacy.import_legacy(state, [e.event for e in found], scanned_to, self.token_lifetime, ctx)

        try:
            after_import = self._save(decide, actor)
        except _NothingToImport:
            return 0
        except ConcurrencyConflict:
            return 0  # processes starting together: another one is importing the same credentials
        return len(after_import.tokens) - len(before.tokens if before else ())

    def _issue(
        self, token: str, decide: Callable[[Directory | None, Context], list[DomainEvent]], actor: Actor
    ) -> Issued:
        state, events = self._saved(decide, actor)
        issued = state.tokens[token_hash(token)]
        member = state.people[issued.person_id]
        replaced = tuple(e.token_id for e in events if isinstance(e, TokenRevoked))
        return Issued(member.person_id, member.name, member.roles, issued.token_id, issued.expires_at, replaced, token)

    def _save(self, decide: Callable[[Directory | None, Context], list[DomainEvent]], actor: Actor) -> Directory:
        """Decide on the directory as it stands and save, once more on a concurrent change; the new directory."""
        return self._saved(decide, actor)[0]

    def _saved(
        self, decide: Callable[[Directory | None, Context], list[DomainEvent]], actor: Actor
    ) -> tuple[Directory, list[DomainEvent]]:

        def decision() -> Decision:
            state = self.directory()
            now = self._clock.now()
            events = decide(state, Context(actor=actor, now=now, today=business_date(now), calendar=WorkingCalendar()))
            return Decision(events, [(STAFF_DIRECTORY, after(STAFF_DIRECTORY, state, events))])

        _, made = decide_and_save(self._store, decision)
        directory: Directory = made.states[0][1]
        return directory, made.events


class _NothingToImport(Exception):
    """The log holds no credential event past the directory's scan, and is not far enough ahead to note it."""


def _member(state: Directory | None, person_id: str) -> tuple[Directory, StaffMember]:
    member = state.people.get(person_id) if state else None
    if state is None or member is None:
        raise NotFound(f"no staff member has the id {person_id}")
    return state, member
