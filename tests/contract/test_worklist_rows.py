"""A worklist's rows on each store: filtered, sorted and paged by the database, with due dates derived when the rows
are written and derived again when a holiday year is loaded (R-COUNT-3, R-COUNT-4)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import asyncpg
import pytest

from adapters.bootstrap import Gongkai, build
from application.worklists import RowFilter
from domain.actors import Role
from domain.calendar import SHANGHAI, HolidayYear
from domain.disclosure_request import events as request_events
from domain.disclosure_request.values import ApplicantType, Channel, DeliveryForm
from domain.personal_data import PersonalData
from tests.support import FixedClock, actor, credential, unique

TODAY = date(2026, 12, 28)
ORGAN = "闵行区人力资源和社会保障局"


@pytest.fixture
async def gongkai(empty_store_url: str) -> AsyncIterator[Gongkai]:
    """The application on an empty store of the test's own."""
    clock = FixedClock()
    clock.set_business_day(TODAY)
    app = build(empty_store_url, clock=clock)
    yield app
    await app.close_read_side()
    app.close()


def received(received_on: date, organ: str = ORGAN, department: str = "就业促进科") -> request_events.Received:
    """An application handed in on a day."""
    clerk = actor(Role.CLERK, name="李雷")
    arrived = datetime.combine(received_on, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10)
    return request_events.Received(
        originator_id=uuid4(), originator_version=1, timestamp=arrived.astimezone(UTC), actor=clerk, organ=organ,
        department=department, channel=Channel.IN_PERSON, arrived_at=arrived, receipt_date=received_on,
        applicant=PersonalData(name="张三"), applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="2024年度稳岗补贴发放情况", preferred_form=DeliveryForm.PAPER,
        handler_id=clerk.person_id, handler_name=clerk.name, registration_number=None, items=1, applicant_key=None,
        late_confirmation_reason=None,
    )  # fmt: skip


async def due_on(gongkai: Gongkai, day: date) -> set[UUID]:
    """The requests whose stored due date is this day."""
    states, _ = await gongkai.worklist_store.page(RowFilter(live_due_from=day, live_due_to=day), 0, 500)
    return {s.id for s in states}


async def calendar_versions(gongkai: Gongkai) -> dict[UUID, int]:
    """The version of the holiday tables each row's due date was derived with."""
    url = gongkai.store.url
    if url.kind == "sqlite":
        with closing(sqlite3.connect(url.path)) as conn:
            rows = conn.execute("SELECT stream_id, calendar_version FROM request_worklist").fetchall()
        return {UUID(i): v for i, v in rows}
    conn = await asyncpg.connect(url.dsn())
    try:
        rows = await conn.fetch("SELECT stream_id, calendar_version FROM gongkai_request_worklist")
    finally:
        await conn.close()
    return {row[0]: row[1] for row in rows}


async def test_loading_a_holiday_year_derives_again_the_due_dates_that_fall_in_it_and_no_others(
    gongkai: Gongkai,
) -> None:
    late = received(date(2026, 12, 21))  # 20 working days on: January 2027, not yet loaded (provisional)
    early = received(date(2026, 3, 2))  # due in March 2026: no day of 2027 in its count
    gongkai.store.append([late, early])
    await gongkai.worklist.rows.catch_up()
    assumed = gongkai.calendar.current().add_working_days(late.receipt_date, 20)
    assert assumed.provisional
    assert await due_on(gongkai, assumed.due) == {late.originator_id}
    before = await calendar_versions(gongkai)
    assert before[late.originator_id] == before[early.originator_id]

    # The State Council's notice for 2027: the first week of January off.
    week_off = frozenset(date(2027, 1, 4) + timedelta(days=n) for n in range(5))
    gongkai.calendar.load(
        [HolidayYear(2027, week_off, frozenset())], "国办发明电〔2026〕1号", credential(Role.ADMINISTRATOR)
    )
    await gongkai.worklist.rows.catch_up()

    known = gongkai.calendar.current().add_working_days(late.receipt_date, 20)
    assert not known.provisional and known.due > assumed.due
    assert await due_on(gongkai, assumed.due) == set()
    assert await due_on(gongkai, known.due) == {late.originator_id}
    after = await calendar_versions(gongkai)
    assert after[late.originator_id] == before[late.originator_id] + 1
    assert after[early.originator_id] == before[early.originator_id]  # untouched: nothing of 2027 in its count


async def test_a_page_is_sorted_by_due_date_then_receipt_then_id_and_counted_whole(gongkai: Gongkai) -> None:
    organ = unique("闵行区")
    events = [received(date(2026, 11, 2) + timedelta(days=n % 14), organ=organ) for n in range(30)]
    gongkai.store.append(events)
    await gongkai.worklist.rows.catch_up()
    calendar = gongkai.calendar.current()

    def order(e: request_events.Received) -> tuple[date, date, str]:
        return (calendar.add_working_days(e.receipt_date, 20).due, e.receipt_date, str(e.originator_id))

    expected = [e.originator_id for e in sorted(events, key=order)]
    pages = [await gongkai.worklist_store.page(RowFilter(organ=organ), offset, 7) for offset in range(0, 35, 7)]
    assert [s.id for states, _ in pages for s in states] == expected
    assert {total for _, total in pages} == {30}


