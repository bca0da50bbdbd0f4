"""Benchmark: the worklists' read side on PostgreSQL and SQLite — rebuild, pages, holiday re-derivation, lag.

Run by hand (it is not a test):

    .venv/bin/python -m bench.read_side [--cases N] [--documents N] [--open-for-rederive N] [--seconds S]
                                        [--lag-seconds S] [--write-rate N] [--seed N]

1. Seeds each store (a throwaway PostgreSQL database on 127.0.0.1, dropped at the end, and a temporary SQLite
   file) with --cases disclosure requests (95% closed: received, replied, mostly delivered; 5% open, received in
   the last ten weeks, so about half are overdue on "today", business day 2026-11-30, a FixedClock) and
   --documents documents (95% published; 5% drafts at the attribute or one of the reviews), over five organs,
   their departments and ten years (2017–2026), appended straight to the log with `EventsourcingStore.append` in
   batches, the two stores taking turns. Then times each worklist's catch-up (`rows.catch_up()`): a rebuild from
   the whole log. PostgreSQL's worklist tables are then VACUUM ANALYZEd, as autovacuum would do soon after.
2. Reads pages (the request worklist's first page, its page of one organ's overdue requests, a page deep in it,
   the document worklist's first page; 50 rows) three ways, interleaved in a fresh shuffled order each round, the
   same number of times: through the use case (`worklist.query`: waiting for the read model, then the page, its
   states decoded and each item's clock derived), through the HTTP API (the real app under uvicorn in a
   subprocess, driven by one httpx client), and by a hand-written query on the same table (asyncpg, or sqlite3 on
   one open connection in a worker thread) returning the page's ids and state text and the count. Prints p50,
   p99 and rate (one caller at a time), and each rate over the raw query's. Targets: at least 0.5 of the raw
   query's rate, p99 under 50 ms on PostgreSQL.
3. Seeds --open-for-rederive more open requests due in 2027, catches up, loads a 2027 holiday table through
   `calendar.load`, and times each worklist's catch-up past it: every row due in or after 2027 derived again.
4. With the worklists' runners in the background (`start_read_side`), registers requests through the use case
   (`requests.receive`, two events each) from threads at --write-rate events/s for --lag-seconds, sampling every
   10 ms how far the worklist's position is behind the log's head and how long each step took to show in it.

Before the runners start, the publications read model (search) is moved to the log's head without indexing: it
would spend minutes segmenting the published documents with jieba on the same CPUs, and its cost is bench.search's
subject. It follows what is logged after that, like the worklists.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import os
import platform
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from importlib import metadata
from pathlib import Path
from typing import Any

import anyio.to_thread
import asyncpg
import attrs
import httpx
from litestar import Litestar

from adapters.bootstrap import Gongkai, build
from adapters.http.app import create_app
from adapters.read_models import document_worklist, request_worklist
from adapters.read_models.common import NO_DUE
from application.document_worklist import DocumentWorklistQuery
from application.worklist import WorklistQuery
from application.worklists import RowFilter
from bench.serving import served
from domain.actors import SYSTEM, Actor, Role
from domain.calendar import SHANGHAI, HolidayYear
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as rq
from domain.disclosure_request.clock import reply_clock
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    Outcome,
    OutcomeCategory,
)
from domain.document import events as dc
from domain.document.values import DisclosureAttribute, DocumentKind
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.staff import Credential
from tests.databases import admin_connection, throwaway_database
from tests.support import FixedClock, credential

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TODAY = date(2026, 11, 30)
FIRST_DAY, LAST_CLOSED_DAY = date(2017, 1, 2), date(2026, 10, 16)
OPEN_SHARE = 0.05
OPEN_WEEKS = 10
BATCH = 500
"""Cases per `append` call."""
PAGE_SIZE = 50
DEEP_PAGE = 1_000
TARGET_RATIO, TARGET_P99 = 0.5, 0.050
WARMUP_ROUNDS = 5
PARTS_PER_SECOND = 5
"""Runs of the parts of a page per second of --seconds."""
SAMPLE_SECONDS = 0.010
SERVER_START_SECONDS = 60.0
STARTED = time.perf_counter()

ORGANS = (
    ("闵行区人力资源和社会保障局", 4, ("就业促进科", "劳动关系科", "社会保险科", "办公室")),
    ("闵行区民政局", 2, ("社会救助科", "养老服务科", "办公室")),
    ("闵行区规划和自然资源局", 2, ("规划管理科", "土地利用科", "办公室")),
    ("闵行区财政局", 1, ("预算科", "国库科")),
    ("闵行区市场监督管理局", 1, ("登记注册科", "执法稽查科")),
)
"""Organs with their weights and departments; the first is the filtered page's organ."""
NAMES = ("王敏", "李雷", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳", "徐婷", "孙强")
ASKED = (
    "{year}年度稳岗补贴发放情况", "{year}年度区级财政预算执行情况及决算报告", "{year}年{place}地块征收补偿方案",
    "{year}年度最低生活保障对象人数及资金支出明细", "{place}养老服务设施建设项目的审批文件",
    "{year}年度行政处罚案件的数量、类型及处理结果", "{place}社区就业服务站的设立依据和服务范围",
    "{year}年度政府信息公开工作年度报告所列依申请公开的统计口径",
)  # fmt: skip
PLACES = ("莘庄镇", "七宝镇", "梅陇镇", "虹桥镇", "马桥镇", "吴泾镇", "浦江镇", "华漕镇", "颛桥镇", "江川路街道")
OUTCOMES = (
    Outcome(OutcomeCategory.DISCLOSED),
    Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld="涉及第三方个人信息部分", withheld_grounds=(4,)),
    Outcome(OutcomeCategory.CANNOT_PROVIDE, ground=1, responsible_organ="上海市闵行区人民政府办公室"),
    Outcome(OutcomeCategory.NOT_PROCESSED, ground=2),
)
TITLES = ("关于{year}年{place}就业援助工作的通知", "{place}{year}年第{n}批行政许可决定公示", "{year}年{place}工作动态")
KINDS = (DocumentKind.OTHER, DocumentKind.LICENSING_DECISION, DocumentKind.WORK_INFORMATION)
BODY = (
    "为进一步做好{place}相关工作，根据有关规定，现将有关事项通知如下。各单位要高度重视，加强组织领导，明确责任分工，"
    "确保各项工作落到实处。相关政策可登录“上海闵行”门户网站政府信息公开专栏查询，或拨打12345市民服务热线咨询。"
)


