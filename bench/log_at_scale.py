"""Benchmark: issue 10's figures in one run: audit verify, the read models' rebuild and the feed beside a raw read, all
over one PostgreSQL log of N events; then the write path with the chain and encryption on against both off.

Run by hand (it is not a test):

    .venv/bin/python -m bench.log_at_scale [--events N] [--rounds R] [--seconds S] [--publications-seconds S]
                                           [--no-sqlite]

1. One throwaway PostgreSQL database on 127.0.0.1 (dropped at the end, even on error) is filled to --events events
   (default 1,000,000) by bench.feed's fill: requests and documents appended through the application's store (each
   applicant a person of their own, so their data is sealed), their rows then copied under fresh stream ids; the
   store is opened again, which chains the copies. Checked before measuring: a chain row for every event
   (`gongkai_chain`), and which bodies hold personal data sealed or in the plain. Then, in sequence:
   (a) audit verify over the whole log: `verify` through `audited_log`, as `gongkai audit verify` does it, events/s;
       then the command itself, timed as a process;
   (b) each read model rebuilt from the log as `gongkai rebuild` does it (`Runner.rebuild`: reset, then catch up):
       the request and document worklists, log events/s; the publications' index (jieba) for at most
       --publications-seconds, its rate so far (0 skips it);
   (c) the feed side by side with a raw asyncpg select-and-decode of the same rows, bench.feed's ways (raw, use case,
       HTTP pages and `gongkai follow` as an integrator), plus HTTP pages in an auditor's full form (which opens the
       sealed data), --rounds rounds in a fresh order each.
2. The write path: commands through the use cases, bench.personal_data's works (receipts from new applicants;
   contacts on cases of 60 events; and a mix of one receipt to 20 contacts), on gongkai's store as it builds it
   ("on": the chain and sealing) against a store with neither (`bench.audit_chain.opened_bare`, "off"), each in a
   throwaway database of its own, 1 and 8 threads, interleaved rounds; PostgreSQL, then SQLite. This process runs
   with the serving processes' garbage collector settings (adapters/collector.py) from (b) on, as `gongkai rebuild`
   and the server do.

Targets (issue 10, whose benchmark is on PostgreSQL): the feed at least 0.3 of the raw rate; verify and the worklists'
rebuild at least 20,000 events/s; the chain and encryption cost the write path less than 15% (on/off at least 0.85).
The write path on SQLite is measured beside it for information.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path

import asyncpg

from adapters.bootstrap import Gongkai, build
from adapters.collector import tune_collector
from adapters.persistence.database import DatabaseURL
from bench import feed
from bench.audit_chain import opened_bare, timed_verify
from bench.feed import elapsed
from bench.personal_data import Work, interleaved, receipts, steps
from bench.read_side import ADMIN_URL
from bench.serving import served
from domain.actors import SYSTEM, Role
from tests.databases import throwaway_database
from tests.personal_data_support import opened

FEED_TARGET, RATE_TARGET, COST_TARGET = feed.TARGET, 20_000, 0.85
MIX = 20
"""Contacts per receipt in the mixed workload."""
Makes = Callable[[Gongkai], Work]

Summary = list[tuple[str, str, str]]
"""What the run found, for the closing table: the measure, its figure, its verdict against the target."""


def verdict(value: float, target: float) -> str:
    """'meets' or 'MISSES' for a figure that should be at least `target`."""
    return "meets" if value >= target else "MISSES"


# ---------------------------------------------------------------------------------------------------------------
# 1. The log


def make_log(url: str, events: int, seed: int) -> dict[str, str]:
    """Fill the log as bench.feed does and open the store again, which chains the copies; tokens by role."""
    gongkai = build(url)
    feed.write_templates(gongkai, seed)
    tokens = {
        "integrator": gongkai.staff.add("基准门户", (Role.INTEGRATOR,), SYSTEM)[1],
        "auditor": gongkai.staff.add("基准审计", (Role.AUDITOR,), SYSTEM)[1],
    }
    gongkai.close()
    asyncio.run(feed.fill(url, events))
    begun = time.perf_counter()
    build(url).close()
    print(f"{elapsed()} store opened again in {time.perf_counter() - begun:.1f} s (the chain extended)", flush=True)
    return tokens


async def check_log(url: str) -> int:
    """Fail unless every event has its chain row; print which bodies hold personal data, sealed or plain; the count."""
    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM gongkai_events), (SELECT max(notification_id) FROM gongkai_events), "
            "(SELECT count(*) FROM gongkai_chain), (SELECT max(position) FROM gongkai_chain)"
        )
        events, last, links, last_link = (int(v or 0) for v in row)
        print(f"{elapsed()} the log: {events:,} events (last position {last:,}); the chain: {links:,} rows (last "
              f"position {last_link:,})", flush=True)  # fmt: skip
        if (links, last_link) != (events, last):
            raise RuntimeError("the log is not chained: gongkai_chain must have a row for every event")
        found = await conn.fetch(
            "SELECT topic, count(*), count(*) FILTER (WHERE position($1::bytea IN state) > 0), "
            "count(*) FILTER (WHERE position($2::bytea IN state) > 0) FROM gongkai_events GROUP BY topic "
            "HAVING count(*) FILTER (WHERE position($1::bytea IN state) > 0 OR position($2::bytea IN state) > 0) > 0",
            b'"sealed"',
            b'"id_number"',  # a key of the plain form only (sealing.plain_form)
        )
        for topic, count, sealed, plain in found:
            print(f"  {topic}: {count:,} events, {sealed:,} with personal data sealed, {plain:,} in the plain")
        plain_total = sum(r[3] for r in found)
        print(f"  personal data in the plain in {plain_total:,} bodies" + (" (NOT all sealed)" if plain_total else ""))
        return events
    finally:
        await conn.close()


def verify_log(url: str, events: int, summary: Summary) -> None:
    """(a) `verify` through `audited_log` over the whole log, then `gongkai audit verify` as a process."""
    seconds, checked = timed_verify(DatabaseURL.parse(url))
    rate = checked / seconds
    print(f"\n{elapsed()} (a) verify: {checked:,} events in {seconds:.1f} s, {rate:,.0f} events/s "
          f"({verdict(rate, RATE_TARGET)} {RATE_TARGET:,})", flush=True)  # fmt: skip
    if checked != events:
        raise RuntimeError(f"verify checked {checked:,} events of {events:,}")
    summary.append(("audit verify (in process)", f"{rate:,.0f} events/s", verdict(rate, RATE_TARGET)))
    command = [str(Path(sys.executable).parent / "gongkai"), "audit", "verify", "--database", url]
    begun = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    took = time.perf_counter() - begun
    print(f"  `gongkai audit verify`: exit {done.returncode} in {took:.1f} s as a process ({checked / took:,.0f} "
          f"events/s): {done.stdout.strip()}", flush=True)  # fmt: skip
    whole = checked / took
    summary.append(("`gongkai audit verify` (process)", f"{whole:,.0f} events/s", verdict(whole, RATE_TARGET)))


async def rebuild(url: str, publications_seconds: float, summary: Summary) -> None:
    """(b) Each read model dropped and built again from the log, as `gongkai rebuild` does (publications bounded)."""
    gongkai = build(url)
    tune_collector()  # as `gongkai rebuild` does
    try:
        head = gongkai.store.last_position()
        print(f"\n{elapsed()} (b) read models rebuilt from the log (reset, then catch up), head {head:,}", flush=True)
        for name in ("worklist", "documents"):
            begun = time.perf_counter()
            reached = await gongkai.read_models[name].rebuild()
            took = time.perf_counter() - begun
            rate = head / took
            print(f"  {name:12} {took:6.1f} s to position {reached:,}: {rate:,.0f} log events/s "
                  f"({verdict(rate, RATE_TARGET)} {RATE_TARGET:,})", flush=True)  # fmt: skip
            summary.append((f"rebuild: {name}", f"{rate:,.0f} log events/s", verdict(rate, RATE_TARGET)))
        if publications_seconds <= 0:
            print("  publications: skipped (--publications-seconds 0)")
            return
        begun = time.perf_counter()
        mark = [0.0, begun]  # the position the rebuild last reported, and when

        def progress(position: int) -> None:
            mark[:] = [position, time.perf_counter()]

        try:
            await asyncio.wait_for(gongkai.read_models["publications"].rebuild(progress), publications_seconds)
            finished = "whole log"
        except TimeoutError:
            finished = f"stopped after {publications_seconds:g} s"
        position, at = mark
        rate = position / (at - begun) if position else 0.0
        print(f"  publications to position {position:,.0f} in {at - begun:.1f} s ({finished}): {rate:,.0f} log events/s"
              + ("" if finished == "whole log" else f"; the whole log would take about {head / rate:,.0f} s"
                 if rate else ""), flush=True)  # fmt: skip
        summary.append(("rebuild: publications (jieba)", f"{rate:,.0f} log events/s ({finished})", "no target"))
    finally:
        await gongkai.aclose()


def read_feed(url: str, tokens: dict[str, str], rounds: int, limit: int, summary: Summary) -> None:
    """(c) bench.feed's ways side by side, and an auditor's pages, with the server's collector settings."""
    gongkai = build(url)
    asyncio.run(feed.skip_read_models(gongkai))  # the server's runners then have nothing to do
    gongkai.close()
    tune_collector()
    print(f"\n{elapsed()} (c) the feed against raw asyncpg + json.loads, {rounds} round(s)", flush=True)
    with served("bench.feed:served_app", url, feed.SERVER_START_SECONDS) as running:
        base, server = running.base, running.pid
        events = asyncio.run(feed.count_events(url))
        ways = {
            "raw": feed.raw(url, limit),
            "use case": feed.use_case(url, limit),
            "HTTP pages": feed.http_pages(base, tokens["integrator"], limit),
            "follow": feed.follow(base, tokens["integrator"], events),
            "HTTP auditor": feed.http_pages(base, tokens["auditor"], limit),
        }
        readings = feed.measure(ways, rounds, events, server)
    feed.report(readings, events)
    best = {name: events / min(r.seconds for r in found) for name, found in readings.items()}
    for name, rate in best.items():
        ratio = rate / best["raw"]
        judged = verdict(ratio, FEED_TARGET) if name in ("HTTP pages", "follow") else "for information"
        summary.append((f"feed: {name}", f"{rate:,.0f} events/s, {ratio:.2f} × raw", judged))


