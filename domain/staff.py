"""Staff credentials: a person, their roles, and the hash of their bearer token."""

from __future__ import annotations

from uuid import UUID, uuid5

import attrs

from domain.actors import Actor, Role
from domain.context import Context
from domain.deciding import first_event
from domain.errors import InvalidValue, NotPermitted, StepOutOfOrder
from domain.events import DomainEvent

_CREDENTIAL_NAMESPACE = UUID("6f1d2c8e-0000-4000-8000-000000000001")


def credential_id(token_hash: str) -> UUID:
    """A credential's stream id follows from its token's hash, so a token finds its credential in one read."""
    return uuid5(_CREDENTIAL_NAMESPACE, token_hash)


@attrs.frozen(kw_only=True)
class CredentialIssued(DomainEvent):
    """A person was given a bearer token for the listed roles; only the token's hash is kept."""

    type_name = "staff.credential_issued"
    person_id: str
    name: str
    roles: tuple[Role, ...]
    token_hash: str


@attrs.frozen(kw_only=True)
class CredentialRevoked(DomainEvent):
    """The token no longer admits anyone."""

    type_name = "staff.credential_revoked"
    reason: str


@attrs.frozen
class Credential:
    """A person's credential as it stands."""

    id: UUID
    version: int
    person_id: str
    name: str
    roles: tuple[Role, ...]
    revoked: bool = False

    def acting_as(self, permitted: tuple[Role, ...]) -> Actor:
        """The person acting in the first of the permitted roles they hold (R-ROLE)."""
        for role in permitted:
            if role in self.roles:
                return Actor(person_id=self.person_id, name=self.name, role=role)
        wanted = ", ".join(permitted)
        raise NotPermitted(f"this step needs the role {wanted}; {self.name} holds {', '.join(self.roles)}")


def evolve(state: Credential | None, event: DomainEvent) -> Credential:
    """The credential after one more event."""
    if isinstance(event, CredentialIssued):
        return Credential(event.originator_id, event.originator_version, event.person_id, event.name, event.roles)
    assert state is not None and isinstance(event, CredentialRevoked)
    return attrs.evolve(state, version=event.originator_version, revoked=True)


def issue(person_id: str, name: str, roles: tuple[Role, ...], token_hash: str, ctx: Context) -> CredentialIssued:
    """A new credential for a person in one or more roles."""
    if not person_id.strip() or not name.strip():
        raise InvalidValue("a staff member has an id and a name", field="name")
    if not roles:
        raise InvalidValue("a staff member holds at least one role", field="roles")
    return first_event(
        CredentialIssued,
        credential_id(token_hash),
        ctx,
        person_id=person_id,
        name=name,
        roles=tuple(dict.fromkeys(roles)),
        token_hash=token_hash,
    )


def revoke(state: Credential, reason: str, ctx: Context) -> CredentialRevoked:
    """Revoke a credential."""
    if state.revoked:
        raise StepOutOfOrder("the credential is already revoked")
    return CredentialRevoked(
        originator_id=state.id, originator_version=state.version + 1, timestamp=ctx.now, actor=ctx.actor, reason=reason
    )
