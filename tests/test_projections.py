"""Catching a read model up (`Runner`): in the background, one process leading; reads wait for it, bounded; without
a background runner, one catch-up at a time per read model in a process, shared by the requests that wait for it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from application.errors import Unavailable
from application.ports import LoggedEvent
from application.projections import BATCH, IDLE_SECONDS, POLL_SECONDS, Projection, Runner, catch_up
from domain.actors import Role
from domain.catalogue import ColumnAdded, ColumnRenamed
from domain.events import DomainEvent
from tests.support import actor

Count = tuple[UUID, int]
"""A row: a stream and how many of its events were applied."""


def _count(row: Count | None, event: DomainEvent) -> Count:
    return (event.originator_id, (row[1] if row else 0) + 1)


COUNTS = Projection[Count]((ColumnAdded,), _count)


class CountingStore:
    """A read model in memory over a fixed log that yields to other tasks at every step, as a database would,
    and counts the batches it is asked to save and the catch-ups that found nothing more to apply."""

    def __init__(self, log: list[LoggedEvent]) -> None:
        self.log = log
        self.kept: dict[UUID, Count] = {}
        self.at = 0
        self.saves = 0
        self.caught_up = 0
        self.leads = True
        self.waits: list[float] = []
        """How long each wait for events might last."""

    async def position(self) -> int:
        await asyncio.sleep(0)
        return self.at

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        await asyncio.sleep(0)
        after = [e for e in self.log if e.position > position][:limit]
        self.caught_up += not after
        return after

    async def events_of(self, position: int, limit: int, types: frozenset[str]) -> tuple[list[LoggedEvent], int]:
        after = await self.events_after(position, limit)
        return [e for e in after if e.event.type_name in types], after[-1].position if after else position

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, Count]:
        await asyncio.sleep(0)
        return {i: self.kept[i] for i in ids if i in self.kept}

    async def save(self, rows: Sequence[Count], expected: int, position: int) -> bool:
        await asyncio.sleep(0)
        self.saves += 1
        if self.at != expected:
            return False
        self.kept.update({row[0]: row for row in rows})
        self.at = position
        return True

    async def reset(self) -> None:
        self.kept, self.at = {}, 0

    async def head(self) -> int:
        return self.log[-1].position if self.log else 0

    async def lead(self) -> bool:
        return self.leads

    notified = False

    async def wait_for_events(self, seconds: float, types: frozenset[str] | None = None) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))


def _runner(store: CountingStore, follows: frozenset[str] | None = None) -> Runner:
    return Runner("counts", store, lambda progress: catch_up(store, COUNTS, progress), follows=follows)


class SleepyStore(CountingStore):
    """A store that wakes its runner at each write, so waits as long as it is told when nothing is written."""

    notified = True

    async def wait_for_events(self, seconds: float, types: frozenset[str] | None = None) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(seconds)


def _renames(after: int, count: int) -> list[LoggedEvent]:
    """Events of a type COUNTS does not fold, logged after a position."""
    who = actor(Role.PUBLISHER)
    at = datetime(2025, 3, 4, 9, tzinfo=UTC)
    return [
        LoggedEvent(after + n, ColumnRenamed(originator_id=uuid4(), originator_version=2, timestamp=at, actor=who,
                                             column_id="c1", name="新栏目"))
        for n in range(1, count + 1)
    ]  # fmt: skip


def _log(streams: int, events_each: int) -> list[LoggedEvent]:
    who = actor(Role.PUBLISHER)
    at = datetime(2025, 3, 3, 9, tzinfo=UTC)
    ids = [uuid4() for _ in range(streams)]
    events = [
        ColumnAdded(
            originator_id=stream, originator_version=version, timestamp=at, actor=who,
            organ="闵行区人力资源和社会保障局", column_id=f"c{version}", name="栏目",
        )
        for version in range(1, events_each + 1)
        for stream in ids
    ]  # fmt: skip
    return [LoggedEvent(position, event) for position, event in enumerate(events, start=1)]


async def test_requests_arriving_during_a_catch_up_wait_for_it_instead_of_folding_the_log_again() -> None:
    log = _log(streams=5, events_each=250)
    assert len(log) == 1250
    store = CountingStore(log)
    runner = _runner(store)

    reached = await asyncio.gather(*(runner.catch_up() for _ in range(6)))

    assert reached == [1250] * 6
    assert store.saves == 3 == -(-len(log) // BATCH)  # one save a batch, none refused
    assert sorted(count for _, count in store.kept.values()) == [250] * 5
    # The first catch-up, and one after it for the five requests that arrived while it ran.
    assert store.caught_up == 2


async def test_a_request_never_answers_from_a_catch_up_begun_before_it_arrived() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    runner = _runner(store)
    assert await runner.catch_up() == 10

    store.log += [LoggedEvent(11, store.log[0].event)]
    assert await runner.catch_up() == 11
    assert store.caught_up == 2


def test_a_runner_serves_one_event_loop_after_another() -> None:
    """The app may be served by several loops in turn (tests' clients); a lock belongs to one loop."""
    store = CountingStore(_log(streams=2, events_each=300))
    runner = _runner(store)

    async def together() -> list[int]:
        return await asyncio.gather(runner.catch_up(), runner.catch_up())

    assert asyncio.run(together()) == [600, 600]
    store.log += [LoggedEvent(601, store.log[0].event)]
    assert asyncio.run(together()) == [601, 601]
    assert store.saves == 3


async def test_a_read_waits_for_the_background_runner_to_reach_the_head_as_it_stood_when_the_read_arrived() -> None:
    store = CountingStore(_log(streams=2, events_each=300))
    runner = _runner(store)
    runner.start()
    try:
        assert await runner.reached() >= 600
        assert store.at == 600
        store.log += [LoggedEvent(601, store.log[0].event)]
        assert await runner.reached() == 601  # woken by the poll: the read never folds the log itself
    finally:
        await runner.stop()
    assert not runner.running


async def test_a_read_that_names_a_position_waits_only_for_that_position() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    runner = _runner(store)
    runner.start()
    try:
        assert await runner.reached(5) >= 5
    finally:
        await runner.stop()


async def test_a_read_model_that_does_not_catch_up_in_time_answers_unavailable_with_a_retry_time() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    store.leads = False  # another process leads, and has stopped
    runner = _runner(store)
    runner.start()
    try:
        with pytest.raises(Unavailable) as refused:
            await runner.reached(seconds=0.05)
        assert refused.value.retry_after >= 1
        assert store.at == 0
        store.leads = True  # it is this process's turn: the runner takes over
        assert await runner.reached() == 10
    finally:
        await runner.stop()


async def test_a_runner_keeps_going_when_its_store_fails_and_catches_up_when_it_returns() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    failing = {"now": True}
    real_position = store.position

    async def position() -> int:
        if failing["now"]:
            raise ConnectionError("the database went away")
        return await real_position()

    store.position = position  # type: ignore[method-assign]
    runner = _runner(store)
    runner.start()
    try:
        await asyncio.sleep(0.05)
        assert runner.running and store.at == 0
        failing["now"] = False
        assert await runner.reached(10, seconds=5) == 10
    finally:
        await runner.stop()


@pytest.mark.parametrize("notified", [False, True])
async def test_a_runner_polls_a_store_that_cannot_wake_it_and_only_now_and_then_one_that_can(notified: bool) -> None:
    store = CountingStore(_log(streams=1, events_each=3))
    store.notified = notified
    runner = _runner(store)
    runner.start()
    try:
        assert await runner.reached(3, seconds=5) == 3
        while not store.waits:
            await asyncio.sleep(0.01)
    finally:
        await runner.stop()
    assert set(store.waits) == {IDLE_SECONDS if notified else POLL_SECONDS}


async def test_a_read_does_not_wait_for_the_runner_to_pass_events_its_read_model_does_not_follow() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    runner = _runner(store, follows=COUNTS.followed)
    runner.start()
    try:
        assert await runner.reached() == 10
        store.leads = False  # the runner passes nothing more
        store.log += _renames(after=10, count=20)
        # The read model up to 10 is what the log up to 30 gives: nothing to wait for.
        assert await runner.reached(seconds=0.05) == 30
        store.log += _log(streams=1, events_each=1)[:1]
        store.log[-1] = LoggedEvent(31, store.log[-1].event)
        with pytest.raises(Unavailable):  # an event it folds: the read waits for it
            await runner.reached(seconds=0.05)
    finally:
        await runner.stop()


async def test_a_read_waits_for_the_runner_to_pass_any_event_when_it_does_not_say_what_it_follows() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    runner = _runner(store)
    runner.start()
    try:
        assert await runner.reached() == 10
        store.leads = False
        store.log += _renames(after=10, count=3)
        with pytest.raises(Unavailable):
            await runner.reached(seconds=0.05)
    finally:
        await runner.stop()


async def test_a_read_wakes_a_runner_that_waits_for_the_log_to_notify_it() -> None:
    store = SleepyStore(_log(streams=1, events_each=10))
    runner = _runner(store, follows=COUNTS.followed)
    runner.start()
    try:
        assert await runner.reached(10, seconds=5) == 10
        while not store.waits:  # asleep until IDLE_SECONDS pass or the log notifies it
            await asyncio.sleep(0.01)
        store.log += [LoggedEvent(11, store.log[0].event)]  # a write that (in this store) notifies nobody
        assert await runner.reached(seconds=IDLE_SECONDS / 2) == 11
    finally:
        await runner.stop()


async def test_a_runner_asleep_until_the_log_notifies_it_stops_at_once() -> None:
    store = SleepyStore(_log(streams=1, events_each=3))
    runner = _runner(store, follows=COUNTS.followed)
    runner.start()
    assert await runner.reached(3, seconds=5) == 3
    while len(store.waits) < 2:  # the first wait ended when the read woke it; the second lasts IDLE_SECONDS
        await asyncio.sleep(0.01)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await runner.stop()  # a shutdown (every test's web client ends with one) does not wait out IDLE_SECONDS
    assert loop.time() - began < IDLE_SECONDS / 2
    assert not runner.running
