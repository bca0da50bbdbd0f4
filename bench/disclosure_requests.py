"""Benchmark: disclosure-request commands and loads on PostgreSQL, printed as ratios measured side by side.

Run by hand (it is not a test):

    .venv/bin/python -m bench.disclosure_requests [--seconds N] [--database-url URL]

Without --database-url it creates a throwaway database gongkai_bench_<random> on 127.0.0.1 and drops it at the
end, even on error. With one, it uses that database as it is and leaves it (it adds requests and a scratch table).

(a), (b) "Record contact" commands: through the HTTP API (the real app under uvicorn in a subprocess, driven by
httpx clients from this process, each client on its own requests), against bare `Application.save` of equivalent
`ContactRecorded` events and against raw asyncpg single-row inserts into a table shaped like the events table;
with 1 and 16 concurrent clients, threads or connections. Each series runs --seconds in all, split into rounds
that are interleaved with the other series, so that noise on a shared machine hits every series alike.
Reports commands/s, p50 and p99 latency, and the ratios HTTP/bare save (target: at least 0.5) and HTTP/asyncpg; and
the CPU time per command of this process and of the server, which tells the HTTP clients' own cost (httpx spends
more per request than the server's whole HTTP stack) from the server's.
A diagnostic fourth writer calls what the HTTP handler calls (authenticate, execute, view, response body)
in-process from threads, to split the gap between the HTTP API and bare save into HTTP and use-case costs.

(c) Loading a request with 10 and with 1,000 events through `EventsourcingStore.load` with the repository cache
off, interleaved; reports medians and the ratio 1,000/10 (target: within 2x, thanks to snapshots every 50
events), and the same ratio on a store opened with snapshotting off over the same data. A 1,049-event request
(49 events past its last snapshot, the worst case) is timed too, for information.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import functools
import gc
import math
import os
import platform
import random
import signal
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import metadata
from uuid import UUID

import asyncpg
import attrs
import httpx
import psycopg

from adapters.bootstrap import Gongkai, build
from adapters.http.schemas import DisclosureRequestOut
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from application.streams import DISCLOSURE_REQUEST
from bench.serving import Served, served
from domain.actors import SYSTEM, Actor, Role
from domain.calendar import SHANGHAI, business_date
from domain.context import Context
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.decisions import decide, receive
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import ApplicantType, Channel, ContactKind
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.databases import admin_connection, throwaway_database

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

CONCURRENCY = (1, 16)
ROUNDS = 4
"""Each series' time is split into this many slices, interleaved with the other series'."""
WARMUP_SECONDS = 0.5
COMMANDS_PER_REQUEST = 20
"""An HTTP client moves on to a fresh request after this many commands, so cases stay of a realistic length."""
MAX_RATE = {"http": 2_000, "handler": 2_000, "save": 10_000, "asyncpg": 50_000}
"""Commands per second per series that no loop may exceed: it bounds every loop's count (and HTTP pool sizes)."""
KINDS = {
    "http": "HTTP API",
    "save": "bare Application.save",
    "asyncpg": "raw asyncpg",
    "handler": "handler in-process *",
}
"""The writers measured; the last is a diagnostic: the HTTP handler's work without HTTP."""
SAVE_TARGET = 0.5
LOAD_TARGET = 2.0
SNAPSHOT_BATCH = 50
LOAD_SECONDS = 20.0
LOAD_MAX_ROUNDS = 500
SERVER_START_SECONDS = 60.0

ORGAN = "某市人民政府办公室"
DEPARTMENT = "政务公开科"
SUMMARY = "电话沟通"
SCRATCH_TABLE = "bench_raw_events"
SCRATCH_DDL = f"""
CREATE TABLE IF NOT EXISTS {SCRATCH_TABLE} (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    PRIMARY KEY (originator_id, originator_version)
);
CREATE UNIQUE INDEX IF NOT EXISTS {SCRATCH_TABLE}_notification_id_idx ON {SCRATCH_TABLE} (notification_id ASC);
"""
SCRATCH_INSERT = (
    f"INSERT INTO {SCRATCH_TABLE} (originator_id, originator_version, topic, state) VALUES ($1, $2, $3, $4)"
)


# ---------------------------------------------------------------------------------------------------------------
# Measurements


