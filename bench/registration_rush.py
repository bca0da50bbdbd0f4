"""Benchmark: the registration rush on PostgreSQL — many people registering for one open day at once, printed side by
side with the write path's bare cost and the database's ceiling.

Run by hand (it is not a test):

    .venv/bin/python -m bench.registration_rush [--registrations 5000] [--places 200] [--clients 64] [--rounds 2]
                                                [--workers N] [--connections N] [--profile FILE] [--database-url URL]

Without --database-url it creates a throwaway database gongkai_bench_<random> on 127.0.0.1 and drops it at the end,
even on error. With one, it uses that database as it is and leaves it (it adds open days and a scratch table).

Each round, three writers take turns, each writing --registrations at --clients at once:
- HTTP: `POST /api/v1/public/open-days/{id}/registrations` (each with a code of the client's making, so a lost answer
  is asked for again) against the real app under uvicorn in a subprocess (--workers processes, by default one for
  each CPU, as a deployment on this machine would run; the public endpoints' rate limit off; notices on through the
  log channel), from --clients aiohttp clients, each person registering once over a connection of their own (people
  in a rush do not share connections: each registration is a new one, which also lets every worker take its share),
  for an open day of --places places; a 409, 429 or 5xx is retried and counted as a retry. Every answer must be 201;
  afterwards the log must hold exactly --places registrations holding a place and the rest waiting in log order (zero
  overbooking), and every answer must have told its place as the log gives it.
- bare save: `Application.save` of one `open_day_registration.registered` event per registration (a stream each,
  personal data in the plain: no sealing, no claim, no decision, no read), from --clients threads.
- use case in process: `OpenDays.register` of the same registrations, called from --clients threads in this process
  (no HTTP): where a registration's cost lies, in the use case or in serving it. Checked as the HTTP rush is.
- raw asyncpg: one single-row INSERT per registration into a table shaped like the events table, from --connections
  connections (by default as many as each server process and the bare saves write through, GONGKAI_THREADS: the
  CPUs + 4): the database's ceiling.
Reports registrations/s, p50 and p99 latency, retries, CPU per registration (this process's, and the server's
processes' together), and the ratios HTTP / bare save (target at least 0.5), use case / bare save, HTTP / use case
and HTTP / asyncpg.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import secrets
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import aiohttp
import asyncpg
import attrs

from adapters.bootstrap import Gongkai, build, default_threads
from adapters.persistence.database import DatabaseURL
from bench.disclosure_requests import ADMIN_URL, SCRATCH_DDL, SCRATCH_INSERT, environment
from bench.serving import served
from domain.actors import SYSTEM, Role
from domain.open_day import commands as cmd
from domain.open_day import events as ev
from domain.open_day.roster import Roster
from domain.open_day.values import OpenDayFormat
from domain.personal_data import PersonalData
from tests.databases import throwaway_database
from tests.support import credential

T = TypeVar("T")
SAVE_TARGET = 0.5
SERVER_START_SECONDS = 60.0
RETRIED = {409, 429, 500, 502, 503, 504}


@attrs.define
class Series:
    """One writer's latencies (seconds), wall time and retries over the rounds."""

    kind: str
    latencies: list[float] = attrs.Factory(list)
    elapsed: float = 0.0
    retries: int = 0
    client_cpu: float = 0.0
    """CPU seconds this process spent writing (the HTTP clients, or the in-process writers)."""
    server_cpu: float = 0.0
    """CPU seconds the server process spent in the HTTP rushes."""
    lost: int = 0
    """Answers lost in transport and asked for again (each counted among the retries too)."""

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile, in seconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def plan(gongkai: Gongkai, places: int) -> UUID:
    """An open day of `places` places with registration open now."""
    now = datetime.now(UTC)
    organiser = credential(Role.ORGANISER)
    command = cmd.PlanOpenDay(
        open_day_id=uuid.uuid4(), organ="闵行区人力资源和社会保障局", department="就业促进科",
        title="人社开放日：走进就业服务中心", description="参观就业服务大厅", format=OpenDayFormat.VISIT,
        venue="闵行区就业服务中心", starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2),
        capacity=places, registration_opens_at=now - timedelta(hours=1),
        registration_closes_at=now + timedelta(days=2),
    )  # fmt: skip
    saved = gongkai.open_days.plan(command, organiser)
    gongkai.open_days.execute(saved.state.id, cmd.OpenRegistration(), organiser)
    return saved.state.id


def _body(round_: int, n: int) -> dict[str, Any]:
    """Person n's registration, with a code of the client's making: sent again after a lost answer, it is answered
    again."""
    person = {"name": f"市民{n}", "id_number": f"31011{round_:03d}{n:010d}", "email": f"p{n}@example.org"}
    return {"registrant": person, "birth_date": "1990-06-01", "code": secrets.token_urlsafe(16)}