# ---------------------------------------------------------------------------------------------------------------
# The log: requests and documents of five organs over ten years


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), SHANGHAI).astimezone(UTC)


def _weekday(day: date, back: bool = False) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=-1 if back else 1)
    return day


class Generator:
    """Deterministic cases for a seed: where each belongs, when it arrived and how far it went."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.numbers: dict[tuple[str, int], int] = {}

    def place(self) -> tuple[str, str, Actor]:
        """An organ, one of its departments, and one of its staff."""
        [number] = self.rng.choices(range(len(ORGANS)), weights=[weight for _, weight, _ in ORGANS])
        organ, _, departments = ORGANS[number]
        department, name = self.rng.choice(departments), self.rng.choice(NAMES)
        return organ, department, Actor(person_id=f"bench-{number}-{department}-{name}", name=name, role=Role.CLERK)

    def day(self, first: date, last: date) -> date:
        """A weekday between two days."""
        return _weekday(first + timedelta(days=self.rng.randint(0, (last - first).days)), back=True)

    def text(self, template: str, day: date) -> str:
        """A template filled in for a day and a place."""
        return template.format(year=day.year, place=self.rng.choice(PLACES), n=self.rng.randint(1, 30))

    def request(self, closed: bool, received_on: date) -> list[DomainEvent]:
        """A request received on a day: replied to (and mostly delivered) when closed, else open."""
        organ, department, clerk = self.place()
        key = (organ, received_on.year)
        self.numbers[key] = number = self.numbers.get(key, 0) + 1
        base: dict[str, Any] = {"originator_id": uuid.uuid4(), "actor": clerk}
        events: list[DomainEvent] = [
            rq.Received(
                **base, originator_version=1, timestamp=_at(received_on), organ=organ, department=department,
                channel=self.rng.choice((Channel.IN_PERSON, Channel.ONLINE, Channel.POST)), arrived_at=_at(received_on),
                receipt_date=received_on, applicant=PersonalData(name=self.rng.choice(NAMES), phone="13800000000"),
                applicant_type=ApplicantType.NATURAL_PERSON, information_requested=self.text(self.rng.choice(ASKED),
                received_on), preferred_form=DeliveryForm.ELECTRONIC, handler_id=clerk.person_id,
                handler_name=clerk.name, registration_number=f"{received_on.year}-{number:04d}", items=1,
                applicant_key=None, late_confirmation_reason=None,
            )
        ]  # fmt: skip
        if not closed:
            return events
        replied_on = min(_weekday(received_on + timedelta(days=self.rng.randint(3, 30))), TODAY)
        events.append(
            rq.Replied(**base, originator_version=2, timestamp=_at(replied_on, 15), replied_on=replied_on,
                       outcome=self.rng.choice(OUTCOMES))
        )  # fmt: skip
        if self.rng.random() < 0.9:
            delivered_on = min(_weekday(replied_on + timedelta(days=self.rng.randint(0, 3))), TODAY)
            events.append(
                rq.Delivered(**base, originator_version=3, timestamp=_at(delivered_on, 16),
                             method=self.rng.choice(list(DeliveryMethod)), delivered_on=delivered_on)
            )  # fmt: skip
        return events

    def document(self, published: bool, formed_on: date) -> list[DomainEvent]:
        """A document formed on a day: published when `published`, else a draft awaiting its attribute or a review."""
        organ, department, drafter = self.place()
        kind = self.rng.choice(KINDS)
        base: dict[str, Any] = {"originator_id": uuid.uuid4()}
        reviewer = Actor(person_id="bench-reviewer", name="孙丽", role=Role.CONFIDENTIALITY_REVIEWER)
        approver = Actor(person_id="bench-approver", name="周华", role=Role.DISCLOSURE_REVIEWER)
        out_on = min(_weekday(formed_on + timedelta(days=self.rng.randint(1, 25))), TODAY)
        events: list[DomainEvent] = [
            dc.Registered(
                **base, originator_version=1, timestamp=_at(formed_on, 9), actor=drafter, organ=organ,
                department=department, kind=kind, title=self.text(self.rng.choice(TITLES), formed_on),
                document_number=None, formed_on=formed_on, text=self.text(BODY, formed_on) * 2, has_service_items=False,
                interprets=None, interpretation_form=None,
            ),
            dc.AttributeSet(
                **base, originator_version=2, timestamp=_at(formed_on, 10), actor=drafter,
                attribute=DisclosureAttribute.PROACTIVE, legal_ground=None,
            ),
            dc.ConfidentialityReviewed(
                **base, originator_version=3, timestamp=_at(out_on, 8), actor=reviewer, revision=1, passed=True,
                findings="未发现涉密内容", reviewed_on=out_on,
            ),
            dc.DisclosureReviewed(
                **base, originator_version=4, timestamp=_at(out_on, 9), actor=approver, revision=1, approved=True,
                opinion="同意主动公开", reviewed_on=out_on,
            ),
            dc.Published(
                **base, originator_version=5, timestamp=_at(out_on, 10), actor=approver, revision=1, column_id="gzdt",
                column_name="工作动态", channels=("portal",), published_on=out_on, published_with=(),
            ),
        ]  # fmt: skip
        return events if published else events[: self.rng.randint(1, 3)]

    def cases(self, count: int, make: Callable[[bool, date], list[DomainEvent]]) -> Iterator[list[DomainEvent]]:
        """`count` cases in batches of BATCH, OPEN_SHARE of them open (recent), the others closed (over ten years)."""
        recent = TODAY - timedelta(weeks=OPEN_WEEKS)
        for start in range(0, count, BATCH):
            batch: list[DomainEvent] = []
            for _ in range(min(BATCH, count - start)):
                closed = self.rng.random() >= OPEN_SHARE
                batch += make(closed, self.day(FIRST_DAY, LAST_CLOSED_DAY) if closed else self.day(recent, TODAY))
            yield batch


def seed(stores: dict[str, Gongkai], batches: Iterator[list[DomainEvent]]) -> dict[str, float]:
    """Append each batch to every store, the stores taking turns going first; seconds spent by each store."""
    took = dict.fromkeys(stores, 0.0)
    for number, batch in enumerate(batches):
        names = list(stores)[:: -1 if number % 2 else 1]
        for name in names:
            begun = time.perf_counter()
            stores[name].store.append(batch)
            took[name] += time.perf_counter() - begun
    return took


def load_log(stores: dict[str, Gongkai], args: argparse.Namespace) -> None:
    """(1) Seed both stores with requests and documents; report the append rates."""
    generator = Generator(args.seed)
    counted = {"requests": 0, "documents": 0}

    def counting(kind: str, batches: Iterator[list[DomainEvent]]) -> Iterator[list[DomainEvent]]:
        for batch in batches:
            counted[kind] += len(batch)
            yield batch

    requests = seed(stores, counting("requests", generator.cases(args.cases, generator.request)))
    documents = seed(stores, counting("documents", generator.cases(args.documents, generator.document)))
    print(f"\n{elapsed()} (1) the log: {args.cases:,} requests ({counted['requests']:,} events) and "
          f"{args.documents:,} documents ({counted['documents']:,} events), in batches of {BATCH} cases")  # fmt: skip
    for name in stores:
        took = requests[name] + documents[name]
        events = counted["requests"] + counted["documents"]
        print(f"  {name:10} appended in {took:6.1f} s ({events / took:,.0f} events/s)")


# ---------------------------------------------------------------------------------------------------------------
# (1) the rebuild from the log


async def rebuild(name: str, gongkai: Gongkai) -> None:
    """Catch each worklist up from an empty table over the whole log (what a rebuild does after its reset)."""
    head = gongkai.store.last_position()
    for label, worklist in (("requests", gongkai.worklist.rows), ("documents", gongkai.document_worklist.rows)):
        begun = time.perf_counter()
        reached = await worklist.catch_up()
        took = time.perf_counter() - begun
        rows = await count_rows(gongkai, label == "documents")
        print(f"  {name:10} {label:9} worklist: {took:6.1f} s to position {reached:,} of {head:,} "
              f"({head / took:,.0f} log events/s, {rows:,} rows)")  # fmt: skip


async def count_rows(gongkai: Gongkai, documents: bool, where: str = "", *params: Any) -> int:
    """Rows of a worklist's table, with an optional condition."""
    table = table_of(gongkai, documents)
    query = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    if gongkai.store.url.kind == "postgresql":
        conn = await asyncpg.connect(gongkai.store.url.dsn())
        try:
            return int(await conn.fetchval(query, *params))
        finally:
            await conn.close()
    with sqlite3.connect(gongkai.store.url.path) as conn:
        return int(conn.execute(query.replace("$1", "?"), params).fetchone()[0])


