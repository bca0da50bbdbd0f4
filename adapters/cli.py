"""The `gongkai` command: serve the web API, manage staff, load a year's holiday table, rebuild read models.

Every command that acts on a store names it on stderr before it acts (`follow` reads the feed over HTTP instead), and
takes `--database URL` in place of GONGKAI_DATABASE_URL. Only refusals (a rule's, or input that cannot be used) are
reported as such, with exit status 2; anything else is a fault and shows its traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

from adapters import cli_feed, cli_privacy, cli_staff
from adapters.backup import BackupRefused, backup, restore
from adapters.bootstrap import build, database_url_from_env
from adapters.calendar_data import YearFileError, parse_year_file
from adapters.cli_audit import add_commands as add_audit_commands
from adapters.cli_report import add_commands as add_report_commands
from adapters.cli_staff import CLI_ACTOR
from adapters.collector import tune_collector
from adapters.persistence.database import DatabaseURL, DatabaseURLError
from adapters.progress import progress_bar
from adapters.settings_file import SettingsFileError
from domain.actors import Role
from domain.errors import DomainError
from domain.staff import Credential


def operator() -> Credential:
    """The operator at the server's shell: an administrator, held to the same permission table as everyone."""
    return Credential(uuid.UUID(int=0), 0, CLI_ACTOR.person_id, CLI_ACTOR.name, (Role.ADMINISTRATOR,))


REFUSALS = (DomainError, YearFileError, SettingsFileError, DatabaseURLError)
"""What the command line reports as a refusal: a rule's, or input that cannot be used."""


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from adapters.http.app import create_app

    host = args.host or os.environ.get("GONGKAI_HOST", "127.0.0.1")
    port = args.port or os.environ.get("GONGKAI_PORT", "8000")
    if not str(port).isdigit():
        raise SettingsFileError(f"GONGKAI_PORT is a port number, not {port!r}")
    workers = args.workers or os.environ.get("GONGKAI_WORKERS", "1")
    if not str(workers).isdigit() or not 1 <= int(workers) <= 64:
        raise SettingsFileError(f"GONGKAI_WORKERS is a number of processes from 1 to 64, not {workers!r}")
    url = args.database_url or database_url_from_env()
    if int(workers) > 1 and DatabaseURL.parse(url).kind == "memory":
        raise SettingsFileError("memory:// is one process's: serve it with one worker")
    gongkai = build(url)  # once before the workers: the first start's seeding is not raced
    if int(workers) == 1:
        try:
            uvicorn.run(create_app(gongkai), host=host, port=int(port), log_level="info")
        finally:
            gongkai.close()
        return 0
    gongkai.close()
    # Each worker process builds its own application from the environment; one of them advances each read model at
    # a time, and every one answers from it.
    os.environ["GONGKAI_DATABASE_URL"] = url
    uvicorn.run(
        "adapters.http.app:create_app", factory=True, workers=int(workers), host=host, port=int(port), log_level="info"
    )
    return 0


def _calendar_load(args: argparse.Namespace) -> int:
    try:
        table, source = parse_year_file(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, YearFileError) as error:
        print(f"gongkai: {args.file}: {error}", file=sys.stderr)
        return 2
    gongkai = build(args.database_url)
    try:
        gongkai.calendar.load([table], source, operator())
    finally:
        gongkai.close()
    print(
        f"loaded {table.year}: {len(table.holidays)} weekdays off, "
        f"{len(table.adjusted_working_days)} weekend days worked"
    )
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    gongkai = build(args.database_url)
    tune_collector()  # a rebuild folds the whole log: as a serving process does, not with the defaults

    async def run() -> None:
        try:
            total = gongkai.store.last_position()
            for name, runner in gongkai.read_models.items():
                if args.name in (name, "all"):
                    started = time.perf_counter()
                    show = progress_bar(name, total)
                    show(0)
                    await runner.rebuild(show)
                    show(total)
                    print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
        finally:
            await gongkai.aclose()

    asyncio.run(run())
    return 0


def _backup(args: argparse.Namespace) -> int:
    try:
        copied = backup(DatabaseURL.parse(args.database_url), Path(args.out))
    except BackupRefused as error:
        print(f"gongkai: {error}", file=sys.stderr)
        return 2
    print(f"backed up {copied.events} events (log position {copied.position}), {copied.bytes} bytes, to {copied.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    try:
        copied = restore(Path(args.file), DatabaseURL.parse(args.database_url))
    except BackupRefused as error:
        print(f"gongkai: {error}", file=sys.stderr)
        return 2
    print(f"restored {copied.events} events (log position {copied.position}) to {copied.path}; the store before it "
          "is kept beside it (.before-restore-…)")  # fmt: skip
    return 0


def _add_backup_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    saved = commands.add_parser(
        "backup", parents=[common], help="copy the embedded store to a new file, safely while the server writes"
    )
    saved.add_argument("--out", required=True, metavar="FILE", help="the backup file to make (must not exist)")
    saved.set_defaults(run=_backup)
    restored = commands.add_parser(
        "restore", parents=[common], help="put a backup in place of the embedded store (refused while it is served)"
    )
    restored.add_argument("file", help="a file `gongkai backup` made")
    restored.set_defaults(run=_restore)


def parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", help="the store to act on, instead of GONGKAI_DATABASE_URL")
    top = argparse.ArgumentParser(prog="gongkai", description="open-government-information work (政务公开)")
    # Its own dest: a subcommand's default would overwrite a value given before the subcommand.
    top.add_argument("--database", metavar="URL", dest="top_database", help="the store, for any command")
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", parents=[common], help="serve the web API (GONGKAI_HOST, GONGKAI_PORT, GONGKAI_DATABASE_URL)"
    )
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="serving processes (GONGKAI_WORKERS, default 1)")
    serve.set_defaults(run=_serve)
    cli_staff.add_commands(commands, common)
    cli_feed.add_commands(commands, common)
    cli_privacy.add_commands(commands, common)
    add_audit_commands(commands, common)
    add_report_commands(commands, common)
    calendar = commands.add_parser("calendar", help="holiday tables").add_subparsers(dest="action", required=True)
    load = calendar.add_parser(
        "load", parents=[common], help="load a year's holiday table from a year file (see docs/holiday-year.md)"
    )
    load.add_argument("file")
    load.set_defaults(run=_calendar_load)
    again = commands.add_parser("rebuild", parents=[common], help="drop a read model and build it again from the log")
    again.add_argument("name", choices=["worklist", "documents", "publications", "open_days", "all"])
    again.set_defaults(run=_rebuild)
    _add_backup_commands(commands, common)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command on the store it names first; a refusal prints its rule code and exits 2."""
    args = parser().parse_args(argv)
    try:
        url = args.database or args.top_database or database_url_from_env()
        if getattr(args, "acts_on_store", True):
            print(f"gongkai: store: {DatabaseURL.parse(url).describe()}", file=sys.stderr, flush=True)
        args.database_url = url
        code: int = args.run(args)
    except REFUSALS as error:
        code_name = getattr(error, "code", "R-INPUT")
        print(f"gongkai: {code_name}: {error}", file=sys.stderr)
        return 2
    return code