# ---------------------------------------------------------------------------------------------------------------
# 2. The write path


def mixed(gongkai: Gongkai) -> Work:
    """One receipt from a new applicant to MIX contacts on its case, each counted."""
    return steps(gongkai, MIX, count_receipts=True)


WORKS: tuple[tuple[str, Makes], ...] = (
    ("receipts", receipts),
    ("steps", steps),
    (f"1 receipt : {MIX} steps", mixed),
)


def write_path(kind: str, on_url: str, off_url: str, seconds: float, summary: Summary) -> None:
    """Commands/s on gongkai's store (chain and sealing) against one with neither, interleaved, 1 and 8 threads; judged
    against the target on PostgreSQL only (the issue's benchmark)."""
    on, off = opened(on_url), opened_bare(off_url)
    try:
        for name, make in WORKS:
            works = {"on": make(on), "off": make(off)}
            for threads in (1, 8):
                rates = interleaved(works, threads, seconds)
                ratio = rates["on"] / rates["off"]
                judged = verdict(ratio, COST_TARGET) if kind == "PostgreSQL" else "for information"
                print(f"  {kind:10} {name:20} {threads} thread(s): on {rates['on']:7,.0f}/s, off "
                      f"{rates['off']:7,.0f}/s, on/off {ratio:.3f} ({judged}, target {COST_TARGET} on PostgreSQL)",
                      flush=True)  # fmt: skip
                figure = f"on {rates['on']:,.0f}/s, off {rates['off']:,.0f}/s, {ratio:.3f}"
                summary.append((f"write path: {kind}, {name}, {threads} thread(s)", figure, judged))
    finally:
        on.close()
        off.close()