def table_of(gongkai: Gongkai, documents: bool) -> str:
    """The table of the request (or document) worklist on the store of `gongkai`."""
    table = (document_worklist if documents else request_worklist)(gongkai.settings)
    return table.postgres_table if gongkai.store.url.kind == "postgresql" else table.sqlite_table


async def settle(gongkai: Gongkai) -> None:
    """VACUUM (ANALYZE) the worklist tables on PostgreSQL, as autovacuum would soon after a rebuild."""
    conn = await asyncpg.connect(gongkai.store.url.dsn())
    try:
        for table in (table_of(gongkai, False), table_of(gongkai, True)):
            begun = time.perf_counter()
            await conn.execute(f"VACUUM (ANALYZE) {table}")
            print(f"  then VACUUM (ANALYZE) {table}: {time.perf_counter() - begun:.1f} s")
    finally:
        await conn.close()


# ---------------------------------------------------------------------------------------------------------------
# (2) pages: the use case, the HTTP API and a hand-written query


@attrs.frozen
class Page:
    """A page measured: what the use case is asked, the HTTP query, and the raw query's condition."""

    label: str
    documents: bool
    query: Any
    params: dict[str, Any]
    where: str = ""
    values: tuple[Any, ...] = ()

    @property
    def offset(self) -> int:
        """How many rows come before the page."""
        return int(self.query.page - 1) * PAGE_SIZE