async def http_rush(
    base: str, open_day_id: UUID, round_: int, count: int, clients: int, series: Series
) -> dict[str, Any]:
    """Every person registers once, `clients` at a time; the answers by registration id."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    answers: dict[str, Any] = {}
    statuses: Counter[int] = Counter()
    # aiohttp, whose parser is compiled: the clients share the server's two CPUs, and httpx spent 2-2.5 ms of them on
    # each request, more than the registration's own use case. A new connection for each registration (see above).
    connector = aiohttp.TCPConnector(limit=clients, force_close=True)
    url = f"{base}/api/v1/public/open-days/{open_day_id}/registrations"
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:

        async def worker() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                body = _body(round_, n)
                while True:
                    started = time.perf_counter()
                    try:
                        async with session.post(url, json=body) as response:
                            status, answer = response.status, await response.json()
                    except aiohttp.ClientError:
                        # The answer was lost (the registration may have been taken): sent again with the same code,
                        # it is answered again.
                        series.retries += 1
                        series.lost += 1
                        continue
                    if status not in RETRIED:
                        break
                    series.retries += 1
                    await asyncio.sleep(0.05)
                series.latencies.append(time.perf_counter() - started)
                statuses[status] += 1
                if status == 201:
                    answers[answer["registration_id"]] = (answer["place"], answer["waiting_number"])

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        series.elapsed += time.perf_counter() - started
    if set(statuses) != {201}:
        raise SystemExit(f"not every registration was taken: {dict(statuses)}")
    return answers


def check_places(gongkai: Gongkai, open_day_id: UUID, places: int, answers: dict[str, Any]) -> None:
    """The log's places: exactly `places` held, the rest waiting in log order, each answer as the log gives it."""
    roster, order, after = Roster(), [], 0
    while logged := gongkai.store.read_log(after, 5_000):
        for item in logged:
            roster.apply(item.position, item.event)
            if isinstance(item.event, ev.Registered) and item.event.open_day_id == open_day_id:
                order.append(item.event.originator_id)
        after = logged[-1].position
    confirmed, waiting = roster.confirmed(open_day_id), roster.waiting(open_day_id)
    overbooked = len(confirmed) - places
    if overbooked != 0 or confirmed + waiting != order:
        raise SystemExit(f"places wrong: {len(confirmed)} held for {places} places")
    for number, registration in enumerate(order, start=1):
        told = answers[str(registration)]
        if told != (("confirmed", None) if number <= places else ("waiting", number - places)):
            raise SystemExit(f"registration {registration} was told {told}, the log gives it place {number}")
    print(
        f"  round checked: {len(confirmed)} places held of {places}, {len(waiting)} waiting in log order, 0 overbooked"
    )


def bare_saves(gongkai: Gongkai, open_day_id: UUID, count: int, clients: int, series: Series) -> None:
    """One Registered event per registration, each its own stream, saved with Application.save from threads."""
    now = datetime.now(UTC)
    events = [
        ev.Registered(
            originator_id=uuid.uuid4(),
            originator_version=1,
            timestamp=now,
            actor=SYSTEM,
            open_day_id=open_day_id,
            registrant=PersonalData(name=f"市民{n}", id_number=f"{n:018d}", email="p@example.org"),
            person_key=uuid.uuid4().hex,
            age=35,
        )
        for n in range(count)
    ]
    save = gongkai.store.app.save
    in_threads(events, clients, save, series)


def in_threads(items: list[T], clients: int, write: Callable[[T], object], series: Series) -> None:
    """`write` each item, from `clients` threads started together, timing each write and the whole into `series`."""
    per_thread: list[list[float]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def work(index: int) -> None:
        barrier.wait()
        for item in items[index::clients]:
            started = time.perf_counter()
            write(item)
            per_thread[index].append(time.perf_counter() - started)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    series.elapsed += time.perf_counter() - started
    series.latencies += [x for latencies in per_thread for x in latencies]


def in_process(
    gongkai: Gongkai, open_day_id: UUID, round_: int, count: int, clients: int, series: Series
) -> dict[str, Any]:
    """Every person registers once through the use case, from `clients` threads; the answers by registration id."""
    answers: dict[str, Any] = {}

    def register(body: dict[str, Any]) -> None:
        person = body["registrant"]
        command = cmd.Register(
            open_day_id=open_day_id,
            registration_id=uuid.uuid4(),
            registrant=PersonalData(name=person["name"], id_number=person["id_number"], email=person["email"]),
            birth_date=date.fromisoformat(body["birth_date"]),
        )
        view = gongkai.open_days.register(command, body["code"])
        answers[str(view.registration.id)] = (str(view.standing.place), view.standing.waiting_number)

    in_threads([_body(round_, n) for n in range(count)], clients, register, series)
    if len(answers) != count:
        raise SystemExit(f"not every registration was taken in process: {len(answers)} of {count}")
    return answers


async def asyncpg_inserts(dsn: str, count: int, clients: int, series: Series) -> None:
    """One single-row INSERT per registration, `clients` connections at once."""
    connections = [await asyncpg.connect(dsn, timeout=10) for _ in range(clients)]
    try:
        await connections[0].execute(SCRATCH_DDL)
        state = (
            b'{"open_day_id":"00000000-0000-0000-0000-000000000000","registrant":{"person_id":"x","sealed":"'
            + (b"A" * 160)
            + b'"}}'
        )
        per_connection: list[list[float]] = [[] for _ in connections]

        async def insert(index: int) -> None:
            conn = connections[index]
            for _ in range(index, count, clients):
                started = time.perf_counter()
                await conn.execute(SCRATCH_INSERT, uuid.uuid4(), 1, "open_day_registration.registered", state)
                per_connection[index].append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(insert(i) for i in range(clients)))
        series.elapsed += time.perf_counter() - started
        series.latencies += [x for latencies in per_connection for x in latencies]
    finally:
        await asyncio.gather(*(c.close(timeout=10) for c in connections))


