"""The staff directory as it stands, its fold, and the credential a token presents."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import singledispatch
from uuid import UUID

import attrs

from domain.actors import Actor, Role
from domain.calendar import SHANGHAI
from domain.errors import NotPermitted
from domain.events import DomainEvent
from domain.staff import events as ev


def shanghai(instant: datetime) -> str:
    """An instant as a person in the organ reads it (Asia/Shanghai, to the minute)."""
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


@attrs.frozen
class Credential:
    """Who a bearer token admits and in which roles, read from the stream `id` at `version`."""

    id: UUID
    version: int
    person_id: str
    name: str
    roles: tuple[Role, ...]
    revoked: bool = False
    token_id: str = ""
    expires_at: datetime | None = None

    def acting_as(self, permitted: tuple[Role, ...]) -> Actor:
        """The person acting in the first of the permitted roles they hold (R-ROLE)."""
        for role in permitted:
            if role in self.roles:
                return Actor(person_id=self.person_id, name=self.name, role=role)
        wanted = ", ".join(permitted)
        raise NotPermitted(f"this step needs the role {wanted}; {self.name} holds {', '.join(self.roles)}")


def evolve(state: Credential | None, event: DomainEvent) -> Credential:
    """A token's own stream, as written before the directory, after one more event."""
    if isinstance(event, ev.CredentialIssued):
        return Credential(event.originator_id, event.originator_version, event.person_id, event.name, event.roles)
    assert state is not None and isinstance(event, ev.CredentialRevoked)
    return attrs.evolve(state, version=event.originator_version, revoked=True)


@attrs.frozen
class Token:
    """A bearer token as it stands; only its hash is kept."""

    token_id: str
    person_id: str
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str = ""

    def in_use(self, now: datetime) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and now < self.expires_at


@attrs.frozen
class StaffMember:
    """A person on the staff, with their roles."""

    person_id: str
    name: str
    roles: tuple[Role, ...]
    added_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str = ""


@attrs.frozen
class Directory:
    """Every person on the staff and every token issued, keyed for the reads that need them."""

    id: UUID
    version: int
    people: Mapping[str, StaffMember] = attrs.field(factory=dict)
    """By person id."""
    tokens: Mapping[str, Token] = attrs.field(factory=dict)
    """By token hash: authentication finds a token by its hash."""
    legacy_scanned_to: int = 0
    """The log position up to which credentials of the one-stream-a-token era have been imported."""

    def named(self, name: str) -> list[StaffMember]:
        """The people of this name not revoked."""
        return [p for p in self.people.values() if p.name == name and p.revoked_at is None]

    def token(self, token_id: str) -> Token | None:
        """The token with this short id."""
        return next((t for t in self.tokens.values() if t.token_id == token_id), None)

    def tokens_of(self, person_id: str) -> list[Token]:
        """A person's tokens, oldest first."""
        return sorted((t for t in self.tokens.values() if t.person_id == person_id), key=lambda t: t.issued_at)

    def by_name(self) -> list[StaffMember]:
        """Everyone, by name, then by person id."""
        return sorted(self.people.values(), key=lambda p: (p.name, p.person_id))


def evolve_directory(state: Directory | None, event: DomainEvent) -> Directory:
    """The directory after one more event."""
    base = state or Directory(id=event.originator_id, version=0)
    return attrs.evolve(_apply(event, base), version=event.originator_version)


@singledispatch
def _apply(event: DomainEvent, state: Directory) -> Directory:
    raise TypeError(f"the staff directory has no fold for {type(event).__name__}")


@_apply.register
def _(event: ev.PersonAdded, state: Directory) -> Directory:
    member = StaffMember(event.person_id, event.name, event.roles, added_at=event.timestamp)
    return attrs.evolve(state, people={**state.people, event.person_id: member})


@_apply.register
def _(event: ev.TokenIssued, state: Directory) -> Directory:
    token = Token(event.token_id, event.person_id, event.token_hash, event.timestamp, event.expires_at)
    return attrs.evolve(state, tokens={**state.tokens, event.token_hash: token})


@_apply.register
def _(event: ev.TokenRevoked, state: Directory) -> Directory:
    token = state.token(event.token_id)
    assert token is not None
    revoked = attrs.evolve(token, revoked_at=event.timestamp, revoked_reason=event.reason)
    return attrs.evolve(state, tokens={**state.tokens, token.token_hash: revoked})


@_apply.register
def _(event: ev.PersonRevoked, state: Directory) -> Directory:
    member = attrs.evolve(state.people[event.person_id], revoked_at=event.timestamp, revoked_reason=event.reason)
    return attrs.evolve(state, people={**state.people, event.person_id: member})


@_apply.register
def _(event: ev.RolesChanged, state: Directory) -> Directory:
    member = attrs.evolve(state.people[event.person_id], roles=event.roles)
    return attrs.evolve(state, people={**state.people, event.person_id: member})


@_apply.register
def _(event: ev.LegacyCredentialsImported, state: Directory) -> Directory:
    people, tokens = dict(state.people), dict(state.tokens)
    for c in event.credentials:
        people.setdefault(c.person_id, StaffMember(c.person_id, c.name, c.roles, added_at=c.issued_at))
        token_id = ev.token_id_of(c.token_hash)
        tokens[c.token_hash] = Token(token_id, c.person_id, c.token_hash, c.issued_at, c.expires_at)
        if c.revoked_at is not None:
            tokens[c.token_hash] = attrs.evolve(
                tokens[c.token_hash], revoked_at=c.revoked_at, revoked_reason=c.revoked_reason
            )
    by_id = {t.token_id: t for t in tokens.values()}
    for r in event.revocations:
        token = by_id[r.token_id]
        tokens[token.token_hash] = attrs.evolve(token, revoked_at=r.revoked_at, revoked_reason=r.reason)
    return attrs.evolve(state, people=people, tokens=tokens, legacy_scanned_to=event.scanned_to)
