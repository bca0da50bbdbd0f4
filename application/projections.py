"""Read models as pure folds over the log, kept by a runner that moves each one's position with its rows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar
from uuid import UUID

import attrs

from application.ports import LoggedEvent
from domain.errors import InvalidValue
from domain.events import DomainEvent

R = TypeVar("R")
BATCH = 500


class ProjectionStore(Protocol[R]):
    """Where a read model's rows and its log position live."""

    async def position(self) -> int:
        """The log position of the last event applied."""
        ...

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Events of the log after a position, in order."""
        ...

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, R]:
        """The stored rows of these streams."""
        ...

    async def save(self, rows: Sequence[R], expected: int, position: int) -> bool:
        """Upsert rows and move the position from `expected` in one transaction; False if another runner moved it."""
        ...

    async def reset(self) -> None:
        """Empty the read model and move its position back to the start."""
        ...


class FilterableStore(ProjectionStore[R], Protocol):
    """A read model whose rows are folded states, filterable by organ, department and status."""

    async def find(self, organ: str | None, department: str | None, statuses: Sequence[str]) -> list[R]:
        """Rows matching the filters that are set."""
        ...


@attrs.frozen
class Projection(Generic[R]):
    """Which events a read model follows, and the pure fold of one stream's row."""

    event_types: tuple[type[DomainEvent], ...]
    apply: Callable[[R | None, DomainEvent], R]


async def catch_up(
    store: ProjectionStore[R], projection: Projection[R], progress: Callable[[int], None] | None = None
) -> int:
    """Apply every event not yet applied, batch by batch; returns the position reached.

    Each event has exactly one effect: rows and position move together, and a runner that finds the
    position moved by another process rereads from there.
    """
    while True:
        position = await store.position()
        events = await store.events_after(position, BATCH)
        if not events:
            return position
        relevant = [e.event for e in events if isinstance(e.event, projection.event_types)]
        ids = list(dict.fromkeys(e.originator_id for e in relevant))
        rows = dict(await store.rows(ids)) if ids else {}
        for event in relevant:
            rows[event.originator_id] = projection.apply(rows.get(event.originator_id), event)
        await store.save([rows[i] for i in ids], position, events[-1].position)
        if progress is not None:
            progress(events[-1].position)


class Runner(Generic[R]):
    """Catches one read model up, one catch-up at a time in this process, shared by the requests that wait for it.

    A request must see the log as it was when it arrived, so a catch-up begun after it arrived will do for it:
    requests that arrive while one runs wait, and the first of them runs the next catch-up for all of them. Without
    this, every request would fold the same events and all but one would fail to move the position and fold them
    again (after a release that rebuilds a read model, each waiting request would redo the whole log), and under
    load each would wait in line for catch-ups of its own.
    """

    def __init__(self, store: ProjectionStore[R], projection: Projection[R]) -> None:
        self._store = store
        self._projection = projection
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._begun = 0
        """How many catch-ups have begun."""
        self._ended: tuple[int, int] = (0, 0)
        """The number of the last catch-up that ended, and the position it reached."""

    async def catch_up(self) -> int:
        """Apply every event logged before this call; returns the position reached."""
        arrived = self._begun
        async with self._lock():
            number, position = self._ended
            if number > arrived:  # begun after this request arrived, so it has seen what the request must see
                return position
            self._begun += 1
            number = self._begun
            position = await catch_up(self._store, self._projection)
            self._ended = (number, position)
            return position

    def _lock(self) -> asyncio.Lock:
        """The lock of the running event loop: a lock belongs to one loop, and the application may be served by
        several, one after another (the tests' clients)."""
        loop = asyncio.get_running_loop()
        if loop not in self._locks:
            self._locks = {known: lock for known, lock in self._locks.items() if not known.is_closed()}
            self._locks[loop] = asyncio.Lock()
        return self._locks[loop]


async def rebuild(
    store: ProjectionStore[R], projection: Projection[R], progress: Callable[[int], None] | None = None
) -> int:
    """Drop a read model and build it again from the whole log."""
    await store.reset()
    return await catch_up(store, projection, progress)


T = TypeVar("T")
MAX_PAGE_SIZE = 500


def check_page(page: int, page_size: int) -> None:
    """Refuse a page out of range, naming the field."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidValue(f"page is at least 1 and page_size 1 to {MAX_PAGE_SIZE}", field="page_size")


def one_page(items: Sequence[T], page: int, page_size: int) -> tuple[T, ...]:
    """The items of one page (pages count from 1)."""
    start = (page - 1) * page_size
    return tuple(items[start : start + page_size])
