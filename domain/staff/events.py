"""The staff directory's events, and the two events of the one-stream-a-token credentials before it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

import attrs

from domain.actors import Role
from domain.events import DomainEvent

_CREDENTIAL_NAMESPACE = UUID("6f1d2c8e-0000-4000-8000-000000000001")
DIRECTORY_ID: UUID = uuid5(_CREDENTIAL_NAMESPACE, "gongkai.staff-directory")
"""The one stream of the staff directory."""


def credential_id(token_hash: str) -> UUID:
    """The stream id a token had before the directory; its first 12 hex digits are the token's id."""
    return uuid5(_CREDENTIAL_NAMESPACE, token_hash)


def token_id_of(token_hash: str) -> str:
    """A token's short id, shown in listings and used to revoke it; it reveals nothing of the token."""
    return credential_id(token_hash).hex[:12]


# ---------------------------------------------------------------- events before the directory (still decoded)


@attrs.frozen(kw_only=True)
class CredentialIssued(DomainEvent):
    """A person was given a bearer token for the listed roles; only the token's hash is kept (one stream a token)."""

    type_name = "staff.credential_issued"
    person_id: str
    name: str
    roles: tuple[Role, ...]
    token_hash: str


@attrs.frozen(kw_only=True)
class CredentialRevoked(DomainEvent):
    """The token no longer admits anyone (one stream a token)."""

    type_name = "staff.credential_revoked"
    reason: str


# ---------------------------------------------------------------- the directory's events


@attrs.frozen(kw_only=True)
class PersonAdded(DomainEvent):
    """A person joined the staff in one or more roles."""

    type_name = "staff_directory.person_added"
    person_id: str
    name: str
    roles: tuple[Role, ...]


@attrs.frozen(kw_only=True)
class TokenIssued(DomainEvent):
    """A person was given a bearer token, valid until `expires_at`; only the token's hash is kept."""

    type_name = "staff_directory.token_issued"
    person_id: str
    token_id: str
    token_hash: str
    expires_at: datetime


@attrs.frozen(kw_only=True)
class TokenRevoked(DomainEvent):
    """One token no longer admits its holder."""

    type_name = "staff_directory.token_revoked"
    person_id: str
    token_id: str
    reason: str


@attrs.frozen(kw_only=True)
class PersonRevoked(DomainEvent):
    """A person may no longer act: none of their tokens admits them."""

    type_name = "staff_directory.person_revoked"
    person_id: str
    reason: str


@attrs.frozen(kw_only=True)
class RolesChanged(DomainEvent):
    """A person's roles were set anew; every one of their tokens carries them from now on."""

    type_name = "staff_directory.roles_changed"
    person_id: str
    roles: tuple[Role, ...]


@attrs.frozen
class ImportedCredential:
    """A token issued before the directory, as its own stream had it when it was imported."""

    person_id: str
    name: str
    roles: tuple[Role, ...]
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str = ""


@attrs.frozen
class ImportedRevocation:
    """A token imported earlier and revoked in its own stream since."""

    token_id: str
    revoked_at: datetime
    reason: str


@attrs.frozen(kw_only=True)
class LegacyCredentialsImported(DomainEvent):
    """Tokens issued (or revoked) in streams of their own were brought into the directory, up to a log position."""

    type_name = "staff_directory.legacy_credentials_imported"
    credentials: tuple[ImportedCredential, ...]
    revocations: tuple[ImportedRevocation, ...]
    scanned_to: int


DIRECTORY_EVENTS: tuple[type[DomainEvent], ...] = (
    PersonAdded,
    TokenIssued,
    TokenRevoked,
    PersonRevoked,
    RolesChanged,
    LegacyCredentialsImported,
)
