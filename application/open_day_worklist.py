"""The organisers' worklist of open days: the step each awaits and the day it is due — registration to open on the
day its window opens, to close on the day it closes, attendance to record on the day of the event — overdue or due
within N working days, soonest first. The rows are kept beside the log like every worklist (application/worklists.py).

The due dates are the open day's own (its window and its date, as business dates in Asia/Shanghai): no rule gives a
period in working days for an open day's steps; `due within` counts working days on the calendar as every list does.
"""

from __future__ import annotations

from datetime import date

import attrs

from application.permissions import Operation, acting
from application.projections import check_page
from application.settings import Settings
from application.streams import OPEN_DAY
from application.worklists import Derived, Keys, RowFilter, Worklists, WorklistShape
from domain.calendar import WorkingCalendar, business_date
from domain.open_day.state import OpenDay
from domain.open_day.values import OpenDayStatus
from domain.staff import Credential

NEXT_STEP = {
    OpenDayStatus.PLANNED: "open registration",
    OpenDayStatus.REGISTRATION_OPEN: "close registration",
    OpenDayStatus.REGISTRATION_CLOSED: "record attendance",
    OpenDayStatus.HELD: "record feedback",
    OpenDayStatus.FEEDBACK_COLLECTED: "publish the summary",
}
"""The step an open day awaits in each status (none once its summary is published or it is cancelled)."""


def next_due(day: OpenDay) -> date | None:
    """The day the awaited step is due: the registration window's opening and closing days, and the event's own day;
    none for the steps after it, which no rule dates."""
    due = {
        OpenDayStatus.PLANNED: day.registration_opens_at,
        OpenDayStatus.REGISTRATION_OPEN: day.registration_closes_at,
        OpenDayStatus.REGISTRATION_CLOSED: day.ends_at,
    }.get(day.status)
    return business_date(due) if due is not None else None


def _keys(day: OpenDay) -> Keys:
    return Keys(day.organ, day.department, day.status.value, "")


def _derive(day: OpenDay, calendar: WorkingCalendar, settings: Settings) -> Derived:
    due = next_due(day)
    return Derived(due=due, live_due=due, since=business_date(day.starts_at))


OPEN_DAYS = WorklistShape("open_day_worklist", OPEN_DAY, _keys, _derive)


@attrs.frozen
class OpenDayWorklistQuery:
    """What the organiser asks for."""

    organ: str | None = None
    department: str | None = None
    statuses: tuple[OpenDayStatus, ...] = ()
    overdue: bool | None = None
    due_within: int | None = None
    page: int = 1
    page_size: int = 50


@attrs.frozen
class OpenDayWorklistItem:
    """An open day, the step it awaits and when that is due."""

    state: OpenDay
    next_step: str | None
    due: date | None
    overdue: bool


@attrs.frozen
class OpenDayWorklistPage:
    """One page, soonest due first."""

    items: tuple[OpenDayWorklistItem, ...]
    total: int
    page: int
    page_size: int
    position: int


class OpenDayWorklist:
    """Answers the open-day worklist from its rows."""

    def __init__(self, rows: Worklists[OpenDay]) -> None:
        self.rows = rows

    async def query(
        self, query: OpenDayWorklistQuery, calendar: WorkingCalendar, today: date, me: Credential,
        position: int | None = None,
    ) -> OpenDayWorklistPage:  # fmt: skip
        """Matching open days, soonest due first, one page, reflecting the log up to `position` (by default its head
        when asked)."""
        acting(me, Operation.READ_OPEN_DAYS)
        check_page(query.page, query.page_size)
        horizon = calendar.add_working_days(today, query.due_within).due if query.due_within else None
        where = RowFilter.of(
            today, query.overdue, horizon, organ=query.organ, department=query.department,
            statuses=tuple(s.value for s in query.statuses),
        )  # fmt: skip
        found, total, reached = await self.rows.page(where, query.page, query.page_size, position)
        items = []
        for day in found:
            due = next_due(day)
            items.append(OpenDayWorklistItem(day, NEXT_STEP.get(day.status), due, due is not None and due < today))
        return OpenDayWorklistPage(tuple(items), total, query.page, query.page_size, reached)
