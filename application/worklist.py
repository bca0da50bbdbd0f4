"""The disclosure-request worklist: a projection of the log, with due dates derived at read time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol
from uuid import UUID

import attrs

from application.ports import LoggedEvent
from application.settings import Settings
from application.streams import DISCLOSURE_REQUEST
from domain.calendar import WorkingCalendar
from domain.disclosure_request.clock import ReplyClock, reply_clock
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import Status
from domain.errors import InvalidValue

BATCH = 500


class WorklistStore(Protocol):
    """Where the worklist's rows and its log position live, written in one transaction."""

    async def position(self) -> int:
        """The log position of the last event applied."""
        ...

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Events of the log after a position, in order."""
        ...

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
        """The stored rows of these requests."""
        ...

    async def save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        """Upsert rows and move the position from `expected` atomically; False if another runner moved it."""
        ...

    async def find(
        self, organ: str | None, department: str | None, statuses: Sequence[Status]
    ) -> list[DisclosureRequest]:
        """Rows matching the filters that the store can apply itself."""
        ...


def fold(rows: dict[UUID, DisclosureRequest], events: Sequence[LoggedEvent]) -> dict[UUID, DisclosureRequest]:
    """The rows after the events: each disclosure-request event evolves its row; others are skipped."""
    rows = dict(rows)
    for logged in events:
        event = logged.event
        if isinstance(event, DISCLOSURE_REQUEST.event_types):
            rows[event.originator_id] = DISCLOSURE_REQUEST.evolve(rows.get(event.originator_id), event)
    return rows


@attrs.frozen
class WorklistQuery:
    """What the clerk asks for."""

    statuses: tuple[Status, ...] = ()
    organ: str | None = None
    department: str | None = None
    overdue: bool | None = None
    due_within: int | None = None
    page: int = 1
    page_size: int = 50


@attrs.frozen
class WorklistItem:
    """One request with its reply clock as of today."""

    state: DisclosureRequest
    clock: ReplyClock
    overdue: bool


@attrs.frozen
class WorklistPage:
    """One page of matching requests, soonest due first."""

    items: tuple[WorklistItem, ...]
    total: int
    page: int
    page_size: int


class Worklist:
    """Keeps the projection up to date and answers worklist queries."""

    def __init__(self, store: WorklistStore, settings: Settings) -> None:
        self._store = store
        self._settings = settings

    async def catch_up(self) -> int:
        """Apply every event not yet applied; returns the position reached."""
        while True:
            position = await self._store.position()
            events = await self._store.events_after(position, BATCH)
            if not events:
                return position
            ids = list({e.event.originator_id for e in events if isinstance(e.event, DISCLOSURE_REQUEST.event_types)})
            rows = fold(await self._store.states(ids), events)
            changed = [rows[i] for i in ids]
            await self._store.save(changed, position, events[-1].position)

    async def query(self, query: WorklistQuery, calendar: WorkingCalendar, today: date) -> WorklistPage:
        """Matching requests with due dates derived now (R-COUNT-4), filtered, sorted and paged."""
        if query.page < 1 or not 1 <= query.page_size <= 500:
            raise InvalidValue("page is at least 1 and page_size 1 to 500", field="page_size")
        await self.catch_up()
        states = await self._store.find(query.organ, query.department, query.statuses)
        horizon = calendar.add_working_days(today, query.due_within).due if query.due_within else None
        items = []
        for state in states:
            clock = reply_clock(state, calendar, self._settings.request_rules(state.organ))
            overdue = state.is_open and clock.due is not None and clock.due < today
            if query.overdue is not None and overdue != query.overdue:
                continue
            if horizon is not None and not (state.is_open and clock.due is not None and today <= clock.due <= horizon):
                continue
            items.append(WorklistItem(state, clock, overdue))
        items.sort(key=lambda i: (i.clock.due is None, i.clock.due or date.max, i.state.receipt_date, str(i.state.id)))
        start = (query.page - 1) * query.page_size
        return WorklistPage(tuple(items[start : start + query.page_size]), len(items), query.page, query.page_size)
