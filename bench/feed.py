"""Benchmark: catching up with the event feed on PostgreSQL, against reading the same rows raw, side by side.

Run by hand (it is not a test):

    .venv/bin/python -m bench.feed [--events N] [--rounds R] [--limit L] [--profile]

1. Fills a throwaway database (on 127.0.0.1, dropped at the end) with --events events (default 1,000,000): a few
   thousand requests (received, replied, mostly delivered) and documents (registered, reviewed, published) of five
   organs are appended through the application's event store, so that their stored bodies are the ones it writes
   (each applicant a person of their own, as the use cases make them, so that their data is sealed under their key);
   then their rows are copied (COPY, each copy with stream ids of its own) until the log holds N events. Opening the
   store again extends the chain of digests over the copies (timed, for information). The read models are moved to
   the head without indexing (their rebuild is bench.read_side's subject), so the server does nothing else.
2. Reads the whole log from position 0, in rounds, each way once per round in a fresh order:
   - raw: asyncpg, `SELECT … WHERE notification_id > $1 ORDER BY notification_id LIMIT 1000`, json.loads of each
     row's state, nothing more (the floor of any reader in Python);
   - use case: `Feed.page_for` in this process, in the integrator's form (no HTTP);
   - HTTP pages: GET /api/v1/events?after=…&limit=… from one httpx client, each page's JSON parsed with json.loads
     (the next page, named by the Link header, asked for meanwhile), against the real app under uvicorn in a
     subprocess, an integrator's token;
   - follow: `gongkai follow --until HEAD > /dev/null` (the SSE stream), timed from start to exit.
   Prints events/s of each (its best round), its ratio to raw, and the CPU microseconds per event of this process,
   the server and the follower; target for the feed: at least 0.3 of raw. This process and the server run with
   the garbage collector tuned alike (adapters/collector.py).
   With --profile, the server runs under cProfile and its top functions are printed after the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import pstats
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path
from typing import Any

import asyncpg
import attrs
import httpx

from adapters.bootstrap import Gongkai, build
from adapters.collector import tune_collector
from adapters.http.app import create_app
from application.event_forms import Audience
from application.feed import FeedQuery
from application.personal_data import with_personal_data
from bench.read_side import ADMIN_URL, Generator
from bench.serving import served, tail
from domain.actors import SYSTEM, Role
from domain.events import DomainEvent
from tests.databases import throwaway_database

TEMPLATE_REQUESTS, TEMPLATE_DOCUMENTS = 3_000, 1_000
COPY_BATCH = 50_000
TARGET = 0.3
SERVER_START_SECONDS = 120.0
STARTED = time.perf_counter()


def elapsed() -> str:
    """Seconds since the start, for the progress lines."""
    return f"[{time.perf_counter() - STARTED:6.1f} s]"


def served_app() -> Any:
    """The app the HTTP measures call (uvicorn's factory), on GONGKAI_DATABASE_URL."""
    return create_app(build(os.environ["GONGKAI_DATABASE_URL"]))


# ---------------------------------------------------------------------------------------------------------------
# 1. The log


def identified(events: list[DomainEvent]) -> list[DomainEvent]:
    """The events with each personal data given a new person, as the use cases' intake does: the store seals it."""
    return [with_personal_data(event, lambda data: data.of_person(uuid.uuid4().hex)) for event in events]


def write_templates(gongkai: Gongkai, seed: int) -> None:
    """Requests and documents appended through the application's store: the bodies it writes (applicants sealed)."""
    generator = Generator(seed)
    for batch in generator.cases(TEMPLATE_REQUESTS, generator.request):
        gongkai.store.append(identified(batch))
    for batch in generator.cases(TEMPLATE_DOCUMENTS, generator.document):
        gongkai.store.append(batch)


async def fill(url: str, events: int) -> int:
    """Copy the log's rows (past the seeded holiday tables and staff) until it holds `events`; returns the count."""
    conn = await asyncpg.connect(url)
    try:
        have = int(await conn.fetchval("SELECT count(*) FROM gongkai_events"))
        template = await conn.fetch(
            "SELECT originator_id, originator_version, topic, state FROM gongkai_events "
            "WHERE topic LIKE 'disclosure_request.%' OR topic LIKE 'document.%' ORDER BY notification_id"
        )
        size = sum(len(row[3]) for row in template) / len(template)
        print(f"{elapsed()} {len(template):,} template events written through the store ({size:,.0f} bytes a body "
              f"on average); copying…", flush=True)  # fmt: skip
        begun = time.perf_counter()
        while have < events:
            batch: list[tuple[Any, ...]] = []
            ids: dict[Any, uuid.UUID] = {}
            for row in template:
                if have + len(batch) >= events or len(batch) >= COPY_BATCH:
                    break
                stream = ids.setdefault(row[0], uuid.uuid4())
                batch.append((stream, row[1], row[2], row[3]))
            await conn.copy_records_to_table(
                "gongkai_events", records=batch, columns=["originator_id", "originator_version", "topic", "state"]
            )
            have += len(batch)
        took = time.perf_counter() - begun
        have = int(await conn.fetchval("SELECT count(*) FROM gongkai_events"))
        print(f"{elapsed()} the log holds {have:,} events (copied in {took:.1f} s)", flush=True)
        await conn.execute("VACUUM ANALYZE gongkai_events")
        return have
    finally:
        await conn.close()


async def count_events(url: str) -> int:
    """How many events the log holds (and which was written last, for information)."""
    conn = await asyncpg.connect(url)
    try:
        last = await conn.fetchrow(
            "SELECT notification_id, topic FROM gongkai_events ORDER BY notification_id DESC LIMIT 1"
        )
        print(f"{elapsed()} the last event: {last[0]} {last[1]}", flush=True)
        return int(await conn.fetchval("SELECT count(*) FROM gongkai_events"))
    finally:
        await conn.close()


async def skip_read_models(gongkai: Gongkai) -> None:
    """Move every read model to the head without applying anything where its store can (the server then only follows
    what comes), else catch it up before anything is timed: one left behind would catch up while the feed is read."""
    for runner in gongkai.read_models.values():
        store = runner.store
        save = getattr(store, "save", None)
        if save is None:
            await runner.catch_up()
            continue
        head = await store.head()
        while not await save([], await store.position(), head):
            pass


# ---------------------------------------------------------------------------------------------------------------
# 2. The ways of reading the log


def raw(url: str, limit: int) -> Callable[[], int]:
    """asyncpg pages of the same rows, each state parsed: the floor."""

    def read() -> int:
        async def run() -> int:
            conn = await asyncpg.connect(url, server_settings={"jit": "off"})
            try:
                after, count, loads = 0, 0, json.loads
                while True:
                    rows = await conn.fetch(
                        "SELECT notification_id, originator_id, originator_version, topic, state FROM gongkai_events "
                        "WHERE notification_id > $1 ORDER BY notification_id LIMIT $2",
                        after,
                        limit,
                    )
                    if not rows:
                        return count
                    for row in rows:
                        loads(row[4])
                    count += len(rows)
                    after = rows[-1][0]
            finally:
                await conn.close()

        return asyncio.run(run())

    return read


def use_case(url: str, limit: int) -> Callable[[], int]:
    """The feed's pages in the integrator's form, in this process (the application built beforehand)."""
    gongkai = build(url)

    def read() -> int:
        async def run() -> int:
            try:
                after, count = 0, 0
                while True:
                    page = await gongkai.feed.page_for(Audience.PUBLIC, FeedQuery(after, limit), "http://bench")
                    count += len(page.events)
                    after = page.next_after
                    if after >= page.head:
                        return count
            finally:
                await gongkai.feed.close()  # its pool belongs to this loop

        return asyncio.run(run())

    return read


def http_pages(base: str, token: str, limit: int) -> Callable[[], int]:
    """GET /api/v1/events page after page from one client, each page's JSON parsed; the next page (its Link header)
    is asked for while this one is parsed, as a consumer catching up would."""

    def read() -> int:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client, ThreadPoolExecutor(1) as fetcher:

            def get(url: str) -> httpx.Response:
                response = client.get(url)
                response.raise_for_status()
                return response

            count = 0
            pending = fetcher.submit(get, f"/api/v1/events?after=0&limit={limit}")
            while True:
                response = pending.result()
                pending = fetcher.submit(get, response.links["next"]["url"])
                page = json.loads(response.content)
                count += len(page["events"])
                if page["next_after"] >= page["head"]:
                    pending.result()
                    return count

    return read


def follow(base: str, token: str, head: int) -> Callable[[], int]:
    """`gongkai follow` to /dev/null, from its start to its exit."""

    def read() -> int:
        # --token=…: a token may begin with "-", which argparse would take for an option
        command = [str(Path(sys.executable).parent / "gongkai"), "follow", "--url", base, f"--token={token}",
                   "--until", str(head)]  # fmt: skip
        with tempfile.TemporaryFile() as log:
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=log, timeout=3600, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"gongkai follow exited with {done.returncode}: {tail(log)}")
        return head  # every event printed (follow exits only at the head); counted below by position

    return read