def write_paths(seconds: float, sqlite: bool, summary: Summary) -> None:
    """(2) The write path on PostgreSQL (two throwaway databases), then on SQLite (two temporary files)."""
    os.environ["GONGKAI_THREADS"] = "8"  # a write connection for each of the 8 threads
    print(f"\n{elapsed()} (2) the write path: commands through the use cases, the chain and sealing on against both "
          f"off, {seconds:g} s per work and thread count (both series), interleaved", flush=True)  # fmt: skip
    with (
        throwaway_database(ADMIN_URL, "gongkai_bench_scale_on_") as on_url,
        throwaway_database(ADMIN_URL, "gongkai_bench_scale_off_") as off_url,
    ):
        write_path("PostgreSQL", on_url, off_url, seconds, summary)
    if not sqlite:
        return
    directory = Path(tempfile.mkdtemp(prefix="gongkai_bench_scale_"))
    try:
        write_path("SQLite", f"sqlite:///{directory}/on.db", f"sqlite:///{directory}/off.db", seconds, summary)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------


def environment() -> None:
    """The versions and the machine's load."""
    print(f"Python {platform.python_version()}, asyncpg {metadata.version('asyncpg')}, eventsourcing "
          f"{metadata.version('eventsourcing')}, litestar {metadata.version('litestar')}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Parse the options; the log's measures on one throwaway database, then the write path."""
    parser = argparse.ArgumentParser(prog="python -m bench.log_at_scale", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the log (default 1,000,000)")
    parser.add_argument("--rounds", type=int, default=2, help="readings of the whole log by each feed way (default 2)")
    parser.add_argument("--limit", type=int, default=1000, help="events per feed page (default 1,000, the most)")
    parser.add_argument("--seconds", type=float, default=12.0, help="write path: per work and thread count (12)")
    parser.add_argument(
        "--publications-seconds", type=float, default=120.0, help="most time for the publications' rebuild (0 skips)"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="the write path on PostgreSQL only")
    parser.add_argument("--seed", type=int, default=20261130, help="seed of the generated cases")
    args = parser.parse_args(argv)
    if not 20_000 <= args.events <= 10_000_000:
        parser.error("--events must be in [20,000, 10,000,000]")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still drop the databases on the way out
    os.environ.setdefault("GONGKAI_THREADS", "4")  # few connections: the database server is shared
    os.environ.setdefault("GONGKAI_READ_CONNECTIONS", "2")
    environment()
    summary: Summary = []
    with ExitStack() as stack:
        url = stack.enter_context(throwaway_database(ADMIN_URL, "gongkai_bench_scale_"))
        tokens = make_log(url, args.events, args.seed)
        events = asyncio.run(check_log(url))
        verify_log(url, events, summary)
        asyncio.run(rebuild(url, args.publications_seconds, summary))
        read_feed(url, tokens, args.rounds, args.limit, summary)
    write_paths(args.seconds, not args.no_sqlite, summary)
    print(f"\nsummary over {events:,} events (targets: feed ≥ {FEED_TARGET} × raw; verify and worklist rebuild ≥ "
          f"{RATE_TARGET:,} events/s; write path on/off ≥ {COST_TARGET})")  # fmt: skip
    width = max(len(measure) for measure, _, _ in summary)
    for measure, figure, judged in summary:
        print(f"  {measure:{width}}  {figure:44}  {judged}")
    environment()
    print(f"total {time.perf_counter() - feed.STARTED:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