Result = tuple[list[float], float, bool, float, float]
"""A slice's latencies (seconds), its wall time, whether a worker ran out of work before the deadline, and the CPU
seconds this process and the server spent while it was timed (the server's 0 but for HTTP)."""
Clock = Callable[[], float]
"""A reading of CPU seconds used so far."""


@attrs.define
class Series:
    """One kind of writer at one concurrency: its latencies (seconds) and the wall time they took."""

    kind: str
    label: str
    concurrency: int
    latencies: list[float] = attrs.Factory(list)
    elapsed: float = 0.0
    capped: bool = False
    client_cpu: float = 0.0
    """CPU seconds this process spent in the series' slices: the HTTP clients, or the in-process writers."""
    server_cpu: float = 0.0
    """CPU seconds the server process spent in the series' slices (HTTP only)."""

    def add(self, latencies: list[float], elapsed: float, capped: bool, client_cpu: float, server_cpu: float) -> None:
        self.latencies.extend(latencies)
        self.elapsed += elapsed
        self.capped = self.capped or capped
        self.client_cpu += client_cpu
        self.server_cpu += server_cpu

    def cpu_per_command(self, seconds: float) -> float:
        """CPU seconds per command, in milliseconds."""
        return seconds / len(self.latencies) * 1000 if self.latencies else math.nan

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile, in seconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


# ---------------------------------------------------------------------------------------------------------------
# Database, server, setup


def _context(gongkai: Gongkai, actor: Actor) -> Context:
    now = gongkai.clock.now()
    return Context(
        actor=actor,
        now=now,
        today=business_date(now),
        calendar=gongkai.calendar.current(),
        request_rules=gongkai.settings.request_rules(ORGAN),
    )


def _receive_command(now: datetime) -> cmd.ReceiveRequest:
    return cmd.ReceiveRequest(
        request_id=uuid.uuid4(),
        organ=ORGAN,
        department=DEPARTMENT,
        channel=Channel.IN_PERSON,
        arrived_at=now - timedelta(minutes=5),
        confirmed_on=None,
        applicant=PersonalData(name="张三", phone="13800000000"),
        applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="本机关2024年度财政预算执行情况",
    )


def _contact_command(now: datetime) -> cmd.RecordContact:
    return cmd.RecordContact(kind=ContactKind.CALL, occurred_at=now, summary=SUMMARY)


def new_requests(gongkai: Gongkai, actor: Actor, count: int, batch: int = 250) -> list[UUID]:
    """Register `count` applications (decided as the use case does, appended in batches: setup, not measured)."""
    ids: list[UUID] = []
    while len(ids) < count:
        ctx = _context(gongkai, actor)
        events = [receive(_receive_command(ctx.now), None, None, ctx) for _ in range(min(batch, count - len(ids)))]
        gongkai.store.append(events)
        ids.extend(e.originator_id for e in events)
    return ids


def long_request(gongkai: Gongkai, actor: Actor, length: int) -> UUID:
    """A request of `length` events (received + contacts), appended in batches of 50 with their states."""
    ctx = _context(gongkai, actor)
    first = receive(_receive_command(ctx.now), None, None, ctx)
    state: DisclosureRequest = DISCLOSURE_REQUEST.evolve(None, first)
    batch: list[DomainEvent] = [first]
    while state.version < length:
        [event] = decide(state, _contact_command(ctx.now), ctx)
        state = DISCLOSURE_REQUEST.evolve(state, event)
        batch.append(event)
        if state.version % SNAPSHOT_BATCH == 0 or state.version == length:
            gongkai.store.append(batch, [(DISCLOSURE_REQUEST, state)])
            batch = []
    return state.id


def reopened(store: EventsourcingStore, **settings: str) -> EventsourcingStore:
    """The same store's settings with some changed, over a new Application (with its own connections)."""
    clone = copy.copy(store)
    clone.app = type(store.app)(env={**store.app.env, **settings}, codec=store.codec)
    return clone


# ---------------------------------------------------------------------------------------------------------------
# (a), (b): one slice of each kind of writer


