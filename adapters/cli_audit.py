"""`gongkai audit verify | digest`: tamper evidence of the log from the command line.

Both read the store in one read-only snapshot and write nothing (an auditor's database role needs SELECT on the
events and chain tables alone). `verify` exits 0 when the log is intact, 1 naming the first problem, 2 when it cannot
run as asked.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from adapters.audit_table import add_history_command
from adapters.persistence.audited_log import audited_log
from adapters.persistence.chain import NoLog
from adapters.persistence.database import DatabaseURL
from adapters.progress import progress_bar
from application.audit_verify import Problem, PublishedDigest, Verification, log_head, verify
from domain.errors import InvalidValue


def _position(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a position is a whole number from 1, not {text!r}")
    return int(text)


def _published(text: str) -> PublishedDigest:
    try:
        return PublishedDigest.parse(text)
    except InvalidValue as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _problem_line(problem: Problem) -> str:
    where = (
        f"stream {problem.stream_id}, version {problem.version}"
        if problem.stream_id is not None
        else "stream and version unknown: the event's row is gone"
    )
    return f"NOT INTACT at position {problem.position} ({where}): {problem.kind.value}: {problem.detail}"


def _summary(result: Verification, seconds: float) -> str:
    start = (
        f"after position {result.trusted_from} (its stored digest trusted)"
        if result.trusted_from is not None
        else "from the chain's start"
    )
    line = (
        f"intact: {result.checked} events checked {start} in {seconds:.1f} s; "
        f"head {result.head.position} {result.head.digest.hex()}"
    )
    if result.published is not None:
        line += f"; the log up to position {result.published.position} is the one its published digest stands for"
    return line


def _verify(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        with audited_log(DatabaseURL.parse(args.database_url)) as log:
            show = progress_bar("verify", log.last_position())
            show(args.start)
            result = verify(log, start=args.start, published=args.digest, progress=show)
    except NoLog as error:
        print(f"gongkai: {error}", file=sys.stderr)
        return 2
    print(file=sys.stderr)  # the progress bar's line ends
    if result.problem is not None:
        print(_problem_line(result.problem))
        return 1
    print(_summary(result, time.perf_counter() - started))
    return 0


def _digest(args: argparse.Namespace) -> int:
    try:
        with audited_log(DatabaseURL.parse(args.database_url)) as log:
            head, last = log_head(log), log.last_position()
    except NoLog as error:
        print(f"gongkai: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"position": head.position, "digest": head.digest.hex()}))
    else:
        print(f"{head.position} {head.digest.hex()}")
    if last > head.position:
        print(
            f"gongkai: events after position {head.position}, up to {last}, have no chain rows: "
            "`gongkai audit verify` names them",
            file=sys.stderr,
        )
    return 0


def add_commands(commands: Any, common: argparse.ArgumentParser) -> Any:
    """Add `audit verify | digest | history` to the command line's grammar; returns the `audit` group."""
    audit = commands.add_parser(
        "audit", help="the decision history of any record; tamper evidence of the log: verify it, give its digest"
    )
    actions = audit.add_subparsers(dest="action", required=True)
    checking = actions.add_parser(
        "verify", parents=[common], help="check every event against the chain of digests; exit 1 at the first problem"
    )
    checking.add_argument(
        "--from", dest="start", type=_position, default=0, metavar="POSITION",
        help="start after this position, trusting its stored digest (to resume a walk)",
    )  # fmt: skip
    checking.add_argument(
        "--digest", type=_published, metavar="POSITION:HEX",
        help="also prove that the log up to POSITION is the one this digest (from `audit digest`) was published for",
    )  # fmt: skip
    checking.set_defaults(run=_verify)
    head = actions.add_parser(
        "digest", parents=[common], help="print the log's head as POSITION DIGEST_HEX, a digest to publish"
    )
    head.add_argument("--json", action="store_true", help='print {"position": …, "digest": …}')
    head.set_defaults(run=_digest)
    add_history_command(actions, common)
    return actions