def report(http: Series, save: Series, use_case: Series, raw: Series, args: argparse.Namespace) -> None:
    print(
        f"\n{args.registrations} registrations for {args.places} places from {args.clients} clients, "
        f"{args.rounds} round(s)"
    )
    print(f"{'writer':<22}{'registrations/s':>16}{'p50 ms':>10}{'p99 ms':>10}{'retries':>9}{'CPU ms each':>24}")
    for s in (http, save, use_case, raw):
        count = len(s.latencies) or 1
        cpu = f"{s.client_cpu / count * 1000:.2f} here" + (
            f", {s.server_cpu / count * 1000:.2f} server" if s.server_cpu else ""
        )
        print(
            f"{s.kind:<22}{s.rate:>16.0f}{s.percentile(0.5) * 1000:>10.1f}{s.percentile(0.99) * 1000:>10.1f}"
            f"{s.retries:>9}{cpu if s is not raw else '':>24}"
        )
    if http.lost:
        print(f"HTTP answers lost in transport and sent again: {http.lost}")
    ratio = http.rate / save.rate if save.rate else math.nan
    verdict = "met" if ratio >= SAVE_TARGET else "MISSED"
    print(f"HTTP / bare save: {ratio:.2f} (target >= {SAVE_TARGET}: {verdict});  HTTP / asyncpg: "
          f"{http.rate / raw.rate if raw.rate else math.nan:.3f}")  # fmt: skip
    print(f"use case in process / bare save: {_ratio(use_case, save):.2f};  HTTP / use case in process: "
          f"{_ratio(http, use_case):.2f}")  # fmt: skip


def _ratio(a: Series, b: Series) -> float:
    return a.rate / b.rate if b.rate else math.nan


def run(database_url: str, args: argparse.Namespace) -> None:
    environment(database_url)
    os.environ["GONGKAI_PUBLIC_RATE_LIMIT"] = "off"  # every client is this one address
    os.environ.setdefault("GONGKAI_NOTICES", "on")
    http, save, raw = Series("HTTP API"), Series("bare Application.save"), Series("raw asyncpg")
    use_case = Series("use case in process")
    gongkai = build(database_url)
    dsn = DatabaseURL.parse(database_url).dsn()
    try:
        with served(
            "adapters.http.app:create_app",
            database_url,
            SERVER_START_SECONDS,
            Path(args.profile) if args.profile else None,
            workers=args.workers,
        ) as server:
            for round_ in range(args.rounds):
                open_day_id = plan(gongkai, args.places)
                client_cpu, server_cpu = time.process_time(), server.cpu_seconds()
                answers = asyncio.run(
                    http_rush(server.base, open_day_id, round_, args.registrations, args.clients, http)
                )
                http.client_cpu += time.process_time() - client_cpu
                http.server_cpu += server.cpu_seconds() - server_cpu
                check_places(gongkai, open_day_id, args.places, answers)
                client_cpu = time.process_time()
                bare_saves(gongkai, plan(gongkai, args.places), args.registrations, args.clients, save)
                save.client_cpu += time.process_time() - client_cpu
                open_day_id, client_cpu = plan(gongkai, args.places), time.process_time()
                answers = in_process(gongkai, open_day_id, round_, args.registrations, args.clients, use_case)
                use_case.client_cpu += time.process_time() - client_cpu
                check_places(gongkai, open_day_id, args.places, answers)
                asyncio.run(asyncpg_inserts(dsn, args.registrations, args.connections, raw))
        report(http, save, use_case, raw, args)
    finally:
        gongkai.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registration_rush", description=__doc__.split("\n")[0])
    parser.add_argument("--registrations", type=int, default=5_000)
    parser.add_argument("--places", type=int, default=200)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--connections", type=int, default=default_threads(), help="raw asyncpg's connections (default: as a pool's)"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="the server's processes (default: one per CPU)"
    )
    parser.add_argument("--profile", help="run the server under cProfile, writing its statistics to this file")
    parser.add_argument("--database-url", help="an existing PostgreSQL database (default: a throwaway one)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    if args.database_url:
        run(args.database_url, args)
    else:
        with throwaway_database(ADMIN_URL, "gongkai_bench_") as url:
            run(url, args)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
