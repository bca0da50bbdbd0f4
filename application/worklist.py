"""The disclosure-request worklist: a projection of the log, with due dates derived at read time."""

from __future__ import annotations

from datetime import date

import attrs

from application.permissions import Operation, acting, permits
from application.projections import FilterableStore, Projection, Runner, check_page, one_page
from application.settings import Settings
from application.streams import DISCLOSURE_REQUEST
from domain.calendar import WorkingCalendar
from domain.disclosure_request.clock import ReplyClock, reply_clock
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import Status
from domain.staff import Credential

WorklistStore = FilterableStore[DisclosureRequest]
"""The worklist's rows: the folded state of each request, beside its log position."""

WORKLIST = Projection[DisclosureRequest](DISCLOSURE_REQUEST.event_types, DISCLOSURE_REQUEST.evolve)
"""The worklist follows disclosure-request events; a row is the request's folded state."""


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
    personal_data: bool
    """Whether the reader may see who applied."""


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
        self._runner = Runner(store, WORKLIST)
        self._settings = settings

    async def catch_up(self) -> int:
        """Apply every event not yet applied; returns the position reached."""
        return await self._runner.catch_up()

    async def query(
        self, query: WorklistQuery, calendar: WorkingCalendar, today: date, credential: Credential
    ) -> WorklistPage:
        """Matching requests with due dates derived now (R-COUNT-4), filtered, sorted and paged."""
        acting(credential, Operation.READ_REQUESTS)
        personal = permits(credential, Operation.READ_APPLICANTS)
        check_page(query.page, query.page_size)
        await self.catch_up()
        states = await self._store.find(query.organ, query.department, query.statuses)
        horizon = calendar.add_working_days(today, query.due_within).due if query.due_within else None
        items = []
        for state in states:
            clock = reply_clock(state, calendar, self._settings.request_rules(state.organ), today)
            overdue = state.is_open and clock.due is not None and clock.due < today
            if query.overdue is not None and overdue != query.overdue:
                continue
            if horizon is not None and not (state.is_open and clock.due is not None and today <= clock.due <= horizon):
                continue
            items.append(WorklistItem(state, clock, overdue, personal))
        items.sort(key=lambda i: (i.clock.due is None, i.clock.due or date.max, i.state.receipt_date, str(i.state.id)))
        return WorklistPage(one_page(items, query.page, query.page_size), len(items), query.page, query.page_size)