def pages(deep: int) -> list[Page]:
    """The pages of the measure: `deep` is the deep page's number."""
    organ = ORGANS[0][0]
    overdue = {"organ": organ, "overdue": "true"}
    return [
        Page("requests, first page", False, WorklistQuery(), {}),
        Page("requests, organ + overdue", False, WorklistQuery(organ=organ, overdue=True), overdue,
             "organ{key} = $1 AND live_due <= $2", (organ, TODAY - timedelta(days=1))),
        Page(f"requests, page {deep:,}", False, WorklistQuery(page=deep), {"page": str(deep)}),
        Page("documents, first page", True, DocumentWorklistQuery(), {}),
    ]  # fmt: skip


Way = Callable[[Page], Awaitable[tuple[list[str], int]]]
"""One way of reading a page: its rows' ids and how many match."""


def use_case(gongkai: Gongkai, reader: Credential) -> Way:
    """Through `worklist.query` / `document_worklist.query`, as the HTTP handler calls it."""

    async def read(page: Page) -> tuple[list[str], int]:
        calendar = gongkai.calendar.current()
        worklist: Any = gongkai.document_worklist if page.documents else gongkai.worklist
        found = await worklist.query(page.query, calendar, TODAY, reader)
        return [str(item.state.id) for item in found.items], found.total

    return read


def http_api(client: httpx.AsyncClient) -> Way:
    """Through the HTTP API of the app under uvicorn."""

    async def read(page: Page) -> tuple[list[str], int]:
        path = "/api/v1/documents" if page.documents else "/api/v1/disclosure-requests"
        response = await client.get(path, params={**page.params, "page_size": str(PAGE_SIZE)})
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:500]}")
        body = response.json()
        return [item["id"] for item in body["items"]], body["total"]

    return read


class RawPostgres:
    """A hand-written asyncpg page over the worklist table: its rows' ids and state text, then the count."""

    def __init__(self, gongkai: Gongkai) -> None:
        self._dsn = gongkai.store.url.dsn()
        self._tables = {documents: table_of(gongkai, documents) for documents in (False, True)}
        self.conn: asyncpg.Connection | None = None

    async def open(self) -> RawPostgres:
        """Open its connection."""
        self.conn = await asyncpg.connect(self._dsn, server_settings={"jit": "off"})
        return self

    async def close(self) -> None:
        """Close its connection."""
        if self.conn is not None:
            await self.conn.close()

    def statements(self, page: Page) -> tuple[tuple[str, tuple[Any, ...]], tuple[str, tuple[Any, ...]]]:
        """The page's query and the count's, each with its parameters."""
        condition = page.where.format(key="_key")
        matching = f"FROM {self._tables[page.documents]}" + (f" WHERE {condition}" if condition else "")
        n = len(page.values)
        rows = f"SELECT stream_id, state {matching} ORDER BY due, since, stream_id LIMIT ${n + 1} OFFSET ${n + 2}"
        return (rows, (*page.values, PAGE_SIZE, page.offset)), (f"SELECT count(*) {matching}", page.values)

    async def read(self, page: Page) -> tuple[list[str], int]:
        """The page's ids and how many match."""
        assert self.conn is not None
        (rows_query, rows_params), (count_query, count_params) = self.statements(page)
        rows = await self.conn.fetch(rows_query, *rows_params)
        total = await self.conn.fetchval(count_query, *count_params)
        return [str(row[0]) for row in rows], int(total)


class RawSQLite:
    """A hand-written sqlite3 page over the worklist table, on one open connection, in a worker thread."""

    def __init__(self, gongkai: Gongkai) -> None:
        self._conn = sqlite3.connect(gongkai.store.url.path, check_same_thread=False)
        self._tables = {documents: table_of(gongkai, documents) for documents in (False, True)}

    async def close(self) -> None:
        """Close its connection."""
        self._conn.close()

    async def read(self, page: Page) -> tuple[list[str], int]:
        """The page's ids and how many match."""
        return await anyio.to_thread.run_sync(self._read, page)

    async def statement(self, sql: str) -> Any:
        """One statement's first row."""
        return await anyio.to_thread.run_sync(lambda: self._conn.execute(sql).fetchone())

    def _read(self, page: Page) -> tuple[list[str], int]:
        condition = page.where.format(key="").replace("$1", "?").replace("$2", "?")
        matching = f"FROM {self._tables[page.documents]}" + (f" WHERE {condition}" if condition else "")
        values = [v.isoformat() if isinstance(v, date) else v for v in page.values]
        rows = self._conn.execute(
            f"SELECT stream_id, state {matching} ORDER BY due, since, stream_id LIMIT ? OFFSET ?",
            [*values, PAGE_SIZE, page.offset],
        ).fetchall()
        total = int(self._conn.execute(f"SELECT count(*) {matching}", values).fetchone()[0])
        return [row[0] for row in rows], total


WAYS = ("raw query", "use case", "HTTP API")


