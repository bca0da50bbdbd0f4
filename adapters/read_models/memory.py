"""Read models kept in memory over the event store's own log: for tests and `memory://`, nothing kept."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, TypeVar
from uuid import UUID

import attrs

from adapters.persistence.event_store import EventsourcingStore
from adapters.read_models.common import NO_DUE
from application.ports import LoggedEvent
from application.worklists import Cursor, Row, RowFilter

R = TypeVar("R")
S = TypeVar("S")


class MemoryReadSide(Generic[R]):
    """A read model in memory. Rows are keyed by their stream id (`row.id`)."""

    notified = False
    """Nothing tells of new events: runners poll."""

    def __init__(self, events: EventsourcingStore) -> None:
        self._events = events
        self._rows: dict[UUID, R] = {}
        self._position = 0

    async def position(self) -> int:
        """The position of the last event applied."""
        return self._position

    async def head(self) -> int:
        """The newest position of the log."""
        return self._events.last_position()

    async def lead(self) -> bool:
        """One process holds a memory store: it always leads."""
        return True

    async def wait_for_events(self, seconds: float, types: frozenset[str] | None = None) -> None:
        """Nothing tells of new events: wait, to be polled."""
        await asyncio.sleep(seconds)

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Log events after a position."""
        return self._events.read_log(position, limit)

    async def events_of(self, position: int, limit: int, types: frozenset[str]) -> tuple[list[LoggedEvent], int]:
        """The events of these types among the log's next `limit` events, and the last one's position."""
        events = self._events.read_log(position, limit)
        if not events:
            return [], position
        return [e for e in events if e.event.type_name in types], events[-1].position

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, R]:
        """The rows of these streams."""
        return {i: self._rows[i] for i in ids if i in self._rows}

    async def save(self, rows: Sequence[R], expected: int, position: int) -> bool:
        """Keep rows and move the position, unless another runner moved it."""
        if self._position != expected:
            return False
        self._rows.update({getattr(r, "id"): r for r in rows})  # noqa: B009
        self._position = position
        return True

    async def reset(self) -> None:
        """Forget every row."""
        self._rows, self._position = {}, 0

    async def close(self) -> None:
        """Nothing to release."""


def _order(row: Row[S]) -> Cursor:
    return (row.derived.due or NO_DUE, row.derived.since, row.id)


def _matches(row: Row[S], where: RowFilter) -> bool:
    keys, live = row.keys, row.derived.live_due
    return (
        (where.organ is None or keys.organ == where.organ)
        and (where.department is None or keys.department == where.department)
        and (not where.statuses or keys.status in where.statuses)
        and (where.not_owner is None or keys.owner != where.not_owner)
        and (where.live_due_from is None or (live is not None and live >= where.live_due_from))
        and (where.live_due_to is None or (live is not None and live <= where.live_due_to))
        and (where.live_due_not_before is None or live is None or live >= where.live_due_not_before)
    )


class MemoryWorklistRows(MemoryReadSide[Row[Any]], Generic[S]):
    """A worklist in memory. Rows keep their states as the SQL stores do, in the store's sealed JSON, so that an
    erasure reaches them too."""

    def __init__(self, events: EventsourcingStore, state_type: type[S]) -> None:
        super().__init__(events)
        self._state_type = state_type

    def _states(self, rows: Sequence[Row[Any]]) -> list[S]:
        states: list[S] = self._events.codec.load_states([r.state for r in rows], self._state_type)
        return states

    async def save(self, rows: Sequence[Row[Any]], expected: int, position: int) -> bool:
        """Keep rows, their states sealed, and move the position, unless another runner moved it."""
        sealed = [attrs.evolve(r, state=self._events.codec.dump_state(r.state)) for r in rows]
        return await super().save(sealed, expected, position)

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, S]:
        """The folded states of these streams."""
        found = [self._rows[i] for i in ids if i in self._rows]
        return dict(zip((r.id for r in found), self._states(found), strict=True))

    async def due_from(self, day: date, after: Cursor | None, limit: int) -> tuple[list[S], Cursor | None]:
        """Rows due on or after `day`, in the list's order from `after`."""
        found = sorted(
            (r for r in self._rows.values() if _order(r)[0] >= day and (after is None or _order(r) > after)), key=_order
        )
        batch = found[:limit]
        return self._states(batch), (_order(batch[-1]) if len(found) > limit else None)

    async def page(self, where: RowFilter, offset: int, limit: int) -> tuple[list[S], int]:
        """One page of matching rows, soonest due first, and how many match."""
        found = sorted((r for r in self._rows.values() if _matches(r, where)), key=_order)
        return self._states(found[offset : offset + limit]), len(found)
