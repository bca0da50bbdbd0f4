"""The disclosure-request worklist: requests by reply due date, from rows kept beside the log (see worklists)."""

from __future__ import annotations

from datetime import date

import attrs

from application.permissions import Operation, acting, permits
from application.projections import check_page
from application.settings import Settings
from application.streams import DISCLOSURE_REQUEST
from application.worklists import Derived, Keys, RowFilter, Worklists, WorklistShape
from domain.calendar import WorkingCalendar
from domain.disclosure_request.clock import ReplyClock, reply_clock
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import Status
from domain.staff import Credential


def _keys(state: DisclosureRequest) -> Keys:
    return Keys(state.organ, state.department, state.status.value, state.handler_id)


def _derive(state: DisclosureRequest, calendar: WorkingCalendar, settings: Settings) -> Derived:
    due = reply_clock(state, calendar, settings.request_rules(state.organ)).due
    return Derived(due=due, live_due=due if state.is_open else None, since=state.receipt_date)


REQUESTS = WorklistShape("worklist", DISCLOSURE_REQUEST, _keys, _derive)
"""The worklist lists disclosure requests by their reply due date; only an open request's can be missed."""


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
    position: int
    """The log position the page reflects, at least."""


class Worklist:
    """Answers worklist queries from the worklist's rows."""

    def __init__(self, rows: Worklists[DisclosureRequest], settings: Settings) -> None:
        self.rows = rows
        self._settings = settings

    async def query(
        self,
        query: WorklistQuery,
        calendar: WorkingCalendar,
        today: date,
        credential: Credential,
        position: int | None = None,
    ) -> WorklistPage:
        """Matching requests, soonest due first, one page, with due dates derived now (R-COUNT-4), reflecting the log
        up to `position` (by default its head when asked)."""
        acting(credential, Operation.READ_REQUESTS)
        personal = permits(credential, Operation.READ_APPLICANTS)
        check_page(query.page, query.page_size)
        horizon = calendar.add_working_days(today, query.due_within).due if query.due_within else None
        where = RowFilter.of(
            today,
            query.overdue,
            horizon,
            organ=query.organ,
            department=query.department,
            statuses=tuple(s.value for s in query.statuses),
        )
        states, total, reached = await self.rows.page(where, query.page, query.page_size, position)
        items = []
        for state in states:
            clock = reply_clock(state, calendar, self._settings.request_rules(state.organ), today)
            overdue = state.is_open and clock.due is not None and clock.due < today
            items.append(WorklistItem(state, clock, overdue, personal))
        return WorklistPage(tuple(items), total, query.page, query.page_size, reached)