async def measure_pages(
    name: str, ways: dict[str, Way], cases: list[Page], seconds: float, rounds: int, seed: int
) -> dict[tuple[int, str], list[float]]:
    """Each page each way once a round, in a fresh shuffled order, until `rounds` or `seconds` run out; checks first
    that the three ways agree on every page."""
    for page in cases:
        answers = {way: await ways[way](page) for way in WAYS}
        if len({(tuple(ids), total) for ids, total in answers.values()}) != 1:
            raise RuntimeError(
                f"{name}, {page.label}: the ways disagree: " + repr({w: (a[0][:3], a[1]) for w, a in answers.items()})
            )
        ids, total = answers["raw query"]
        print(f"  {page.label}: {total:,} rows match, {len(ids)} on the page; the three ways agree")
    pairs = [(i, way) for i in range(len(cases)) for way in WAYS]
    for _ in range(WARMUP_ROUNDS):
        for i, way in pairs:
            await ways[way](cases[i])
    samples: dict[tuple[int, str], list[float]] = {pair: [] for pair in pairs}
    shuffler = random.Random(seed)
    deadline = time.perf_counter() + seconds
    done = 0
    gc.collect()
    while done < rounds and time.perf_counter() < deadline:
        shuffler.shuffle(pairs)
        for i, way in pairs:
            begun = time.perf_counter()
            await ways[way](cases[i])
            samples[i, way].append(time.perf_counter() - begun)
        done += 1
    return samples


def elapsed() -> str:
    """Time since the start, for the headings."""
    return f"[{time.perf_counter() - STARTED:.0f} s]"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def report_pages(name: str, cases: list[Page], samples: dict[tuple[int, str], list[float]]) -> None:
    """p50, p99 and rate of each page each way, each rate over the raw query's, and the verdicts on the targets."""
    rounds = len(samples[0, WAYS[0]])
    print(f"\n(2) pages of {PAGE_SIZE} on {name}: {rounds} rounds, each page each way once a round in shuffled order, "
          "one caller at a time")  # fmt: skip
    print(
        f"  {'page':28} {'way':10} {'p50 ms':>8} {'p99 ms':>8} {'rate/s':>8} {'/raw':>6}  targets: rate >= "
        f"{TARGET_RATIO} of raw, p99 < {TARGET_P99 * 1000:.0f} ms" + (" (PostgreSQL)" if name != "PostgreSQL" else "")
    )
    for index, page in enumerate(cases):
        raw_rate = len(samples[index, WAYS[0]]) / sum(samples[index, WAYS[0]])
        for way in WAYS:
            took = samples[index, way]
            rate = len(took) / sum(took)
            p99 = percentile(took, 0.99)
            verdict = ""
            if way != WAYS[0]:
                misses = [f"rate {rate / raw_rate:.2f} of raw"] if rate / raw_rate < TARGET_RATIO else []
                if name == "PostgreSQL" and p99 >= TARGET_P99:
                    misses.append(f"p99 {p99 * 1000:.0f} ms")
                verdict = "MISS: " + ", ".join(misses) if misses else "pass"
            label = page.label if way == WAYS[0] else ""
            print(f"  {label:28} {way:10} {percentile(took, 0.5) * 1000:8.2f} {p99 * 1000:8.2f} {rate:8.0f} "
                  f"{rate / raw_rate:6.2f}  {verdict}")  # fmt: skip


async def explain(gongkai: Gongkai, cases: list[Page]) -> None:
    """EXPLAIN ANALYZE of each raw page query and count on PostgreSQL: the top of the plan and the time it took."""
    raw = await RawPostgres(gongkai).open()
    assert raw.conn is not None
    print("\n  PostgreSQL plans of the raw queries (EXPLAIN ANALYZE: the plan's first nodes and the execution time)")
    try:
        for page in cases:
            for what, (query, params) in zip(("page", "count"), raw.statements(page), strict=True):
                plan = [row[0] for row in await raw.conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {query}", *params)]
                nodes = [plan[0].strip()] + [line.strip() for line in plan[1:] if "->" in line]
                print(f"    {page.label}, {what}: {nodes[0][:110]}")
                for node in nodes[1:4]:
                    print(f"      {node[:120]}")
                print(f"      {plan[-1].strip()}")
    finally:
        await raw.close()


async def parts(
    name: str, gongkai: Gongkai, reader: Credential, raw: RawPostgres | RawSQLite, page: Page, runs: int
) -> None:
    """Where the use case's time goes on a page: each part alone, interleaved, `runs` times; medians."""
    rows, store = gongkai.worklist.rows, gongkai.worklist_store
    table = request_worklist(gongkai.settings)
    states, _ = await store.page(RowFilter(), 0, PAGE_SIZE)
    codec = gongkai.store.codec
    texts = [table.dump(state, codec) for state in states]
    calendar = gongkai.calendar.current()

    async def clocks() -> None:
        for state in states:
            reply_clock(state, calendar, gongkai.settings.request_rules(state.organ), TODAY)

    async def decoding() -> None:
        table.load(texts, codec)

    steps: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("the use case (worklist.query)", lambda: use_case(gongkai, reader)(page)),
        ("  waiting for the read model (runner.reached: head, position)", rows.runner.reached),
        (
            "  the page (store.page: transaction, rows, count, states decoded)",
            lambda: store.page(RowFilter(), 0, PAGE_SIZE),
        ),
        (f"    of which decoding {len(texts)} states (json.loads, cattrs structure)", decoding),
        (f"  {len(states)} reply clocks (reply_clock)", clocks),
        ("the raw query (rows, count)", lambda: raw.read(page)),
        *statements(gongkai, raw),
    ]
    times: list[list[float]] = [[] for _ in steps]
    for _ in range(runs):
        for (_, step), took in zip(steps, times, strict=True):
            begun = time.perf_counter()
            await step()
            took.append(time.perf_counter() - begun)
    print(f"\n  where the use case's time goes on {name}, {page.label}: median of {runs} runs, interleaved, ms")
    for (label, _), took in zip(steps, times, strict=True):
        print(f"    {label:72} {percentile(took, 0.5) * 1000:7.2f}")


