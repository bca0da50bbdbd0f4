"""Read models served by several processes over one store: one process at a time advances each read model (an
advisory lock on PostgreSQL, a file lock beside SQLite's file), every process answers from it, and a read waits for
the log's head as it stood when the read arrived, or answers 503 when the read model does not get there in time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest

from adapters.bootstrap import Gongkai, build
from application import projections
from application.errors import Unavailable
from application.worklist import WorklistQuery
from domain.actors import Role
from domain.calendar import HolidayYear
from tests.contract.test_worklist_rows import TODAY, due_on, received
from tests.support import FixedClock, credential, unique


@pytest.fixture
async def two(empty_store_url: str) -> AsyncIterator[tuple[Gongkai, Gongkai]]:
    """Two serving processes' applications over one empty store, each with its read models' runners going."""
    clock = FixedClock()
    clock.set_business_day(TODAY)
    apps = (build(empty_store_url, clock=clock), build(empty_store_url, clock=clock))
    for app in apps:
        await app.start_read_side()
    yield apps
    for app in apps:
        await app.close_read_side()
        app.close()


async def test_one_process_advances_each_read_model_and_every_process_answers_from_it(
    two: tuple[Gongkai, Gongkai],
) -> None:
    first, second = two
    organ = unique("闵行区")
    first.store.append([received(date(2026, 12, 1 + n), organ=organ) for n in range(20)])
    clerk = credential(Role.CLERK)

    for app in two:  # each waits for the head as it stood when it asked, whichever process advanced the rows
        page = await app.worklist.query(WorklistQuery(organ=organ), app.calendar.current(), TODAY, clerk)
        assert page.total == 20
        assert page.position >= first.store.last_position()

    for runners in zip(first.runners, second.runners, strict=True):
        leading = [runner.name for runner, app in zip(runners, two, strict=True) if runner.running]
        assert len(leading) == 2  # both follow the log...
    for stores in (
        (first.worklist_store, second.worklist_store),
        (first.document_worklist_store, second.document_worklist_store),
        (first.publication_store, second.publication_store),
    ):
        assert sorted([await store.lead() for store in stores]) == [False, True]  # ...one advances it


async def test_the_other_process_takes_over_when_the_leader_stops(two: tuple[Gongkai, Gongkai]) -> None:
    first, second = two
    leader, other = (first, second) if await first.worklist_store.lead() else (second, first)
    await leader.close_read_side()  # the process ends: its lock goes with it
    organ = unique("闵行区")
    leader.store.append([received(date(2026, 12, 1), organ=organ)])
    clerk = credential(Role.CLERK)
    page = await other.worklist.query(WorklistQuery(organ=organ), other.calendar.current(), TODAY, clerk)
    assert page.total == 1
    assert await other.worklist_store.lead()
    await leader.start_read_side()  # for the fixture's teardown


async def test_a_read_whose_read_model_does_not_catch_up_in_time_is_unavailable(
    two: tuple[Gongkai, Gongkai], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two
    for app in two:
        await app.close_read_side()  # nobody advances the read models any more
        monkeypatch.setattr(app.worklist_store, "lead", _never)
        await app.start_read_side()
    monkeypatch.setattr(projections, "READ_WAIT_SECONDS", 0.2)
    first.store.append([received(date(2026, 12, 1), organ=unique("闵行区"))])
    with pytest.raises(Unavailable) as refused:
        await second.worklist.query(WorklistQuery(), second.calendar.current(), TODAY, credential(Role.CLERK))
    assert refused.value.code == "R-UNAVAILABLE" and refused.value.retry_after >= 1
    # A read that names a position already reached does not wait for the rest of the log.
    reached = await second.worklist_store.position()
    page = await second.worklist.query(
        WorklistQuery(), second.calendar.current(), TODAY, credential(Role.CLERK), reached
    )
    assert page.position >= reached


async def _never() -> bool:
    return False


async def test_a_process_that_takes_over_derives_with_the_holiday_years_loaded_while_another_led(
    two: tuple[Gongkai, Gongkai],
) -> None:
    """Each process caches the calendar for a while; one that takes a read model over must not derive new rows with
    a calendar older than a load the other process already applied (nothing would ever derive them again)."""
    first, second = two
    leader, other = (first, second) if await first.worklist_store.lead() else (second, first)
    before = other.calendar.current()  # cached by the other process before the load
    week_off = frozenset(date(2027, 1, 4) + timedelta(days=n) for n in range(5))
    leader.calendar.load(
        [HolidayYear(2027, week_off, frozenset())], "国办发明电〔2026〕1号", credential(Role.ADMINISTRATOR)
    )
    clerk = credential(Role.CLERK)
    await leader.worklist.query(WorklistQuery(), leader.calendar.current(), TODAY, clerk)  # the load applied
    await leader.close_read_side()  # the leader goes; the other takes over
    late = received(date(2026, 12, 21))
    leader.store.append([late])
    await other.worklist.query(WorklistQuery(), other.calendar.current(), TODAY, clerk)
    known = leader.calendar.current().add_working_days(late.receipt_date, 20).due
    assert known != before.add_working_days(late.receipt_date, 20).due
    assert await due_on(other, known) == {late.originator_id}
    await leader.start_read_side()  # for the fixture's teardown