async def http_slice(base: str, token: str, pools: list[list[UUID]], seconds: float, server_cpu: Clock) -> Result:
    """Each client records contacts on its own requests, moving to a fresh one every COMMANDS_PER_REQUEST."""
    headers = {"Authorization": f"Bearer {token}"}
    clients = [httpx.AsyncClient(base_url=base, headers=headers, timeout=30) for _ in pools]
    latencies: list[float] = []
    exhausted = [False] * len(pools)

    async def drive(index: int, client: httpx.AsyncClient, ids: list[UUID], deadline: float) -> None:
        for request_id in ids:
            url = f"/api/v1/disclosure-requests/{request_id}/contacts"
            for _ in range(COMMANDS_PER_REQUEST):
                if time.perf_counter() >= deadline:
                    return
                body = {"kind": "call", "occurred_at": datetime.now(SHANGHAI).isoformat(), "summary": SUMMARY}
                started = time.perf_counter()
                response = await client.post(url, json=body)
                took = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"POST {url}: {response.status_code} {response.text[:500]}")
                latencies.append(took)
        exhausted[index] = True

    try:
        await asyncio.gather(*(c.get("/healthz") for c in clients))  # open each client's connection
        here, there = time.process_time(), server_cpu()
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(drive(i, c, ids, deadline) for i, (c, ids) in enumerate(zip(clients, pools, strict=True)))
        )
        elapsed = time.perf_counter() - started
        here, there = time.process_time() - here, server_cpu() - there
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return latencies, elapsed, any(exhausted), here, there


Worker = Callable[[int, float], tuple[list[float], bool]]
"""A thread's loop: given its index and the deadline, its latencies and whether it ran out of work first."""


def threaded(work: Worker, count: int, seconds: float) -> Result:
    """Run `count` threads of `work` from one start line; all latencies, the wall time, and whether any ran out."""
    results: list[tuple[list[float], bool]] = [([], False)] * count
    errors: list[BaseException] = []
    deadline = [0.0]
    barrier = threading.Barrier(count + 1)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[index] = work(index, deadline[0])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    cpu = time.process_time()
    started = time.perf_counter()
    deadline[0] = started + seconds
    barrier.wait(timeout=60)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    if errors:
        raise errors[0]
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError("a worker thread did not finish")
    return [x for latencies, _ in results for x in latencies], elapsed, any(out for _, out in results), cpu, 0.0


def save_slice(gongkai: Gongkai, actor: Actor, request_ids: list[UUID], seconds: float, cap: int) -> Result:
    """Each thread saves ContactRecorded events to its own request with bare Application.save, one per call.

    The event is decided once on the loaded state; later ones are the same event with the version advanced.
    """
    templates = []
    for request_id in request_ids:
        state = gongkai.store.load(DISCLOSURE_REQUEST, request_id)
        ctx = _context(gongkai, actor)
        [event] = decide(state, _contact_command(ctx.now), ctx)
        templates.append(event)
    save = gongkai.store.app.save

    def work(index: int, deadline: float) -> tuple[list[float], bool]:
        event, latencies = templates[index], list[float]()
        for n in range(cap):
            if time.perf_counter() >= deadline:
                return latencies, False
            next_event = attrs.evolve(event, originator_version=event.originator_version + n)
            started = time.perf_counter()
            save(next_event)
            latencies.append(time.perf_counter() - started)
        return latencies, True

    return threaded(work, len(templates), seconds)


def handler_slice(gongkai: Gongkai, token: str, pools: list[list[UUID]], seconds: float) -> Result:
    """Diagnostic: what the HTTP handler does, called in-process (authenticate, execute, view, response body)."""

    def work(index: int, deadline: float) -> tuple[list[float], bool]:
        latencies: list[float] = []
        for request_id in pools[index]:
            for _ in range(COMMANDS_PER_REQUEST):
                if time.perf_counter() >= deadline:
                    return latencies, False
                started = time.perf_counter()
                credential = gongkai.staff.authenticate(token)
                command = _contact_command(datetime.now(SHANGHAI))
                saved = gongkai.requests.execute(request_id, command, credential)
                view = gongkai.requests.view(request_id, credential, saved=saved)
                DisclosureRequestOut.of(view, saved.position)
                latencies.append(time.perf_counter() - started)
        return latencies, True

    return threaded(work, len(pools), seconds)