async def test_overdue_and_due_within_are_ranges_of_the_live_due_date(gongkai: Gongkai) -> None:
    organ = unique("闵行区")
    overdue, due_soon, due_later = (
        received(date(2026, 11, 2), organ=organ),  # due 1 December 2026: before today
        received(date(2026, 12, 21), organ=organ),
        received(date(2026, 12, 25), organ=organ),
    )
    gongkai.store.append([overdue, due_soon, due_later])
    await gongkai.worklist.rows.catch_up()
    calendar = gongkai.calendar.current()
    soon = calendar.add_working_days(due_soon.receipt_date, 20).due

    async def found(**filters: object) -> set[UUID]:
        states, _ = await gongkai.worklist_store.page(RowFilter.of(TODAY, organ=organ, **filters), 0, 50)  # type: ignore[arg-type]
        return {s.id for s in states}

    assert await found(overdue=True, horizon=None) == {overdue.originator_id}
    assert await found(overdue=False, horizon=None) == {due_soon.originator_id, due_later.originator_id}
    assert await found(overdue=None, horizon=soon) == {due_soon.originator_id}
    assert await found(overdue=True, horizon=soon) == set()


def reassigned(event: request_events.Received, version: int, department: str) -> request_events.HandlerAssigned:
    """The case handed to another department: a step that changes the row."""
    return request_events.HandlerAssigned(
        originator_id=event.originator_id, originator_version=version, timestamp=event.timestamp + timedelta(
            minutes=version), actor=event.actor, department=department, handler_id="handler", handler_name="韩梅梅",
    )  # fmt: skip


Appends = list[list[request_events.Received | request_events.HandlerAssigned]]


def interleaved_log(streams: int, steps: int) -> Appends:
    """Appends that interleave many requests' steps, so that with small batches a stream begins in one batch and goes
    on in the next ones, and a batch begins with the middle of a stream."""
    started = [received(date(2026, 12, 1) + timedelta(days=n % 20)) for n in range(streams)]
    appends: Appends = [[e] for e in started]
    for step in range(steps):
        appends += [[reassigned(e, step + 2, f"科室{step}-{n}")] for n, e in enumerate(started) if (n + step) % 3]
    return appends


def expected_departments(appends: Appends) -> dict[UUID, tuple[str, int]]:
    """Each request's department and version after every append, as a clerk would read them off the log."""
    last: dict[UUID, tuple[str, int]] = {}
    for append in appends:
        for event in append:
            last[event.originator_id] = (event.department, event.originator_version)
    return last


async def stored_departments(gongkai: Gongkai) -> dict[UUID, tuple[str, int]]:
    """Each row's department and version as the worklist holds them."""
    states, total = await gongkai.worklist_store.page(RowFilter(), 0, 500)
    assert total == len(states)
    return {s.id: (s.department, s.version) for s in states}


async def test_rows_are_the_streams_folded_whatever_the_batches_cut_them_into(
    gongkai: Gongkai, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("application.worklists.LOG_BATCH", 4)  # batches of 4 log rows: streams span many
    appends = interleaved_log(streams=9, steps=4)
    for append in appends[:20]:
        gongkai.store.append(append)
    await gongkai.worklist.rows.catch_up()
    assert await stored_departments(gongkai) == expected_departments(appends[:20])
    for append in appends[20:]:
        gongkai.store.append(append)
    await gongkai.worklist.rows.catch_up()
    assert await stored_departments(gongkai) == expected_departments(appends)
    assert await gongkai.worklist.rows.runner.rebuild() == gongkai.store.last_position()
    assert await stored_departments(gongkai) == expected_departments(appends)


async def test_a_catch_up_whose_save_finds_the_position_moved_reads_again_from_there(
    gongkai: Gongkai, empty_store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's runner moves the position while this one has batches in flight: the save refused, every
    batch folded on top of it is dropped, and the catch-up goes on from where the other left the rows."""
    monkeypatch.setattr("application.worklists.LOG_BATCH", 4)
    appends = interleaved_log(streams=9, steps=4)
    for append in appends:
        gongkai.store.append(append)
    other = build(empty_store_url, clock=FixedClock())
    rows = gongkai.worklist.rows
    saves = {"made": 0, "refused": 0}
    real_save = rows.store.save

    async def save_after_the_other_runner(*args: object) -> bool:
        saves["made"] += 1
        if saves["made"] == 3:  # the other process catches up to the head in the middle of this one's run
            await other.worklist.rows.catch_up()
        saved = await real_save(*args)  # type: ignore[arg-type]
        saves["refused"] += not saved
        return saved

    monkeypatch.setattr(rows.store, "save", save_after_the_other_runner)
    try:
        assert await rows.catch_up() == gongkai.store.last_position()
    finally:
        await other.close_read_side()
        other.close()
    assert saves["refused"] == 1
    assert await stored_departments(gongkai) == expected_departments(appends)
