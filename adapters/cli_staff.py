"""`gongkai staff add | list | revoke | roles`: the staff directory from the command line.

A token is printed once, on the last line of `staff add`; nothing else ever prints a token or its hash.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from adapters.bootstrap import build
from application.errors import NotFound
from application.staff import Issued, StaffDirectory
from domain.actors import Actor, Role
from domain.errors import DomainError, InvalidValue
from domain.staff.state import StaffMember, Token, shanghai

CLI_ACTOR = Actor(person_id="cli", name=f"command line ({os.environ.get('USER', 'operator')})", role=Role.ADMINISTRATOR)
"""Who acts when an operator with shell access to the server uses the command line."""


def _with_staff(args: argparse.Namespace, act: Callable[[StaffDirectory], int]) -> int:
    gongkai = build(args.database_url)
    try:
        return act(gongkai.staff)
    finally:
        gongkai.close()


def _hinted(error: DomainError, hint: str) -> DomainError:
    """The same refusal, saying what the operator can do about it."""
    return type(error)(f"{error}; {hint}", code=error.code, field=error.field)


def _add(args: argparse.Namespace) -> int:
    new_person = args.person_id is None or args.new_person
    if args.new_person and args.person_id is None:
        return _usage("--new-person goes with --person-id ID")
    if args.keep_other_tokens and new_person:
        return _usage("--keep-other-tokens goes with --person-id ID of a person on the staff")
    if new_person and not args.role:
        return _usage("a new person needs --role")
    roles = tuple(Role(r) for r in args.role or ())

    def add(staff: StaffDirectory) -> int:
        try:
            if new_person:
                issued = staff.add_person(
                    args.name,
                    roles,
                    CLI_ACTOR,
                    person_id=args.person_id,
                    same_name_as_another=args.same_name_as_another,
                )
            else:
                issued = staff.issue_token(
                    args.person_id, args.name, CLI_ACTOR, roles=roles, keep_other_tokens=args.keep_other_tokens
                )
        except InvalidValue as error:
            if error.field == "name" and new_person:
                raise _hinted(error, "to add another person of this name, pass --same-name-as-another") from None
            if error.field == "person_id":
                raise _hinted(error, "leave out --new-person to give them another token") from None
            raise
        except NotFound as error:
            raise _hinted(error, "to add a new person under this id, pass --new-person") from None
        _print_issued(issued, new_person)
        return 0

    return _with_staff(args, add)


def _print_issued(issued: Issued, new_person: bool) -> None:
    who = f"{issued.name} ({issued.person_id}) as {', '.join(issued.roles)}"
    print(f"added {who}" if new_person else f"issued a new token to {who}")
    print(f"token {issued.token_id}, expires {shanghai(issued.expires_at)} (Asia/Shanghai)")
    if issued.replaced:
        print(f"revoked their other tokens: {', '.join(issued.replaced)}")
    print("the token is shown once, keep it safe:")
    print(issued.token)


def _usage(message: str) -> int:
    print(f"gongkai staff add: {message}", file=sys.stderr)
    return 2


def _token_line(token: Token, member: StaffMember, now: datetime) -> str:
    when = f"issued {shanghai(token.issued_at)}, expires {shanghai(token.expires_at)}"
    if token.revoked_at is not None:
        status = f"revoked {shanghai(token.revoked_at)}" + (
            f" ({token.revoked_reason})" if token.revoked_reason else ""
        )
    elif now >= token.expires_at:
        status = "expired"
    else:
        status = "unusable: the person is revoked" if member.revoked_at else "in use"
    return f"    token {token.token_id}  {when}  {status}"


def _list(args: argparse.Namespace) -> int:
    def show(staff: StaffDirectory) -> int:
        directory, now = staff.directory(), staff.now()
        if directory is None or not directory.people:
            print("no staff yet: add someone with `gongkai staff add NAME --role ROLE`")
            return 0
        print(f"{len(directory.people)} people, {len(directory.tokens)} tokens (times in Asia/Shanghai)")
        for member in directory.by_name():
            status = "active"
            if member.revoked_at is not None:
                reason = f" ({member.revoked_reason})" if member.revoked_reason else ""
                status = f"revoked {shanghai(member.revoked_at)}{reason}"
            print(f"{member.person_id}  {member.name}  {', '.join(member.roles)}  {status}")
            for token in directory.tokens_of(member.person_id):
                print(_token_line(token, member, now))
        return 0

    return _with_staff(args, show)


def _revoke(args: argparse.Namespace) -> int:
    def revoke(staff: StaffDirectory) -> int:
        revoked = staff.revoke(args.id, args.reason, CLI_ACTOR)
        if isinstance(revoked, StaffMember):
            print(f"revoked {revoked.name} ({revoked.person_id}): none of their tokens admits them any more")
        else:
            print(f"revoked token {revoked.token_id} of {revoked.person_id}")
        return 0

    return _with_staff(args, revoke)


def _roles(args: argparse.Namespace) -> int:
    def set_roles(staff: StaffDirectory) -> int:
        member = staff.set_roles(args.person_id, tuple(Role(r) for r in args.role), CLI_ACTOR)
        print(f"{member.name} ({member.person_id}) now holds {', '.join(member.roles)}, on every one of their tokens")
        return 0

    return _with_staff(args, set_roles)


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `staff add | list | revoke | roles` to the command line's grammar."""
    roles = [r.value for r in Role]
    staff = commands.add_parser("staff", help="staff and their tokens").add_subparsers(dest="action", required=True)
    add = staff.add_parser("add", parents=[common], help="add a person, or a token; prints the token on the last line")
    add.add_argument("name")
    add.add_argument("--role", action="extend", nargs="+", choices=roles, help="the person's roles (a new person)")
    add.add_argument(
        "--same-name-as-another", action="store_true", help="add a person whose name someone on the staff holds already"
    )
    add.add_argument("--person-id", help="give a new token to the person on the staff with this id")
    add.add_argument("--new-person", action="store_true", help="with --person-id: add a new person under this id")
    add.add_argument(
        "--keep-other-tokens", action="store_true", help="with --person-id: do not revoke the person's other tokens"
    )
    add.set_defaults(run=_add)
    listing = staff.add_parser("list", parents=[common], help="everyone, their roles and tokens (never the tokens)")
    listing.set_defaults(run=_list)
    revoke = staff.add_parser("revoke", parents=[common], help="revoke a person (all their tokens) or one token")
    revoke.add_argument("id", metavar="PERSON|TOKEN-ID")
    revoke.add_argument("--reason", default="", help="why, kept with the revocation")
    revoke.set_defaults(run=_revoke)
    set_roles = staff.add_parser("roles", parents=[common], help="set a person's roles, on all their tokens at once")
    set_roles.add_argument("person_id", metavar="PERSON")
    set_roles.add_argument("--role", action="extend", nargs="+", required=True, choices=roles)
    set_roles.set_defaults(run=_roles)