# ---------------------------------------------------------------------------------------------------------------


@attrs.frozen
class Reading:
    """One reading of the whole log: wall time and the CPU seconds of each process taking part."""

    seconds: float
    bench: float
    """This process (the raw reader, the use case, the HTTP client)."""
    server: float
    follower: float
    """`gongkai follow`'s process."""


def _cpu(pid: int) -> float:
    """User and system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(ways: dict[str, Callable[[], int]], rounds: int, events: int, server: int) -> dict[str, list[Reading]]:
    """Each way reads the whole log once per round, in a fresh order each round."""
    readings: dict[str, list[Reading]] = {name: [] for name in ways}
    order = list(ways)
    for number in range(1, rounds + 1):
        random.shuffle(order)
        for name in order:
            gc.collect()
            before = (time.perf_counter(), time.process_time(), _cpu(server), _children_cpu())
            count = ways[name]()
            after = (time.perf_counter(), time.process_time(), _cpu(server), _children_cpu())
            if name != "follow" and count != events:
                raise RuntimeError(f"{name} read {count:,} events of {events:,}")
            reading = Reading(*(b - a for a, b in zip(before, after, strict=True)))
            readings[name].append(reading)
            print(f"{elapsed()} round {number}: {name:12} {reading.seconds:7.1f} s {events / reading.seconds:10,.0f} "
                  f"events/s", flush=True)  # fmt: skip
    return readings


def report(readings: dict[str, list[Reading]], events: int) -> None:
    """The best rate of each way, its ratio to raw's best, and CPU microseconds per event of each process."""
    floor = events / min(r.seconds for r in readings["raw"])
    print(
        f"\ncatch-up over {events:,} events (best of each way; ratio to raw asyncpg + json.loads; target {TARGET:g})"
        f"\n{'':13} {'events/s':>10}  {'x raw':>5}   CPU µs per event: {'bench':>6} {'server':>6} {'follow':>6}"
    )
    for name, found in readings.items():
        best = min(found, key=lambda r: r.seconds)
        rate = events / best.seconds
        verdict = "" if name in ("raw", "use case") else ("meets" if rate / floor >= TARGET else "MISSES")
        per = [f"{1e6 * cpu / events:6.1f}" for cpu in (best.bench, best.server, best.follower)]
        print(f"  {name:13} {rate:10,.0f}  {rate / floor:5.2f}   {'':17} {' '.join(per)}  {verdict}")


