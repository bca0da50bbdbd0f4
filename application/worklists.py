"""What every worklist shares: a row per stream with its folded state and the due date derived from it, kept beside
the log so that a page is filtered, sorted and cut by the database and costs what the page costs.

Due dates stay derived (R-COUNT-4): a row is a cache of the derivation, made with the holiday tables of a known
version (`calendar_version`, the version of the calendar's stream) and the organs' rule numbers (a change of those
rebuilds the rows: see `Settings.digest`). Loading a holiday year is an event the worklists follow like any other:
every row whose due date falls in or after that year is derived again, in the same pass that moves the position
past the load. A due date before the year examined no day of it, so no other row can change.

A new worklist is a `WorklistShape` (its stream, the keys it filters on, how its due date is derived) and a table of
the same columns in each store (adapters/read_models).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Generic, Protocol, TypeVar
from uuid import UUID

import anyio.to_thread
import attrs

from application.calendar import DatedCalendar
from application.ports import LoggedEvent
from application.projections import BATCH, ReadSide, Runner
from application.settings import Settings
from application.streams import StreamType
from domain.calendar import WorkingCalendar
from domain.events import DomainEvent
from domain.working_calendar import YearLoaded

S = TypeVar("S")


@attrs.frozen
class Derived:
    """What a row's due date is, as the list sorts and filters on it."""

    due: date | None
    """The due date the list is sorted by, soonest first (none last)."""
    live_due: date | None
    """The due date that can still be missed: what `overdue` and `due within` filter on; none once met or closed."""
    since: date
    """Rows due on the same day are listed by this date (received, signed), then by id."""


Cursor = tuple[date, date, UUID]
"""Where a walk over a worklist's rows in its order stands: the last row's sorting due date, `since` and id."""


@attrs.frozen
class Keys:
    """What a row is filtered on besides its due date."""

    organ: str
    department: str
    status: str
    owner: str
    """The person whose own work the record is (a document's drafter, a request's handler)."""


@attrs.frozen
class Row(Generic[S]):
    """One stream's row: its folded state, its keys and its due date derived with a known calendar."""

    id: UUID
    state: S
    keys: Keys
    derived: Derived
    calendar_version: int


CalendarAtLeast = Callable[[int], DatedCalendar]
"""The calendar at the given version of its stream or later (blocking: read in a worker thread)."""
LATEST = 2**62
"""A calendar version past any: asks for the calendar as the log has it now, read again."""


@attrs.frozen
class WorklistShape(Generic[S]):
    """One worklist: the stream it lists, what it filters on and how a row's due date is derived."""

    name: str
    stream: StreamType[S]
    keys: Callable[[S], Keys]
    derive: Callable[[S, WorkingCalendar, Settings], Derived]

    def row(self, state: S, calendar: DatedCalendar, settings: Settings) -> Row[S]:
        """A state's row, derived with this calendar."""
        stream_id: UUID = getattr(state, "id")  # noqa: B009
        derived = self.derive(state, calendar.calendar, settings)
        return Row(stream_id, state, self.keys(state), derived, calendar.version)


@attrs.frozen
class RowFilter:
    """Which rows a page lists; a filter left at its default lists all."""

    organ: str | None = None
    department: str | None = None
    statuses: tuple[str, ...] = ()
    not_owner: str | None = None
    """Leave out the rows of this person's own work."""
    live_due_from: date | None = None
    """Only rows whose live due date is on or after this day."""
    live_due_to: date | None = None
    """Only rows whose live due date is on or before this day."""
    live_due_not_before: date | None = None
    """Leave out the rows whose live due date is before this day (the rows without one stay)."""

    @classmethod
    def of(
        cls,
        today: date,
        overdue: bool | None,
        horizon: date | None,
        *,
        organ: str | None = None,
        department: str | None = None,
        statuses: tuple[str, ...] = (),
        not_owner: str | None = None,
    ) -> RowFilter:
        """The filter of a worklist query: overdue is a live due date before today; due within N working days is a
        live due date from today through the day N working days on (`horizon`)."""
        due_to = horizon
        if overdue:
            yesterday = today - timedelta(days=1)
            due_to = yesterday if due_to is None else min(due_to, yesterday)
        return cls(
            organ=organ,
            department=department,
            statuses=statuses,
            not_owner=not_owner,
            live_due_from=today if horizon is not None else None,
            live_due_to=due_to,
            live_due_not_before=today if overdue is False else None,
        )