async def asyncpg_slice(dsn: str, topic: str, state: bytes, concurrency: int, seconds: float, cap: int) -> Result:
    """Each connection inserts one row per statement (autocommit) under its own originator id."""
    connections = [await asyncpg.connect(dsn, timeout=10) for _ in range(concurrency)]
    per_connection: list[list[float]] = [[] for _ in connections]

    async def insert(conn: asyncpg.Connection, latencies: list[float], deadline: float) -> None:
        originator_id = uuid.uuid4()
        await conn.execute(SCRATCH_INSERT, originator_id, 0, topic, state)  # prepares the statement
        for version in range(1, cap + 1):
            if time.perf_counter() >= deadline:
                return
            started = time.perf_counter()
            await conn.execute(SCRATCH_INSERT, originator_id, version, topic, state)
            latencies.append(time.perf_counter() - started)

    try:
        cpu = time.process_time()
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(insert(c, lat, deadline) for c, lat in zip(connections, per_connection, strict=True)))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    finally:
        await asyncio.gather(*(c.close(timeout=10) for c in connections))
    return [x for lat in per_connection for x in lat], elapsed, any(len(lat) >= cap for lat in per_connection), cpu, 0.0


# ---------------------------------------------------------------------------------------------------------------
# (a), (b): the whole run


async def commands(gongkai: Gongkai, database_url: str, server: Served, seconds: float) -> list[Series]:
    """Every series, its time split into ROUNDS slices interleaved with the others'."""
    person_id, token = gongkai.staff.add("基准测试员", (Role.CLERK,), SYSTEM)
    actor = Actor(person_id=person_id, name="基准测试员", role=Role.CLERK)
    slice_seconds = seconds / ROUNDS
    dsn = DatabaseURL.parse(database_url).dsn()

    # A stored ContactRecorded event gives the raw inserts the same topic and payload size.
    [probe] = new_requests(gongkai, actor, 1)
    ctx = _context(gongkai, actor)
    [sample] = decide(gongkai.store.load(DISCLOSURE_REQUEST, probe), _contact_command(ctx.now), ctx)
    stored = gongkai.store.app.mapper.to_stored_event(sample)
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        await conn.execute(SCRATCH_DDL)
    finally:
        await conn.close()

    def request_pools(kind: str, concurrency: int, run_seconds: float) -> list[list[UUID]]:
        per_client = math.ceil(MAX_RATE[kind] * run_seconds / concurrency / COMMANDS_PER_REQUEST)
        ids = new_requests(gongkai, actor, per_client * concurrency)
        return [ids[i * per_client : (i + 1) * per_client] for i in range(concurrency)]

    def cap(kind: str, concurrency: int, run_seconds: float) -> int:
        return max(1, math.ceil(MAX_RATE[kind] * run_seconds / concurrency))

    started = time.perf_counter()
    top = max(CONCURRENCY)
    plan = [(r, c) for r in range(ROUNDS) for c in CONCURRENCY]
    pools = {(kind, r, c): request_pools(kind, c, slice_seconds) for kind in ("http", "handler") for r, c in plan}
    warm_pools = {kind: request_pools(kind, top, WARMUP_SECONDS) for kind in ("http", "handler")}
    save_ids = new_requests(gongkai, actor, (ROUNDS + 1) * sum(CONCURRENCY))
    created = sum(len(p) * len(p[0]) for p in [*pools.values(), *warm_pools.values()]) + len(save_ids) + 1
    print(f"setup: {created} requests in {time.perf_counter() - started:.1f} s")

    async def one_slice(kind: str, c: int, run_seconds: float, request_ids: list[list[UUID]]) -> Result:
        if kind == "http":
            return await http_slice(server.base, token, request_ids, run_seconds, server.cpu_seconds)
        if kind == "handler":
            return await asyncio.to_thread(handler_slice, gongkai, token, request_ids, run_seconds)
        if kind == "save":
            nonlocal save_ids
            ids, save_ids = save_ids[:c], save_ids[c:]
            return await asyncio.to_thread(save_slice, gongkai, actor, ids, run_seconds, cap("save", c, run_seconds))
        return await asyncpg_slice(dsn, stored.topic, stored.state, c, run_seconds, cap("asyncpg", c, run_seconds))

    for kind in KINDS:
        await one_slice(kind, top, WARMUP_SECONDS, warm_pools.get(kind, []))

    series = {(kind, c): Series(kind, KINDS[kind], c) for c in CONCURRENCY for kind in KINDS}
    kinds = list(KINDS)
    for step, (r, c) in enumerate(plan):
        for kind in kinds[step % len(kinds) :] + kinds[: step % len(kinds)]:
            result = await one_slice(kind, c, slice_seconds, pools.get((kind, r, c), []))
            series[kind, c].add(*result)
            print(f"  round {r + 1}/{ROUNDS} {kind:8} x{c:<2}: {len(result[0]):6} in {result[1]:5.2f} s", flush=True)
    return list(series.values())