def statements(gongkai: Gongkai, raw: RawPostgres | RawSQLite) -> list[tuple[str, Callable[[], Awaitable[Any]]]]:
    """One trivial statement the read side's way and on an open connection: the cost of a round trip each way."""
    store = gongkai.worklist_store
    if isinstance(raw, RawPostgres):
        assert raw.conn is not None
        conn = raw.conn

        async def pooled() -> Any:
            return await (await store.pool()).fetchval("SELECT 1")

        return [
            ("SELECT 1 through the read side's pool (acquire, statement, release)", pooled),
            ("SELECT 1 on an open connection", lambda: conn.fetchval("SELECT 1")),
        ]

    def fresh() -> Any:
        with store.connect() as conn:
            return conn.execute("SELECT 1").fetchone()

    return [
        ("SELECT 1 the read side's way (a new connection, in a worker thread)", lambda: store.run(fresh)),
        ("SELECT 1 on an open connection, in a worker thread", lambda: raw.statement("SELECT 1")),
    ]


# ---------------------------------------------------------------------------------------------------------------
# The HTTP API under uvicorn, in a process of its own


async def skip_publications(gongkai: Gongkai) -> None:
    """Move the publications read model's position to the log's head without indexing anything (a save of no rows):
    its runner then follows only what is logged from now on (see the module's docstring)."""
    store = gongkai.publication_store
    head = await store.head()
    while not await store.save([], await store.position(), head):
        pass


def served_app() -> Litestar:
    """The app the HTTP measure calls (uvicorn's factory): the store of GONGKAI_DATABASE_URL, today fixed."""
    clock = FixedClock()
    clock.set_business_day(TODAY)
    return create_app(build(os.environ["GONGKAI_DATABASE_URL"], clock=clock))