FIRST_VERSION = 1
"""The version of a stream's first event: a batch that holds it has the stream's whole history up to there."""

LOG_BATCH = 2000
"""Log rows a catch-up reads at a time: a rebuild makes fewer round trips, and folds a stream's events in a batch and
encodes its row (sealing its personal data again) once, not once per 500 rows (10% more events/s than 500)."""


@attrs.frozen
class _Saving(Generic[S]):
    """A batch's rows being saved while the next is folded."""

    done: asyncio.Future[bool]
    """The save: True once rows and position are in, False if another runner had moved the position."""
    states: dict[UUID, S]
    """The states it writes, by stream: the next batch folds on these, not on the table's rows."""
    position: int
    """Where it moves the position."""


class WorklistRows(ReadSide, Protocol[S]):
    """A worklist's table."""

    async def events_of(self, position: int, limit: int, types: frozenset[str]) -> tuple[list[LoggedEvent], int]:
        """The events of these types among the log's next `limit` rows after a position (the others are not decoded:
        a worklist follows one aggregate of several), and the position of the last row read (`position` if none)."""
        ...

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, S]:
        """The folded states of these streams."""
        ...

    async def save(self, rows: Sequence[Row[S]], expected: int, position: int) -> bool:
        """Upsert rows and move the position from `expected` (to itself, to keep it) in one transaction; False, and
        nothing written, if another runner moved it."""
        ...

    async def due_from(self, day: date, after: Cursor | None, limit: int) -> tuple[list[S], Cursor | None]:
        """Up to `limit` states of the rows whose due date is on or after `day`, in the list's order from `after`, and
        where to go on from (None at the end). Rows without a due date have none under any calendar: not among them."""
        ...

    async def page(self, where: RowFilter, offset: int, limit: int) -> tuple[list[S], int]:
        """The states of one page of matching rows, soonest due first (then `since`, then id), and how many match."""
        ...


