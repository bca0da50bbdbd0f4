"""The staff directory's decisions: add a person, issue and revoke tokens, revoke a person, set roles, import the
credentials of the one-stream-a-token era, and admit a token."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from domain.actors import Role
from domain.context import Context
from domain.errors import InvalidValue, StepOutOfOrder
from domain.events import DomainEvent
from domain.staff import events as ev
from domain.staff.state import Credential, Directory, StaffMember, Token, shanghai

NAME_MAX, PERSON_ID_MAX, REASON_MAX = 100, 100, 500
"""The longest name, person id and reason accepted, in characters."""
Made = tuple[type[DomainEvent], dict[str, Any]]
"""An event to be made: its type and its own fields."""


def _text(value: str, field: str, longest: int, *, may_be_blank: bool = False) -> None:
    if not may_be_blank and not value.strip():
        raise InvalidValue(f"{field} must not be blank", field=field)
    if len(value) > longest:
        raise InvalidValue(f"{field} is at most {longest} characters, not {len(value)}", field=field)


def _roles(roles: Sequence[Role]) -> tuple[Role, ...]:
    if not roles:
        raise InvalidValue("a staff member holds at least one role", field="roles")
    return tuple(dict.fromkeys(roles))


def _events(state: Directory | None, ctx: Context, *made: Made) -> list[DomainEvent]:
    """The directory's next events, numbered on from its version, by the acting person, now."""
    version = state.version if state else 0
    return [
        cls(originator_id=ev.DIRECTORY_ID, originator_version=version + n, timestamp=ctx.now, actor=ctx.actor, **fields)
        for n, (cls, fields) in enumerate(made, 1)
    ]


def _new_token(state: Directory | None, person_id: str, token_hash: str, lifetime: timedelta, ctx: Context) -> Made:
    token_id = ev.token_id_of(token_hash)
    if state and state.token(token_id) is not None:
        raise StepOutOfOrder(f"a token with the id {token_id} exists already; issue another")
    fields = {"person_id": person_id, "token_id": token_id, "token_hash": token_hash, "expires_at": ctx.now + lifetime}
    return (ev.TokenIssued, fields)


def add_person(
    state: Directory | None,
    person_id: str,
    name: str,
    roles: Sequence[Role],
    token_hash: str,
    lifetime: timedelta,
    ctx: Context,
    *,
    same_name_as_another: bool = False,
) -> list[DomainEvent]:
    """A new person with their first token; a name someone on the staff holds is refused unless said so."""
    _text(person_id, "person_id", PERSON_ID_MAX)
    _text(name, "name", NAME_MAX)
    held = _roles(roles)
    known = state.people.get(person_id) if state else None
    if known is not None:
        raise InvalidValue(f"the id {person_id} is {known.name}'s already", field="person_id")
    namesakes = state.named(name) if state else []
    if namesakes and not same_name_as_another:
        ids = ", ".join(p.person_id for p in namesakes)
        raise InvalidValue(f"{name} is on the staff already as {ids}", field="name")
    added = (ev.PersonAdded, {"person_id": person_id, "name": name, "roles": held})
    return _events(state, ctx, added, _new_token(state, person_id, token_hash, lifetime, ctx))


def issue_token(
    state: Directory,
    member: StaffMember,
    name: str,
    roles: Sequence[Role],
    token_hash: str,
    lifetime: timedelta,
    ctx: Context,
    *,
    keep_other_tokens: bool = False,
) -> list[DomainEvent]:
    """A new token for a person on the staff, revoking their others in the same step unless told to keep them."""
    if name != member.name:
        raise InvalidValue(f"{member.person_id} is {member.name}, not {name}", field="name")
    _not_revoked(member)
    if roles and set(roles) != set(member.roles):
        held = ", ".join(member.roles)
        raise InvalidValue(f"{name} holds {held}; roles are set for a person, on all their tokens", field="roles")
    issued = _new_token(state, member.person_id, token_hash, lifetime, ctx)
    replaced = [] if keep_other_tokens else [t for t in state.tokens_of(member.person_id) if t.in_use(ctx.now)]
    reason = f"replaced by token {issued[1]['token_id']}"
    revoked = [
        (ev.TokenRevoked, {"person_id": t.person_id, "token_id": t.token_id, "reason": reason}) for t in replaced
    ]
    return _events(state, ctx, issued, *revoked)


def _not_revoked(member: StaffMember) -> None:
    if member.revoked_at is not None:
        raise StepOutOfOrder(f"{member.name} ({member.person_id}) was revoked on {shanghai(member.revoked_at)}")


def revoke_person(state: Directory, member: StaffMember, reason: str, ctx: Context) -> list[DomainEvent]:
    """A person may act no more, with any of their tokens."""
    _text(reason, "reason", REASON_MAX, may_be_blank=True)
    _not_revoked(member)
    return _events(state, ctx, (ev.PersonRevoked, {"person_id": member.person_id, "reason": reason}))


def revoke_token(state: Directory, token: Token, reason: str, ctx: Context) -> list[DomainEvent]:
    """One token admits no more."""
    _text(reason, "reason", REASON_MAX, may_be_blank=True)
    if token.revoked_at is not None:
        raise StepOutOfOrder(f"token {token.token_id} was revoked on {shanghai(token.revoked_at)}")
    fields = {"person_id": token.person_id, "token_id": token.token_id, "reason": reason}
    return _events(state, ctx, (ev.TokenRevoked, fields))


def set_roles(state: Directory, member: StaffMember, roles: Sequence[Role], ctx: Context) -> list[DomainEvent]:
    """A person's roles from now on, on every one of their tokens."""
    held = _roles(roles)
    _not_revoked(member)
    if set(held) == set(member.roles):
        raise StepOutOfOrder(f"{member.name} ({member.person_id}) holds {', '.join(member.roles)} already")
    return _events(state, ctx, (ev.RolesChanged, {"person_id": member.person_id, "roles": held}))


def admit(state: Directory | None, token_hash: str, now: datetime) -> Credential | str:
    """The credential a token presents, or why it admits no one."""
    token = state.tokens.get(token_hash) if state else None
    if state is None or token is None:
        return "the bearer token is not valid"
    member = state.people[token.person_id]
    if token.revoked_at is not None:
        return f"the bearer token was revoked on {shanghai(token.revoked_at)} (Asia/Shanghai)"
    if member.revoked_at is not None:
        return f"the person this bearer token belongs to was revoked on {shanghai(member.revoked_at)} (Asia/Shanghai)"
    if now >= token.expires_at:
        return f"the bearer token expired on {shanghai(token.expires_at)} (Asia/Shanghai); ask for a new one"
    return Credential(
        state.id,
        state.version,
        member.person_id,
        member.name,
        member.roles,
        token_id=token.token_id,
        expires_at=token.expires_at,
    )
