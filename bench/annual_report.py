"""Benchmark: the annual report for one organ and one year over a log of N events, on PostgreSQL and on SQLite, each
beside a raw SQL scan of the same events in the same run (issue 12: under 10 s on PostgreSQL at 1,000,000 events).

Run by hand (it is not a test):

    .venv/bin/python -m bench.annual_report [--events N] [--year Y] [--rounds R] [--no-sqlite]

Each store is filled as bench.feed fills the feed's: requests and documents of five organs over ten years appended
through the application's store (bench.read_side's generator; applicants sealed), their rows then copied under
fresh stream ids up to --events; the store is opened again (which chains the copies). Then, --rounds times in turn:
- the report: `AnnualReports.report` for the first organ (the one with most applications) and --year, as an auditor
  reads it (every cell with its records), as `GET /api/v1/reports/annual/{organ}/{year}` computes it;
- the raw scan: one SELECT of the same rows (every request and document event, in log order), fetched into this
  process, the least any report computed from the log must do;
- for information, the district's report (every organ summed), which decodes every counted event.
PostgreSQL in a throwaway database on 127.0.0.1 (dropped at the end, even on error); SQLite in a temporary file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import asyncpg

from adapters.bootstrap import build
from application.annual_reports import DOCUMENT_TYPES, REQUEST_TYPES
from bench import feed
from bench.read_side import ADMIN_URL, ORGANS
from domain.actors import Role
from tests.databases import throwaway_database
from tests.support import credential

TARGET_SECONDS = 10.0
TYPES = [*REQUEST_TYPES, *DOCUMENT_TYPES]


def report_once(url: str, organ: str | None, year: int) -> tuple[float, int]:
    """Seconds to compute the report (the store opened beforehand, as a serving process has it), and cells filled."""
    gongkai = build(url)
    try:
        began = time.perf_counter()
        report = gongkai.annual_reports.report(credential(Role.AUDITOR), year, organ)
        took = time.perf_counter() - began
    finally:
        gongkai.close()
    return took, sum(1 for figure in report.this_year.figures() if figure.count)


def raw_postgres(url: str) -> Callable[[], int]:
    dsn = url.replace("postgresql+psycopg://", "postgresql://")

    def scan() -> int:
        async def run() -> int:
            conn = await asyncpg.connect(dsn)
            try:
                rows = await conn.fetch(
                    "SELECT notification_id, originator_id, originator_version, topic, state FROM gongkai_events "
                    "WHERE topic = ANY($1::text[]) ORDER BY notification_id",
                    TYPES,
                )
                return len(rows)
            finally:
                await conn.close()

        return asyncio.run(run())

    return scan


def raw_sqlite(path: Path) -> Callable[[], int]:
    def scan() -> int:
        with sqlite3.connect(path) as conn:
            marks = ",".join("?" * len(TYPES))
            rows = conn.execute(
                f"SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
                f"WHERE topic IN ({marks}) ORDER BY rowid",
                TYPES,
            ).fetchall()
        return len(rows)

    return scan


def fill_sqlite(path: Path, events: int) -> int:
    """Copy the template rows under fresh stream ids until the file's log holds `events`."""
    with sqlite3.connect(path) as conn:
        have = conn.execute("SELECT count(*) FROM stored_events").fetchone()[0]
        template = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "WHERE topic LIKE 'disclosure_request.%' OR topic LIKE 'document.%' ORDER BY rowid"
        ).fetchall()
        while have < events:
            ids: dict[object, str] = {}
            batch = []
            for row in template:
                if have + len(batch) >= events:
                    break
                batch.append((ids.setdefault(row[0], str(uuid.uuid4())), row[1], row[2], row[3]))
            conn.executemany(
                "INSERT INTO stored_events (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)", batch
            )
            have += len(batch)
        conn.commit()
        return int(conn.execute("SELECT count(*) FROM stored_events").fetchone()[0])


def measure(name: str, url: str, scan: Callable[[], int], organ: str, year: int, rounds: int) -> None:
    print(f"{feed.elapsed()} {name}: opening the store (it chains the copied rows)", flush=True)
    began = time.perf_counter()
    build(url).close()
    print(f"{feed.elapsed()} {name}: opened in {time.perf_counter() - began:.1f} s", flush=True)
    for number in range(1, rounds + 1):
        began = time.perf_counter()
        rows = scan()
        raw = time.perf_counter() - began
        took, cells = report_once(url, organ, year)
        verdict = "met" if name != "PostgreSQL" or took < TARGET_SECONDS else "MISSED"
        print(f"{name} round {number}: report {took:.2f} s ({cells} cells filled; target < {TARGET_SECONDS:.0f} s on "
              f"PostgreSQL: {verdict}); raw scan of the same {rows:,} rows {raw:.2f} s; "
              f"raw / report {raw / took:.2f}", flush=True)  # fmt: skip
        district, cells = report_once(url, None, year)
        print(f"{name} round {number}: the district's report (every organ) {district:.2f} s ({cells} cells filled; "
              f"for information)", flush=True)  # fmt: skip


def run_postgres(args: argparse.Namespace, organ: str) -> None:
    with throwaway_database(ADMIN_URL, "gongkai_bench_") as url:
        gongkai = build(url)
        feed.write_templates(gongkai, args.seed)
        gongkai.close()
        events = asyncio.run(feed.fill(url, args.events))
        print(f"{feed.elapsed()} PostgreSQL: {events:,} events", flush=True)
        measure("PostgreSQL", url, raw_postgres(url), organ, args.year, args.rounds)


def run_sqlite(args: argparse.Namespace, organ: str) -> None:
    with tempfile.TemporaryDirectory(prefix="gongkai_bench_report_") as folder:
        path = Path(folder) / "gongkai.sqlite3"
        url = f"sqlite:///{path}"
        gongkai = build(url)
        feed.write_templates(gongkai, args.seed)
        gongkai.close()
        events = fill_sqlite(path, args.events)
        print(f"{feed.elapsed()} SQLite: {events:,} events", flush=True)
        measure("SQLite", url, raw_sqlite(path), organ, args.year, args.rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.annual_report", description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs; {args.events:,} events, the {args.year} report "
          f"of {ORGANS[0][0]}")  # fmt: skip
    run_postgres(args, ORGANS[0][0])
    if not args.no_sqlite:
        run_sqlite(args, ORGANS[0][0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
