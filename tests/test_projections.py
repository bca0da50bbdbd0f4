"""Catching a read model up: one catch-up at a time per read model in a process, shared by the requests that
wait for it (`Runner`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

from application.ports import LoggedEvent
from application.projections import BATCH, Projection, Runner
from domain.actors import Role
from domain.catalogue import ColumnAdded
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

    async def position(self) -> int:
        await asyncio.sleep(0)
        return self.at

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        await asyncio.sleep(0)
        after = [e for e in self.log if e.position > position][:limit]
        self.caught_up += not after
        return after

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
    runner = Runner(store, COUNTS)

    reached = await asyncio.gather(*(runner.catch_up() for _ in range(6)))

    assert reached == [1250] * 6
    assert store.saves == 3 == -(-len(log) // BATCH)  # one save a batch, none refused
    assert sorted(count for _, count in store.kept.values()) == [250] * 5
    # The first catch-up, and one after it for the five requests that arrived while it ran.
    assert store.caught_up == 2


async def test_a_request_never_answers_from_a_catch_up_begun_before_it_arrived() -> None:
    store = CountingStore(_log(streams=1, events_each=10))
    runner = Runner(store, COUNTS)
    assert await runner.catch_up() == 10

    store.log += [LoggedEvent(11, store.log[0].event)]
    assert await runner.catch_up() == 11
    assert store.caught_up == 2


def test_a_runner_serves_one_event_loop_after_another() -> None:
    """The app may be served by several loops in turn (tests' clients); a lock belongs to one loop."""
    store = CountingStore(_log(streams=2, events_each=300))
    runner = Runner(store, COUNTS)

    async def together() -> list[int]:
        return await asyncio.gather(runner.catch_up(), runner.catch_up())

    assert asyncio.run(together()) == [600, 600]
    store.log += [LoggedEvent(601, store.log[0].event)]
    assert asyncio.run(together()) == [601, 601]
    assert store.saves == 3