def report_commands(series: list[Series], seconds: float) -> None:
    print()
    print(
        f"(a)+(b) record-contact commands: {seconds:g} s per series in {ROUNDS} interleaved slices; "
        f"HTTP clients move to a fresh request every {COMMANDS_PER_REQUEST} commands"
    )
    print(
        f"{'writer':24} {'conc':>4} {'commands':>9} {'rate/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/command: here':>21} {'server':>7}"
    )
    for s in series:
        flag = "  (hit its count bound: raise MAX_RATE)" if s.capped else ""
        here = f"{s.cpu_per_command(s.client_cpu):21.2f}"
        server = f"{s.cpu_per_command(s.server_cpu):7.2f}" if s.kind == "http" else f"{'':7}"
        print(
            f"{s.label:24} {s.concurrency:>4} {len(s.latencies):>9} {s.rate:>9.1f} "
            f"{_ms(s.percentile(0.50))} {_ms(s.percentile(0.99))} {here} {server}{flag}"
        )
    print("* diagnostic, not a target: authenticate + execute + view + response body, called in-process")
    print(
        "CPU ms/command: 'here' is this process (for HTTP, the httpx clients alone; else the writer threads), "
        "'server' the uvicorn process; neither counts PostgreSQL's"
    )
    print()
    by = {(s.kind, s.concurrency): s for s in series}
    columns = (("HTTP/bare save", "http", "save"), ("HTTP/asyncpg", "http", "asyncpg"))
    more = (("bare save/asyncpg", "save", "asyncpg"), ("HTTP/handler*", "http", "handler"))
    print(
        f"{'ratio of rates':24} {'conc':>4} "
        + " ".join(f"{name:>17}" for name, *_ in columns + more)
        + f"  HTTP/bare save >= {SAVE_TARGET}?"
    )
    for c in CONCURRENCY:
        ratios = [_ratio(by[a, c].rate, by[b, c].rate) for _, a, b in columns + more]
        verdict = "PASS" if ratios[0] >= SAVE_TARGET else "MISS"
        print(f"{'':24} {c:>4} " + " ".join(f"{x:>17.3f}" for x in ratios) + f"  {verdict}")
    print(f"{'ratio of p50 latencies':24} {'conc':>4} " + " ".join(f"{name:>17}" for name, *_ in columns + more))
    for c in CONCURRENCY:
        ratios = [_ratio(by[a, c].percentile(0.5), by[b, c].percentile(0.5)) for _, a, b in columns + more]
        print(f"{'':24} {c:>4} " + " ".join(f"{x:>17.2f}" for x in ratios))


# ---------------------------------------------------------------------------------------------------------------
# (c): loads