def run(url: str, args: argparse.Namespace) -> None:
    """Fill the log, then read it every way."""
    print(f"Python {platform.python_version()}, asyncpg {metadata.version('asyncpg')}, litestar "
          f"{metadata.version('litestar')}, httpx {metadata.version('httpx')}, {os.cpu_count()} CPUs")  # fmt: skip
    gongkai = build(url)
    write_templates(gongkai, args.seed)
    _, token = gongkai.staff.add("基准门户", (Role.INTEGRATOR,), SYSTEM)
    gongkai.close()
    events = asyncio.run(fill(url, args.events))
    begun = time.perf_counter()
    gongkai = build(url)  # extends the chain of digests over the copied rows
    print(f"{elapsed()} store opened again in {time.perf_counter() - begun:.1f} s (the chain extended)", flush=True)
    asyncio.run(skip_read_models(gongkai))
    gongkai.close()
    tune_collector()  # as the server does: the raw reader and the use case run with the same collector settings
    profile = Path(tempfile.mkdtemp(prefix="gongkai_bench_feed_")) / "server.prof" if args.profile else None
    with served("bench.feed:served_app", url, SERVER_START_SECONDS, profile) as running:
        base, server = running.base, running.pid
        events = asyncio.run(count_events(url))
        ways = {
            "raw": raw(url, args.limit),
            "use case": use_case(url, args.limit),
            "HTTP pages": http_pages(base, token, args.limit),
            "follow": follow(base, token, events),
        }
        report(measure(ways, args.rounds, events, server), events)
    if profile is not None:
        print(f"\nthe server's profile ({profile}), by own time:")
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run on a throwaway database."""
    parser = argparse.ArgumentParser(prog="python -m bench.feed", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the log (default 1,000,000)")
    parser.add_argument("--rounds", type=int, default=2, help="readings of the whole log by each way (default 2)")
    parser.add_argument("--limit", type=int, default=1000, help="events per page (default 1,000, the most)")
    parser.add_argument("--seed", type=int, default=20261130, help="seed of the generated cases")
    parser.add_argument("--profile", action="store_true", help="run the server under cProfile and print its top")
    args = parser.parse_args(argv)
    if not 20_000 <= args.events <= 10_000_000:
        parser.error("--events must be in [20,000, 10,000,000]")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still drop the database on the way out
    # One reader at a time: a few connections each for this process and the server (the database is shared).
    os.environ.setdefault("GONGKAI_THREADS", "4")
    os.environ.setdefault("GONGKAI_READ_CONNECTIONS", "2")
    with ExitStack() as stack:
        run(stack.enter_context(throwaway_database(ADMIN_URL, "gongkai_bench_feed_")), args)
    print(f"total {time.perf_counter() - STARTED:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
