"""`gongkai privacy export | erase PERSON`: one person's personal data, for their access request or its erasure.

PERSON is the person id shown with the data (`applicant.person_id` of a case) to staff who may read it. Both
commands act as the operator at the server's shell; a refusal (an unknown or erased person, a blank reason) exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

from adapters.bootstrap import build
from adapters.cli_staff import CLI_ACTOR
from adapters.persistence.key_ring import REFRESH_SECONDS
from application.privacy import Occurrence, PersonsData
from domain.actors import Role
from domain.staff import Credential

PLAIN_WARNING = (
    "recorded in the plain by a release before per-person encryption: key destruction cannot erase {count} "
    "occurrence(s) of this person's identity number; they stay readable in the log (and in its backups)"
)


def _operator() -> Credential:
    """The operator at the server's shell, an administrator (as `adapters.cli.operator`, which imports this module)."""
    return Credential(uuid.UUID(int=0), 0, CLI_ACTOR.person_id, CLI_ACTOR.name, (Role.ADMINISTRATOR,))


def _occurrence(found: Occurrence) -> dict[str, Any]:
    data = found.data
    return {
        "record_id": str(found.record_id),
        "record_type": found.stream_type,
        "version": found.version,
        "position": found.position,
        "event_type": found.event_type,
        "recorded_at": found.recorded_at.isoformat(),
        "field": found.field,
        "data": {k: getattr(data, k) for k in ("name", "id_number", "phone", "address", "email")},
    }


def export_json(found: PersonsData) -> dict[str, Any]:
    """What `privacy export` prints: every occurrence of the person's data, with where and when it was recorded."""
    return {
        "person_id": found.person_id,
        "occurrences": [_occurrence(o) for o in found.occurrences],
        "recorded_in_the_plain": [_occurrence(o) for o in found.plain],
    }


def _export(args: argparse.Namespace) -> int:
    gongkai = build(args.database_url)
    try:
        found = gongkai.privacy.export(args.person_id, _operator())
    finally:
        gongkai.close()
    print(json.dumps(export_json(found), ensure_ascii=False, indent=2))
    return 0


def _erase(args: argparse.Namespace) -> int:
    reason = args.reason
    if reason is None:
        if not sys.stdin.isatty():
            print("gongkai privacy erase: give the reason with --reason TEXT", file=sys.stderr)
            return 2
        reason = input(f"why is the personal data of {args.person_id} erased? ")
    gongkai = build(args.database_url)
    try:
        erased = gongkai.privacy.erase(args.person_id, reason, _operator())
    finally:
        gongkai.close()
    print(
        f"erased the personal data of {erased.person_id}: its key is destroyed, and its {erased.occurrences} "
        f"occurrence(s) read as erased everywhere (serving processes stop showing them within {REFRESH_SECONDS:g} s); "
        f"recorded at log position {erased.position} as done by {CLI_ACTOR.name}"
    )
    if erased.plain:
        print("not erased: " + PLAIN_WARNING.format(count=len(erased.plain)))
        for found in erased.plain:
            where = f"{found.stream_type} {found.record_id} version {found.version}"
            print(f"  {where}, {found.event_type} ({found.field})")
    print("backups made before now still hold the key: they can restore the data until they expire")
    return 0


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `privacy export | erase` to the command line's grammar."""
    privacy = commands.add_parser("privacy", help="one person's personal data: export it, or erase it")
    actions = privacy.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export", parents=[common], help="print every occurrence of a person's data as JSON (an access request)"
    )
    export.add_argument("person_id", metavar="PERSON", help="the person id shown with the data")
    export.set_defaults(run=_export)
    erase = actions.add_parser(
        "erase", parents=[common], help="destroy a person's key: their data reads as erased everywhere, for good"
    )
    erase.add_argument("person_id", metavar="PERSON", help="the person id shown with the data")
    erase.add_argument("--reason", help="why (kept in the log with who erased and when; asked for when left out)")
    erase.set_defaults(run=_erase)