async def read_pages(name: str, gongkai: Gongkai, url: str, args: argparse.Namespace) -> None:
    """(2) The pages three ways on one store, with the worklists' runners in the background of both processes."""
    person_id, token = gongkai.staff.add("基准测试员", (Role.CLERK, Role.DISCLOSURE_REVIEWER), SYSTEM)
    reader = credential(Role.CLERK, Role.DISCLOSURE_REVIEWER, person_id=person_id)
    deep = min(DEEP_PAGE, max(1, args.cases // PAGE_SIZE // 2))
    cases = pages(deep)
    raw: RawPostgres | RawSQLite = await RawPostgres(gongkai).open() if name == "PostgreSQL" else RawSQLite(gongkai)
    await skip_publications(gongkai)
    await gongkai.start_read_side()
    try:
        with served("bench.read_side:served_app", url, SERVER_START_SECONDS) as server:
            base = server.base
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
                ways = {"raw query": raw.read, "use case": use_case(gongkai, reader), "HTTP API": http_api(client)}
                print(f"\n{elapsed()} (2) {name}: pages measured for {args.seconds:g} s at most")
                samples = await measure_pages(name, ways, cases, args.seconds, args.rounds, args.seed)
        report_pages(name, cases, samples)
        await parts(name, gongkai, reader, raw, cases[0], max(10, int(args.seconds * PARTS_PER_SECOND)))
    finally:
        await gongkai.close_read_side()
        await raw.close()
    if name == "PostgreSQL":
        await explain(gongkai, cases)


# ---------------------------------------------------------------------------------------------------------------
# (3) a holiday year loaded over open cases due in it


YEAR_2027 = HolidayYear(
    2027,
    frozenset(
        [date(2027, 1, 1), *(date(2027, 2, d) for d in range(8, 13)), date(2027, 4, 5), *(date(2027, 5, d) for d in
         (3, 4, 5)), date(2027, 6, 9), date(2027, 9, 15), *(date(2027, 10, d) for d in (1, 4, 5, 6, 7))]
    ),
    frozenset([date(2027, 2, 20), date(2027, 4, 24), date(2027, 10, 9)]),
)  # fmt: skip
"""A plausible 2027 table: New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day."""
FROM_2027 = date(2027, 1, 1)


async def rederive(stores: dict[str, Gongkai], args: argparse.Namespace) -> None:
    """(3) Seed open requests received from December 2026 (so due in 2027 on the provisional Monday-to-Friday count),
    catch up, load the 2027 table, and time each worklist's catch-up past the load."""
    generator = Generator(args.seed + 1)

    def received(_closed: bool, _day: date) -> list[DomainEvent]:
        return generator.request(False, generator.day(date(2026, 12, 1), date(2027, 6, 30)))

    took = seed(stores, generator.cases(args.open_for_rederive, received))
    print(f"\n{elapsed()} (3) {args.open_for_rederive:,} more open requests, received December 2026 to June 2027")
    admin = credential(Role.ADMINISTRATOR)
    for name, gongkai in stores.items():
        begun = time.perf_counter()
        await gongkai.worklist.rows.catch_up()
        caught_up = time.perf_counter() - begun
        await gongkai.document_worklist.rows.catch_up()
        print(f"  {name:10} appended in {took[name]:.1f} s; the request worklist caught up with them in "
              f"{caught_up:.1f} s")  # fmt: skip
    for name, gongkai in stores.items():
        due_2027 = {
            label: (await count_rows(gongkai, label == "documents", "due >= $1", as_column(gongkai, FROM_2027)),
                    await count_rows(gongkai, label == "documents", "due = $1", as_column(gongkai, NO_DUE)))
            for label in ("requests", "documents")
        }  # fmt: skip
        gongkai.calendar.load([YEAR_2027], "国务院办公厅关于2027年部分节假日安排的通知 (基准测试)", admin)
        for label, worklist in (("requests", gongkai.worklist.rows), ("documents", gongkai.document_worklist.rows)):
            begun = time.perf_counter()
            await worklist.catch_up()
            seconds = time.perf_counter() - begun
            rows, undated = due_2027[label]
            print(f"  {name:10} {label:9} worklist: {rows:,} rows due in or after 2027 derived again in "
                  f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s); {undated:,} of them have no due date")  # fmt: skip


def as_column(gongkai: Gongkai, value: date) -> date | str:
    """A date as the store's worklist column holds it."""
    return value if gongkai.store.url.kind == "postgresql" else value.isoformat()


# ---------------------------------------------------------------------------------------------------------------
# (4) catch-up lag under write load


@attrs.define
class Lag:
    """What the lag measure saw: samples (time, log head, worklist position) and steps (time done, position)."""

    samples: list[tuple[float, int, int]] = attrs.Factory(list)
    steps: list[tuple[float, int]] = attrs.Factory(list)
    seconds: float = 0.0


class Positions:
    """The log's head and the request worklist's position in one cheap query, on a connection of its own."""

    def __init__(self, gongkai: Gongkai) -> None:
        self._url = gongkai.store.url
        self._pg: asyncpg.Connection | None = None
        self._sqlite: sqlite3.Connection | None = None

    async def read(self) -> tuple[int, int]:
        """The log's head and the worklist's position."""
        if self._url.kind == "postgresql":
            if self._pg is None:
                self._pg = await asyncpg.connect(self._url.dsn())
            row = await self._pg.fetchrow(
                "SELECT (SELECT max(notification_id) FROM gongkai_events), "
                "(SELECT position FROM gongkai_projection_positions WHERE name = 'worklist')"
            )
            return int(row[0]), int(row[1])
        return await anyio.to_thread.run_sync(self._read_sqlite)

    def _read_sqlite(self) -> tuple[int, int]:
        if self._sqlite is None:
            self._sqlite = sqlite3.connect(self._url.path, check_same_thread=False)
        row = self._sqlite.execute(
            "SELECT (SELECT max(rowid) FROM stored_events), "
            "(SELECT position FROM projection_positions WHERE name = 'worklist')"
        ).fetchone()
        return int(row[0]), int(row[1])

    async def close(self) -> None:
        """Close its connection."""
        if self._pg is not None:
            await self._pg.close()
        if self._sqlite is not None:
            self._sqlite.close()


def write(gongkai: Gongkai, organ: str, rate: float, stop: threading.Event, lag: Lag) -> None:
    """Register requests for one organ through the use case at `rate` requests/s (or as fast as it goes)."""
    clerk = credential(Role.CLERK)
    interval = 1 / rate
    due = time.perf_counter()
    while not stop.is_set():
        now = gongkai.clock.now()
        command = cmd.ReceiveRequest(
            request_id=uuid.uuid4(), organ=organ, department="办公室", channel=Channel.IN_PERSON,
            arrived_at=now - timedelta(minutes=5), confirmed_on=None, applicant=PersonalData(name="张三"),
            applicant_type=ApplicantType.NATURAL_PERSON, information_requested="2026年度稳岗补贴发放情况",
        )  # fmt: skip
        saved = gongkai.requests.receive(command, clerk)
        lag.steps.append((time.perf_counter(), saved.position))
        due = max(due + interval, time.perf_counter() - interval)
        time.sleep(max(0.0, due - time.perf_counter()))


async def follow(gongkai: Gongkai, seconds: float, rate: float, writers: int) -> Lag:
    """Write for `seconds` from `writers` threads (an organ each: each organ's register is one stream) while the
    background runner follows the log; sample the head and the position every SAMPLE_SECONDS until it catches up."""
    lag, stop = Lag(), threading.Event()
    positions = Positions(gongkai)
    organs = [ORGANS[i % len(ORGANS)][0] for i in range(writers)]
    threads = [
        threading.Thread(target=write, args=(gongkai, organ, rate / 2 / writers, stop, lag), daemon=True)
        for organ in organs
    ]
    await skip_publications(gongkai)
    await gongkai.start_read_side()
    try:
        await gongkai.worklist.rows.runner.reached(seconds=600)
        begun = time.perf_counter()
        for thread in threads:
            thread.start()
        while True:
            head, position = await positions.read()
            lag.samples.append((time.perf_counter(), head, position))
            if time.perf_counter() - begun >= seconds:
                stop.set()
                if position >= head and not any(thread.is_alive() for thread in threads):
                    break
            await asyncio.sleep(SAMPLE_SECONDS)
        lag.seconds = max(t for t, _ in lag.steps) - begun
    finally:
        stop.set()
        await gongkai.close_read_side()
        await positions.close()
    return lag


def report_lag(name: str, lag: Lag) -> None:
    """How far behind the head the worklist was, and when each step showed in it (at the first sample that saw it)."""
    behind = [head - position for _, head, position in lag.samples]
    shown: list[float] = []
    samples = iter(lag.samples)
    sample = next(samples)
    for done, position in sorted(lag.steps, key=lambda step: step[1]):
        while sample[2] < position:
            sample = next(samples)
        shown.append(max(0.0, sample[0] - done))
    events = 2 * len(lag.steps)  # each request's Received and its register's entry
    print(f"  {name:10} {events / lag.seconds:6.0f} events/s written ({len(lag.steps):,} requests received); "
          f"{len(lag.samples):,} samples")  # fmt: skip
    print(f"  {'':10} behind the head: p50 {percentile(behind, 0.5):.0f}, p99 {percentile(behind, 0.99):.0f}, "
          f"max {max(behind)} positions")  # fmt: skip
    print(f"  {'':10} a step shows in the worklist after: p50 {percentile(shown, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(shown, 0.99) * 1000:.0f} ms, max {max(shown) * 1000:.0f} ms")  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------


@contextmanager
def throwaway_sqlite() -> Iterator[str]:
    """A new SQLite file in a temporary directory, deleted afterwards whatever happens."""
    directory = tempfile.mkdtemp(prefix="gongkai_bench_read_side_")
    try:
        yield str(Path(directory) / "gongkai.sqlite3")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        print(f"deleted {directory}")


def environment(postgres_url: str) -> None:
    """The versions measured."""
    with admin_connection(postgres_url) as conn:
        found = {n: (r[0] if (r := conn.execute(f"SHOW {n}").fetchone()) else "?") for n in ("server_version", "jit")}
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {found['server_version']}, "
          f"asyncpg {metadata.version('asyncpg')}, litestar {metadata.version('litestar')}, {os.cpu_count()} CPUs; "
          f"today {TODAY}")  # fmt: skip


async def run(urls: dict[str, str], args: argparse.Namespace) -> None:
    """Every measure, on both stores."""
    clock = FixedClock()
    clock.set_business_day(TODAY)
    stores = {name: build(url, clock=clock) for name, url in urls.items()}
    try:
        environment(urls["PostgreSQL"])
        load_log(stores, args)
        print(f"\n{elapsed()} (1) the worklists rebuilt from the log (rows.catch_up() over empty tables)")
        for name, gongkai in stores.items():
            await rebuild(name, gongkai)
        await settle(stores["PostgreSQL"])
        for name, gongkai in stores.items():
            await read_pages(name, gongkai, urls[name], args)
        await rederive(stores, args)
        print(
            f"\n{elapsed()} (4) catch-up lag: requests received through the use case from {args.writers} threads, "
            f"aiming at {args.write_rate:g} events/s for {args.lag_seconds:g} s; sampled every "
            f"{SAMPLE_SECONDS * 1000:.0f} ms"
        )
        for name, gongkai in stores.items():
            report_lag(name, await follow(gongkai, args.lag_seconds, args.write_rate, args.writers))
    finally:
        for gongkai in stores.values():
            await gongkai.aclose()


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run on a throwaway database and file."""
    parser = argparse.ArgumentParser(prog="python -m bench.read_side", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="disclosure requests (default 100,000)")
    parser.add_argument("--documents", type=int, default=100_000, help="documents (default 100,000)")
    parser.add_argument("--open-for-rederive", type=int, help="open requests due in 2027 (default: --cases)")
    parser.add_argument(
        "--seconds", type=float, help="page measures per store (default 40 s, less below 100,000 cases)"
    )
    parser.add_argument("--rounds", type=int, default=5_000, help="page rounds at most (default 5,000)")
    parser.add_argument(
        "--lag-seconds", type=float, help="write load per store (default 20 s, less below 100,000 cases)"
    )
    parser.add_argument("--write-rate", type=float, default=350.0, help="events/s of the write load (default 350)")
    parser.add_argument("--writers", type=int, default=4, help="writing threads (default 4)")
    parser.add_argument("--seed", type=int, default=20261130, help="seed of the generated cases")
    args = parser.parse_args(argv)
    if not (1 <= args.cases <= 2_000_000 and 1 <= args.documents <= 2_000_000):
        parser.error("--cases and --documents must be in [1, 2,000,000]")
    scale = min(1.0, args.cases / 100_000)
    args.open_for_rederive = args.cases if args.open_for_rederive is None else args.open_for_rederive
    args.seconds = max(2.0, 40 * scale) if args.seconds is None else args.seconds
    args.lag_seconds = max(2.0, 20 * scale) if args.lag_seconds is None else args.lag_seconds
    # Stopped with SIGTERM, still stop the server, drop the database and delete the file on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    with ExitStack() as stack:
        postgres = stack.enter_context(throwaway_database(ADMIN_URL, "gongkai_bench_read_side_"))
        sqlite_path = stack.enter_context(throwaway_sqlite())
        asyncio.run(run({"PostgreSQL": postgres, "SQLite": f"sqlite:///{sqlite_path}"}, args))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
