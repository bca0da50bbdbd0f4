"""The `gongkai` command: serve the web API, add staff, load a year's holiday table."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from adapters.bootstrap import Gongkai, build
from adapters.calendar_data import YearFileError, parse_year_file
from application.document_worklist import DOCUMENTS
from application.projections import Projection, rebuild
from application.publications import PUBLICATIONS
from application.worklist import WORKLIST
from domain.actors import Actor, Role
from domain.errors import DomainError

CLI_ACTOR = Actor(person_id="cli", name=f"command line ({os.environ.get('USER', 'operator')})", role=Role.ADMINISTRATOR)
"""Who acts when an operator with shell access to the server uses the command line."""


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from adapters.http.app import create_app

    host = args.host or os.environ.get("GONGKAI_HOST", "127.0.0.1")
    port = args.port or int(os.environ.get("GONGKAI_PORT", "8000"))
    uvicorn.run(create_app(), host=host, port=port, log_level="info")
    return 0


def _staff_add(args: argparse.Namespace) -> int:
    gongkai = build()
    try:
        roles = tuple(Role(r) for r in args.role)
        person_id, token = gongkai.staff.add(args.name, roles, CLI_ACTOR, person_id=args.person_id)
    finally:
        gongkai.close()
    print(f"added {args.name} ({person_id}) as {', '.join(roles)}; the token is shown once, keep it safe:")
    print(token)
    return 0


def _calendar_load(args: argparse.Namespace) -> int:
    try:
        table, source = parse_year_file(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, YearFileError) as error:
        print(f"gongkai: {args.file}: {error}", file=sys.stderr)
        return 2
    gongkai = build()
    try:
        gongkai.calendar.load([table], source, CLI_ACTOR)
    finally:
        gongkai.close()
    print(
        f"loaded {table.year}: {len(table.holidays)} weekdays off, "
        f"{len(table.adjusted_working_days)} weekend days worked"
    )
    return 0


def _read_models(gongkai: Gongkai) -> dict[str, tuple[Any, Projection[Any]]]:
    return {
        "worklist": (gongkai.worklist_store, WORKLIST),
        "documents": (gongkai.document_worklist_store, DOCUMENTS),
        "publications": (gongkai.publication_store, PUBLICATIONS),
    }


def _progress_bar(name: str, total: int) -> Callable[[int], None]:
    def show(position: int) -> None:
        done = min(position, total) / total if total else 1.0
        bar = "#" * int(done * 30)
        print(f"\r{name:>12} [{bar:<30}] {done:4.0%} {position}/{total}", end="", file=sys.stderr, flush=True)

    return show


def _rebuild(args: argparse.Namespace) -> int:
    gongkai = build()

    async def run() -> None:
        try:
            total = gongkai.store.last_position()
            for name, (store, projection) in _read_models(gongkai).items():
                if args.name in (name, "all"):
                    started = time.perf_counter()
                    show = _progress_bar(name, total)
                    show(0)
                    await rebuild(store, projection, show)
                    show(total)
                    print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
        finally:
            await gongkai.aclose()

    asyncio.run(run())
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    top = argparse.ArgumentParser(prog="gongkai", description="open-government-information work (政务公开)")
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the web API (GONGKAI_HOST, GONGKAI_PORT, GONGKAI_DATABASE_URL)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(run=_serve)
    staff = commands.add_parser("staff", help="staff and their tokens").add_subparsers(dest="action", required=True)
    add = staff.add_parser("add", help="add a person; prints a new bearer token on the last line")
    add.add_argument("name")
    add.add_argument("--role", action="extend", nargs="+", required=True, choices=[r.value for r in Role])
    add.add_argument("--person-id", help="give another token to a person already known by this id")
    add.set_defaults(run=_staff_add)
    calendar = commands.add_parser("calendar", help="holiday tables").add_subparsers(dest="action", required=True)
    load = calendar.add_parser("load", help="load a year's holiday table from a year file (see docs/holiday-year.md)")
    load.add_argument("file")
    load.set_defaults(run=_calendar_load)
    again = commands.add_parser("rebuild", help="drop a read model and build it again from the log")
    again.add_argument("name", choices=["worklist", "documents", "publications", "all"])
    again.set_defaults(run=_rebuild)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; a refusal prints its rule code and exits 2."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (DomainError, ValueError) as error:
        code_name = getattr(error, "code", "R-INPUT")
        print(f"gongkai: {code_name}: {error}", file=sys.stderr)
        return 2
    return code