def loads(gongkai: Gongkai) -> None:
    """Time uncached loads of a 10- and a 1,000-event request, interleaved, with and without snapshots."""
    person_id, _ = gongkai.staff.add("基准测试员", (Role.CLERK,), SYSTEM)
    actor = Actor(person_id=person_id, name="基准测试员", role=Role.CLERK)
    started = time.perf_counter()
    lengths = (10, 1_000, 1_049)
    ids = {length: long_request(gongkai, actor, length) for length in lengths}
    print(f"\nsetup: requests of {', '.join(map(str, lengths))} events in {time.perf_counter() - started:.1f} s")

    snapshots = reopened(gongkai.store, AGGREGATE_CACHE_MAXSIZE="")
    plain = reopened(gongkai.store, AGGREGATE_CACHE_MAXSIZE="", IS_SNAPSHOTTING_ENABLED="n")
    try:
        assert snapshots.app.repository.cache is None and snapshots.app.snapshots is not None
        assert plain.app.repository.cache is None and plain.app.snapshots is None
        cases: list[tuple[str, int, Callable[[], DisclosureRequest]]] = [
            (name, length, functools.partial(store.load, DISCLOSURE_REQUEST, ids[length]))
            for name, store in (("snapshots", snapshots), ("no snapshots", plain))
            for length in lengths
        ]
        times: list[list[float]] = [[] for _ in cases]
        for _ in range(3):  # warm up
            for _name, length, load in cases:
                assert load().version == length
        deadline = time.perf_counter() + LOAD_SECONDS
        rounds = 0
        shuffler = random.Random(0)
        order = list(range(len(cases)))
        while rounds < LOAD_MAX_ROUNDS and time.perf_counter() < deadline:
            # A fresh order each round, and no garbage left over from the previous load: a long load's
            # collections would otherwise land on whichever case always followed it.
            shuffler.shuffle(order)
            for index in order:
                _name, length, load = cases[index]
                gc.collect()
                begun = time.perf_counter()
                state = load()
                times[index].append(time.perf_counter() - begun)
                assert state.version == length
            rounds += 1
    finally:
        snapshots.close()
        plain.close()

    median = {(name, length): statistics.median(t) for (name, length, _), t in zip(cases, times, strict=True)}
    print(f"(c) EventsourcingStore.load, repository cache off, {rounds} rounds in shuffled order")
    print(f"{'store':14} {'events':>6} {'median ms':>10} {'p90 ms':>8} {'vs 10 events':>13}")
    for (name, length, _), t in zip(cases, times, strict=True):
        p90 = sorted(t)[max(0, math.ceil(0.9 * len(t)) - 1)]
        extra = "   (49 events past the last snapshot)" if length == 1_049 and name == "snapshots" else ""
        print(
            f"{name:14} {length:>6} {_ms(median[name, length]):>10} {_ms(p90)} "
            f"{_ratio(median[name, length], median[name, 10]):>13.2f}{extra}"
        )
    ratio = _ratio(median["snapshots", 1_000], median["snapshots", 10])
    worst = _ratio(median["snapshots", 1_049], median["snapshots", 10])
    print(
        f"ratio 1,000/10 events with snapshots:    {ratio:6.2f}  target <= {LOAD_TARGET:g}: "
        f"{'PASS' if ratio <= LOAD_TARGET else 'MISS'}"
    )
    print(f"ratio 1,049/10 events with snapshots:    {worst:6.2f}  (worst case between snapshots, not a target)")
    plain_ratio = _ratio(median["no snapshots", 1_000], median["no snapshots", 10])
    print(f"ratio 1,000/10 events without snapshots: {plain_ratio:6.2f}")


# ---------------------------------------------------------------------------------------------------------------


def environment(database_url: str) -> None:
    with admin_connection(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        sync = conn.execute("SHOW synchronous_commit").fetchone()
    print(
        f"Python {platform.python_version()}, eventsourcing {metadata.version('eventsourcing')}, "
        f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), asyncpg {asyncpg.__version__}, "
        f"PostgreSQL {row[0] if row else '?'} (synchronous_commit={sync[0] if sync else '?'}), "
        f"{os.cpu_count()} CPUs"
    )


def run(database_url: str, seconds: float) -> None:
    gongkai = build(database_url)
    try:
        environment(database_url)
        with served("adapters.http.app:create_app", database_url, SERVER_START_SECONDS) as server:
            series = asyncio.run(commands(gongkai, database_url, server, seconds))
        report_commands(series, seconds)
        loads(gongkai)
    finally:
        gongkai.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.disclosure_requests", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="measured time per series (default 12)")
    parser.add_argument("--database-url", help="an existing PostgreSQL database (default: a throwaway one)")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 600:
        parser.error("--seconds must be in (0, 600]")
    # Stopped with SIGTERM, still stop the server and drop the database on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    if args.database_url:
        if DatabaseURL.parse(args.database_url).kind != "postgresql":
            parser.error("--database-url must be a postgresql:// URL")
        run(args.database_url, args.seconds)
    else:
        with throwaway_database(ADMIN_URL, "gongkai_bench_") as url:
            run(url, args.seconds)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