class Worklists(Generic[S]):
    """Keeps one worklist's rows caught up with the log, and reads pages of it."""

    def __init__(
        self, shape: WorklistShape[S], store: WorklistRows[S], calendar: CalendarAtLeast, settings: Settings
    ) -> None:
        self.shape = shape
        self.store = store
        self._calendar = calendar
        self._settings = settings
        self._derived_with: DatedCalendar | None = None
        """The calendar the last batch's due dates were derived with."""
        self._followed = frozenset({YearLoaded.type_name, *(t.type_name for t in shape.stream.event_types)})
        self.runner = Runner(
            shape.name, store, self.catch_up, on_lead=self._read_calendar_again, follows=self._followed
        )

    async def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every event not yet applied, batch by batch, and derive the due dates again after a holiday year is
        loaded; returns the position reached. Rows and position move together, so each event has one effect.

        Three batches are in hand at once: the next is read and the last saved while this one is folded (a rebuild
        waited for each in turn, its one core idle a fifth of the time). A save that finds the position moved by
        another runner ends the run of batches folded on top of it, and the catch-up reads again from there."""
        position = await self.store.position()
        """Where the rows saved, or being saved, take the position."""
        reading: asyncio.Future[tuple[list[LoggedEvent], int]] | None = None
        saving: _Saving[S] | None = None
        try:
            while True:
                events, last = await (reading or self.store.events_of(position, LOG_BATCH, self._followed))
                reading = None
                if last == position:
                    if await self._settled(saving, progress):
                        return position
                    saving, position = None, await self.store.position()
                    continue
                loads = [e.event for e in events if isinstance(e.event, YearLoaded)]
                if loads:  # the rows are derived again as saved: the save before must be in
                    if not await self._settled(saving, progress):
                        saving, position = None, await self.store.position()
                        continue
                    saving = None
                calendar = await self._calendar_for(loads)
                if loads and not await self._derive_again(date(min(y.year for y in loads), 1, 1), calendar, position):
                    position = await self.store.position()  # another runner moved it: read again from there
                    continue
                reading = asyncio.ensure_future(self.store.events_of(last, LOG_BATCH, self._followed))
                rows = await self._folded(events, calendar, saving)
                if not await self._settled(saving, progress):
                    reading.cancel()
                    reading, saving, position = None, None, await self.store.position()
                    continue
                saved = asyncio.ensure_future(self.store.save(rows, position, last))
                saving, position = _Saving(saved, {row.id: row.state for row in rows}, last), last
        finally:
            if reading is not None:
                reading.cancel()
            if saving is not None:
                saving.done.cancel()

    async def _folded(
        self, events: Sequence[LoggedEvent], calendar: DatedCalendar, saving: _Saving[S] | None
    ) -> list[Row[S]]:
        """A batch folded into its streams' rows: the states before it from the save in flight (which has not yet
        written them), from nothing for a stream the batch begins, and from the table for the others."""
        stream_events = [e.event for e in events if isinstance(e.event, self.shape.stream.event_types)]
        before = saving.states if saving is not None else {}
        first_events = {event.originator_id: event for event in reversed(stream_events)}
        states = {stream: before[stream] for stream in first_events if stream in before}
        stored = [s for s, e in first_events.items() if s not in before and e.originator_version != FIRST_VERSION]
        if stored:
            states.update(await self.store.states(stored))
        # Folded on the loop, not in a worker thread: the fold is Python through and through, so a thread gained no
        # parallelism, and the two threads' hand-offs of the interpreter lock cost a rebuild 7% of its rate. A batch
        # folds in tens of milliseconds at most (LOG_BATCH events).
        return self._fold(states, stream_events, calendar)

    @staticmethod
    async def _settled(saving: _Saving[S] | None, progress: Callable[[int], None] | None) -> bool:
        """Whether the save in flight, if any, moved the position (False: another runner moved it first)."""
        if saving is None:
            return True
        if not await saving.done:
            return False
        if progress is not None:
            progress(saving.position)
        return True

    async def _calendar_for(self, loads: Sequence[YearLoaded]) -> DatedCalendar:
        """The calendar to derive a batch's due dates with: the one used before unless the batch loads a holiday year
        (a leader sees every load, since it follows them), read in a worker thread when it may come from the store."""
        if loads or self._derived_with is None:
            newest = max((load.originator_version for load in loads), default=0)
            self._derived_with = await anyio.to_thread.run_sync(self._calendar, newest)
        return self._derived_with

    async def _read_calendar_again(self) -> None:
        """Forget the cached calendar: a holiday year another process applied while it led is not in it, and rows
        derived with it would keep their stale due dates (the load's event is behind the position already)."""
        self._derived_with = await anyio.to_thread.run_sync(self._calendar, LATEST)

    def _fold(self, states: dict[UUID, S], events: Sequence[DomainEvent], calendar: DatedCalendar) -> list[Row[S]]:
        folded: dict[UUID, S] = {}
        for event in events:
            stream = event.originator_id
            folded[stream] = self.shape.stream.evolve(folded.get(stream, states.get(stream)), event)
        return self._rows(list(folded.values()), calendar)

    def _rows(self, states: Sequence[S], calendar: DatedCalendar) -> list[Row[S]]:
        return [self.shape.row(state, calendar, self._settings) for state in states]

    async def _derive_again(self, day: date, calendar: DatedCalendar, position: int) -> bool:
        """Derive every row due on or after `day` again with this calendar, a batch at a time, keeping the position
        (so a crash midway is made good by the next runner); False if another runner moved the position."""
        after: Cursor | None = None
        while True:
            batch, after = await self.store.due_from(day, after, BATCH)
            rows = await anyio.to_thread.run_sync(self._rows, batch, calendar)
            if rows and not await self.store.save(rows, position, position):
                return False
            if after is None:
                return True

    async def page(self, where: RowFilter, page: int, page_size: int, position: int | None) -> tuple[list[S], int, int]:
        """One page of matching states, how many match and the log position it reflects (at least `position`, by
        default the log's head when asked)."""
        reached = await self.runner.reached(position)
        states, total = await self.store.page(where, (page - 1) * page_size, page_size)
        return states, total, reached
