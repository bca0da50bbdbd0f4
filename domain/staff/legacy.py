"""Bringing the credentials of the one-stream-a-token era into the staff directory.

Each such token keeps admitting its holder, now under the directory's rules: it expires one token lifetime
after it is imported (not after it was issued, which would shut out the staff on the day of the upgrade), it
is listed and can be revoked. A person holding several such tokens holds the roles of the newest not revoked,
the last decision about them. A token's own revocation, written by an older gongkai after the import, is brought in
at the next start.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import timedelta
from uuid import UUID

from domain.actors import Role
from domain.context import Context
from domain.events import DomainEvent
from domain.staff import events as ev
from domain.staff.state import Directory


def import_legacy(
    state: Directory | None,
    legacy: Sequence[DomainEvent],
    scanned_to: int,
    lifetime: timedelta,
    ctx: Context,
) -> list[DomainEvent]:
    """One event importing the credential events found in the log up to `scanned_to`, in log order."""
    issued = [e for e in legacy if isinstance(e, ev.CredentialIssued)]
    revoked = {e.originator_id: e for e in legacy if isinstance(e, ev.CredentialRevoked)}
    known = dict(state.tokens) if state else {}
    new: dict[str, ev.CredentialIssued] = {}
    for event in issued:
        if event.token_hash not in known:
            new.setdefault(event.token_hash, event)
    people = _people(state, new.values(), revoked.keys())
    credentials = []
    for event in new.values():
        name, roles = people[event.person_id]
        revocation = revoked.get(event.originator_id)
        credentials.append(
            ev.ImportedCredential(
                person_id=event.person_id,
                name=name,
                roles=roles,
                token_hash=event.token_hash,
                issued_at=event.timestamp,
                expires_at=ctx.now + lifetime,
                revoked_at=revocation.timestamp if revocation else None,
                revoked_reason=revocation.reason if revocation else "",
            )
        )
    by_stream = {ev.credential_id(t.token_hash): t for t in known.values()}
    revocations = tuple(
        ev.ImportedRevocation(token.token_id, e.timestamp, e.reason)
        for stream_id, e in revoked.items()
        if (token := by_stream.get(stream_id)) is not None and token.revoked_at is None
    )
    return [
        ev.LegacyCredentialsImported(
            originator_id=ev.DIRECTORY_ID,
            originator_version=(state.version if state else 0) + 1,
            timestamp=ctx.now,
            actor=ctx.actor,
            credentials=tuple(credentials),
            revocations=revocations,
            scanned_to=scanned_to,
        )
    ]


def _people(
    state: Directory | None, issued: Iterable[ev.CredentialIssued], revoked: Collection[UUID]
) -> dict[str, tuple[str, tuple[Role, ...]]]:
    """Each person's name and roles: the directory's for a person it knows, else from their tokens."""
    theirs: dict[str, list[ev.CredentialIssued]] = {}
    for event in issued:
        theirs.setdefault(event.person_id, []).append(event)
    people: dict[str, tuple[str, tuple[Role, ...]]] = {}
    for person_id, tokens in theirs.items():
        member = state.people.get(person_id) if state else None
        if member is not None:
            people[person_id] = (member.name, member.roles)
            continue
        # The roles of the newest token not revoked: the last decision about the person. A union would give back a
        # role taken away by issuing a new token with fewer roles while the old one was left in use.
        standing = [e for e in tokens if e.originator_id not in revoked] or tokens[-1:]
        people[person_id] = (tokens[-1].name, standing[-1].roles)
    return people
