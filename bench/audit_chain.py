"""Benchmark: what the chain of digests costs a save, and how fast `gongkai audit verify` walks the log.

Run by hand (it is not a test):

    .venv/bin/python -m bench.audit_chain [--events N] [--seconds S]

It makes a throwaway PostgreSQL database gongkai_bench_chain_<random> on 127.0.0.1 and SQLite files in a temporary
directory, and drops them at the end, even on error.

(a) Saves per second through the log's recorder as gongkai makes it (chained) and through the same recorder with the
chain left out (the library's own steps), in rounds interleaved so that noise hits both alike: one writer, then
eight threads; on PostgreSQL and on SQLite. Each save is one event of about 1 KB, as a command writes.

(b) A log of N events (default 200,000) written in saves of 500 events, then verified from the chain's start as the
command line does it (one read-only snapshot, pages of 20,000); events per second. Then the chain is dropped and
made again from the events as on opening a store from before the chain, timed. PostgreSQL, then SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import eventsourcing.postgres as pg
import eventsourcing.sqlite as lite
import psycopg
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory, StoredEvent
from eventsourcing.utils import Environment

from adapters.bootstrap import Gongkai
from adapters.persistence import postgres_outages, sqlite_chained
from adapters.persistence.audited_log import audited_log
from adapters.persistence.database import DatabaseURL
from application.audit_verify import verify
from tests.databases import throwaway_database
from tests.personal_data_support import opened

ADMIN_URL = os.environ.get("GONGKAI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class _UnchainedPostgres(postgres_outages.ApplicationRecorder):
    """gongkai's recorder with the chain left out: the library's steps, the same outage handling."""

    _insert_stored_events = pg.PostgresApplicationRecorder._insert_stored_events
    _fetch_ids_after_insert_events = pg.PostgresApplicationRecorder._fetch_ids_after_insert_events


class _UnchainedPostgresFactory(postgres_outages.Factory):
    application_recorder_class = _UnchainedPostgres


UNCHAINED = {"postgresql": f"{__name__}:_UnchainedPostgresFactory", "sqlite": "eventsourcing.sqlite:SQLiteFactory"}
"""The persistence module of a log without the chain, by store kind (the unchained factories of `factories`)."""


def opened_bare(url: str) -> Gongkai:
    """gongkai with neither the chain of digests nor sealed personal data (bench.personal_data's plain store)."""
    # The log's recorder without the chain is named to the library by its application-prefixed setting, which wins
    # over the store's PERSISTENCE_MODULE, for the time of the build only.
    variable = "GONGKAI_PERSISTENCE_MODULE"
    before = os.environ.get(variable)
    os.environ[variable] = UNCHAINED[DatabaseURL.parse(url).kind]
    try:
        return opened(url, seal=False)
    finally:
        if before is None:
            del os.environ[variable]
        else:
            os.environ[variable] = before


def event(size: int = 1000) -> StoredEvent:
    """An event of a stream of its own, its state about `size` bytes of JSON."""
    text = os.urandom(size // 2).hex()
    return StoredEvent(uuid.uuid4(), 1, "bench.noted", json.dumps({"text": text}).encode())


def factories(kind: str, url: DatabaseURL, directory: Path) -> dict[str, InfrastructureFactory[object]]:
    """A chained and an unchained factory on one store kind, each with tables or a file of its own."""
    if kind == "postgresql":
        env = {**url.eventsourcing_env(), "POSTGRES_POOL_SIZE": "8"}
        return {
            "chained": postgres_outages.Factory(Environment("gongkai", env)),
            "unchained": _UnchainedPostgresFactory(Environment("plain", env)),
        }
    return {
        "chained": sqlite_chained.Factory(Environment("gongkai", {"SQLITE_DBNAME": str(directory / "chained.db")})),
        "unchained": lite.Factory(Environment("gongkai", {"SQLITE_DBNAME": str(directory / "unchained.db")})),
    }


def saves_for(recorder: ApplicationRecorder, seconds: float, threads: int) -> int:
    """Saves of one event each that `threads` writers make in `seconds`."""
    stop = time.perf_counter() + seconds
    counts = [0] * threads

    def write(n: int) -> None:
        while time.perf_counter() < stop:
            recorder.insert_events([event()])  # made here (a few µs): a pool made in advance could run dry
            counts[n] += 1

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts)


def compare_saves(kind: str, url: DatabaseURL, directory: Path, seconds: float) -> None:
    """(a): chained against unchained saves, interleaved rounds."""
    made = factories(kind, url, directory)
    try:
        recorders = {name: factory.application_recorder() for name, factory in made.items()}
        for threads in (1, 8):
            totals = dict.fromkeys(recorders, 0)
            rounds = 6
            for n in range(rounds):
                order = list(recorders) if n % 2 == 0 else list(reversed(recorders))
                for name in order:
                    totals[name] += saves_for(recorders[name], seconds / rounds / 2, threads)
            rates = {name: total / (seconds / 2) for name, total in totals.items()}
            print(
                f"{kind:>10}, {threads} writer(s): chained {rates['chained']:,.0f} saves/s, "
                f"unchained {rates['unchained']:,.0f} saves/s, ratio {rates['chained'] / rates['unchained']:.2f}"
            )
    finally:
        for factory in made.values():
            factory.close()


def fill(recorder: ApplicationRecorder, events: int) -> float:
    """Write `events` in saves of 500; seconds taken."""
    started = time.perf_counter()
    for _ in range(events // 500):
        recorder.insert_events([event() for _ in range(500)])
    return time.perf_counter() - started


def timed_verify(url: DatabaseURL) -> tuple[float, int]:
    """Seconds and events of a verification from the chain's start."""
    started = time.perf_counter()
    with audited_log(url) as log:
        result = verify(log)
    assert result.problem is None, result.problem
    return time.perf_counter() - started, result.checked


def walk_and_rechain(kind: str, url: DatabaseURL, events: int, drop_chain: Callable[[DatabaseURL], None]) -> None:
    """(b): fill, verify, drop the chain, make it again on opening, verify."""
    env = url.eventsourcing_env()
    factory: InfrastructureFactory[object] = (
        postgres_outages.Factory(Environment("gongkai", env))
        if kind == "postgresql"
        else sqlite_chained.Factory(Environment("gongkai", env))
    )
    try:
        filling = fill(factory.application_recorder(), events)
    finally:
        factory.close()
    print(f"{kind:>10}: wrote {events:,} events of ~1 KB in {filling:.1f} s ({events / filling:,.0f} events/s)")
    for attempt in (1, 2):
        seconds, checked = timed_verify(url)
        print(f"{kind:>10}: verify #{attempt}: {checked:,} events in {seconds:.2f} s ({checked / seconds:,.0f}/s)")
    drop_chain(url)
    started = time.perf_counter()
    factory = type(factory)(Environment("gongkai", env))
    try:
        factory.application_recorder()  # makes the tables and extends the chain over every event
    finally:
        factory.close()
    rechaining = time.perf_counter() - started
    print(f"{kind:>10}: chain made again over {events:,} events on opening in {rechaining:.1f} s")
    seconds, checked = timed_verify(url)
    print(f"{kind:>10}: verify after: {checked:,} events in {seconds:.2f} s ({checked / seconds:,.0f}/s)")


def main() -> None:
    """Run (a) and (b) on both stores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=24.0, help="per store and writer count, both series")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="gongkai_bench_chain_"))
    try:
        with throwaway_database(ADMIN_URL, "gongkai_bench_chain_") as dsn:
            url = DatabaseURL.parse(dsn)
            compare_saves("postgresql", url, directory, args.seconds)
            compare_saves("sqlite", url, directory, args.seconds)

            def drop_postgres_chain(walked: DatabaseURL) -> None:
                with psycopg.connect(walked.dsn(), autocommit=True) as conn:
                    conn.execute("DROP TABLE gongkai_chain")

            with throwaway_database(ADMIN_URL, "gongkai_bench_chain_") as walked:
                walk_and_rechain("postgresql", DatabaseURL.parse(walked), args.events, drop_postgres_chain)
        file = directory / "walked.db"

        def drop_sqlite_chain(walked: DatabaseURL) -> None:
            with closing(sqlite3.connect(walked.path)) as conn:
                conn.execute("DROP TABLE chain")

        walk_and_rechain("sqlite", DatabaseURL(kind="sqlite", path=str(file)), args.events, drop_sqlite_chain)
    finally:
        shutil.rmtree(directory)
        print(f"deleted {directory}")


if __name__ == "__main__":
    main()
